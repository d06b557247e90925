"""Each rule builds its own diagnostics, so every entry point gives one verdict.

A deprecated event is a warning (TL203) in the catalogue; the event checker, the
runtime guard in ``raise`` mode and the pytest fixture's ``assert_conforms`` must
all treat it as one, without the command line restoring severities afterwards.
"""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import pytest

from linter.diagnostics import Replacement, Severity
from linter.events import EventObservation
from linter.plan.loader import load_plan
from linter.rules import RULES
from linter.runtime import Guard, TrackingViolation
from linter.runtime.capture.recorded import CapturedEvent, TrackedEvents
from linter.validation.event_check import EventChecker

PLAN = textwrap.dedent("""\
    version: 1.0.0
    platforms: [web, server]
    additional_properties: false
    events:
      Order Completed:
        description: A checkout finished.
        owner: growth
        identity: required
        platforms: [server]
        properties:
          order_id: {type: string, required: true}
          price: {type: number, minimum: 0}
          plan_type: {type: string, enum: [free, pro]}
          code: {type: string, pattern: '^[A-Z]+$'}
      Signed Up:
        description: Old name of Account Created.
        owner: growth
        status: deprecated
        replaced_by: Account Created
        properties:
          method: string
      Account Created:
        description: An account was opened.
        owner: growth
        properties:
          method: string
      Page Left:
        description: Gone.
        owner: growth
        status: removed
    """)


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.fixture
def checker(plan_path: Path) -> EventChecker:
    return EventChecker(load_plan(plan_path))


# One observation per TL2xx rule the checker can raise.
CASES = {
    "TL201": ("Order Complete", {"order_id": "o"}, "server", "u"),
    "TL202": ("Order Completed", {"order_id": "o"}, "web", "u"),
    "TL203": ("Signed Up", {"method": "email"}, "server", "u"),
    "TL204": ("Page Left", {}, "server", "u"),
    "TL205": ("Order Completed", {}, "server", "u"),
    "TL206": ("Order Completed", {"order_id": "o", "orderId": "o"}, "server", "u"),
    "TL207": ("Order Completed", {"order_id": "o", "price": "9.99"}, "server", "u"),
    "TL208": ("Order Completed", {"order_id": "o", "plan_type": "gold"}, "server", "u"),
    "TL209": ("Order Completed", {"order_id": "o", "code": "abc"}, "server", "u"),
    "TL210": ("Order Completed", {"order_id": "o"}, "server", None),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_checker_reports_each_rule_at_its_catalogue_severity(
        checker: EventChecker, code: str) -> None:
    name, properties, platform, user = CASES[code]
    found = checker.validate(name, properties, platform=platform, user_id=user)
    assert code in {d.code for d in found}
    for diagnostic in found:
        assert diagnostic.severity is RULES[diagnostic.code].severity, diagnostic


def test_a_deprecated_event_is_a_warning_from_the_library(checker: EventChecker) -> None:
    found = checker.validate("Signed Up", {"method": "email"}, user_id="u")
    assert [(d.code, d.severity) for d in found] == [("TL203", Severity.WARNING)]
    assert found[0].replacement == Replacement("event-name", "Account Created")


def test_message_arguments_travel_with_the_diagnostic(checker: EventChecker) -> None:
    [found] = checker.validate("Order Completed", {"order_id": "o", "plan_type": "gold"},
                               user_id="u")
    assert found.code == "TL208"
    assert found.args["value"] == "'gold'"
    assert found.message == RULES["TL208"].templates["default"].format_map(found.args)
    assert found.to_dict()["args"] == dict(found.args)


def test_guard_in_raise_mode_logs_a_deprecated_event_instead_of_raising(
        plan_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    guard = Guard.from_plan(plan_path, mode="raise", platform="server")
    observation = EventObservation(name="Signed Up", properties={"method": "email"},
                                   platform="server", user_id="u")
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        assert guard.admit(observation) is True
    assert "TL203" in caplog.text
    with pytest.raises(TrackingViolation):
        guard.admit(EventObservation(name="Order Completed", properties={},
                                     platform="server", user_id="u"))


def test_assert_conforms_passes_on_a_deprecated_event(plan_path: Path) -> None:
    guard = Guard.from_plan(plan_path, platform="server")
    assert guard.check is not None
    events = TrackedEvents(check=guard.check, platform="server")
    events.record(CapturedEvent(sdk="mixpanel", name="Signed Up",
                                properties={"method": "email"}, user_id="u"))
    events.assert_conforms()
    events.record(CapturedEvent(sdk="mixpanel", name="Page Left", properties={}, user_id="u"))
    with pytest.raises(AssertionError, match="TL204"):
        events.assert_conforms()


def test_every_template_names_only_fields_it_is_given() -> None:
    """A template's fields are filled from ``args``: a typo would be a KeyError at run time."""
    for rule in RULES.values():
        for variant, template in rule.templates.items():
            fields = {name for _, name, _, _ in __import__("string").Formatter().parse(template)
                      if name}
            built = rule.build(variant, args=dict.fromkeys(fields, "x"))
            assert built.severity is rule.severity
            assert built.code == rule.code
