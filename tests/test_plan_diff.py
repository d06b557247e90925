"""``tracklint plan diff``: change classification, the version verdict, git revisions, JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from linter.diagnostics import TracklintError
from linter.plan.diff import (
    Bump,
    Classification,
    check_version,
    diff_plans,
    parse_version,
    suggest_bump,
)
from linter.plan.loader import load_plan
from linter.plan.revision import load_plan_texts


def plans(tmp_path: Path, old: str, new: str):
    (tmp_path / "old").mkdir(exist_ok=True)
    (tmp_path / "new").mkdir(exist_ok=True)
    old_path, new_path = tmp_path / "old" / "plan.yaml", tmp_path / "new" / "plan.yaml"
    old_path.write_text(textwrap.dedent(old), encoding="utf-8")
    new_path.write_text(textwrap.dedent(new), encoding="utf-8")
    return load_plan(old_path), load_plan(new_path)


def changes_between(tmp_path: Path, old: str, new: str):
    return diff_plans(*plans(tmp_path, old, new))


def summary(changes):
    return {(c.kind, c.classification.value, c.event, c.property, c.platform) for c in changes}


# -- one case per change class: (old plan, new plan, the exact set of changes) -------------

A = "A"
BREAKING = [
    pytest.param("events: {A: {}, B: {}}", "events: {A: {}}",
                 {("event-removed", "breaking", "B", None, None)}, id="event-removed"),
    pytest.param("events: {A: {}}", "events: {A: {status: removed}}",
                 {("event-retired", "breaking", A, None, None)}, id="event-status-removed"),
    pytest.param("events: {A: {status: deprecated}}", "events: {A: {status: removed}}",
                 {("event-retired", "breaking", A, None, None)},
                 id="deprecated-event-status-removed"),
    pytest.param("events: {A: {properties: {p: string, q: string}}}",
                 "events: {A: {properties: {p: string}}}",
                 {("property-removed", "breaking", A, "q", None)}, id="property-removed"),
    pytest.param("events: {A: {properties: {p: string}}}",
                 "events: {A: {properties: {p: integer}}}",
                 {("type-changed", "breaking", A, "p", None)}, id="type-changed"),
    pytest.param("events: {A: {properties: {p: integer}}}",
                 "events: {A: {properties: {p: number}}}",
                 {("type-changed", "breaking", A, "p", None)}, id="type-widened-still-breaking"),
    pytest.param("events: {A: {properties: {p: string}}}",
                 "events: {A: {properties: {p: {type: string, required: [ios]}}}}",
                 {("property-required", "breaking", A, "p", "ios")},
                 id="property-made-required-on-one-platform"),
    pytest.param("platforms: [web, ios]\nevents: {A: {properties: {p: string}}}",
                 "platforms: [web, ios]\nevents: {A: {properties: {p: {type: string, "
                 "required: true}}}}",
                 {("property-required", "breaking", A, "p", None)},
                 id="property-made-required-everywhere"),
    pytest.param("events: {A: {properties: {p: {type: string, enum: [a, b, c]}}}}",
                 "events: {A: {properties: {p: {type: string, enum: [a, c]}}}}",
                 {("enum-narrowed", "breaking", A, "p", None)}, id="enum-narrowed"),
    pytest.param("events: {A: {properties: {p: string}}}",
                 "events: {A: {properties: {p: {type: string, enum: [a]}}}}",
                 {("enum-narrowed", "breaking", A, "p", None)}, id="enum-added"),
    pytest.param("events: {A: {properties: {p: {type: number, minimum: 0}}}}",
                 "events: {A: {properties: {p: {type: number, minimum: 1}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="minimum-raised"),
    pytest.param("events: {A: {properties: {p: {type: number, maximum: 10}}}}",
                 "events: {A: {properties: {p: {type: number, maximum: 9.5}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="maximum-lowered"),
    pytest.param("events: {A: {properties: {p: {type: string, max_length: 20}}}}",
                 "events: {A: {properties: {p: {type: string, max_length: 10}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="max-length-lowered"),
    pytest.param("events: {A: {properties: {p: {type: string}}}}",
                 "events: {A: {properties: {p: {type: string, min_length: 1}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="min-length-added"),
    pytest.param("events: {A: {properties: {p: string}}}",
                 "events: {A: {properties: {p: {type: string, pattern: '^[a-z]+$'}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="pattern-added"),
    pytest.param("events: {A: {properties: {p: {type: string, pattern: '^[a-z]+$'}}}}",
                 "events: {A: {properties: {p: {type: string, pattern: '^[a-z0-9]+$'}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="pattern-changed"),
    pytest.param("events: {A: {properties: {p: string}}}",
                 "events: {A: {properties: {p: {type: string, format: email}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="format-added"),
    pytest.param("events: {A: {properties: {p: {type: array, min_items: 1}}}}",
                 "events: {A: {properties: {p: {type: array, min_items: 2}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="min-items-raised"),
    pytest.param("events: {A: {properties: {p: {type: array, max_items: 5}}}}",
                 "events: {A: {properties: {p: {type: array, max_items: 4}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="max-items-lowered"),
    pytest.param("events: {A: {properties: {p: {type: string, nullable: true}}}}",
                 "events: {A: {properties: {p: {type: string}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)}, id="nullable-removed"),
    pytest.param("events: {A: {properties: {p: {type: object, additional_properties: true,"
                 " properties: {x: string}}}}}",
                 "events: {A: {properties: {p: {type: object, additional_properties: false,"
                 " properties: {x: string}}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)},
                 id="object-additional-properties-closed"),
    pytest.param("events: {A: {additional_properties: true}}",
                 "events: {A: {additional_properties: false}}",
                 {("constraint-tightened", "breaking", A, None, None)},
                 id="event-additional-properties-closed"),
    pytest.param("events: {A: {platforms: [web, ios]}}", "events: {A: {platforms: [web]}}",
                 {("event-platform-removed", "breaking", A, None, "ios")},
                 id="event-taken-off-platform"),
    pytest.param("events: {A: {properties: {p: {type: string, platforms: [web, ios]}}}}",
                 "events: {A: {properties: {p: {type: string, platforms: [web]}}}}",
                 {("property-platform-removed", "breaking", A, "p", "ios")},
                 id="property-taken-off-platform"),
    pytest.param("events: {A: {identity: optional}}", "events: {A: {identity: required}}",
                 {("identity-required", "breaking", A, None, None)}, id="identity-required"),
    pytest.param("events: {A: {}}",
                 "global_properties: {app_version: {type: string, required: true}}\n"
                 "events: {A: {}}",
                 {("property-added", "breaking", None, "app_version", None)},
                 id="global-property-added-as-required"),
    pytest.param("events: {A: {properties: {p: string}}}",
                 "events: {A: {properties: {p: string, q: {type: string, required: true}}}}",
                 {("property-added", "breaking", A, "q", None)},
                 id="property-added-as-required"),
    pytest.param("events: {A: {properties: {p: {type: array, items: {type: object, "
                 "properties: {sku: string}}}}}}",
                 "events: {A: {properties: {p: {type: array, items: {type: object, "
                 "properties: {sku: integer}}}}}}",
                 {("type-changed", "breaking", A, "p[].sku", None)},
                 id="nested-array-item-property-type-changed"),
    pytest.param("events: {A: {properties: {p: {type: object, properties: {x: string, "
                 "y: string}}}}}",
                 "events: {A: {properties: {p: {type: object, properties: {x: string}}}}}",
                 {("property-removed", "breaking", A, "p.y", None)},
                 id="nested-object-property-removed"),
    pytest.param("events: {A: {properties: {p: {type: array, items: {type: string, "
                 "enum: [a, b]}}}}}",
                 "events: {A: {properties: {p: {type: array, items: {type: string, "
                 "enum: [a]}}}}}",
                 {("enum-narrowed", "breaking", A, "p[]", None)}, id="array-items-enum-narrowed"),
    pytest.param("properties: {price: {type: number, minimum: 0}}\n"
                 "events: {A: {properties: {p: {ref: price}}}}",
                 "properties: {price: {type: number, minimum: 1}}\n"
                 "events: {A: {properties: {p: {ref: price}}}}",
                 {("constraint-tightened", "breaking", A, "p", None)},
                 id="shared-definition-tightened-shows-on-its-users"),
]

COMPATIBLE = [
    pytest.param("events: {A: {}}", "events: {A: {}, B: {}}",
                 {("event-added", "compatible", "B", None, None)}, id="event-added"),
    pytest.param("events: {A: {properties: {p: string}}}",
                 "events: {A: {properties: {p: string, q: string}}}",
                 {("property-added", "compatible", A, "q", None)}, id="optional-property-added"),
    pytest.param("events: {A: {}}", "global_properties: {build: integer}\nevents: {A: {}}",
                 {("property-added", "compatible", None, "build", None)},
                 id="optional-global-property-added"),
    pytest.param("events: {A: {properties: {p: {type: string, enum: [a]}}}}",
                 "events: {A: {properties: {p: {type: string, enum: [a, b]}}}}",
                 {("enum-widened", "compatible", A, "p", None)}, id="enum-widened"),
    pytest.param("events: {A: {properties: {p: {type: string, enum: [a]}}}}",
                 "events: {A: {properties: {p: {type: string}}}}",
                 {("enum-widened", "compatible", A, "p", None)}, id="enum-dropped"),
    pytest.param("events: {A: {properties: {p: {type: number, minimum: 1, maximum: 5}}}}",
                 "events: {A: {properties: {p: {type: number, minimum: 0, maximum: 6}}}}",
                 {("constraint-loosened", "compatible", A, "p", None)},
                 id="bounds-loosened"),
    pytest.param("events: {A: {properties: {p: {type: string, pattern: '^a', format: email,"
                 " max_length: 3}}}}",
                 "events: {A: {properties: {p: {type: string, nullable: true}}}}",
                 {("constraint-loosened", "compatible", A, "p", None)},
                 id="pattern-format-length-dropped-nullable-added"),
    pytest.param("events: {A: {additional_properties: false}}",
                 "events: {A: {additional_properties: true}}",
                 {("constraint-loosened", "compatible", A, None, None)},
                 id="event-additional-properties-opened"),
    pytest.param("events: {A: {}, B: {}}",
                 "events: {A: {status: deprecated, replaced_by: B}, B: {}}",
                 {("event-deprecated", "compatible", A, None, None),
                  ("event-replacement", "compatible", A, None, None)}, id="event-deprecated"),
    pytest.param("events: {A: {properties: {p: string}}}",
                 "events: {A: {properties: {p: {type: string, deprecated: true}}}}",
                 {("property-deprecated", "compatible", A, "p", None)},
                 id="property-deprecated"),
    pytest.param("events: {A: {description: one, owner: x, tags: [a]}}",
                 "events: {A: {description: two, owner: y, tags: [b]}}",
                 {("event-description", "compatible", A, None, None),
                  ("event-owner", "compatible", A, None, None),
                  ("event-tags", "compatible", A, None, None)}, id="event-documentation"),
    pytest.param("events: {A: {properties: {p: {type: string, description: one}}}}",
                 "events: {A: {properties: {p: {type: string, description: two}}}}",
                 {("property-description", "compatible", A, "p", None)},
                 id="property-description"),
    pytest.param("events: {A: {platforms: [web]}}", "events: {A: {platforms: [web, ios]}}",
                 {("event-platform-added", "compatible", A, None, "ios")},
                 id="event-platform-added"),
    pytest.param("platforms: [web, ios]\nevents: {A: {properties: {p: {type: string, "
                 "platforms: [web]}}}}",
                 "platforms: [web, ios]\nevents: {A: {properties: {p: {type: string, "
                 "platforms: [web, ios]}}}}",
                 {("property-platform-added", "compatible", A, "p", "ios")},
                 id="property-platform-added"),
    pytest.param("platforms: [web]\nevents: {A: {}}", "platforms: [web, ios]\nevents: {A: {}}",
                 {("platform-added", "compatible", None, None, "ios"),
                  ("event-platform-added", "compatible", A, None, "ios")},
                 id="plan-platform-added"),
    pytest.param("events: {A: {identity: required}}", "events: {A: {identity: optional}}",
                 {("identity-optional", "compatible", A, None, None)}, id="identity-optional"),
    pytest.param("events: {A: {properties: {p: {type: string, required: true}}}}",
                 "events: {A: {properties: {p: {type: string}}}}",
                 {("property-optional", "compatible", A, "p", None)},
                 id="property-made-optional"),
    pytest.param("platforms: [web, ios]\n"
                 "events: {A: {platforms: [web], properties: {p: {type: string, "
                 "required: true}}}}",
                 "platforms: [web, ios]\n"
                 "events: {A: {platforms: [web, ios], properties: {p: {type: string, "
                 "required: true}}}}",
                 {("event-platform-added", "compatible", A, None, "ios")},
                 id="required-on-a-new-platform-breaks-no-sender"),
    pytest.param("events: {A: {status: removed}, B: {}}", "events: {B: {}}",
                 {("event-removed", "compatible", A, None, None)},
                 id="retired-event-deleted"),
    pytest.param("events: {A: {properties: {p: {type: array, items: {type: object, "
                 "properties: {sku: string}}}}}}",
                 "events: {A: {properties: {p: {type: array, items: {type: object, "
                 "properties: {sku: string, qty: integer}}}}}}",
                 {("property-added", "compatible", A, "p[].qty", None)},
                 id="nested-optional-property-added"),
]


@pytest.mark.parametrize(("old", "new", "expected"), BREAKING)
def test_breaking_change_is_classified(tmp_path, old, new, expected):
    changes = changes_between(tmp_path, old, new)
    assert summary(changes) == expected
    assert all(c.classification is Classification.BREAKING for c in changes)
    assert suggest_bump(changes) is Bump.MAJOR


@pytest.mark.parametrize(("old", "new", "expected"), COMPATIBLE)
def test_compatible_change_is_classified(tmp_path, old, new, expected):
    changes = changes_between(tmp_path, old, new)
    assert summary(changes) == expected
    assert suggest_bump(changes) in (Bump.MINOR, Bump.PATCH)


def test_identical_plans_have_no_changes(tmp_path):
    text = (Path(__file__).resolve().parent.parent / "examples" / "shop" / "plan" /
            "plan.yaml").read_text(encoding="utf-8")
    assert changes_between(tmp_path, text, text) == []


def test_documentation_only_suggests_a_patch(tmp_path):
    changes = changes_between(tmp_path, "events: {A: {description: one}}",
                              "events: {A: {description: two}}")
    assert [c.bump for c in changes] == [Bump.PATCH]
    assert suggest_bump(changes) is Bump.PATCH


def test_messages_values_and_positions(tmp_path):
    changes = changes_between(
        tmp_path,
        """\
        events:
          A:
            properties:
              price: {type: number, minimum: 0}
          Gone: {}
        """,
        """\
        events:
          A:
            properties:
              price: {type: number, minimum: 1}
        """)
    by_kind = {c.kind: c for c in changes}
    raised = by_kind["constraint-tightened"]
    assert raised.message == "the minimum of property 'price' of event 'A' was raised from 0 to 1"
    assert (raised.attribute, raised.old, raised.new) == ("minimum", 0, 1)
    assert raised.position.path.endswith(f"new{os.sep}plan.yaml") and raised.position.line == 4
    removed = by_kind["event-removed"]
    assert removed.message == "event 'Gone' was removed"
    assert removed.position.path.endswith(f"old{os.sep}plan.yaml") and removed.position.line == 5


def test_enum_values_compare_as_json(tmp_path):
    changes = changes_between(tmp_path,
                              "events: {A: {properties: {p: {type: any, enum: [1, true]}}}}",
                              "events: {A: {properties: {p: {type: any, enum: [1.0, 1]}}}}")
    assert summary(changes) == {("enum-narrowed", "breaking", A, "p", None)}
    assert "no longer accepts true" in changes[0].message


def test_type_change_is_reported_alone(tmp_path):
    changes = changes_between(
        tmp_path, "events: {A: {properties: {p: {type: string, max_length: 3}}}}",
        "events: {A: {properties: {p: {type: integer, minimum: 3}}}}")
    assert [c.kind for c in changes] == ["type-changed"]
    assert changes[0].message == "property 'p' of event 'A' changed type from string to integer"


def test_nested_object_inherits_the_event_setting(tmp_path):
    """Closing an event also closes its nested objects that do not say otherwise."""
    changes = changes_between(
        tmp_path,
        "events: {A: {additional_properties: true, properties: {o: {properties: {x: string}}}}}",
        "events: {A: {additional_properties: false, properties: {o: {properties: {x: string}}}}}")
    assert summary(changes) == {("constraint-tightened", "breaking", A, None, None),
                                ("constraint-tightened", "breaking", A, "o", None)}


# -- the version verdict ---------------------------------------------------------------


def _one_breaking(tmp_path):
    return changes_between(tmp_path, "events: {A: {}, B: {}}", "events: {A: {}}")


def _one_addition(tmp_path):
    return changes_between(tmp_path, "events: {A: {}}", "events: {A: {}, B: {}}")


@pytest.mark.parametrize(("old", "new", "ok"), [
    ("1.4.2", "2.0.0", True),
    ("1.4.2", "1.5.0", False),
    ("1.4.2", "1.4.3", False),
    ("1.4.2", "1.4.2", False),
    ("2.0.0", "1.0.0", False),
    (None, "2.0.0", False),
    ("0.3.1", "0.4.0", True),
    ("0.3.1", "1.0.0", True),
    ("0.3.1", "0.3.2", False),
    ("1.4.2", "2.0.0-rc.1", True),
])
def test_breaking_changes_need_a_major_bump(tmp_path, old, new, ok):
    verdict = check_version(old, new, _one_breaking(tmp_path))
    assert verdict.ok is ok
    assert verdict.suggested is Bump.MAJOR


def test_verdict_details_for_a_missing_major_bump(tmp_path):
    verdict = check_version("1.4.2", "1.5.0", _one_breaking(tmp_path))
    assert (verdict.required, verdict.declared, verdict.expected_version) == (
        Bump.MAJOR, Bump.MINOR, "2.0.0")
    assert verdict.message == ("1 breaking change without a major version bump "
                               "(1.4.2 -> 1.5.0); declare 2.0.0")


def test_initial_development_needs_only_a_minor_bump(tmp_path):
    verdict = check_version("0.3.1", "0.4.0", _one_breaking(tmp_path))
    assert verdict.required is Bump.MINOR and verdict.expected_version == "0.4.0"
    assert any("initial development" in note for note in verdict.notes)
    assert verdict.message == "1 breaking change, with a minor version bump (0.3.1 -> 0.4.0)"
    to_stable = check_version("0.3.1", "1.0.0", _one_breaking(tmp_path))
    assert to_stable.message == "1 breaking change, with a major version bump (0.3.1 -> 1.0.0)"


def test_additions_pass_whatever_the_version_and_suggest_minor(tmp_path):
    changes = _one_addition(tmp_path)
    for new in ("1.5.0", "1.4.3", "1.4.2"):
        verdict = check_version("1.4.2", new, changes)
        assert verdict.ok and verdict.suggested is Bump.MINOR
        assert verdict.expected_version == "1.5.0"
    assert any("suggest a minor bump" in n for n in check_version("1.4.2", "1.4.3",
                                                                     changes).notes)


def test_parse_version():
    assert parse_version("1.2.3-beta.1+build.5") == (1, 2, 3)
    assert parse_version("1.2") is None and parse_version(None) is None


# -- loading from memory ---------------------------------------------------------------


def test_load_plan_texts_merges_like_a_directory():
    plan = load_plan_texts({"plan.yaml": "version: 1.0.0\n",
                            "events/a.yaml": "events:\n  A: {}\n",
                            ".drafts/b.yaml": "not: [valid",
                            "README.md": "# notes"}, prefix="mem:")
    assert plan.version == "1.0.0" and list(plan.events) == ["A"]
    assert plan.events["A"].position.path == "mem:events/a.yaml"


def test_load_plan_texts_reports_problems_with_the_prefix():
    with pytest.raises(TracklintError) as caught:
        load_plan_texts({"plan.yaml": "events:\n  A: {ownr: x}\n"}, prefix="HEAD:plan/")
    assert caught.value.diagnostics[0].location == "HEAD:plan/plan.yaml:2:7"


def test_load_plan_texts_refuses_paths_leaving_the_plan():
    with pytest.raises(TracklintError):
        load_plan_texts({"../escape.yaml": "events: {}"})


# -- the command line --------------------------------------------------------------------

_DIRECT = ("import sys; from linter.cli.diff import plan_diff; "
           "plan_diff(sys.argv[1:], prog_name='tracklint plan diff')")
_REGISTERED: list[bool] = []


@pytest.fixture
def plan_diff(tracklint):
    """Run ``tracklint plan diff`` as CI would.

    Until the command is registered in the ``plan`` group, the same click
    command runs through ``python -c``, in a subprocess all the same.
    """
    if not _REGISTERED:
        _REGISTERED.append(tracklint("plan", "diff", "--help").returncode == 0)

    def run(*args, cwd=None):
        if _REGISTERED[0]:
            return tracklint("plan", "diff", *args, cwd=cwd)
        environment = {**os.environ, "NO_COLOR": "1"}
        return subprocess.run([sys.executable, "-c", _DIRECT, *args], cwd=cwd,
                              capture_output=True, text=True, env=environment, timeout=300)
    return run


HEADER = "version: 1.0.0\nplatforms: [web, ios]\n"
EVENTS = """\
events:
  Order Completed:
    description: An order was paid.
    properties:
      order_id: {type: string, required: true}
      price: {type: number, minimum: 0}
  Signed Up: {}
