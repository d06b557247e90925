"""``tracklint validate``: captured payloads from every platform against the example plan."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import jsonschema

from .conftest import EXAMPLE

PLAN = str(EXAMPLE / "plan")
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))

ORDER = {"order_id": "o-1", "price": 19.99, "currency": "EUR",
         "items": [{"sku": "sku-1", "quantity": 1}]}


def segment_track(event, properties, *, library="analytics.js", os_name=None, version=None):
    context = {"library": {"name": library, "version": "4.1.0"}}
    if os_name:
        context["os"] = {"name": os_name, "version": "17.1"}
    if version:
        context["app"] = {"name": "Shopwise", "version": version, "build": "412"}
    return {"type": "track", "event": event, "properties": properties, "userId": "u-1",
            "anonymousId": "a-1", "context": context, "messageId": "m-1",
            "timestamp": "2026-11-20T10:00:00.000Z"}


def mixpanel_event(event, properties, *, lib="swift", os_name="iOS", version="4.2.0"):
    return {"event": event, "properties": {**properties, "distinct_id": "u-1", "token": "t",
                                           "time": 1763640000, "$insert_id": "x1",
                                           "mp_lib": lib, "$os": os_name,
                                           "$app_version_string": version}}


def lines(*records) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_valid_payloads_from_several_platforms_pass(tracklint, write):
    path = write("capture.jsonl", lines(
        segment_track("Order Completed", ORDER),
        mixpanel_event("Product Viewed", {"product_id": "p1", "price": 3.5,
                                          "app_version": "4.2.0"}),
    ))
    result = tracklint("validate", "--plan", PLAN, str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All payloads conform: 2 records read, 2 events (2 valid, 0 invalid)" in result.stdout
    assert "Product Viewed" in result.stdout and "ios" in result.stdout


def test_violations_are_located_by_file_line_and_pointer(tracklint, write):
    path = write("capture.jsonl", lines(
        segment_track("Order Completed", ORDER),
        segment_track("Order Completed", {**ORDER, "price": "19.99"}),
    ))
    result = tracklint("validate", "--plan", PLAN, str(path))
    assert result.returncode == 1
    assert f"{path}:2:1: TL207 'price' of event 'Order Completed' must be a number" in \
        result.stdout
    assert "at /properties/price" in result.stdout


def test_malformed_records_are_counted_and_reading_goes_on(tracklint, write):
    path = write("capture.jsonl", lines(segment_track("Order Completed", ORDER))
                 + "{not json\n" + lines(segment_track("Order Completed", ORDER)))
    result = tracklint("validate", "--plan", PLAN, str(path))
    assert result.returncode == 1
    assert f"{path}:2:" in result.stdout and "TL303" in result.stdout
    assert "3 records read, 2 events (2 valid, 0 invalid), 1 unreadable" in result.stdout


def test_gzip_stdin_and_platform_override(tracklint, write):
    body = lines(segment_track("Order Refunded", {"order_id": "o", "refund_amount": 2.0,
                                                  "currency": "EUR", "partial": False}))
    gz = write("capture.jsonl.gz", gzip.compress(body.encode()))
    assert tracklint("validate", "--plan", PLAN, str(gz)).returncode == 1, \
        "Order Refunded is a server event; analytics.js sends from the web"
    result = tracklint("validate", "--plan", PLAN, "--payload-platform", "server", "-", stdin=body)
    assert result.returncode == 0, result.stdout


def test_json_summary_by_event_platform_and_app_version(tracklint, write):
    path = write("capture.jsonl", lines(
        mixpanel_event("Signed Up", {"method": "email", "app_version": "2.9.0"},
                       version="2.9.0"),
        mixpanel_event("Account Created", {"signup_method": "email", "plan_type": "free",
                                           "app_version": "3.0.0"}, version="3.0.0"),
    ))
    result = tracklint("validate", "--plan", PLAN, str(path), "--output-format", "json")
    document = json.loads(result.stdout)
    rows = {(r["event"], r["platform"], r["app_version"]): r
            for r in document["summary"]["by_event"]}
    assert rows[("Signed Up", "ios", "2.9.0")]["codes"] == {"TL203": 1}
    assert rows[("Account Created", "ios", "3.0.0")]["invalid"] == 0
    assert document["summary"]["records"] == 2
    assert result.returncode == 0, "a deprecated event is a warning, not a failure"


def test_sarif_output_is_valid(tracklint, write):
    path = write("capture.jsonl", lines(segment_track("Ordr Completed", ORDER)))
    result = tracklint("validate", "--plan", PLAN, str(path), "--output-format", "sarif")
    document = json.loads(result.stdout)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(document)
    [finding] = document["runs"][0]["results"]
    assert finding["ruleId"] == "TL201" and "Order Completed" in finding["message"]["text"]


def test_max_diagnostics_bounds_machine_output_but_counts_everything(tracklint, write):
    bad = segment_track("Order Completed", {**ORDER, "price": "x"})
    path = write("capture.jsonl", lines(*[bad] * 50))
    result = tracklint("validate", "--plan", PLAN, str(path), "--output-format", "json",
                       "--max-diagnostics", "5")
    document = json.loads(result.stdout)
    assert len(document["diagnostics"]) == 5
    assert document["summary"]["diagnostics_total"] == 50
    assert document["summary"]["diagnostics_omitted"] == 45


def test_missing_file_and_unknown_format(tracklint, tmp_path):
    result = tracklint("validate", "--plan", PLAN, str(tmp_path / "nope.jsonl"))
    assert result.returncode == 2
    assert f"{tmp_path / 'nope.jsonl'}: TL001 no such file or directory" in result.stderr
    assert tracklint("validate", "--plan", PLAN, "--payload-format", "bogus", "-",
                     stdin="").returncode == 2


def test_a_folder_of_captures_is_read_file_by_file(tracklint):
    result = tracklint("validate", "--output-format", "json", "payloads",
                       cwd=EXAMPLE)
    document = json.loads(result.stdout)
    assert document["summary"]["files"] == 5 and document["summary"]["events"] == 594
    assert result.returncode == 1, "the example captures carry planted drift"


def test_statistics_table_when_streaming(tracklint, write):
    bad = segment_track("Order Completed", {**ORDER, "price": "x"})
    path = write("capture.jsonl", lines(bad, bad))
    result = tracklint("validate", "--plan", PLAN, str(path), "--statistics")
    assert "     2  TL207      wrong-type" in result.stdout


def test_a_folder_of_captures_is_read_whole_and_what_is_left_out_is_named(tracklint, write,
                                                                          tmp_path):
    import subprocess

    record = lines(segment_track("Order Completed", ORDER))
    for name in ("captures/a.jsonl", "captures/build/b.jsonl",
                 "captures/node_modules/c.jsonl", "captures/exports/d.jsonl",
                 "captures/.venv/e.json"):
        write(name, record)
    write("captures/.gitignore", "exports/\nbuild/\n")
    write("captures/README.md", "how these were captured\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "captures" / "loop").symlink_to(tmp_path / "captures")
    for command in ("validate", "drift"):
        result = tracklint(command, "--plan", PLAN, "--output-format", "json", "captures",
                           cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert ("skipped 2 files in captures that are not captures "
                "(.json, .jsonl, .ndjson, .gz, .txt, .log): captures/.gitignore, "
                "captures/README.md") in result.stderr
    summary = json.loads(tracklint("validate", "--plan", PLAN, "--output-format", "json",
                                   "captures", cwd=tmp_path).stdout)["summary"]
    assert summary["events"] == 5 and summary["files"] == 5
