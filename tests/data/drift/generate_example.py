"""Write examples/shop/payloads: one day of Shopwise captures from four platforms.

Run ``python tests/data/drift/generate_example.py``.  The captures have the wire
formats of the SDKs Shopwise uses (analytics.js on the web, mixpanel-swift on
iOS, posthog-android on Android, analytics-python and mixpanel-python on the
back end) and the drift a real product accumulates against
examples/shop/plan; examples/shop/payloads/README.md describes it.  The output
is deterministic (a seeded generator, fixed clock), so the committed files and
docs/drift-report.png can be regenerated exactly.
"""

from __future__ import annotations

import gzip
import json
import random
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "examples" / "shop" / "payloads"
START = 1717401600  # 2024-06-03T08:00:00Z

rng = random.Random(20240603)
_clock = [START]

CATALOGUE = [
    ("prd_1001", "LMP-ARC-BLK", 89.0, "lighting"),
    ("prd_1002", "LMP-ARC-WHT", 89.0, "lighting"),
    ("prd_1017", "DSK-OAK-140", 349.0, "furniture"),
    ("prd_1023", "CHR-ERG-GRY", 229.5, "furniture"),
    ("prd_1044", "NTB-A5-DOT", 12.9, "stationery"),
    ("prd_1045", "NTB-A5-LIN", 12.9, "stationery"),
    ("prd_1060", "MUG-STN-350", 18.0, "kitchen"),
    ("prd_1071", "PLN-MON-M", 34.0, "plants"),
    ("prd_1088", "RUG-WOL-160", 179.0, "textiles"),
    ("prd_1102", "PEN-FNT-NAV", 45.0, "stationery"),
]
QUERIES = ["desk lamp", "oak desk", "notebook", "ergonomic chair", "mug", "monstera",
           "wool rug", "fountain pen", "lamp", "a5 dotted"]
FILTERS = [[], ["in_stock"], ["in_stock", "free_delivery"], ["category:lighting"],
           ["price:0-50"]]


def _tick(seconds: int = 0) -> int:
    _clock[0] += seconds or rng.randint(20, 140)
    return _clock[0]


def _iso(seconds: int, millis: int | None = None) -> str:
    stamp = datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{stamp}.{rng.randint(0, 999) if millis is None else millis:03d}Z"


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "shopwise/" + "/".join(map(str, parts))))


def _product() -> tuple[str, str, float, str]:
    return rng.choice(CATALOGUE)


# -- the events of one shopping session, platform independent ---------------------


def browse_session(user: int, identified: bool) -> list[tuple[str, dict[str, Any], bool]]:
    """(event, properties, identified) of one visit: search, view, cart, maybe buy."""
    events: list[tuple[str, dict[str, Any], bool]] = []
    query = rng.choice(QUERIES)
    results = rng.randint(0, 40)
    events.append(("Products Searched", {"query": query, "results_count": results,
                                         "filters": rng.choice(FILTERS)}, identified))
    cart_items = []
    for position in range(1, rng.randint(2, 4)):
        product_id, sku, price, category = _product()
        events.append(("Product Viewed", {"product_id": product_id, "price": price,
                                          "currency": "EUR", "category": category,
                                          "position": position}, identified))
        if rng.random() < 0.55:
            quantity = rng.choice([1, 1, 1, 2])
            cart_items.append((sku, quantity, price))
            events.append(("Product Added", {"product_id": product_id, "sku": sku,
                                             "price": price, "quantity": quantity},
                           identified))
    if not cart_items:
        return events
    cart_id = "cart_" + _uuid("cart", user, len(events))[:8]
    events.append(("Cart Viewed", {"cart_id": cart_id, "items_count": len(cart_items)},
                   identified))
    total = round(sum(q * p for _, q, p in cart_items), 2)
    if rng.random() < 0.6:
        coupon = rng.choice([None, None, "SUMMER10"])
        events.append(("Checkout Started", {"cart_id": cart_id, "price": total,
                                            "currency": "EUR", "coupon": coupon},
                       identified))
        if identified and rng.random() < 0.7:
            events.append(("Order Completed", {
                "order_id": "ord_" + _uuid("order", user, total)[:10], "price": total,
                "currency": "EUR", "coupon": coupon,
                "items": [{"sku": s, "quantity": q, "price": p} for s, q, p in cart_items]},
                True))
    return events


# -- web: Segment analytics.js (analytics-next), one message per line ----------------


