"""Knowing values statically: event names, property keys and literal values.

A value is known when it is a literal (str/int/float/bool/None, a negative number,
a list or dict of literals) or a name that stands for one: a local variable whose
assignments reaching the read agree, a module constant (of this module or imported
from another), a class attribute or an Enum member.  Anything else is UNKNOWN:
a value is never guessed.  Properties are read from dicts built in the code
(:mod:`linter.static.dicts`: displays, ``dict(...)``, a local grown with stores,
``update`` and ``setdefault``, ``{**base, "k": v}``) and constant dicts of any
module, keeping for each key the position of the key itself so diagnostics can
point at it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from linter.events import UNKNOWN, Origin
from linter.static.dicts import DictContent, DictReader
from linter.static.model import pattern_text
from linter.static.summary import Literal, is_known, literal
from linter.static.symbols import ClassSym, InstanceSym
from linter.static.targets import ClassTy, InstanceTy, Typer
from linter.static.view import FileView

_MAX_DEPTH = 16
# ``dataclasses.asdict`` and attrs' ``asdict``; pydantic's dump methods and the
# options that keep to the model's fields (they may leave some out, never add one).
_ASDICT = frozenset({"dataclasses.asdict", "attr.asdict", "attrs.asdict"})
_DUMPS = frozenset({"model_dump", "dict"})
_DUMP_OPTIONS = frozenset({"exclude_none", "exclude_unset", "exclude_defaults", "mode",
                           "round_trip", "warnings"})
_TYPE_NAMES = {
    "builtins.set": "set", "builtins.frozenset": "frozenset", "builtins.bytes": "bytes",
    "builtins.bytearray": "bytearray", "builtins.object": "object",
    "datetime.datetime": "datetime", "datetime.datetime.now": "datetime",
    "datetime.datetime.utcnow": "datetime", "datetime.datetime.fromtimestamp": "datetime",
    "datetime.datetime.fromisoformat": "datetime", "datetime.date": "date",
    "datetime.date.today": "date", "datetime.time": "time", "datetime.timedelta": "timedelta",
    "decimal.Decimal": "Decimal", "uuid.UUID": "UUID", "uuid.uuid1": "UUID",
    "uuid.uuid3": "UUID", "uuid.uuid4": "UUID", "uuid.uuid5": "UUID",
}


@dataclass(slots=True)
class Properties:
    """Properties read from one expression.

    ``known`` is false when the expression could not be read at all; ``complete`` is
    false when keys beyond ``values`` may be present.
    """

    values: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    # Where each known value's expression is: precise carets and enum-value fixes.
    value_origins: dict[str, Origin] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    complete: bool = True
    known: bool = True

    def merge(self, other: Properties) -> None:
        self.values.update(other.values)
        self.origins.update(other.origins)
        self.value_origins.update(other.value_origins)
        self.types.update(other.types)
        self.complete = self.complete and other.complete and other.known

    def add(self, key: str, value: Any, origin: Origin | None, kind: str | None,
            value_origin: Origin | None = None) -> None:
        self.values[key] = value
        if origin is not None:
            self.origins[key] = origin
        if value_origin is not None and value is not UNKNOWN:
            self.value_origins[key] = value_origin
        else:
            self.value_origins.pop(key, None)
        if kind is not None:
            self.types[key] = kind
        else:
            self.types.pop(key, None)


def unknown_properties() -> Properties:
    return Properties(complete=False, known=False)


class Resolver:
    """Resolves expressions of one file to values, using its view and the project index."""

    def __init__(self, view: FileView, typer: Typer) -> None:
        self.view = view
        self.typer = typer
        self.symbols = view.symbols
        self.dicts = DictReader(view, lambda node: self.string(node)[0])

    # single values

    def value(self, node: cst.BaseExpression, depth: int = 0) -> Any:
        """The literal value of an expression, or UNKNOWN."""
        found, _ = self._value(node, depth)
        return found

    def string(self, node: cst.BaseExpression) -> tuple[str | None, Origin | None]:
        """A string value and where its literal is (in this file or where a constant is)."""
        found, origin = self._value(node, 0)
        if not isinstance(found, str):
            return None, None
        return found, origin

    def pattern(self, node: cst.BaseExpression) -> str | None:
        """The name an f-string or a concatenation forms when only part of it is known.

        A format string with ``{}`` for each part computed at run time (braces of the
        text doubled): ``f"{PREFIX}:{noun}"`` with ``PREFIX = "backend"`` is
        ``backend:{}``.  None when nothing of it is known, or all of it is.
        """
        parts = self._pattern_parts(node, 0)
        if parts is None or all(p is None for p in parts) or all(p is not None for p in parts):
            return None
        return pattern_text(parts)

    def _pattern_parts(self, node: cst.BaseExpression, depth: int) -> list[str | None] | None:
        """Known text and unknown parts (None) of a string expression, or None if it is none."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, cst.FormattedString):
            parts: list[str | None] = []
            for part in node.parts:
                if isinstance(part, cst.FormattedStringText):
                    parts.append(fstring_text(node, part.value))
                elif isinstance(part, cst.FormattedStringExpression) and \
                        part.format_spec is None and part.conversion is None:
                    parts.append(self.string(part.expression)[0])
                else:
                    parts.append(None)
            return parts
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            left = self._pattern_parts(node.left, depth + 1)
            right = self._pattern_parts(node.right, depth + 1)
            if left is None and right is None:
                return None
            return (left or [None]) + (right or [None])
        if isinstance(node, cst.ConcatenatedString):
            left = self._pattern_parts(node.left, depth + 1)
            right = self._pattern_parts(node.right, depth + 1)
            return None if left is None or right is None else left + right
        known, _ = self.string(node)
        return None if known is None else [known]

    def _value(self, node: cst.BaseExpression, depth: int) -> tuple[Any, Origin | None]:
        if depth > _MAX_DEPTH:
            return UNKNOWN, None
        if isinstance(node, cst.FormattedString) or (  # ``f"{PREFIX}:done"``: constants too
                isinstance(node, cst.ConcatenatedString) and "{" in self.view.code(node)):
            parts = self._pattern_parts(node, depth + 1)
            if parts is None or any(p is None for p in parts):
                return UNKNOWN, None
            return "".join(p for p in parts if p is not None), self.view.origin(node)
        if isinstance(node, cst.SimpleString | cst.ConcatenatedString |
                      cst.Integer | cst.Float):
            return self._plain_literal(node), self.view.origin(node)
        if isinstance(node, cst.Name):
            return self._name(node, depth)
        if isinstance(node, cst.Attribute):
            return self._attribute(node, depth)
        if isinstance(node, cst.UnaryOperation):
            operand = self.value(node.expression, depth + 1)
            number = isinstance(operand, int | float) and not isinstance(operand, bool)
            if number and isinstance(node.operator, cst.Minus):
                return -operand, None
            return (operand, None) if number and isinstance(node.operator, cst.Plus) \
                else (UNKNOWN, None)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            left, right = self.value(node.left, depth + 1), self.value(node.right, depth + 1)
            both = isinstance(left, str) and isinstance(right, str)
            return (left + right, None) if both else (UNKNOWN, None)
        if isinstance(node, cst.List | cst.Tuple):
            return self._sequence(node, depth), None
        if isinstance(node, cst.Dict):
            props = self.properties(node, None, depth + 1)
            whole = props.complete and props.known and is_known(props.values)
            return (props.values if whole else UNKNOWN), None
        if isinstance(node, cst.Subscript):
            return self._subscript(node, depth), None
        if isinstance(node, cst.IfExp):
            # ``"A" if x else "A"``: known only when both sides agree.
            body, orelse = self._value(node.body, depth + 1), self._value(node.orelse, depth + 1)
            return body if body[0] is not UNKNOWN and body[0] == orelse[0] else (UNKNOWN, None)
        return UNKNOWN, None

    def _plain_literal(self, node: cst.BaseExpression) -> Any:
        """Literal tokens, evaluated by Python's own rules (escapes, prefixes, underscores)."""
        try:
            parsed = ast.parse(f"(\n{self.view.code(node)}\n)", mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return UNKNOWN
        return literal(parsed)

    def _sequence(self, node: cst.List | cst.Tuple, depth: int) -> Any:
        items = []
        for element in node.elements:
            if isinstance(element, cst.StarredElement):
                return UNKNOWN
            item = self.value(element.value, depth + 1)
            if not is_known(item):
                return UNKNOWN
            items.append(item)
        return items

    def _subscript(self, node: cst.Subscript, depth: int) -> Any:
        """``EVENTS["signup"]`` on a constant dict."""
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return UNKNOWN
        container = self.value(node.value, depth + 1)
        key = self.value(node.slice[0].slice.value, depth + 1)
        if isinstance(container, dict) and isinstance(key, str) and key in container:
            return container[key]
        return UNKNOWN

    def _name(self, node: cst.Name, depth: int) -> tuple[Any, Origin | None]:
        if node.value in ("True", "False", "None") and "builtins." + node.value in \
                self.view.qualified_names(node):
            return {"True": True, "False": False, "None": None}[node.value], None
        if self.view.is_local(node):
            assignment = self.view.single_assignment(node)
            if assignment is None or self.view.param_of(assignment) is not None:
                return UNKNOWN, None
            value = self.view.assigned_value(assignment)
            return (UNKNOWN, None) if value is None else self._value(value, depth + 1)
        return self._from_symbols(node)

    def _attribute(self, node: cst.Attribute, depth: int) -> tuple[Any, Origin | None]:
        found = self._from_symbols(node)
        if found[0] is not UNKNOWN:
            return found
        # self.ATTR / cls.ATTR / instance.attr: a class attribute reached through a value.
        for owner in self.typer.types(node.value, depth + 1):
            symbol = None
            if isinstance(owner, InstanceTy):
                symbol = self.symbols.member(InstanceSym(owner.name), node.attr.value)
            elif isinstance(owner, ClassTy) and (info := self.symbols.class_info(owner.name)):
                symbol = self.symbols.member(ClassSym(info), node.attr.value)
            value, literal_ = self.symbols.value(symbol)
            if value is not UNKNOWN:
                return value, _origin(literal_)
        return UNKNOWN, None

    def _from_symbols(self, node: cst.Name | cst.Attribute) -> tuple[Any, Origin | None]:
        for name in self.view.qualified_names(node):
            value, literal_ = self.symbols.value(self.symbols.resolve(name))
            if value is not UNKNOWN:
                return value, _origin(literal_)
        return UNKNOWN, None

    def attribute(self, node: cst.BaseExpression, attribute: str, depth: int = 0,
                  text: bool = False) -> tuple[str | None, Origin | None]:
        """The string an object's attribute holds (an event object's name), and its literal.

        ``OrderCompleted(order_id=...)`` (built here or in a local) has the value its
        constructor is given for the attribute, else what its class defines.
        """
        if depth > _MAX_DEPTH:
            return None, None
        if isinstance(node, cst.Name) and self.view.is_local(node):
            assignment = self.view.single_assignment(node)
            value = None if assignment is None else self.view.assigned_value(assignment)
            return (None, None) if value is None else self.attribute(value, attribute,
                                                                    depth + 1, text)
        if isinstance(node, cst.Call):
            given = next((a.value for a in node.args
                          if a.keyword is not None and a.keyword.value == attribute), None)
            if given is not None:
                return self.string(given)
        found: set[tuple[str, Origin | None]] = set()
        for owner in self.typer.types(node, depth + 1):
            if isinstance(owner, InstanceTy):
                value, literal_ = (self.symbols.attribute_text(owner.name, attribute) if text
                                   else self.symbols.attribute_value(owner.name, attribute))
                if not isinstance(value, str):
                    return None, None
                found.add((value, _origin(literal_)))
        return found.pop() if len(found) == 1 else (None, None)

    # properties

    def properties(self, node: cst.BaseExpression, call: cst.CSTNode | None,
                   depth: int = 0) -> Properties:
        """The properties an expression holds; ``call`` is where the dict is read."""
        if depth > _MAX_DEPTH:
            return unknown_properties()
        if isinstance(node, cst.Name) and node.value == "None":
            return Properties()
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
            # ``props or {}``: the fallback adds nothing.
            return self.properties(node.left, call, depth + 1)
        content = self.dicts.read(node, call, depth)
        if content is not None:
            return self._content(content, call, depth)
        if isinstance(node, cst.Name | cst.Attribute) and not (
                isinstance(node, cst.Name) and self.view.is_local(node)):
            return self._constant_dict(node, depth)
        if isinstance(node, cst.Call):
            return self._record_dump(node, depth) or unknown_properties()
        return unknown_properties()

    def _record_dump(self, call: cst.Call, depth: int) -> Properties | None:
        """``asdict(order)`` of a dataclass or attrs instance, ``item.model_dump()`` (or
        pydantic 1's ``item.dict()``) of a pydantic model: the keys of its fields."""
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value in _DUMPS:
            owner, pydantic_only = func.value, True
            if any(a.keyword is None or a.keyword.value not in _DUMP_OPTIONS
                   for a in call.args):
                return None  # include=, exclude=, by_alias=...: other keys
        elif len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star \
                and _ASDICT & set(self.view.qualified_names(func)):
            owner, pydantic_only = call.args[0].value, False
        else:
            return None
        found = [self.symbols.record_keys(t.name, pydantic_only)
                 for t in self.typer.types(owner, depth + 1) if isinstance(t, InstanceTy)]
        if not found or found[0] is None or any(other != found[0] for other in found):
            return None
        keys, complete = found[0]
        props = Properties(complete=complete)
        for key in keys:
            props.add(key, UNKNOWN, None, None)
        return props

    def _content(self, content: DictContent, call: cst.CSTNode | None,
                 depth: int) -> Properties:
        """Properties of a dict built here: parts spread in (constants of other modules are
        read too), then its own keys, which a reader takes as what is sent."""
        props = Properties()
        for part in content.unknown:
            props.merge(self.properties(part, call, depth + 1))
        for entry in content.entries:
            props.add(entry.key, self.value(entry.value, depth + 1),
                      self.view.origin(entry.key_node), self.value_type(entry.value),
                      self.view.origin(entry.value))
        props.complete = props.complete and not content.opaque
        return props

    def _constant_dict(self, node: cst.Name | cst.Attribute, depth: int) -> Properties:
        for name in self.view.qualified_names(node):
            value, found = self.symbols.value(self.symbols.resolve(name))
            if isinstance(value, dict) and found is not None:
                return _from_literal(found)
        return unknown_properties()

    # types of non-literal values

    def value_type(self, node: cst.BaseExpression) -> str | None:
        """The type of a value that is evidently not a JSON value, for TL212."""
        if isinstance(node, cst.Set | cst.SetComp):
            return "set"
        if isinstance(node, cst.GeneratorExp):
            return "generator"
        if isinstance(node, cst.SimpleString) and "b" in node.prefix.lower():
            return "bytes"
        if isinstance(node, cst.Call):
            for name in self.view.qualified_names(node.func):
                if name in _TYPE_NAMES:
                    return _TYPE_NAMES[name]
        return None


def _origin(found: Literal | None) -> Origin | None:
    return None if found is None else found.origin


def _from_literal(found: Literal) -> Properties:
    value = found.value
    assert isinstance(value, dict)
    props = Properties(complete=found.complete)
    for key, item in value.items():
        props.add(key, item if is_known(item) else UNKNOWN, found.key_origins.get(key), None)
    return props


def fstring_text(node: cst.FormattedString, text: str) -> str | None:
    """The text between an f-string's braces as Python reads it (escapes, ``{{``)."""
    prefix = node.prefix.lower().replace("f", "")
    try:
        value = ast.literal_eval(f"{prefix}{node.quote}{text}{node.quote}")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    return value.replace("{{", "{").replace("}}", "}") if isinstance(value, str) else None
