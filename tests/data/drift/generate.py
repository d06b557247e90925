"""Write the multi-platform captures of the drift tests (run: python generate.py).

Each file has the wire format of a real SDK; together they plant one drift of
each kind against plan.yaml (see README.md).  The output is deterministic, so
re-running this script reproduces the committed files byte for byte.
"""

from __future__ import annotations

import gzip
import json
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
START = 1717430400  # 2024-06-03T16:00:00Z
_clock = [0]


def _tick() -> int:
    _clock[0] += 37
    return START + _clock[0]


def _iso(seconds: int) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(str(p) for p in parts)))


# -- web: Segment analytics.js, one message per line ------------------------------


def segment_web(event: str, properties: dict[str, Any], n: int) -> dict[str, Any]:
    now = _tick()
    return {
        "timestamp": _iso(now), "integrations": {}, "type": "track", "event": event,
        "properties": properties,
        "context": {
            "page": {"path": "/shop", "referrer": "", "search": "", "title": "Example Shop",
                     "url": "https://shop.example.com/shop"},
            "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
                         "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "locale": "en-GB", "library": {"name": "analytics.js", "version": "npm:next-1.70.0"},
            "timezone": "Europe/London",
        },
        "messageId": f"ajs-next-{_id('web', event, n)[:32]}",
        "anonymousId": _id("anon-web", n % 4), "userId": f"user_{100 + n % 4}",
        "writeKey": "wk_Web9Lm2Qp", "sentAt": _iso(now + 1),
        "_metadata": {"bundled": ["Segment.io"], "unbundled": [], "bundledIds": []},
    }


def web() -> list[dict[str, Any]]:
    rows = [{"timestamp": _iso(_tick()), "type": "page", "properties": {"path": "/"},
             "context": {"library": {"name": "analytics.js", "version": "npm:next-1.70.0"}},
             "messageId": "ajs-next-page-0", "anonymousId": _id("anon-web", 0),
             "writeKey": "wk_Web9Lm2Qp"}]
    plans = ["pro", "pro", "free", "pro", "free", "pro"]
    for n, plan in enumerate(plans):
        rows.append(segment_web("Account Created", {
            "plan_type": plan, "signup_method": "email" if n % 2 else "google",
            "referrer": "newsletter" if n % 3 else "google"}, n))
    for n in range(5):  # planted: web never sends the required price
        rows.append(segment_web("Product Added", {"product_id": f"sku_{40 + n}",
                                                  "quantity": 1 + n % 2}, n))
    for n, revenue in enumerate([49.9, 12.5, 130.0]):
        rows.append(segment_web("Order Completed", {"order_id": f"ord_w{n}",
                                                    "revenue": revenue, "currency": "EUR"}, n))
    for n, query in enumerate(["lamp", "desk lamp", "chair", "notebook"]):
        rows.append(segment_web("Search Performed", {"query": query, "results_count": 3 * n},
                                n))
    return rows


# -- ios: Mixpanel raw export of mixpanel-swift events ------------------------------


def mixpanel_ios(event: str, properties: dict[str, Any], version: str, n: int) -> dict[str, Any]:
    now = _tick()
    sdk = {
        "$os": "iOS", "$os_version": "17.4.1", "$app_version_string": version,
        "$app_build_number": version.replace(".", "").split("-")[0],
        "$manufacturer": "Apple", "$model": "iPhone15,2", "mp_lib": "swift",
        "$lib_version": "4.2.0", "$screen_height": 852, "$screen_width": 393, "$wifi": True,
        "token": "0f3a5e2b9c8d47e1a6b2c3d4e5f60718", "distinct_id": f"user_{200 + n % 5}",
        "$device_id": _id("ios-device", n % 5).upper(), "$user_id": f"user_{200 + n % 5}",
        "time": now, "$insert_id": _id("ios", event, version, n)[:16],
        "mp_processing_time_ms": now * 1000 + 812,
    }
    return {"event": event, "properties": {**sdk, **properties}}


