"""Knowing event names and properties statically, and marking the rest dynamic."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.events import UNKNOWN
from tests.test_static_support import Project, single_file

HEADER = """
from mixpanel import Mixpanel
mp = Mixpanel("token")
"""


def one(tmp_path: Path, body: str) -> Project:
    return single_file(tmp_path, HEADER + body)


@pytest.mark.parametrize(("expression", "expected"), [
    ('"Sign Up"', "Sign Up"),
    ("'Sign Up'", "Sign Up"),
    ('"Sign" " Up"', "Sign Up"),
    ('"Sign" + " Up"', "Sign Up"),
    ('f"Sign Up"', "Sign Up"),
    ('"""Sign Up"""', "Sign Up"),
    ('"Caf\\u00e9 Visited"', "Café Visited"),
    ('r"\\d"', "\\d"),
    ('f"Clicked {button}"', None),
    ('"Clicked %s" % button', None),
    ('"Clicked {}".format(button)', None),
    ("button", None),
    ("button.name", None),
    ("get_name()", None),
    ('b"bytes"', None),
    ("42", None),
])
def test_event_names(tmp_path: Path, expression: str, expected: str | None) -> None:
    project = one(tmp_path, f"""
def go():
    button = load_button()
    mp.track("u", {expression})
""")
    call = project.call("app.py")
    assert call.observation.name == expected
    assert call.observation.name_source == expression
    assert call.name_is_dynamic is (expected is None)


@pytest.mark.parametrize(("expression", "expected"), [
    ('f"Clicked {button}"', "Clicked {}"),
    ('f"{PREFIX}:{button}:{verb}"', "backend:{}:{}"),
    ('PREFIX + ":" + button', "backend:{}"),
    ('f"{button}" " Clicked"', "{} Clicked"),
    ('f"{{x}} {button!r}"', "{{x}} {}"),
    ('f"Clicked {PREFIX:>10}"', "Clicked {}"),
    ('f"Caf\\u00e9 {button}"', "Café {}"),
    ('f"{PREFIX}:done"', None),  # all of it known: a name (below), not a pattern
    ('f"{PREFIX}:" "done"', None),
    ('f"{button}"', None),  # nothing of it known
    ("button + verb", None),
    ('"Clicked %s" % button', None),
])
def test_partly_known_names_are_reported_as_patterns(tmp_path: Path, expression: str,
                                                     expected: str | None) -> None:
    project = one(tmp_path, f"""
PREFIX = "backend"

def go(verb):
    button = load_button()
    mp.track("u", {expression})
""")
    observation = project.call("app.py").observation
    assert observation.name_pattern == expected
    assert observation.name == ("backend:done" if "done" in expression else None)


def test_name_origin_points_at_the_literal_for_fixes(tmp_path: Path) -> None:
    project = one(tmp_path, """
mp.track("u", "Sgn Up")
""")
    origin = project.call("app.py").observation.name_origin
    assert origin is not None
    assert (origin.line, origin.column, origin.end_line, origin.end_column) == (5, 15, 5, 23)
    assert origin.source_line == 'mp.track("u", "Sgn Up")'
    assert project.call("app.py").observation.name_definition is None


def test_module_constants_local_and_imported(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/events.py": """
            PREFIX = "Order "
            ORDER_COMPLETED = PREFIX + "Completed"
            SIGN_UP: str = "Sign Up"
            EVENTS = {"refund": "Order Refunded"}
        """,
        "app/reexport.py": "from app.events import SIGN_UP as SIGNUP_EVENT\n",
        "app/views.py": """
            from mixpanel import Mixpanel
            from app.events import ORDER_COMPLETED, EVENTS
            from app import events
            from .reexport import SIGNUP_EVENT

            LOCAL = "Local Constant"
            mp = Mixpanel("t")

            def go():
                mp.track("u", ORDER_COMPLETED)
                mp.track("u", events.SIGN_UP)
                mp.track("u", SIGNUP_EVENT)
                mp.track("u", LOCAL)
                mp.track("u", EVENTS["refund"])
        """,
    })
    calls = project.calls("app/views.py")
    assert [c.observation.name for c in calls] == [
        "Order Completed", "Sign Up", "Sign Up", "Local Constant", "Order Refunded"]
    # A name read from a constant is located at the call, and its literal is the definition
    # (in another file, or in this one).
    imported = calls[1].observation
    assert imported.name_origin is not None and imported.name_origin.path == calls[1].path
    assert (imported.name_origin.line, imported.name_origin.column) == (12, 19)
    assert imported.name_definition is not None
    assert imported.name_definition.path.endswith("events.py")
    assert (imported.name_definition.line, imported.name_definition.column) == (4, 16)
    local = calls[3].observation
    assert local.name_origin is not None and local.name_origin.line == 14
    assert local.name_definition is not None and local.name_definition.line == 7
    assert local.name_definition.path == calls[3].path


def test_a_parameter_as_event_name_makes_the_function_a_wrapper(tmp_path: Path) -> None:
    project = one(tmp_path, """
