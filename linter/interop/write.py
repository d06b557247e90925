"""Writing imported plan data as plan files a person reviews: one file, or a folder.

Every key is written in one order (an event's description first, its properties
last), simple definitions on one line (``price: {type: number, required: true}``)
and the rest as blocks, with PyYAML deciding every quote (through
:mod:`linter.infer.emit`), so the files read back as exactly what was imported.
A folder holds ``plan.yaml`` (settings and shared properties) and
``events/<category>.yaml``, by the source's categories when it has them, else by
the first word of the event names once a plan is too large for one file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from linter.infer.emit import FLOW_WIDTH, INDENT, YamlWriter, flow_value
from linter.interop.model import ExportedFile, PlanData
from linter.text.naming import split_words

#: Events past which a plan without categories is split by the first word of their names.
SPLIT_AT = 40
PLAN_ORDER = ("version", "description", "platforms", "additional_properties", "naming")
EVENT_ORDER = ("description", "category", "owner", "platforms", "identity", "status",
               "replaced_by", "tags", "additional_properties")
PROPERTY_ORDER = ("ref", "type", "required", "description", "nullable", "enum", "format",
                  "pattern", "minimum", "maximum", "min_length", "max_length", "min_items",
                  "max_items", "platforms", "deprecated", "additional_properties", "examples",
                  "schema")
_SECTIONS = ("global_properties", "properties")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def render_plan(data: PlanData, header: str | None = None) -> str:
    """Plan data as the text of one YAML plan file."""
    writer = YamlWriter()
    if header:
        for line in header.splitlines():
            writer.comment(0, line)
    for key, value in _ordered(data, PLAN_ORDER, last=(*_SECTIONS, "events")):
        if key in _SECTIONS:
            writer.blank()
            writer.key(0, key)
            for name, definition in value.items():
                _property(writer, 1, name, definition)
        elif key == "events":
            writer.blank()
            if not value:
                writer.pair(0, "events", {})
            else:
                writer.key(0, "events")
                for index, (name, event) in enumerate(value.items()):
                    if index:
                        writer.blank()
                    _event(writer, 1, name, event)
        else:
            _value(writer, 0, key, value)
    return writer.text()


def plan_files(data: PlanData, folder: bool, header: str | None = None) -> list[ExportedFile]:
    """The plan as ``plan.yaml``, or as a folder of ``plan.yaml`` and ``events/*.yaml``."""
    if not folder:
        return [ExportedFile(PurePosixPath("plan.yaml"), render_plan(data, header))]
    events: Mapping[str, Any] = data.get("events") or {}
    settings = {k: v for k, v in data.items() if k != "events"}
    settings["events"] = {}
    files = [ExportedFile(PurePosixPath("plan.yaml"), render_plan(settings, header))]
    for stem, group in _groups(events).items():
        text = render_plan({"events": group})
        files.append(ExportedFile(PurePosixPath("events") / f"{stem}.yaml", text))
    return files


def _groups(events: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Events by file stem: their category, else (for large plans) their first word."""
    categorised = any(isinstance(e, Mapping) and e.get("category") for e in events.values())
    groups: dict[str, dict[str, Any]] = {}
    for name, event in events.items():
        category = event.get("category") if isinstance(event, Mapping) else None
        if category:
            stem = slug(str(category))
        elif categorised:
            stem = "uncategorised"
        elif len(events) > SPLIT_AT:
            words = split_words(name)
            stem = slug(words[0]) if words else "events"
        else:
            stem = "events"
        groups.setdefault(stem or "events", {})[name] = event
    return groups


def slug(text: str) -> str:
    """A file stem for a category: ``"Resources / Content"`` -> ``resources-content``."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def _ordered(data: Mapping[str, Any], first: tuple[str, ...], last: tuple[str, ...] = ()
             ) -> list[tuple[str, Any]]:
    """``data``'s items: ``first`` keys in that order, then the others, then ``last`` ones."""
    head = [(key, data[key]) for key in first if key in data]
    tail = [(key, data[key]) for key in last if key in data]
    middle = [(key, value) for key, value in data.items() if key not in first and key not in last]
    return [*head, *middle, *tail]


def _event(writer: YamlWriter, level: int, name: str, event: Any) -> None:
    if not isinstance(event, Mapping) or not event:
        writer.pair(level, name, event if event is not None else {})
        return
    writer.key(level, name)
    for key, value in _ordered(event, EVENT_ORDER, last=("properties",)):
        if key == "properties" and isinstance(value, Mapping):
            if not value:
                writer.pair(level + 1, key, {})
                continue
            writer.key(level + 1, key)
            for prop, definition in value.items():
                _property(writer, level + 2, prop, definition)
        else:
            _value(writer, level + 1, key, value)


def _property(writer: YamlWriter, level: int, name: str, definition: Any) -> None:
    """A definition on one line when nothing is nested and it fits, else as a block."""
    if not isinstance(definition, Mapping):
        writer.pair(level, name, definition)
        return
    ordered = dict(_ordered(definition, PROPERTY_ORDER, last=("items", "properties")))
    nested = "items" in ordered or "properties" in ordered
    if not nested and _fits(level, name, flow_value(ordered)):
        writer.pair(level, name, ordered)
        return
    writer.key(level, name)
    for key, value in ordered.items():
        if key == "items":
            _property(writer, level + 1, "items", value)
        elif key == "properties" and isinstance(value, Mapping):
            if not value:
                writer.pair(level + 1, key, {})
                continue
            writer.key(level + 1, key)
            for child, child_definition in value.items():
                _property(writer, level + 2, child, child_definition)
        else:
            _value(writer, level + 1, key, value)


def _value(writer: YamlWriter, level: int, key: str, value: Any) -> None:
    """Any value: on the key's line when it fits, else a block mapping or list."""
    if not isinstance(value, Mapping | list) or not value:
        writer.pair(level, key, value)
        return
    if _fits(level, key, flow_value(value)):
        writer.pair(level, key, value)
        return
    writer.key(level, key)
    if isinstance(value, Mapping):
        for child, child_value in value.items():
            _value(writer, level + 1, str(child), child_value)
        return
    for item in value:
        writer.lines.append(f"{INDENT * (level + 1)}- {flow_value(item)}")


def _fits(level: int, key: str, flow: str) -> bool:
    return len(INDENT * level) + len(key) + 2 + len(flow) <= FLOW_WIDTH