def ios() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    n = 0

    def add(event: str, properties: dict[str, Any], version: str, times: int = 1) -> None:
        nonlocal n
        for _ in range(times):
            rows.append(mixpanel_ios(event, properties, version, n))
            n += 1

    # planted: versions before 3.0 still send the deprecated "Signed Up"
    add("Signed Up", {"method": "email"}, "2.8.0", 4)
    add("Search Performed", {"query": "lamp", "results_count": 4}, "2.8.0", 2)
    add("Signed Up", {"method": "apple"}, "2.9.1", 3)
    add("Product Added", {"product_id": "sku_7", "price": 19.99, "quantity": 1}, "2.9.1", 2)
    # planted: 3.0 sends plan_type "Pro" (enum case drift), fixed in 3.1.0
    add("Account Created", {"plan_type": "Pro", "signup_method": "apple"}, "3.0.0-beta.1", 2)
    add("Account Created", {"plan_type": "Pro", "signup_method": "apple",
                            "referrer": "app_store"}, "3.0.0", 3)
    add("Product Added", {"product_id": "sku_8", "price": 5.5, "quantity": 2}, "3.0.0", 2)
    add("Account Created", {"plan_type": "pro", "signup_method": "apple",
                            "referrer": "app_store"}, "3.1.0", 3)
    add("Account Created", {"plan_type": "enterprise", "signup_method": "email"}, "3.1.0")
    add("Product Added", {"product_id": "sku_9", "price": 42.0, "quantity": 1}, "3.1.0", 3)
    add("Order Completed", {"order_id": "ord_i1", "revenue": 61.5, "currency": "EUR"},
        "3.1.0", 2)
    add("Search Performed", {"query": "chair", "results_count": 12}, "3.1.0", 2)
    add("Account Created", {"plan_type": "free", "signup_method": "google"}, "3.9.2", 2)
    add("Search Performed", {"query": "desk", "results_count": 0}, "3.9.2", 2)
    add("Account Created", {"plan_type": "pro", "signup_method": "apple",
                            "referrer": "friend"}, "3.10.0", 2)
    add("Product Added", {"product_id": "sku_10", "price": 7.25, "quantity": 3}, "3.10.0", 2)
    add("Order Completed", {"order_id": "ord_i2", "revenue": 7.25, "currency": "EUR"},
        "3.10.0")
    return rows


# -- android: posthog-android batches, and amplitude-android-kotlin uploads ---------


def posthog_android(event: str, properties: dict[str, Any], version: str,
                    n: int) -> dict[str, Any]:
    sdk = {
        "$lib": "posthog-android", "$lib_version": "3.4.0", "$os": "Android",
        "$os_version": "14", "$app_version": version, "$app_build": 3000 + n,
        "$app_name": "Example Shop", "$app_namespace": "com.example.shop",
        "$device_manufacturer": "Google", "$device_model": "Pixel 8", "$device_type": "Mobile",
        "$locale": "en-GB", "$timezone": "Europe/London", "$screen_width": 1080,
        "$screen_height": 2400, "$network_wifi": True, "$is_emulator": False,
        "$is_identified": True,
    }
    return {"event": event, "distinct_id": f"user_{300 + n % 4}",
            "properties": {**sdk, **properties}, "timestamp": _iso(_tick()),
            "uuid": _id("android", event, version, n)}


def android_posthog() -> list[dict[str, Any]]:
    batches: list[dict[str, Any]] = []
    n = 0

    def batch(*events: tuple[str, dict[str, Any], str, int]) -> None:
        nonlocal n
        messages = []
        for event, properties, version, times in events:
            for _ in range(times):
                messages.append(posthog_android(event, properties, version, n))
                n += 1
        batches.append({"api_key": "phc_Yq3mJ8sLw2Kd0aZ", "batch": messages,
                        "sent_at": _iso(_tick())})

    # planted: Android before 3.2.0 renames plan_type to planType; it never sends referrer
    batch(("Account Created", {"planType": "pro", "signup_method": "google"}, "3.0.0", 3),
          ("Search Performed", {"query": "lamp", "results_count": 4}, "3.0.0", 2))
    batch(("Account Created", {"planType": "free", "signup_method": "email"}, "3.1.0", 2),
          ("Product Added", {"product_id": "sku_3", "price": 9.0, "quantity": 1}, "3.1.0", 2))
    batch(("Account Created", {"plan_type": "pro", "signup_method": "google"}, "3.2.0", 3),
          ("Product Added", {"product_id": "sku_4", "price": 15.0, "quantity": 2}, "3.2.0", 3),
          ("Search Performed", {"query": "desk", "results_count": 9}, "3.2.0", 2))
    return batches