def go(button):
    mp.track("u", button)
""")
    (call,) = project.calls("app.py")
    assert call.observation.name is None and call.observation.name_source == "button"
    assert call.inside_wrapper == "app.go"


def test_reassigned_constants_are_not_guessed(tmp_path: Path) -> None:
    project = one(tmp_path, """
EVENT = "First"
EVENT = "Second"
mp.track("u", EVENT)
for NAME in ["a", "b"]:
    mp.track("u", NAME)
""")
    assert project.names("app.py") == [None, None]


def test_enum_members(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/events.py": """
            import enum
            from enum import Enum, StrEnum, auto

            class Events(str, Enum):
                ORDER_COMPLETED = "Order Completed"
                SIGN_UP = "Sign Up"

            class Plain(Enum):
                CHECKOUT = "Checkout Started"

            class Modern(StrEnum):
                REFUNDED = auto()
                SHIPPED = "Shipped"

            class Derived(Events):
                pass

            class Numbers(enum.IntEnum):
                ONE = 1
        """,
        "app/views.py": """
            from mixpanel import Mixpanel
            from app.events import Events, Plain, Modern
            from app import events

            mp = Mixpanel("t")
            mp.track("u", Events.ORDER_COMPLETED.value)
            mp.track("u", Events.SIGN_UP)
            mp.track("u", Plain.CHECKOUT.value)
            mp.track("u", Plain.CHECKOUT)
            mp.track("u", Modern.REFUNDED)
            mp.track("u", events.Modern.SHIPPED)
            mp.track("u", Events.ORDER_COMPLETED.name)
            mp.track("u", Events.MISSING)
        """,
    })
    assert project.names("app/views.py") == [
        "Order Completed", "Sign Up", "Checkout Started", None, "refunded", "Shipped",
        "ORDER_COMPLETED", None]


def test_class_attributes(tmp_path: Path) -> None:
    project = one(tmp_path, """
class EventNames:
    SIGN_UP = "Sign Up"

class Service:
    EVENT = "Service Event"

    def run(self):
        mp.track("u", self.EVENT)
        mp.track("u", EventNames.SIGN_UP)
""")
    assert project.names("app.py") == ["Service Event", "Sign Up"]


def test_local_variables(tmp_path: Path) -> None:
    project = one(tmp_path, """
def go(flag):
    other = compute()
    event = "Local Name"
    mp.track("u", event)
    changed = "First"
    if flag:
        changed = "Second"
    mp.track("u", changed)
    mp.track("u", other)
""")
    assert project.names("app.py") == ["Local Name", None, None]


@pytest.mark.parametrize(("value", "expected"), [
    ('"text"', "text"), ("3", 3), ("-3", -3), ("+2.5", 2.5), ("-1e3", -1000.0),
    ("1_000", 1000), ("0x10", 16), ("True", True), ("False", False), ("None", None),
    ("[1, 2, 3]", [1, 2, 3]), ("(1, 2)", [1, 2]),
    ('{"a": [1, {"b": None}]}', {"a": [1, {"b": None}]}),
    ('["a", PLAN]', ["a", "pro"]), ("PLAN", "pro"),
    ("x", UNKNOWN), ("[1, x]", UNKNOWN), ('{"a": x}', UNKNOWN), ("user.id", UNKNOWN),
    ("len(x)", UNKNOWN), ("1 + 2", UNKNOWN), ("{1, 2}", UNKNOWN), ("[*x]", UNKNOWN),
    ("2j", UNKNOWN), ("-True", UNKNOWN),
])
def test_property_values(tmp_path: Path, value: str, expected: object) -> None:
    project = one(tmp_path, f"""
