"""Checkout events with four planted mistakes; the README shows what tracklint says."""

from mixpanel import Mixpanel

mp = Mixpanel("project-token")


def order_paid(user, order):
    mp.track(user.id, "order completed", {"order_id": order.id, "price": "9.99",
                                          "currency": "EUR"})


def signed_up(user):
    mp.track(user.id, "Signed Up", {"method": "email"})


def refunded(user, order):
    mp.track(user.id, "Order Refunded", {"order_id": order.id, "refundAmount": 3.0,
                                         "currency": "EUR", "partial": True})