def web_messages() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for user in range(34):
        anonymous_id = _uuid("web-anon", user)
        user_id = f"usr_{7100 + user}" if user % 3 else None
        rows.append(_ajs_page(anonymous_id, user_id, "/", "Shopwise \u2013 Home"))
        if user % 7 == 3:
            method = rng.choice(["email", "google"])
            user_id = f"usr_{7100 + user}"
            rows.append(_ajs_track("Account Created", {
                "signup_method": method, "plan_type": rng.choice(["free", "free", "pro"]),
                "referrer": rng.choice([None, "newsletter", "google"])}, anonymous_id, user_id))
        elif user_id and user % 4 == 1:
            rows.append(_ajs_track("User Logged In", {"signup_method": "email",
                                                      "remember_me": rng.random() < 0.5},
                                   anonymous_id, user_id))
        if user % 11 == 5:
            rows.append(_ajs_track("Password Reset Requested",
                                   {"email_domain": rng.choice(["gmail.com", "web.de"])},
                                   anonymous_id, user_id))
        for event, properties, _ in browse_session(user, user_id is not None):
            if event == "Product Added":
                # Drift: the web checkout refactor (June) stopped sending the price.
                properties = {k: v for k, v in properties.items() if k != "price"}
            rows.append(_ajs_track(event, properties, anonymous_id, user_id))
    return rows


def _ajs_context(path: str, title: str) -> dict[str, Any]:
    return {
        "page": {"path": path, "referrer": "", "search": "", "title": title,
                 "url": f"https://shopwise.example{path}"},
        "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
                     "(KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
        "userAgentData": {"brands": [{"brand": "Chromium", "version": "125"}],
                          "mobile": False, "platform": "macOS"},
        "locale": "de-DE", "library": {"name": "analytics.js", "version": "npm:next-1.70.0"},
        "timezone": "Europe/Berlin",
    }


def _ajs_common(anonymous_id: str, user_id: str | None, kind: str) -> dict[str, Any]:
    now = _tick()
    return {"timestamp": _iso(now), "integrations": {}, "type": kind,
            "messageId": "ajs-next-" + _uuid("ajs", now, kind).replace("-", ""),
            "anonymousId": anonymous_id, "userId": user_id, "writeKey": "wk_Shopwise4Web",
            "sentAt": _iso(now + 1),
            "_metadata": {"bundled": ["Segment.io"], "unbundled": [], "bundledIds": []}}


def _ajs_page(anonymous_id: str, user_id: str | None, path: str, title: str) -> dict[str, Any]:
    return {**_ajs_common(anonymous_id, user_id, "page"), "name": None, "category": None,
            "properties": {"path": path, "title": title,
                           "url": f"https://shopwise.example{path}"},
            "context": _ajs_context(path, title)}


def _ajs_track(event: str, properties: dict[str, Any], anonymous_id: str,
               user_id: str | None) -> dict[str, Any]:
    return {**_ajs_common(anonymous_id, user_id, "track"), "event": event,
            "properties": properties, "context": _ajs_context("/shop", "Shopwise \u2013 Shop")}


# -- ios: Mixpanel raw export of mixpanel-swift events --------------------------------

IOS_VERSIONS = [("2.8.4", 2840, 5), ("2.9.1", 2910, 6), ("3.0.2", 3020, 6),
                ("3.1.0", 3100, 6), ("3.2.1", 3210, 8)]


def ios_events() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    user = 0
    for version, build, users in IOS_VERSIONS:
        for _ in range(users):
            user += 1
            device_id = _uuid("ios-device", user).upper()
            user_id = f"usr_{8200 + user}"
            plan = rng.choice(["free", "free", "pro", "enterprise"])
            if version < "3.0":
                # Drift: iOS before 3.0 still sends the deprecated "Signed Up".
                signup = ("Signed Up", {"method": rng.choice(["email", "apple"])})
            elif version.startswith("3.0"):
                # Drift: 3.0.x capitalised the plan ("Pro"); fixed in 3.1.0.
                signup = ("Account Created", {"signup_method": "apple",
                                              "plan_type": plan.capitalize()})
            else:
                signup = ("Account Created", {"signup_method": "apple", "plan_type": plan})
            if rng.random() < 0.35:
                rows.append(_mixpanel_swift("User Logged In", {
                    "signup_method": "apple", "remember_me": True},
                    version, build, device_id, user_id))
            else:
                rows.append(_mixpanel_swift(*signup, version, build, device_id, user_id))
            for event, properties, _ in browse_session(user + 100, True):
                rows.append(_mixpanel_swift(event, properties, version, build, device_id,
                                            user_id))
            if rng.random() < 0.4:
                product_id = _product()[0]
                rows.append(_mixpanel_swift("Product Shared", {
                    "product_id": product_id,
                    "channel": rng.choice(["messages", "copy_link", "email"])},
                    version, build, device_id, user_id))
    return rows