def amplitude_android() -> dict[str, Any]:
    def event(name: str, properties: dict[str, Any], n: int) -> dict[str, Any]:
        return {
            "platform": "Android", "os_name": "android", "os_version": "14",
            "device_brand": "google", "device_manufacturer": "Google", "device_model": "Pixel 8",
            "language": "en", "country": "GB", "version_name": "3.2.0", "app_version": "3.2.0",
            "library": "amplitude-android-kotlin/1.16.7", "device_id": _id("amp-android", n),
            "session_id": (START + 900) * 1000, "event_type": name,
            "event_properties": properties, "time": _tick() * 1000,
            "insert_id": _id("amp", name, n), "event_id": n + 1, "user_id": f"user_{310 + n}",
        }

    return {"api_key": "2c7d0c5a7f4e4b1e9a3d6c8b5e2f1a09", "options": {},
            "events": [event("Order Completed", {"order_id": "ord_a1", "revenue": 24.0,
                                                 "currency": "GBP"}, 0),
                       event("Order Completed", {"order_id": "ord_a2", "revenue": 18.5,
                                                 "currency": "GBP"}, 1),
                       event("Product Added", {"product_id": "sku_5", "price": 18.5,
                                               "quantity": 1}, 2)]}


# -- server: analytics-python batch and mixpanel-python /track ----------------------


def server_segment() -> dict[str, Any]:
    def message(kind: str, n: int, **fields: Any) -> dict[str, Any]:
        return {"integrations": {}, "anonymousId": None, "timestamp": _iso(_tick()),
                "context": {"library": {"name": "analytics-python", "version": "2.4.0"}},
                "userId": f"user_{400 + n}", "type": kind, "messageId": _id("srv", kind, n),
                **fields}

    batch = [message("identify", 0, traits={"email": "ada@example.com"})]
    # planted: the back end sends revenue as text (a number on every other platform)
    for n, revenue in enumerate(["49.90", "12.00", "130.00", 64.0]):
        batch.append(message("track", n, event="Order Completed",
                             properties={"order_id": f"ord_s{n}", "revenue": revenue,
                                         "currency": "EUR"}))
    return {"batch": batch, "sentAt": _iso(_tick()), "writeKey": "wk_Srv2Xc8Vb"}


def server_mixpanel() -> list[dict[str, Any]]:
    rows = []
    for n in range(2):
        now = _tick()
        rows.append({"event": "Product Added", "properties": {
            "token": "0f3a5e2b9c8d47e1a6b2c3d4e5f60718", "distinct_id": f"user_{410 + n}",
            "time": now, "$insert_id": _id("mp-python", n)[:16], "mp_lib": "python",
            "$lib_version": "5.4.1", "product_id": f"sku_{60 + n}", "price": 3.5 * (n + 1),
            "quantity": n + 1}})
    return rows


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, separators=(",", ":")) + "\n" for row in rows)


def main() -> None:
    (HERE / "web_analytics_js.jsonl").write_text(_jsonl(web()), encoding="utf-8")
    with gzip.GzipFile(HERE / "ios_mixpanel_export.jsonl.gz", "wb", mtime=0) as handle:
        handle.write(_jsonl(ios()).encode())
    (HERE / "android_posthog.jsonl").write_text(_jsonl(android_posthog()), encoding="utf-8")
    (HERE / "android_amplitude.json").write_text(
        json.dumps(amplitude_android(), indent=2) + "\n", encoding="utf-8")
    (HERE / "server_segment_batch.json").write_text(
        json.dumps(server_segment(), indent=2) + "\n", encoding="utf-8")
    (HERE / "server_mixpanel.jsonl").write_text(_jsonl(server_mixpanel()), encoding="utf-8")


if __name__ == "__main__":
    main()