PLAN = "pro"
def go(x, user):
    mp.track("u", "E", {{"k": {value}}})
""")
    call = project.call("app.py")
    assert call.observation.properties == {"k": expected}
    assert call.observation.keys_complete


def test_property_origins_point_at_keys(tmp_path: Path) -> None:
    project = one(tmp_path, """
mp.track("u", "E", {"plan": "pro",
                    "seats": 3})
""")
    origins = project.call("app.py").observation.property_origins
    assert (origins["plan"].line, origins["plan"].column) == (5, 21)
    assert (origins["seats"].line, origins["seats"].column, origins["seats"].end_column) == (
        6, 21, 28)


def test_dict_call_and_keyword_origins(tmp_path: Path) -> None:
    project = one(tmp_path, """
mp.track("u", "E", dict(plan="pro", seats=2))
mp.track("u", "E", dict({"a": 1}, b=2))
mp.track("u", "E", dict(unknown))
""")
    first, second, third = project.calls("app.py")
    assert first.observation.properties == {"plan": "pro", "seats": 2}
    assert first.observation.property_origins["plan"].column == 25
    assert second.observation.properties == {"a": 1, "b": 2}
    assert not third.observation.keys_complete


def test_dict_variable_built_in_the_function(tmp_path: Path) -> None:
    project = one(tmp_path, """
def go(order):
    props = {"order_id": order.id}
    props["total"] = order.total
    props["currency"] = "EUR"
    mp.track("u", "Order Completed", props)
    props["after"] = 1
""")
    call = project.call("app.py")
    assert call.observation.properties == {"order_id": UNKNOWN, "total": UNKNOWN,
                                           "currency": "EUR"}
    assert call.observation.keys_complete
    assert call.observation.property_origins["currency"].line == 8


def test_dict_variable_changed_in_unknown_ways(tmp_path: Path) -> None:
    project = one(tmp_path, """
def update(extra):
    props = {"a": 1}
    props.update(extra)
    mp.track("u", "Updated", props)

def passed_around(fill):
    props = {"a": 1}
    fill(props)
    mp.track("u", "Passed", props)

def dynamic_key(key):
    props = {"a": 1}
    props[key] = 2
    mp.track("u", "Dynamic Key", props)

def reassigned(flag):
    props = {"a": 1}
    if flag:
        props = {"b": 2}
    mp.track("u", "Reassigned", props)
""")
    calls = project.calls("app.py")
    assert [c.observation.keys_complete for c in calls] == [False, False, False, False]
    assert calls[0].observation.properties == {"a": 1}
    assert calls[2].observation.properties == {"a": 1}
    assert not calls[3].properties_known and calls[3].observation.properties == {}


def test_spread_dicts(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/common.py": """
            BASE = {"app": "web", "version": VERSION}
        """,
        "app/views.py": """
            from mixpanel import Mixpanel
            from app.common import BASE

            mp = Mixpanel("t")
            LOCAL_BASE = {"env": "prod"}

            def go(extra):
                mp.track("u", "A", {**LOCAL_BASE, "k": 1})
                mp.track("u", "B", {**BASE, "k": 1})
                mp.track("u", "C", {**extra, "k": 1})
                mp.track("u", "D", BASE)
        """,
    })
    a, b, c, d = project.calls("app/views.py")
    assert a.observation.properties == {"env": "prod", "k": 1} and a.observation.keys_complete
    assert b.observation.properties == {"app": "web", "version": UNKNOWN, "k": 1}
    assert b.observation.keys_complete
    assert b.observation.property_origins["app"].path.endswith("common.py")
    assert c.observation.properties == {"k": 1} and not c.observation.keys_complete
    assert c.properties_known
    assert d.observation.properties == {"app": "web", "version": UNKNOWN}


def test_properties_wholly_unknown(tmp_path: Path) -> None:
    project = one(tmp_path, """