"""
OLD_PLAN = HEADER + EVENTS


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_cli_breaking_without_major_bump_exits_1(plan_diff, tmp_path):
    old = _write(tmp_path / "old.yaml", OLD_PLAN)
    new = _write(tmp_path / "new.yaml", OLD_PLAN.replace("version: 1.0.0", "version: 1.1.0")
                 .replace("  Signed Up: {}\n", ""))
    result = plan_diff(str(old), str(new))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{old}:9:3: TL701 warning: event 'Signed Up' was removed [major]" in result.stdout
    assert "Suggested version bump: major (to 2.0.0)" in result.stdout
    assert (f"{new}:1:1: TL704 1 breaking change without a major version bump (1.0.0 -> "
            "1.1.0); declare 2.0.0") in result.stdout
    assert plan_diff(str(old), str(new), "--exit-zero").returncode == 0


def test_cli_breaking_with_major_bump_exits_0(plan_diff, tmp_path):
    old = _write(tmp_path / "old.yaml", OLD_PLAN)
    new = _write(tmp_path / "new.yaml", OLD_PLAN.replace("version: 1.0.0", "version: 2.0.0")
                 .replace("minimum: 0", "minimum: 1"))
    result = plan_diff(str(old), str(new))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (f"{new}:8:7: TL701 warning: the minimum of property 'price' of event 'Order "
            "Completed' was raised from 0 to 1 [major]") in result.stdout
    assert "OK: 1 breaking change, with a major version bump (1.0.0 -> 2.0.0)" in result.stdout


def test_cli_additions_only_exit_0_and_suggest_minor(plan_diff, tmp_path):
    old = _write(tmp_path / "old.yaml", OLD_PLAN)
    new = _write(tmp_path / "new.yaml", OLD_PLAN + "  Cart Viewed: {}\n")
    result = plan_diff(str(old), str(new))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "TL702 info: event 'Cart Viewed' was added [minor]" in result.stdout
    assert "TL701" not in result.stdout
    assert "Suggested version bump: minor (to 1.1.0)" in result.stdout
    assert "TL705 warning: the changes suggest a minor bump" in result.stdout


def test_cli_json_output(plan_diff, tmp_path):
    old = _write(tmp_path / "old.yaml", OLD_PLAN)
    new = _write(tmp_path / "new.yaml", OLD_PLAN.replace(
        "price: {type: number, minimum: 0}", "price: {type: string}\n      coupon: string"))
    result = plan_diff(str(old), str(new), "--output-format", "json")
    assert result.returncode == 1
    output = json.loads(result.stdout)
    document = output["plan_diff"]
    assert document["old"] == {"plan": str(old), "version": "1.0.0", "missing": False}
    assert document["summary"] == {"breaking": 1, "compatible": 1}
    assert document["suggested_bump"] == "major"
    verdict = document["verdict"]
    assert (verdict["ok"], verdict["declared_bump"], verdict["required_bump"]) == (
        False, "none", "major")
    changes = [d for d in output["diagnostics"] if d["code"] in ("TL701", "TL702")]
    typed, added = sorted(changes, key=lambda d: d["code"])
    assert typed["message"] == ("property 'price' of event 'Order Completed' changed type "
                                "from number to string [major]")
    assert (typed["path"], typed["line"], typed["column"]) == (str(new), 8, 7)
    assert typed["extra"] == {
        "kind": "type-changed", "classification": "breaking", "bump": "major",
        "event": "Order Completed", "property": "price", "attribute": "type",
        "old": "number", "new": "string"}
    assert (added["extra"]["kind"], added["extra"]["property"]) == ("property-added", "coupon")
    [gate] = [d for d in output["diagnostics"] if d["code"] == "TL704"]
    assert gate["severity"] == "error" and gate["line"] == 1


def test_cli_loading_error_exits_2(plan_diff, tmp_path):
    old = _write(tmp_path / "old.yaml", OLD_PLAN)
    broken = _write(tmp_path / "new.yaml", "events:\n  A: {ownr: x}\n")
    result = plan_diff(str(old), str(broken))
    assert result.returncode == 2
    assert f"{broken}:2:7: TL003" in result.stderr
    json_result = plan_diff(str(old), str(broken), "--output-format", "json")
    assert json_result.returncode == 2
    assert json.loads(json_result.stdout)["diagnostics"][0]["code"] == "TL003"


def test_cli_usage_errors_exit_2(plan_diff, tmp_path):
    old = _write(tmp_path / "old.yaml", OLD_PLAN)
    assert plan_diff(cwd=tmp_path).returncode == 2
    result = plan_diff("no-such-plan.yaml", str(old), cwd=tmp_path)
    assert result.returncode == 2 and "neither a plan file or directory" in result.stderr
    both = plan_diff("--base", "HEAD", str(old), str(old), cwd=tmp_path)
    assert both.returncode == 2 and "pass at most one plan" in both.stderr


# -- plans at git revisions ----------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
                   "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
                   "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=environment)


@pytest.fixture
def repo(tmp_path):
    """A git repository with a plan directory committed, then edited in the working tree."""
    root = tmp_path / "repo"
    _write(root / "tracking-plan" / "plan.yaml", HEADER)
    _write(root / "tracking-plan" / "events" / "orders.yaml", EVENTS)
    _write(root / "tracklint.toml", 'plan = "tracking-plan"\n')
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "plan 1.0.0")
    orders = root / "tracking-plan" / "events" / "orders.yaml"
    orders.write_text(orders.read_text().replace("  Signed Up: {}\n", "")
                      .replace("properties:\n", "platforms: [web]\n    properties:\n"))
    return root


@needs_git
def test_git_base_revision(plan_diff, repo):
    result = plan_diff("--base", "HEAD", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Comparing HEAD:tracking-plan (1.0.0) with tracking-plan (1.0.0)" in result.stdout
    assert ("tracking-plan/events/orders.yaml:1:1: TL701 warning: event 'Signed Up' was "
            "removed [major]") in result.stdout
    assert "note: HEAD:tracking-plan/events/orders.yaml:7:3: it was here" in result.stdout
    assert ("tracking-plan/events/orders.yaml:2:3: TL701 warning: event 'Order Completed' was "
            "taken off platform 'ios'") in result.stdout


@needs_git
def test_git_base_passes_once_the_major_version_is_bumped(plan_diff, repo):
    plan = repo / "tracking-plan" / "plan.yaml"
    plan.write_text(plan.read_text().replace("1.0.0", "2.0.0"))
    result = plan_diff("--base", "HEAD", "--output-format", "json", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    output = json.loads(result.stdout)
    document = output["plan_diff"]
    assert document["old"] == {"plan": "HEAD:tracking-plan", "version": "1.0.0",
                               "missing": False}
    assert document["verdict"]["ok"] is True
    assert {d["extra"]["kind"] for d in output["diagnostics"]} == {"event-removed",
                                                                   "event-platform-removed"}


@needs_git
def test_git_revision_syntaxes(plan_diff, repo):
    git(repo, "commit", "-q", "-a", "-m", "drop Signed Up")
    expected = "event 'Signed Up' was removed"
    bare = plan_diff("HEAD~1", "HEAD", cwd=repo)
    assert expected in bare.stdout and bare.returncode == 1, bare.stdout + bare.stderr
    explicit = plan_diff("HEAD~1:tracking-plan", "HEAD:tracking-plan/", cwd=repo)
    assert expected in explicit.stdout and explicit.returncode == 1
    from_folder = plan_diff("HEAD~1:./events/orders.yaml", "events/orders.yaml",
                            cwd=repo / "tracking-plan")
    assert "events/orders.yaml:1:1: TL701 warning: " + expected in from_folder.stdout
    assert "note: HEAD~1:tracking-plan/events/orders.yaml:7:3: it was here" in \
        from_folder.stdout
    unchanged = plan_diff("--base", "HEAD", cwd=repo)
    assert unchanged.returncode == 0 and "No changes." in unchanged.stdout


@needs_git
def test_git_errors_exit_2(plan_diff, repo, tmp_path):
    unknown = plan_diff("--base", "no-such-branch", cwd=repo)
    assert unknown.returncode == 2
    assert "unknown git revision 'no-such-branch'" in unknown.stderr
    missing = plan_diff("HEAD:nowhere", cwd=repo)
    assert missing.returncode == 2 and "no such plan file or directory at HEAD" in missing.stderr
    outside = tmp_path / "outside"
    _write(outside / "plan.yaml", OLD_PLAN)
    not_a_repo = plan_diff("--base", "HEAD", "--plan", "plan.yaml", cwd=outside)
    assert not_a_repo.returncode == 2 and "not inside a git repository" in not_a_repo.stderr


@needs_git
def test_git_plan_with_errors_is_located_at_the_revision(plan_diff, repo):
    orders = repo / "tracking-plan" / "events" / "orders.yaml"
    orders.write_text("events:\n  A: {ownr: x}\n")
    git(repo, "commit", "-q", "-a", "-m", "broken")
    result = plan_diff("HEAD", "HEAD~1", cwd=repo)
    assert result.returncode == 2
    assert "HEAD:tracking-plan/events/orders.yaml:2:7: TL003" in result.stderr


@needs_git
@pytest.mark.parametrize("content, located", [
    ("events: &r [*r]\n", "HEAD:tracking-plan/events/orders.yaml:1:9: TL005"),
    ("events: {<<: 5}\n", "HEAD:tracking-plan/events/orders.yaml:1:14: TL003"),
    ('events:\n  A: {description: "x\x00"}\n', "HEAD:tracking-plan/events/orders.yaml:2:22: TL002"),
])
def test_hostile_yaml_at_a_revision_is_located(plan_diff, repo, content, located):
    orders = repo / "tracking-plan" / "events" / "orders.yaml"
    orders.write_text(content)
    git(repo, "commit", "-q", "-a", "-m", "hostile")
    result = plan_diff("HEAD", "HEAD~1", cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert located in result.stderr and "internal error" not in result.stderr


def test_a_naming_convention_set_or_removed_is_said_in_words(tmp_path: Path) -> None:
    bare = "platforms: [web]\nevents: {A Done: {}}\n"
    named = "platforms: [web]\nnaming: {events: object_action}\nevents: {A Done: {}}\n"
    [added] = changes_between(tmp_path, bare, named)
    assert added.message == ("the naming convention for events is now 'object_action' "
                             "(there was none)")
    [removed] = changes_between(tmp_path, named, bare)
    assert removed.message == "the naming convention for events ('object_action') was removed"
