"""A spreadsheet tracking plan, as CSV: one row per event property.

Teams keep plans in sheets with their own column names: "Event Name" or
"Event", "Property Value Type" or "Data Type" or "Segment Type", "Is Property
Required?"...  :data:`COLUMNS` maps the names found in the templates of Avo
(its "ultimate", Amplitude, Mixpanel and Segment Protocols formats), Countly's
schema export and common hand-made sheets to plan fields, ignoring case and
punctuation; a column it does not know is named in a warning, never silently
skipped.  A row without an event name belongs to the event above it; event
``*`` holds global properties; ``address.city`` and ``items[].sku`` are nested
properties when the parent is defined above them.

The export writes tracklint's own column names, one row per property (the
event's fields on its first row), enums and examples as JSON lists when a value
holds a comma, and reads back exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from linter.interop.capabilities import Carries, extension_losses, losses
from linter.interop.common import PlanBuilder, parse_flag, platform_names, split_list
from linter.interop.labels import read_labels, tags_as_labels
from linter.interop.model import (
    ExportedFile,
    ExportOptions,
    ExportResult,
    ImportResult,
    ImportSettings,
)
from linter.interop.problems import INVALID, diagnostic, failure, quoted
from linter.interop.schema_out import required_everywhere, scope_of
from linter.interop.sources import CsvRow, CsvTable, load_csv
from linter.plan.build import DEFAULT_PLATFORMS
from linter.plan.model import Event, Plan, Property

TITLE = "a spreadsheet"
CARRIES = Carries.of(
    plan="global_properties",
    event="description owner platforms identity status replaced_by tags category "
          "additional_properties",
    prop="description required_per_platform platforms object_type object array item_type "
         "items nullable datetime enum pattern format minimum maximum min_length max_length "
         "min_items max_items additional_properties deprecated schema examples")
ALL_EVENTS = "*"

#: Plan field -> the column names teams use for it (compared lowercased, letters and digits).
COLUMNS: dict[str, tuple[str, ...]] = {
    "event": ("Event", "Event Name", "Event_Name", "Event Key"),
    "event_description": ("Event Description", "Event Definition",
                          "Trigger + Event Description", "Event Trigger", "When To Fire"),
    "description": ("Description",),
    "category": ("Category", "Event Category"),
    "owner": ("Owner", "Event Owner", "Team", "Owner Team"),
    "platforms": ("Platforms", "Platform", "Sources", "Source", "Event Source"),
    "status": ("Status", "Event Status"),
    "replaced_by": ("Replaced By", "Replacement"),
    "identity": ("Identity",),
    "tags": ("Tags", "Event Tags", "Labels"),
    "additional_properties": ("Additional Properties", "Allow Unplanned"),
    "event_type": ("Event Type",),
    "property": ("Property", "Property Name", "Event Property", "Event Property Name",
                 "Segment Name", "Parameter", "Parameter Name"),
    "property_description": ("Property Description", "Property Definition",
                             "Segment Description"),
    "property_kind": ("Property Type",),
    "type": ("Type", "Property Value Type", "Value Type", "Data Type", "Property Data Type",
             "Segment Type"),
    "required": ("Required", "Is Property Required?", "Is Required", "Property Required",
                 "Segment Required", "Mandatory"),
    "array": ("Is Property Array?", "Property Is Array", "Is Array", "Array",
              "Property Value Is List"),
    "nullable": ("Nullable",),
    "item_nullable": ("Item Nullable",),
    "enum": ("Enum", "Enum Values", "Allowed Values", "Property Enumeration Options",
             "Property Allowed Values", "Segment List Options", "Sample Values"),
    "pattern": ("Pattern", "Regex", "Property Regex", "Segment Regex"),
    "format": ("Format",),
    "minimum": ("Minimum", "Min"),
    "maximum": ("Maximum", "Max"),
    "min_length": ("Min Length",),
    "max_length": ("Max Length",),
    "min_items": ("Min Items",),
    "max_items": ("Max Items",),
    "property_platforms": ("Property Platforms",),
    "deprecated": ("Deprecated", "Property Deprecated"),
    "examples": ("Examples", "Example", "Example Values", "Value Example"),
    "schema": ("Schema", "JSON Schema"),
    "item_schema": ("Item Schema",),
}
#: Columns that describe usage, not the plan: known, and not imported without a word.
IGNORED = ("#of Segments", "Version")
_TYPES = {"string": "string", "str": "string", "text": "string", "enum": "string",
          "int": "integer", "integer": "integer", "long": "integer",
          "float": "number", "number": "number", "numeric": "number", "decimal": "number",
          "double": "number", "bool": "boolean", "boolean": "boolean",
          "object": "object", "dict": "object", "map": "object", "array": "array",
          "list": "array", "date": "datetime", "datetime": "datetime", "date time": "datetime",
          "timestamp": "datetime", "any": "any", "mixed": "any"}
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_EXPORT_COLUMNS = ("Event", "Event Description", "Category", "Owner", "Platforms", "Status",
                   "Replaced By", "Identity", "Tags", "Additional Properties", "Property",
                   "Property Description", "Type", "Array", "Required", "Nullable",
                   "Item Nullable", "Enum", "Pattern",
                   "Format", "Minimum", "Maximum", "Min Length", "Max Length", "Min Items",
                   "Max Items", "Property Platforms", "Deprecated", "Examples", "Schema",
                   "Item Schema")


def _key(name: str) -> str:
    return _NOT_KEY.sub("", name.lower())


_BY_KEY = {_key(alias): field for field, aliases in COLUMNS.items() for alias in aliases}


def header_fields(header: list[str]) -> dict[str, str]:
    """Plan field -> the column of ``header`` that holds it (the first one found)."""
    found: dict[str, str] = {}
    for column in header:
        field = _BY_KEY.get(_key(column))
        if field is not None and field not in found:
            found[field] = column
    return found


def detect(table: CsvTable | None) -> bool:
    return table is not None and "event" in header_fields(table.header)


def read(path: Path, display: str, settings: ImportSettings) -> ImportResult:
    return _Reader(load_csv(path, display), settings.columns).read()


class _Reader:
    def __init__(self, table: CsvTable, columns: Mapping[str, str]) -> None:
        self.table = table
        self.fields = {**header_fields(table.header), **self._given(columns)}
        if "event" not in self.fields:
            accepted = ", ".join(f"'{name}'" for name in COLUMNS["event"])
            raise failure(INVALID, "no column names the events: the header is "
                          + ", ".join(f"'{c}'" for c in table.header[:12]), table.where(1),
                          f"name the event column {accepted}, or pass --column "
                          "event=NAME (or --from with the tool that wrote the file)")
        self.builder = PlanBuilder()
        self.events: dict[str, dict[str, Any]] = {}
        self.first_line: dict[str, int] = {}
        known = set(self.fields.values()) | {c for c in table.header if c in IGNORED}
        unknown = [c for c in table.header if c and c not in known]
        if unknown:
            self.builder.skip(f"columns tracklint does not know are not imported: "
                              f"{quoted(unknown)}", table.where(1))

    def _given(self, columns: Mapping[str, str]) -> dict[str, str]:
        """The columns named with --column, matched to the header like the known names."""
        by_key = {_key(column): column for column in self.table.header}
        found: dict[str, str] = {}
        for field, name in columns.items():
            column = by_key.get(_key(name))
            if column is None:
                raise failure(INVALID, f"no column '{name}' (given with --column "
                              f"{field}={name}); the header is "
                              + ", ".join(f"'{c}'" for c in self.table.header[:12]),
                              self.table.where(1), "name a column of the header row")
            found[field] = column
        return found

    def cell(self, row: CsvRow, field: str) -> str:
        return row.get(self.fields.get(field))

    def read(self) -> ImportResult:
        current = ""
        for row in self.table.rows:
            current = self.cell(row, "event") or current
            if not current:
                raise failure(INVALID, "the first row names no event", self.table.where(
                    row.line, self.fields["event"]), "fill in the event column")
            kind = self.cell(row, "event_type").lower()
            if kind and kind != "track":
                self.builder.skip(f"a {kind} row has no place in a tracklint plan (it "
                                  "describes traits or pages)", self.table.where(row.line),
                                  current)
                continue
            self._row(row, current)
        for name, event in self.events.items():
            if name != ALL_EVENTS:
                self.builder.add_event(name, event, self.table.where(self.first_line[name]))
        return self.builder.result()

    def _row(self, row: CsvRow, name: str) -> None:
        prop = self.cell(row, "property")
        if name == ALL_EVENTS:
            if prop:
                self._property(row, name, self.builder.global_properties, prop)
            return
        event = self.events.get(name)
        if event is None:
            event = self.events[name] = {}
            self.first_line[name] = row.line
        self._event_fields(row, name, event, bool(prop))
        if prop:
            kind = self.cell(row, "property_kind").lower()
            if kind and not kind.startswith("event"):
                self.builder.skip(f"'{prop}' is a {kind} property: only event properties "
                                  "have a place in a plan", self.table.where(row.line), name)
                return
            self._property(row, name, event.setdefault("properties", {}), prop)

    def _event_fields(self, row: CsvRow, name: str, event: dict[str, Any],
                      has_property: bool) -> None:
        found: dict[str, Any] = {}
        description = self.cell(row, "event_description") or (
            "" if has_property else self.cell(row, "description"))
        if description:
            found["description"] = description
        for field in ("category", "owner", "replaced_by"):
            if self.cell(row, field):
                found[field] = self.cell(row, field)
        labels, tags = read_labels(tags_as_labels(split_list(self.cell(row, "tags"), _sep(
            self.cell(row, "tags")))))
        found.update({k: v for k, v in labels.items() if k not in found})
        if tags:
            found["tags"] = tags
        platforms = platform_names(split_list(self.cell(row, "platforms"),
                                              _sep(self.cell(row, "platforms"))))
        if platforms:
            found["platforms"] = platforms
        for field, allowed in (("status", ("active", "deprecated", "removed")),
                               ("identity", ("required", "optional"))):
            value = self.cell(row, field).lower()
            if value in allowed and value not in ("active", "optional"):
                found[field] = value
        if parse_flag(self.cell(row, "additional_properties")):
            found["additional_properties"] = True
        for key, value in found.items():
            if key not in event:
                event[key] = value
            elif event[key] != value:
                self.builder.skip(f"the {key.replace('_', ' ')} of event '{name}' differs from "
                                  f"the one on line {self.first_line[name]}; the first was "
                                  "kept", self.table.where(row.line), name)

    def _property(self, row: CsvRow, event: str, properties: dict[str, Any],
                  path: str) -> None:
        parent, name = _parent(properties, path)
        if parent is None:
            parent, name = properties, path
        if name in parent:
            self.builder.diagnostics.append(diagnostic(
                INVALID, f"property '{path}' of event '{event}' is listed twice; the first row "
                "was imported", self.table.where(row.line, self.fields.get("property")),
                event=event))
            return
        parent[name] = self._definition(row, event, path)

    def _definition(self, row: CsvRow, event: str, path: str) -> dict[str, Any]:
        definition: dict[str, Any] = {}
        text = self.cell(row, "type").lower()
        kinds = [k.strip() for k in text.split(",") if k.strip()]
        if "null" in kinds:
            definition["nullable"] = True
            kinds.remove("null")
        kind = _TYPES.get(kinds[0]) if len(kinds) == 1 else None
        if kinds and kind is None:
            self.builder.skip(f"the type '{text}' of property '{path}' is not one tracklint "
                              "knows; the property accepts any value",
                              self.table.where(row.line, self.fields.get("type")), event)
        definition["type"] = kind or "any"
        required = self.cell(row, "required")
        flag = parse_flag(required)
        if flag:
            definition["required"] = True
        elif flag is None:
            definition["required"] = platform_names(split_list(required, _sep(required)))
        description = self.cell(row, "property_description") or self.cell(row, "description")
        if description:
            definition["description"] = description
        if parse_flag(self.cell(row, "nullable")):
            definition["nullable"] = True
        enum = self.cell(row, "enum")
        if enum:
            definition["enum"] = _values(enum, definition["type"])
        for field in ("pattern", "format"):
            if self.cell(row, field):
                definition[field] = self.cell(row, field)
        for field in ("minimum", "maximum", "min_length", "max_length", "min_items",
                      "max_items"):
            if self.cell(row, field):
                definition[field] = self._number(row, field)
        platforms = platform_names(split_list(self.cell(row, "property_platforms"),
                                              _sep(self.cell(row, "property_platforms"))))
        if platforms:
            definition["platforms"] = platforms
        if parse_flag(self.cell(row, "deprecated")):
            definition["deprecated"] = True
        if parse_flag(self.cell(row, "additional_properties")) is not None and \
                definition["type"] == "object" and self.cell(row, "additional_properties"):
            definition["additional_properties"] = parse_flag(
                self.cell(row, "additional_properties"))
        if self.cell(row, "examples"):
            definition["examples"] = _values(self.cell(row, "examples"), definition["type"])
        if self.cell(row, "schema"):
            definition["schema"] = self._json(row, "schema")
        if parse_flag(self.cell(row, "array")):
            moved = ("type", "enum", "pattern", "format", "minimum", "maximum", "min_length",
                     "max_length")
            item: dict[str, Any] = {k: definition.pop(k) for k in moved if k in definition}
            if parse_flag(self.cell(row, "item_nullable")):
                item["nullable"] = True
            if self.cell(row, "item_schema"):
                item["schema"] = self._json(row, "item_schema")
            definition = {"type": "array", **definition, "items": item}
        return definition

    def _number(self, row: CsvRow, field: str) -> int | float:
        text = self.cell(row, field)
        try:
            value = float(text)
        except ValueError:
            raise failure(INVALID, f"'{self.fields[field]}' must be a number, not {text!r}",
                          self.table.where(row.line, self.fields[field]),
                          "write a number, or leave the cell empty") from None
        return int(value) if value.is_integer() else value

    def _json(self, row: CsvRow, field: str) -> Any:
        try:
            return json.loads(self.cell(row, field))
        except json.JSONDecodeError as error:
            raise failure(INVALID, f"'{self.fields[field]}' must hold JSON: {error.msg}",
                          self.table.where(row.line, self.fields[field]),
                          "write a JSON Schema object, or leave the cell empty") from None


def _sep(text: str) -> str:
    """Lists in cells are split on commas, or on semicolons when a cell uses them."""
    return ";" if ";" in text else ","


def _values(text: str, kind: str) -> list[Any]:
    """An enum or examples cell: a JSON list, or values separated by commas (typed)."""
    if text.startswith("["):
        try:
            values = json.loads(text)
            if isinstance(values, list):
                return values
        except json.JSONDecodeError:
            pass
    parts = split_list(text, _sep(text))
    if kind in ("integer", "number"):
        try:
            return [int(p) if kind == "integer" else float(p) for p in parts]
        except ValueError:
            return parts
    if kind == "boolean":
        flags = [parse_flag(p) for p in parts]
        return [f for f in flags if f is not None] if None not in flags else parts
    return parts


def _parent(properties: dict[str, Any], path: str) -> tuple[dict[str, Any] | None, str]:
    """Where ``a.b`` or ``a[].b`` goes: inside ``a`` (or its items) when ``a`` is defined.

    A dotted name without such a parent is a plain name: some tools name properties
    ``page.url``.
    """
    head, dot, tail = path.rpartition(".")
    if not dot or not head or not tail:
        return None, path
    is_items = head.endswith("[]")
    owner = _lookup(properties, head[:-2] if is_items else head)
    if owner is None:
        return None, path
    if is_items:
        owner = owner.setdefault("items", {"type": "object"})
    return owner.setdefault("properties", {}), tail


def _lookup(properties: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The definition at ``a``, ``a.b`` or ``a[].b`` among ``properties``, if defined."""
    found = properties.get(path)
    if found is None:
        parent, name = _parent(properties, path)
        found = parent.get(name) if parent is not None else None
    return found if isinstance(found, dict) else None


