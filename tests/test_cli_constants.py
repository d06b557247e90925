"""Event names held in constants: the diagnostic names the definition, and --fix edits it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from .test_cli_check import SARIF_SCHEMA, project

EVENTS = """\
# Event names, kept in one place.
ORDER_COMPLETED = "order completed"
SIGNED_UP = "Signed Up"
PREFIX = "order "
JOINED = PREFIX + "completed"
"""

VIEWS = """\
from mixpanel import Mixpanel

from app.events import JOINED, ORDER_COMPLETED

mp = Mixpanel("token")


def paid(user, order):
    mp.track(user.id, ORDER_COMPLETED, {"order_id": order.id, "price": 1.0})


def paid_again(user, order):
    mp.track(user.id, ORDER_COMPLETED, {"order_id": order.id, "price": 2.0})


def joined(user, order):
    mp.track(user.id, JOINED, {"order_id": order.id, "price": 3.0})
"""


def _project(write) -> Path:  # type: ignore[no-untyped-def]
    return project(write, {"app/__init__.py": "", "app/events.py": EVENTS,
                           "app/views.py": VIEWS})


def test_the_diagnostic_is_at_the_call_with_a_note_at_the_constant(tracklint, write):
    root = _project(write)
    result = tracklint("check", cwd=root)
    assert result.returncode == 1
    out = result.stdout
    assert "app/views.py:9:23: TL201 [*] event 'order completed' is not in the tracking " \
           "plan" in out
    assert "9 |     mp.track(user.id, ORDER_COMPLETED, {" in out
    assert ("  note: app/events.py:2:19: the event name 'order completed' is defined here\n"
            '2 | ORDER_COMPLETED = "order completed"') in out
    # A name built by concatenation is noted too, though no fix can rewrite it.
    assert "app/views.py:17:23: TL201 event 'order completed'" in out
    assert "  note: app/events.py:5:10: the event name 'order completed' is defined here" in out


def test_machine_formats_carry_the_related_location(tracklint, write):
    root = _project(write)
    document = json.loads(tracklint("check", "--output-format", "json", cwd=root).stdout)
    first = document["diagnostics"][0]
    assert (first["path"], first["line"], first["column"]) == ("app/views.py", 9, 23)
    assert first["related"] == [{
        "path": "app/events.py", "line": 2, "column": 19, "end_line": 2, "end_column": 36,
        "message": "the event name 'order completed' is defined here"}]
    sarif = json.loads(tracklint("check", "--output-format", "sarif", cwd=root).stdout)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(sarif)
    result = sarif["runs"][0]["results"][0]
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "app/events.py"
    assert related["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 19, "endLine": 2, "endColumn": 36}
    assert related["message"]["text"] == "the event name 'order completed' is defined here"
    github = tracklint("check", "--output-format", "github", cwd=root).stdout
    assert "%0Anote: app/events.py:2:19: the event name" in github


def test_fix_rewrites_the_constant_once_for_every_call(tracklint, write):
    root = _project(write)
    diff = tracklint("check", "--diff", cwd=root)
    assert '-ORDER_COMPLETED = "order completed"' in diff.stdout
    assert '+ORDER_COMPLETED = "Order Completed"' in diff.stdout
    assert (root / "app/events.py").read_text() == EVENTS
    result = tracklint("check", "--fix", cwd=root)
    assert (root / "app/events.py").read_text() == EVENTS.replace(
        'ORDER_COMPLETED = "order completed"', 'ORDER_COMPLETED = "Order Completed"')
    assert (root / "app/views.py").read_text() == VIEWS
    # The concatenated name is left for a person to fix.
    assert result.returncode == 1
    assert "Fixed 1 problem." in result.stdout
    assert "app/views.py:17:23: TL201 event 'order completed'" in result.stdout
