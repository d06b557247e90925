"""Examples of each code rule (TL2xx, TL901): Python that is reported, and Python that is not.

As in Fixit, the examples live with the rules: the test suite runs every one of
them against :data:`EXAMPLE_PLAN` and ``tracklint rule CODE`` prints them, so the
documentation shows exactly what the checker does.
"""

from __future__ import annotations

from dataclasses import dataclass

EXAMPLE_PLAN = """\
version: 1.0.0
platforms: [web, server]
properties:
  plan_type: {type: string, enum: [free, pro, enterprise]}
events:
  Order Completed:
    description: A checkout was paid.
    owner: checkout
    identity: required
    properties:
      order_id: {type: string, required: true}
      price: {type: number, minimum: 0, required: true}
      plan_type: {ref: plan_type}
      coupon: {type: string, max_length: 8}
  Product Viewed:
    description: A product page was shown.
    owner: discovery
    platforms: [web]
    properties:
      product_id: {type: string, required: true}
  Signed Up:
    description: Old name of Account Created.
    owner: growth
    status: deprecated
    replaced_by: Account Created
  Account Created:
    description: A visitor created an account.
    owner: growth
  Trial Started:
    description: Trials were retired in 2024.
    owner: growth
    status: removed
"""

_HEADER = "from mixpanel import Mixpanel\n\nmp = Mixpanel('token')\n\n"
_ORDER = '{"order_id": "o-1", "price": 12.5}'


@dataclass(frozen=True, slots=True)
class CodeExamples:
    valid: tuple[str, ...]
    invalid: tuple[str, ...]


def _code(*lines: str) -> str:
    return _HEADER + "\n".join(lines) + "\n"


EXAMPLES: dict[str, CodeExamples] = {
    "TL201": CodeExamples(
        valid=(_code(f'mp.track("u-1", "Order Completed", {_ORDER})'),),
        invalid=(_code(f'mp.track("u-1", "Order Complete", {_ORDER})'),
                 _code(f'mp.track("u-1", "order_completed", {_ORDER})')),
    ),
    "TL202": CodeExamples(
        valid=(_code('mp.track("u-1", "Account Created", {})'),),
        invalid=(_code('mp.track("u-1", "Product Viewed", {"product_id": "p-1"})'),),
    ),
    "TL203": CodeExamples(
        valid=(_code('mp.track("u-1", "Account Created", {})'),),
        invalid=(_code('mp.track("u-1", "Signed Up", {})'),),
    ),
    "TL204": CodeExamples(
        valid=(_code('mp.track("u-1", "Account Created", {})'),),
        invalid=(_code('mp.track("u-1", "Trial Started", {})'),),
    ),
    "TL205": CodeExamples(
        valid=(_code(f'mp.track("u-1", "Order Completed", {_ORDER})'),
               _code("def send(extra):",
                     '    mp.track("u-1", "Order Completed", {"order_id": "o", **extra})')),
        invalid=(_code('mp.track("u-1", "Order Completed", {"order_id": "o-1"})'),),
    ),
    "TL206": CodeExamples(
        valid=(_code(f'mp.track("u-1", "Order Completed", {{**{_ORDER}, "$insert_id": "x"}})'),),
        invalid=(_code('mp.track("u-1", "Order Completed", '
                       '{"order_id": "o-1", "price": 1, "planType": "pro"})'),),
    ),
    "TL207": CodeExamples(
        valid=(_code(f'mp.track("u-1", "Order Completed", {_ORDER})'),),
        invalid=(_code('mp.track("u-1", "Order Completed", '
                       '{"order_id": "o-1", "price": "12.50"})'),),
    ),
    "TL208": CodeExamples(
        valid=(_code('mp.track("u-1", "Order Completed", '
                     '{"order_id": "o", "price": 1, "plan_type": "pro"})'),),
        invalid=(_code('mp.track("u-1", "Order Completed", '
                       '{"order_id": "o", "price": 1, "plan_type": "Pro"})'),),
    ),
    "TL209": CodeExamples(
        valid=(_code('mp.track("u-1", "Order Completed", '
                     '{"order_id": "o", "price": 1, "coupon": "SPRING"})'),),
        invalid=(_code('mp.track("u-1", "Order Completed", {"order_id": "o", "price": -1})'),
                 _code('mp.track("u-1", "Order Completed", '
                       '{"order_id": "o", "price": 1, "coupon": "SPRINGSALE2026"})')),
    ),
    "TL210": CodeExamples(
        valid=(_code("def paid(user):", f'    mp.track(user.id, "Order Completed", {_ORDER})'),),
        invalid=(_code(f'mp.track(None, "Order Completed", {_ORDER})'),
                 _code(f'mp.track("", "Order Completed", {_ORDER})')),
    ),
    "TL211": CodeExamples(
        valid=(_code('EVENT = "Order Completed"', f"mp.track('u-1', EVENT, {_ORDER})"),),
        invalid=(_code("def send(kind):",
                       f'    mp.track("u-1", f"Order {{kind}}", {_ORDER})'),),
    ),
    "TL212": CodeExamples(
        valid=(_code(f'mp.track("u-1", "Order Completed", {_ORDER})'),),
        invalid=(_code("import decimal",
                       'mp.track("u-1", "Order Completed", '
                       '{"order_id": "o", "price": decimal.Decimal("1.50")})'),),
    ),
    "TL213": CodeExamples(
        valid=(_code("def viewed(kind, product):",
                     '    mp.track("u-1", f"{kind} Viewed", {"product_id": product})'),),
        invalid=(_code("def completed(step):",
                       f'    mp.track("u-1", f"Checkout {{step}} Completed", {_ORDER})'),),
    ),
    "TL901": CodeExamples(
        valid=(_code('mp.track("u-1", "Signed Up", {})  # tracklint: ignore[TL203]'),),
        invalid=(_code(f'mp.track("u-1", "Order Completed", {_ORDER})  # tracklint: ignore'),
                 _code('mp.track("u-1", "Signed Up", {})  # tracklint: ignore[TL203, TL206]'),
                 _code('mp.track("u-1", "Signed Up", {})  # tracklint: ignore[TL230]')),
    ),
}


def examples_for(code: str) -> CodeExamples | None:
    return EXAMPLES.get(code)
