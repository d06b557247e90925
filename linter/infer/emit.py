"""Writing an inferred plan as YAML a person can review, with comments.

``yaml.safe_dump`` cannot write comments, and comments are the point here
(``# seen 2 times``, ``# type varies: ...``), so the layout is written by hand.
Every *scalar*, though, is written by PyYAML itself, which knows exactly when a
string must be quoted: names with ``: `` or `` #``, a leading ``-``, ``?`` or
``*``, ``yes``/``no``/``on``/``off`` that YAML 1.1 reads as booleans, ``null``,
``~``, numbers, dates, ``<<``, line breaks and non-printable characters.  The
result is therefore loaded back as exactly the names that were seen.

Layout: events and properties with nested definitions are block mappings;
simple property definitions are one flow mapping on one line
(``price: {type: number, required: true}``).  Comments go on their own lines
above what they describe.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import yaml

from linter.infer.model import InferredEvent, InferredPlan, InferredProperty

INDENT: Final = "  "
#: Flow mappings longer than this are written as block mappings instead.
FLOW_WIDTH: Final = 100
_WIDE: Final = 1_000_000  # no line folding inside scalars
#: Characters PyYAML's reader takes as line breaks besides \n and \r.
_YAML_BREAKS: Final = "\x85\u2028\u2029"
#: Plain scalars that YAML 1.2's core schema or YAML 1.1 read as null, booleans or numbers.
_NOT_TEXT: Final = re.compile(
    r"^(?:~|null|Null|NULL|y|Y|n|N|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE"
    r"|on|On|ON|off|Off|OFF"
    r"|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
    r"|0o[0-7]+|0x[0-9a-fA-F]+|0b[01]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")

Value = Any


def render_yaml(plan: InferredPlan) -> str:
    """The plan as YAML text, loadable by :func:`linter.plan.loader.load_plan`."""
    writer = YamlWriter()
    for comment in plan.comments:
        writer.comment(0, comment)
    writer.pair(0, "version", plan.version)
    if plan.description:
        writer.pair(0, "description", plan.description)
    if plan.platforms:
        writer.pair(0, "platforms", list(plan.platforms))
    naming = {k: v for k, v in (("events", plan.naming.events),
                                ("properties", plan.naming.properties)) if v}
    if naming:
        writer.pair(0, "naming", naming)
    if plan.shared:
        writer.blank()
        writer.comment(0, "Properties several events send, defined once (events use ref:).")
        writer.key(0, "properties")
        for prop in plan.shared:
            _property(writer, 1, prop)
    writer.blank()
    if not plan.events:
        writer.pair(0, "events", {})
        return writer.text()
    writer.key(0, "events")
    for index, event in enumerate(plan.events):
        if index:
            writer.blank()
        _event(writer, 1, event)
    return writer.text()


def _event(writer: YamlWriter, level: int, event: InferredEvent) -> None:
    for comment in event.comments:
        writer.comment(level, comment)
    writer.key(level, event.name)
    writer.pair(level + 1, "description", event.description)
    if event.platforms is not None:
        writer.pair(level + 1, "platforms", list(event.platforms))
    if event.additional_properties is not None:
        writer.pair(level + 1, "additional_properties", event.additional_properties)
    if event.properties:
        writer.key(level + 1, "properties")
        for prop in event.properties:
            _property(writer, level + 2, prop)


def _property(writer: YamlWriter, level: int, prop: InferredProperty, name: str | None = None
              ) -> None:
    """One definition: a one-line flow mapping when it has nothing nested, else a block."""
    for comment in prop.comments:
        writer.comment(level, comment)
    key = prop.name if name is None else name
    fields = property_fields(prop)
    if prop.items is None and not prop.properties:
        flow = flow_value(fields)
        if len(flow) <= FLOW_WIDTH:
            writer.pair(level, key, fields)
            return
    writer.key(level, key)
    for field_name, value in fields.items():
        writer.pair(level + 1, field_name, value)
    if prop.items is not None:
        _property(writer, level + 1, prop.items, name="items")
    if prop.properties:
        writer.key(level + 1, "properties")
        for child in prop.properties:
            _property(writer, level + 2, child)


def property_fields(prop: InferredProperty) -> dict[str, Value]:
    """The plan keys of a definition, without ``items`` and ``properties`` (nested apart)."""
    fields: dict[str, Value] = {}
    if prop.ref is not None:
        fields["ref"] = prop.ref
    else:
        fields["type"] = prop.type
    if prop.required is True:
        fields["required"] = True
    elif prop.required:
        fields["required"] = list(prop.required)
    if prop.ref is None:
        if prop.nullable:
            fields["nullable"] = True
        if prop.enum is not None:
            fields["enum"] = list(prop.enum)
        if prop.additional_properties is not None:
            fields["additional_properties"] = prop.additional_properties
        if prop.schema is not None:
            fields["schema"] = dict(prop.schema)
    return fields


# -- scalars ---------------------------------------------------------------------


def block_scalar(value: Value) -> str:
    """A scalar as a block mapping value, quoted only when YAML needs it; always one line."""
    return _scalar(value, flow=False)


def flow_scalar(value: Value) -> str:
    """A scalar inside ``[...]`` or ``{...}``, where ``,``, ``[`` and ``{`` also need quotes."""
    return _scalar(value, flow=True)


def _scalar(value: Value, *, flow: bool) -> str:
    """PyYAML's rendering of ``value``, cut out of a one-entry document.

    Two cases need help.  A value PyYAML would fold over several lines is
    written double-quoted, where line breaks are escapes.  And PyYAML writes
    NEL (U+0085) unescaped although its reader takes it as a line break (as it
    does U+2028 and U+2029): such text is written double-quoted with every
    non-ASCII character escaped.
    """
    risky = isinstance(value, str) and any(c in value for c in _YAML_BREAKS)
    body = _dump(value, flow=flow, quoted=risky)
    if "\n" in body:
        body = _dump(value, flow=flow, quoted=True, ascii_only=risky)
    return _portable(body, value)


def _portable(body: str, value: Value) -> str:
    """Quote plain text that another YAML reader would not read as text.

    PyYAML quotes what YAML 1.1 resolves to something else; readers of YAML
    1.2 (and of 1.1's ``y``/``n``) also read ``0o17``, ``1e3`` or ``n`` as
    numbers or booleans, so those are quoted too.
    """
    if isinstance(value, str) and body == value and _NOT_TEXT.match(value):
        return "'" + value + "'"
    return body


def _dump(value: Value, *, flow: bool, quoted: bool, ascii_only: bool | None = None) -> str:
    style = '"' if quoted else None
    unicode = not quoted if ascii_only is None else not ascii_only
    if flow:  # "[value]\n"
        text = yaml.safe_dump([value], allow_unicode=unicode, width=_WIDE,
                              default_flow_style=True, default_style=style)
        return text[1:-2]
    text = yaml.safe_dump({"k": value}, allow_unicode=unicode, width=_WIDE, default_style=style)
    return text[len('"k": ' if quoted else "k: "):-1]  # "k: value\n"


def block_key(name: str) -> str | None:
    """A mapping key as written in a block mapping; ``None`` when it must be explicit.

    PyYAML decides: keys too long or otherwise unfit for ``key: value`` are
    written ``? key`` on a line of their own.
    """
    text = yaml.safe_dump({name: 0}, allow_unicode=True, width=_WIDE)
    if text.startswith("? ") or not text.endswith(": 0\n") or text.count("\n") != 1:
        return None
    return _portable(text[:-len(": 0\n")], name)


def flow_value(value: Value) -> str:
    """A scalar, list or mapping in flow style: ``[web, ios]``, ``{type: string}``."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{flow_scalar(str(k))}: {flow_value(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(flow_value(v) for v in value) + "]"
    return flow_scalar(value)


def comment_text(text: str) -> str:
    """A comment on one line: line breaks and characters YAML does not allow become spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


class YamlWriter:
    """Lines of YAML at an indentation level; keys that need it are written explicitly.

    Shared by every writer of plan files (``infer``, ``plan import``), so all of
    them quote names the same way.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def comment(self, level: int, text: str) -> None:
        cleaned = comment_text(text)
        self.lines.append(f"{INDENT * level}# {cleaned}" if cleaned else f"{INDENT * level}#")

    def key(self, level: int, name: str) -> None:
        """A key whose value is the block written next, one level deeper."""
        self._key(level, name, None)

    def pair(self, level: int, name: str, value: Value) -> None:
        """A key and a value on one line (scalars as block scalars, the rest in flow style)."""
        if isinstance(value, (Mapping, list, tuple)):
            written = flow_value(value)
        else:
            written = block_scalar(value)
        self._key(level, name, written)

    def _key(self, level: int, name: str, value: str | None) -> None:
        indent = INDENT * level
        key = block_key(name)
        if key is not None:
            self.lines.append(f"{indent}{key}:" + (f" {value}" if value is not None else ""))
            return
        # ? "a very long key"   (explicit key, then its value on the next line)
        self.lines.append(f"{indent}? {flow_scalar(name)}")
        self.lines.append(f"{indent}:" + (f" {value}" if value is not None else ""))


__all__ = ["FLOW_WIDTH", "INDENT", "YamlWriter", "block_key", "block_scalar", "comment_text",
           "flow_scalar", "flow_value", "property_fields", "render_yaml"]
