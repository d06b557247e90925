"""Configured wrappers through the real command: mistakes stop the run at their line."""

from __future__ import annotations

import json

from .test_cli_check import project

HELPERS = """\
from mixpanel import Mixpanel

mp = Mixpanel("token")


def emit(user_id, name, **props):
    # Sends through a queue in production.
    print(user_id, name, props)


class Tracker:
    def send(self, event, properties=None):
        print(event, properties)
"""

VIEWS = """\
from app.helpers import Tracker, emit

emit("u1", "Order Completed", order_id="o1", price=9.5)
Tracker().send("Order Completed", {"order_id": "o2"})
"""


def _config(*wrappers: str) -> str:
    return 'plan = "plan.yaml"\n' + "".join(f"\n[[wrappers]]\n{w}" for w in wrappers)


def test_a_function_that_does_not_exist_is_an_error_at_its_line(tracklint, write):
    root = project(write, {"app/__init__.py": "", "app/helpers.py": HELPERS,
                           "app/views.py": VIEWS},
                   config=_config('function = "app.helpers.emitt"\nevent = 1\n'))
    result = tracklint("check", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "tracklint.toml:4:1: TL006 wrapper function 'app.helpers.emitt' is not defined " \
           "in the project" in result.stderr
    assert "did you mean 'app.helpers.emit'?" in result.stderr
    assert "All checks passed" not in result.stdout + result.stderr
    calls = tracklint("calls", cwd=root)
    assert calls.returncode == 2 and "app.helpers.emitt" in calls.stderr


def test_parameters_are_checked_against_the_real_signature(tracklint, write):
    root = project(write, {"app/__init__.py": "", "app/helpers.py": HELPERS,
                           "app/views.py": VIEWS},
                   config=_config('function = "app.helpers.emit"\nevent = "nme"\n'
                                  'properties = "prop"\nidentity = 3\n',
                                  'function = "app.helpers.Tracker.send"\nevent = 0\n'
                                  'properties = "**kwargs"\n'))
    result = tracklint("check", "--output-format", "json", cwd=root)
    assert result.returncode == 2
    document = json.loads(result.stdout)
    found = [(d["line"], d["message"], d["hint"]) for d in document["diagnostics"]]
    assert found == [
        (5, "wrapper app.helpers.emit: 'event = \"nme\"' is not a parameter of "
            "(user_id, name, **props)", "did you mean 'name'?"),
        (6, "wrapper app.helpers.emit: 'properties = \"prop\"' is not a parameter of "
            "(user_id, name, **props)", "did you mean 'props'?"),
        (7, "wrapper app.helpers.emit: 'identity = 3' is not a position of "
            "(user_id, name, **props) (2 positional parameters, counted from 0)",
            "its parameters are user_id, name"),
        (12, "wrapper app.helpers.Tracker.send: 'properties = \"**kwargs\"' needs a "
             "**keywords parameter, and (event, properties) has none",
             "its parameters are event, properties"),
    ]
    assert all(d["code"] == "TL006" and d["path"] == "tracklint.toml"
               for d in document["diagnostics"])


def test_keyword_properties_under_any_name(tracklint, write):
    for properties in ('"**props"', '"props"'):
        root = project(write, {"app/__init__.py": "", "app/helpers.py": HELPERS,
                               "app/views.py": VIEWS},
                       config=_config('function = "app.helpers.emit"\nevent = "name"\n'
                                      f"identity = 0\nproperties = {properties}\n"))
        result = tracklint("calls", "--output-format", "json", cwd=root)
        assert result.returncode == 0, result.stderr
        (call,) = [c for c in json.loads(result.stdout)["calls"]
                   if c["path"] == "app/views.py" and c["line"] == 3]
        assert (call["event"], call["properties"]) == ("Order Completed", ["order_id", "price"])
        assert call["keys_complete"]
        # No false TL205: the properties are read, so the required ones are there.
        assert "TL205" not in tracklint("check", cwd=root).stdout


def test_a_wrapper_outside_the_project_is_taken_as_configured(tracklint, write):
    root = project(write, {"app.py": 'from shared.tracking import send\n'
                                     'send("u", "Order Completed", order_id="o", price=1.0)\n'},
                   config=_config('function = "shared.tracking.send"\nevent = 1\n'
                                  'identity = 0\nproperties = "**anything"\n'))
    result = tracklint("check", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 tracking call" in result.stdout
