"""Subscriptions, reported through Segment."""

import segment.analytics as analytics

from app.events import BillingEvent

analytics.write_key = "dev-write-key"


def start_subscription(user, subscription):
    analytics.track(user.id, BillingEvent.SUBSCRIPTION_STARTED, {
        "plan_type": subscription.plan,
        "price": float(subscription.price),
        "currency": "EUR",
        "billing_period": "monthly",
        "trial": subscription.is_trial,
    })


def cancel_subscription(user, subscription, reason):
    analytics.track(user.id, BillingEvent.SUBSCRIPTION_CANCELLED.value, {
        "plan_type": subscription.plan,
        "reason": reason,
    })


def payment_failed(user, order, error_code):
    analytics.track(
        user_id=user.id,
        event=BillingEvent.PAYMENT_FAILED,
        properties={
            "order_id": order.id,
            "price": float(order.total),
            "currency": order.currency,
            "error_code": error_code,
        },
    )