def _mixpanel_swift(event: str, properties: dict[str, Any], version: str, build: int,
                    device_id: str, user_id: str) -> dict[str, Any]:
    now = _tick()
    sdk = {
        "$os": "iOS", "$os_version": rng.choice(["17.4.1", "17.5", "16.7.8"]),
        "$app_version_string": version, "$app_build_number": str(build),
        "$manufacturer": "Apple", "$model": rng.choice(["iPhone15,2", "iPhone14,5", "iPhone16,1"]),
        "mp_lib": "swift", "$lib_version": "4.2.7", "$screen_height": 852,
        "$screen_width": 393, "$wifi": rng.random() < 0.7, "$radio": "5G",
        "$carrier": rng.choice(["Telekom.de", "Vodafone.de", "o2-de"]),
        "$had_persisted_distinct_id": True, "token": "4f0c2a9e8b7d46c1a3e5f60718293a4b",
        "distinct_id": user_id, "$device_id": device_id, "$user_id": user_id,
        "mp_country_code": "DE", "$city": rng.choice(["Berlin", "Hamburg", "Munich"]),
        "$mp_api_endpoint": "api-eu.mixpanel.com", "time": now,
        "$insert_id": _uuid("mp-ios", now, event).replace("-", "")[:16],
        "mp_processing_time_ms": now * 1000 + rng.randint(300, 2500),
        # Super properties the app registers, required by the plan's global properties.
        "app_version": version, "build_number": build,
    }
    return {"event": event, "properties": {**sdk, **properties}}


# -- android: posthog-android /batch bodies -------------------------------------------

ANDROID_VERSIONS = [("4.0.0", 4000, 5), ("4.1.3", 4130, 6), ("4.2.0", 4200, 7)]


def android_batches() -> list[dict[str, Any]]:
    batches: list[dict[str, Any]] = []
    user = 0
    for version, build, users in ANDROID_VERSIONS:
        for _ in range(users):
            user += 1
            device_id = _uuid("android-device", user)
            user_id = f"usr_{9300 + user}"
            messages = []
            plan = rng.choice(["free", "free", "pro"])
            # Drift: Android before 4.2.0 names the plan "planType" (camelCase).
            plan_key = "plan_type" if version == "4.2.0" else "planType"
            if user % 2:
                messages.append(_posthog(
                    "Account Created", {"signup_method": rng.choice(["google", "email"]),
                                        plan_key: plan}, version, build, user_id, True))
            else:
                messages.append(_posthog("User Logged In", {"signup_method": "google",
                                                            "remember_me": True},
                                         version, build, user_id, True))
            for event, properties, _ in browse_session(user + 300, True):
                if event == "Products Searched" and version == "4.0.0":
                    # Drift: 4.0.0 sends the result count as text (read from the UI).
                    properties = {**properties, "results_count": str(properties["results_count"])}
                messages.append(_posthog(event, properties, version, build, user_id, True))
            if user % 5 == 0:
                messages.append(_posthog("Subscription Cancelled", {
                    "plan_type": "pro", "reason": rng.choice(["too_expensive", "other"])},
                    version, build, user_id, True))
            if rng.random() < 0.3:
                messages.append(_posthog("Product Shared", {
                    "product_id": _product()[0], "channel": "messages"},
                    version, build, user_id, True))
            batches.append({"api_key": "phc_Shopwise8Android3kQ", "batch": messages,
                            "sent_at": _iso(_tick())})
            del device_id
    return batches


def _posthog(event: str, properties: dict[str, Any], version: str, build: int,
             distinct_id: str, identified: bool) -> dict[str, Any]:
    now = _tick()
    sdk = {
        "$lib": "posthog-android", "$lib_version": "3.4.2", "$os": "Android",
        "$os_version": rng.choice(["14", "13", "12"]), "$app_version": version,
        "$app_build": build, "$app_name": "Shopwise", "$app_namespace": "com.shopwise.app",
        "$device_manufacturer": rng.choice(["Google", "Samsung", "OnePlus"]),
        "$device_model": rng.choice(["Pixel 8", "SM-S921B", "CPH2581"]),
        "$device_type": "Mobile", "$locale": "de-DE", "$timezone": "Europe/Berlin",
        "$screen_width": 1080, "$screen_height": 2400, "$network_wifi": rng.random() < 0.6,
        "$is_emulator": False, "$is_identified": identified,
        "$session_id": _uuid("ph-session", distinct_id),
        "app_version": version, "build_number": build,
    }
    return {"event": event, "distinct_id": distinct_id, "properties": {**sdk, **properties},
            "timestamp": _iso(now), "uuid": _uuid("ph", now, event)}


