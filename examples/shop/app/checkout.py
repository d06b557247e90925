"""Orders: completion and refunds."""

from app.analytics import mp
from app.events import ORDER_COMPLETED, ORDER_REFUNDED


def complete_order(user, order):
    properties = {
        "order_id": order.id,
        "price": float(order.total),
        "currency": order.currency,
        "items": [{"sku": line.sku, "quantity": line.quantity} for line in order.lines],
    }
    if order.coupon:
        properties["coupon"] = order.coupon.code
    mp.track(user.id, ORDER_COMPLETED, properties)


def refund_order(user, order, amount):
    mp.track(user.id, ORDER_REFUNDED, {
        "order_id": order.id,
        "refund_amount": float(amount),
        "currency": order.currency,
        "partial": amount < order.total,
    })
