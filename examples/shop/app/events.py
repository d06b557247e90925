"""Event names used by the back end, kept in one place."""

import enum

ORDER_COMPLETED = "Order Completed"
ORDER_REFUNDED = "Order Refunded"


class BillingEvent(str, enum.Enum):
    SUBSCRIPTION_STARTED = "Subscription Started"
    SUBSCRIPTION_CANCELLED = "Subscription Cancelled"
    PAYMENT_FAILED = "Payment Failed"