# -- server: analytics-python /v1/batch and mixpanel-python /import ----------------------


def server_segment_batches() -> list[dict[str, Any]]:
    batches = []
    for chunk in range(4):
        messages = []
        for n in range(6):
            user_id = f"usr_{7100 + chunk * 6 + n}"
            price, plan = rng.choice([(9.9, "pro"), (99.0, "pro"), (49.0, "enterprise")])
            if n % 3 == 0:
                messages.append(_segment_python("Subscription Started", user_id, {
                    "plan_type": plan, "price": price, "currency": "EUR",
                    "billing_period": "yearly" if price > 50 else "monthly",
                    "trial": rng.random() < 0.3}))
            elif n % 3 == 1:
                messages.append(_segment_python("Payment Failed", user_id, {
                    "order_id": "ord_" + _uuid("pf", chunk, n)[:10], "price": price,
                    "currency": "EUR",
                    "error_code": rng.choice(["card_declined", "insufficient_funds",
                                              "expired_card"])}))
            else:
                messages.append(_segment_python("Subscription Cancelled", user_id, {
                    "plan_type": plan, "reason": rng.choice(["too_expensive",
                                                             "missing_feature", "other"])}))
        batches.append({"batch": messages, "sentAt": _iso(_tick()), "writeKey": "wk_ShopwiseSrv"})
    return batches


def _segment_python(event: str, user_id: str | None, properties: dict[str, Any]) -> dict[str, Any]:
    now = _tick()
    return {"integrations": {}, "anonymousId": None, "properties": properties,
            "timestamp": datetime.fromtimestamp(now, tz=timezone.utc).isoformat(),
            "context": {"library": {"name": "analytics-python", "version": "2.4.0"}},
            "userId": user_id, "type": "track", "event": event,
            "messageId": _uuid("seg-py", now, event)}


def server_mixpanel_imports() -> list[dict[str, Any]]:
    """What examples/shop/app sends through mixpanel-python (accounts.py, checkout.py)."""
    rows = []
    for n in range(24):
        user_id = f"usr_{7100 + n}"
        if n % 6 == 0:
            event, properties = "Account Created", {
                "signup_method": "email", "plan_type": "free",
                "referrer": rng.choice([None, "partner_program"])}
        elif n % 6 == 1:
            event, properties = "User Logged In", {"signup_method": "email",
                                                   "remember_me": False}
        elif n % 6 == 2:
            event, properties = "Password Reset Requested", {"email_domain": "posteo.de"}
        elif n % 6 == 3:
            amount = rng.choice([12.9, 45.0, 89.0])
            event, properties = "Order Refunded", {
                "order_id": "ord_" + _uuid("refund", n)[:10], "refund_amount": amount,
                "currency": "EUR", "partial": amount < 89.0}
        else:
            sku, quantity, price = _product()[1], rng.choice([1, 2]), rng.choice([89.0, 12.9])
            event, properties = "Order Completed", {
                "order_id": "ord_" + _uuid("srv-order", n)[:10],
                "price": round(price * quantity, 2), "currency": "EUR",
                "items": [{"sku": sku, "quantity": quantity}]}
            if n % 5 == 0:
                properties["coupon"] = "SUMMER10"
        now = _tick()
        rows.append({"event": event, "properties": {
            "token": "4f0c2a9e8b7d46c1a3e5f60718293a4b", "distinct_id": user_id, "time": now,
            "$insert_id": _uuid("mp-py", now).replace("-", "")[:16], "mp_lib": "python",
            "$lib_version": "4.10.1", **properties}})
    return rows


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
                   for row in rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "web-analytics-js.jsonl").write_text(_jsonl(web_messages()), encoding="utf-8")
    with gzip.GzipFile(OUT / "ios-mixpanel-export.jsonl.gz", "wb", mtime=0) as handle:
        handle.write(_jsonl(ios_events()).encode())
    (OUT / "android-posthog-batches.jsonl").write_text(_jsonl(android_batches()),
                                                        encoding="utf-8")
    (OUT / "server-segment-batches.jsonl").write_text(_jsonl(server_segment_batches()),
                                                       encoding="utf-8")
    (OUT / "server-mixpanel-import.jsonl").write_text(_jsonl(server_mixpanel_imports()),
                                                       encoding="utf-8")


if __name__ == "__main__":
    main()