# -- export ---------------------------------------------------------------------------


def export(plan: Plan, options: ExportOptions) -> ExportResult:
    """One row per property, the event's fields on its first row; ``*`` for global ones."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    everywhere = frozenset(plan.platforms)
    for prop, path, scope in _flatten(plan.global_properties, everywhere, ""):
        writer.writerow({"Event": ALL_EVENTS, **_property_cells(prop, path, scope)})
    for event in plan.events.values():
        first = _event_cells(event)
        container = frozenset(event.platforms)
        rows = list(_flatten(event.properties, container, ""))
        if not rows:
            writer.writerow(first)
        for index, (prop, path, scope) in enumerate(rows):
            cells = first if index == 0 else {"Event": event.name}
            writer.writerow({**cells, **_property_cells(prop, path, scope)})
    return ExportResult([ExportedFile(PurePosixPath("tracking-plan.csv"), buffer.getvalue())],
                        [*losses(plan, CARRIES, TITLE),
                         *extension_losses(plan, frozenset(), TITLE)])


def _flatten(properties: tuple[Property, ...], container: frozenset[str], prefix: str
             ) -> Iterator[tuple[Property, str, frozenset[str]]]:
    """Each property with its path (``a.b``, ``a[].b``) and the platforms of its container."""
    for prop in properties:
        path = prefix + prop.name
        yield prop, path, container
        scope = scope_of(prop, container)
        if prop.items is not None:
            yield from _flatten(prop.items.properties, scope, f"{path}[].")
        yield from _flatten(prop.properties, scope, f"{path}.")


def _event_cells(event: Event) -> dict[str, str]:
    return {"Event": event.name, "Event Description": event.description or "",
            "Category": event.category or "", "Owner": event.owner or "",
            "Platforms": "" if set(event.platforms) == set(DEFAULT_PLATFORMS)
            else ", ".join(event.platforms),
            "Status": "" if event.status == "active" else event.status,
            "Replaced By": event.replaced_by or "",
            "Identity": "" if event.identity == "optional" else event.identity,
            "Tags": "; ".join(event.tags) if any("," in t for t in event.tags)
            else ", ".join(event.tags),
            "Additional Properties": "true" if event.additional_properties else ""}


def _property_cells(prop: Property, path: str, container: frozenset[str]) -> dict[str, str]:
    """An array with items is written as its items' row, marked Array."""
    value = prop.items if prop.type == "array" else None
    cells = {"Property": path, "Property Description": prop.description or "",
             "Type": prop.type if value is None else value.type,
             "Array": "true" if value is not None else "",
             "Nullable": "true" if prop.nullable else ""}
    if required_everywhere(prop, container):
        cells["Required"] = "true"
    elif prop.required_on:
        cells["Required"] = ", ".join(sorted(prop.required_on & scope_of(prop, container)))
    source = value or prop
    if source.enum is not None:
        cells["Enum"] = _cell_list(source.enum)
    for attribute, column in (("pattern", "Pattern"), ("format", "Format"),
                              ("minimum", "Minimum"), ("maximum", "Maximum"),
                              ("min_length", "Min Length"), ("max_length", "Max Length")):
        found = getattr(source, attribute)
        if found is not None:
            cells[column] = str(found)
    for attribute, column in (("min_items", "Min Items"), ("max_items", "Max Items")):
        found = getattr(prop, attribute)
        if found is not None:
            cells[column] = str(found)
    if prop.platforms is not None and scope_of(prop, container) != container:
        cells["Property Platforms"] = ", ".join(sorted(scope_of(prop, container)))
    if prop.deprecated:
        cells["Deprecated"] = "true"
    if prop.examples:
        cells["Examples"] = json.dumps(list(prop.examples), ensure_ascii=False)
    if prop.raw_schema_json:
        cells["Schema"] = prop.raw_schema_json
    if value is not None and value.nullable:
        cells["Item Nullable"] = "true"
    if value is not None and value.raw_schema_json:
        cells["Item Schema"] = value.raw_schema_json
    return cells


def _cell_list(values: tuple[Any, ...]) -> str:
    texts = [str(v) for v in values]
    if all(isinstance(v, str) and "," not in v and v == v.strip() and v for v in values):
        return ", ".join(texts)
    return json.dumps(list(values), ensure_ascii=False)