def go(props, build):
    mp.track("u", "A", props)
    mp.track("u", "B", build())
    mp.track("u", "C", props or {})
    mp.track("u", "D")
    mp.track("u", "E", None)
""")
    a, b, c, d, e = project.calls("app.py")
    for unknown in (a, b, c):
        assert not unknown.properties_known
        assert unknown.observation.properties == {} and not unknown.observation.keys_complete
    for empty in (d, e):
        assert empty.properties_known and empty.observation.keys_complete
        assert empty.observation.properties == {}


def test_unserialisable_value_types(tmp_path: Path) -> None:
    project = one(tmp_path, """
import datetime, decimal, uuid
from datetime import date
def go(x):
    mp.track("u", "E", {
        "when": datetime.datetime.now(),
        "day": date.today(),
        "price": decimal.Decimal("1.0"),
        "id": uuid.uuid4(),
        "tags": {"a", "b"},
        "raw": b"bytes",
        "fine": str(x),
    })
""")
    call = project.call("app.py")
    assert call.value_types == {"when": "datetime", "day": "date", "price": "Decimal",
                                "id": "UUID", "tags": "set", "raw": "bytes"}
    assert all(v is UNKNOWN for v in call.observation.properties.values())


def test_platform_is_passed_through(tmp_path: Path) -> None:
    project = single_file(tmp_path, HEADER + 'mp.track("u", "E")\n', platform="backend")
    assert project.call("app.py").observation.platform == "backend"


RECORDS = """
import dataclasses
from typing import ClassVar

import attr
import attrs
from pydantic import BaseModel
from somelibrary import SomeLibraryBase


@dataclasses.dataclass
class Order:
    order_id: str
    price: float
    currency: ClassVar[str] = "EUR"


@dataclasses.dataclass
class PaidOrder(Order):
    coupon: str | None = None


@attrs.define
class Refund:
    order_id: str
    amount: float


@attr.s
class Legacy:
    order_id = attr.ib()


class Item(BaseModel):
    sku: str
    quantity: int = 1
    _cache: dict = {}


class Plain:
    sku: str


@dataclasses.dataclass
class FromLibrary(SomeLibraryBase):
    extra: str
"""


@pytest.mark.parametrize(("expression", "keys", "complete"), [
    ("dataclasses.asdict(order)", ["order_id", "price"], True),
    ("dataclasses.asdict(paid)", ["coupon", "order_id", "price"], True),
    ("attrs.asdict(refund)", ["amount", "order_id"], True),
    ("attr.asdict(legacy)", ["order_id"], True),
    ("item.model_dump()", ["quantity", "sku"], True),
    ("item.model_dump(exclude_none=True)", ["quantity", "sku"], True),
    ("item.dict()", ["quantity", "sku"], True),
    ('{**item.model_dump(), "source": "api"}', ["quantity", "sku", "source"], True),
    ("dataclasses.asdict(library)", ["extra"], False),  # its base may add fields
    ('item.model_dump(include={"sku"})', [], False),
    ("item.model_dump_json()", [], False),
    ("dataclasses.asdict(plain)", [], False),  # not a dataclass
    ("order.model_dump()", [], False),  # a dataclass has no model_dump
    ("unknown.dict()", [], False),
])
def test_properties_of_dataclass_attrs_and_pydantic_records(
        tmp_path: Path, expression: str, keys: list[str], complete: bool) -> None:
    project = Project(tmp_path, {"records.py": RECORDS, "app.py": f"""
import dataclasses

import attr
import attrs
from mixpanel import Mixpanel
from records import FromLibrary, Item, Legacy, Order, PaidOrder, Plain, Refund

mp = Mixpanel("token")

def go(order: Order, paid: PaidOrder, refund: Refund, legacy: Legacy, item: Item,
       plain: Plain, library: FromLibrary, unknown):
    mp.track("u", "Order Completed", {expression})
"""})
    observation = project.call("app.py").observation
    assert sorted(observation.properties) == keys
    assert observation.keys_complete is complete
