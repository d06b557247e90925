"""Amplitude Data: the tracking-plan CSV, and the Taxonomy API's JSON.

The CSV (Data > Events > export, or ``GET /v1/projects/{id}/tracking-plan/export``)
has one row per event (``Object Type`` = ``Event``) followed by one row per
property of that event (``Property Type`` = ``Event Property``, the event columns
blank), as Amplitude's ".CSV file schema reference" documents.  Rows Amplitude
marks ``UNEXPECTED`` were seen but never planned: they are not imported (a
warning names them), and ``DELETED`` events become removed ones.  Usage
statistics (volumes, queries, first and last seen) are not part of a plan.

The Taxonomy API (``GET /api/2/taxonomy/event`` and ``.../event-property``)
answers ``{"success": true, "data": [...]}``; save the answers as ``.json``
files and import the file or their folder.

The export is the CSV Amplitude imports, with the columns its documentation
requires.  Amplitude has no nullable, date-time, object or format types, and
its enums are lists of text separated by commas: what does not fit is listed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from linter.diagnostics import Diagnostic
from linter.interop.capabilities import Carries, event_where, extension_losses, losses
from linter.interop.common import (
    PlanBuilder,
    parse_flag,
    platform_names,
    split_list,
    text_or_none,
)
from linter.interop.labels import (
    FIELD_LABELS,
    event_labels,
    labels_as_tags,
    read_labels,
    tags_as_labels,
)
from linter.interop.model import (
    ExportedFile,
    ExportOptions,
    ExportResult,
    ImportResult,
    ImportSettings,
)
from linter.interop.problems import INVALID, NOT_EXPORTED, Where, diagnostic, failure, quoted
from linter.interop.schema_out import required_everywhere
from linter.interop.sources import CsvRow, CsvTable, files_under, load_csv, load_json, mapping
from linter.plan.build import DEFAULT_PLATFORMS
from linter.plan.model import Event, Plan, Property

TITLE = "Amplitude Data"
CARRIES = Carries.of(
    event="description owner platforms identity status replaced_by tags category",
    prop="description array item_type items enum pattern minimum maximum min_length max_length "
         "min_items max_items")
_KEPT = "x-amplitude"
#: The columns of Amplitude's import, in the order its own export writes them.
COLUMNS = ("Action", "Object Type", "Object Name", "Event Display Name", "Object Owner",
           "Object Description", "Event Category", "Tags", "Event Activity",
           "Event Hidden From Dropdowns", "Event Hidden From Persona Results",
           "Event Hidden From Pathfinder", "Event Hidden From Timeline", "Event Source",
           "Property Type", "Property Group Names", "Event Property Name",
           "Property Description", "Property Value Type", "Property Required",
           "Property Visibility", "Property Is Array", "String Property Value Min Length",
           "String Property Value Max Length", "Number Is Integer", "Number Property Value Min",
           "Number Property Value Max", "Array Unique Items", "Array Min Items",
           "Array Max Items", "Enum Values", "Const Value", "Property Regex")
_HIDDEN = {"Event Hidden From Dropdowns": "hidden_from_dropdowns",
           "Event Hidden From Persona Results": "hidden_from_persona_results",
           "Event Hidden From Pathfinder": "hidden_from_pathfinder",
           "Event Hidden From Timeline": "hidden_from_timeline"}
_VALUE_TYPES = {"string": "string", "number": "number", "boolean": "boolean", "any": "any",
                "enum": "string", "const": "any"}


def detect_csv(table: CsvTable | None) -> bool:
    lowered = {name.lower() for name in table.header} if table else set()
    return {"object type", "object name", "event property name"} <= lowered


def detect_json(data: Any) -> bool:
    """A Taxonomy API answer: ``{"success": ..., "data": [{"event_type": ...}]}``."""
    rows = mapping(data).get("data")
    return "success" in mapping(data) and isinstance(rows, list) and all(
        isinstance(row, Mapping) and "event_type" in row for row in rows)


def detect_folder(files: list[Path], root: Path) -> bool:
    jsons = [f for f in files if f.suffix.lower() == ".json"]
    if not jsons:
        return False
    try:
        return all(detect_json(load_json(root / f, str(f)).data) for f in jsons)
    except Exception:  # a broken file is reported by the reader of the format chosen
        return False


def read(path: Path, display: str, settings: ImportSettings) -> ImportResult:
    if path.is_dir() or path.suffix.lower() == ".json":
        return _read_taxonomy(path, display)
    table = load_csv(path, display)
    return _CsvReader(table).read()


# -- the CSV --------------------------------------------------------------------------


class _CsvReader:
    def __init__(self, table: CsvTable) -> None:
        self.table = table
        by_lower = {name.lower(): name for name in table.header}
        self.column = {name: by_lower.get(name.lower()) for name in
                       (*COLUMNS, "Event Schema Status", "Property Schema Status")}
        missing = [name for name in ("Object Type", "Object Name", "Event Property Name")
                   if self.column[name] is None]
        if missing:
            raise failure(INVALID, f"the CSV has no {quoted(missing)} column", table.where(1),
                          "export the tracking plan again from Amplitude Data (Events, export)")
        self.builder = PlanBuilder()

    def cell(self, row: CsvRow, name: str) -> str:
        return row.get(self.column.get(name))

    def read(self) -> ImportResult:
        groups = self._groups()
        event: dict[str, Any] | None = None
        owner = ""  # the object the rows below belong to: "event", "group" or none yet
        name = ""
        unexpected: list[str] = []
        start = 0
        for row in self.table.rows:
            kind = self.cell(row, "Object Type").lower()
            if kind == "event":
                self._finish(name, event, unexpected, start)
                name, start, unexpected, owner = self.cell(row, "Object Name"), row.line, [], kind
                event = self._event(row, name, groups)
            elif kind == "property group":
                self._finish(name, event, unexpected, start)
                event, owner = None, kind
            elif event is not None and self.cell(row, "Event Property Name"):
                self._property(row, event, unexpected)
            elif not owner and self.cell(row, "Event Property Name"):
                raise failure(INVALID, "a property row comes before any event row",
                              self.table.where(row.line, self.column["Event Property Name"]),
                              "each event's properties follow its row (Object Type: Event)")
            # Otherwise: a property of an event that was not imported (reported there).
        self._finish(name, event, unexpected, start)
        return self.builder.result()

    def _groups(self) -> dict[str, list[CsvRow]]:
        """Property groups: a ``Property Group`` row, then the rows of its properties."""
        groups: dict[str, list[CsvRow]] = {}
        current: list[CsvRow] | None = None
        for row in self.table.rows:
            kind = self.cell(row, "Object Type").lower()
            if kind == "property group":
                current = groups.setdefault(self.cell(row, "Object Name"), [])
            elif kind:
                current = None
            elif current is not None and self.cell(row, "Event Property Name"):
                current.append(row)
        return groups

    def _event(self, row: CsvRow, name: str, groups: Mapping[str, list[CsvRow]]
               ) -> dict[str, Any] | None:
        where = self.table.where(row.line, self.column["Object Name"])
        if not name:
            self.builder.diagnostics.append(diagnostic(
                INVALID, "an event row without an Object Name cannot be imported", where))
            return None
        status = self.cell(row, "Event Schema Status").upper()
        if status == "UNEXPECTED":
            self.builder.skip(f"event '{name}' was seen by Amplitude but is not planned "
                              "(UNEXPECTED): not imported", where, name)
            return None
        event: dict[str, Any] = {}
        for column, key in (("Object Description", "description"), ("Object Owner", "owner"),
                            ("Event Category", "category")):
            if self.cell(row, column):
                event[key] = self.cell(row, column)
        fields, tags = read_labels(tags_as_labels(split_list(self.cell(row, "Tags"))))
        event.update({k: v for k, v in fields.items() if k not in event})
        if tags:
            event["tags"] = tags
        platforms = platform_names(split_list(self.cell(row, "Event Source")))
        if platforms:
            event["platforms"] = platforms
        if status == "DELETED" or self.cell(row, "Action").lower() == "remove":
            event["status"] = "removed"
        kept: dict[str, Any] = {key: True for column, key in _HIDDEN.items()
                                if parse_flag(self.cell(row, column))}
        if self.cell(row, "Event Display Name"):
            kept["display_name"] = self.cell(row, "Event Display Name")
        if self.cell(row, "Event Activity").upper() == "INACTIVE":
            kept["activity"] = "INACTIVE"
        if kept:
            event[_KEPT] = kept
        event["properties"] = {}
        for group in split_list(self.cell(row, "Property Group Names")):
            for member in groups.get(group, []):
                self._property(member, event, [])
        self.builder.add_event(name, event, where)
        return event

    def _property(self, row: CsvRow, event: dict[str, Any], unexpected: list[str]) -> None:
        name = self.cell(row, "Event Property Name")
        if self.cell(row, "Property Schema Status").upper() == "UNEXPECTED":
            unexpected.append(name)
            return
        if name in event["properties"]:
            self.builder.diagnostics.append(diagnostic(
                INVALID, f"property '{name}' is listed twice for the event; the first row "
                "was imported", self.table.where(row.line, self.column["Event Property Name"])))
            return
        event["properties"][name] = self._definition(row)

    def _definition(self, row: CsvRow) -> dict[str, Any]:
        value_type = self.cell(row, "Property Value Type").lower() or "any"
        kind = _VALUE_TYPES.get(value_type, "any")
        if kind == "number" and parse_flag(self.cell(row, "Number Is Integer")):
            kind = "integer"
        definition: dict[str, Any] = {"type": kind}
        if parse_flag(self.cell(row, "Property Required")):
            definition["required"] = True
        if self.cell(row, "Property Description"):
            definition["description"] = self.cell(row, "Property Description")
        if value_type == "enum" and self.cell(row, "Enum Values"):
            definition["enum"] = split_list(self.cell(row, "Enum Values"))
        if value_type == "const" and self.cell(row, "Const Value"):
            definition["enum"] = [self.cell(row, "Const Value")]
            definition["type"] = "string"
        if self.cell(row, "Property Regex"):
            definition["pattern"] = self.cell(row, "Property Regex")
        for column, key in (("String Property Value Min Length", "min_length"),
                            ("String Property Value Max Length", "max_length"),
                            ("Number Property Value Min", "minimum"),
                            ("Number Property Value Max", "maximum")):
            number = self._number(row, column)
            if number is not None:
                definition[key] = number
        if self.cell(row, "Property Visibility").upper() == "HIDDEN":
            definition[_KEPT] = {"visibility": "HIDDEN"}
        if parse_flag(self.cell(row, "Property Is Array")):
            items = {k: definition.pop(k) for k in list(definition)
                     if k not in ("required", "description", _KEPT)}
            definition = {"type": "array", **definition, "items": items}
            for column, key in (("Array Min Items", "min_items"),
                                ("Array Max Items", "max_items")):
                number = self._number(row, column)
                if number is not None:
                    definition[key] = int(number)
            if parse_flag(self.cell(row, "Array Unique Items")):
                definition["schema"] = {"uniqueItems": True}
        return definition

    def _number(self, row: CsvRow, column: str) -> int | float | None:
        text = self.cell(row, column)
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise failure(INVALID, f"'{column}' must be a number, not {text!r}",
                          self.table.where(row.line, self.column[column]),
                          "fix the cell in Amplitude Data and export again") from None
        return int(value) if value.is_integer() and "Length" in column else value

    def _finish(self, name: str, event: dict[str, Any] | None, unexpected: list[str],
                line: int) -> None:
        if event is not None and unexpected:
            self.builder.skip(f"properties of event '{name}' seen by Amplitude but not planned "
                              f"(UNEXPECTED) are not imported: {quoted(unexpected)}",
                              self.table.where(line), name)


# -- the Taxonomy API -----------------------------------------------------------------


def _read_taxonomy(path: Path, display: str) -> ImportResult:
    builder = PlanBuilder()
    events: dict[str, dict[str, Any]] = {}
    where: dict[str, Where] = {}
    for file, shown in _json_files(path, display):
        document = load_json(file, shown)
        if not detect_json(document.data):
            raise failure(INVALID, "not an answer of Amplitude's Taxonomy API",
                          document.where(), "save the JSON of GET /api/2/taxonomy/event and "
                          "GET /api/2/taxonomy/event-property")
        for index, row in enumerate(document.data["data"]):
            name = text_or_none(row.get("event_type"))
            at = document.where("data", index)
            if "event_property" in row:
                prop = text_or_none(row.get("event_property"))
                if prop is None:
                    continue
                target = builder.shared if name is None else events.setdefault(
                    name, {"properties": {}})["properties"]
                target[prop] = _taxonomy_property(row)
            elif name is not None:
                events[name] = {**_taxonomy_event(row), **events.get(name, {"properties": {}})}
            where.setdefault(name or "", at)
    for name, event in events.items():
        builder.add_event(name, event, where.get(name, Where(display)))
    return builder.result()


def _json_files(path: Path, display: str) -> Iterator[tuple[Path, str]]:
    if not path.is_dir():
        yield path, display
        return
    for file in files_under(path, (".json",)):
        yield file, f"{display.rstrip('/')}/{file.relative_to(path).as_posix()}"


def _taxonomy_event(row: Mapping[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = {}
    if text_or_none(row.get("description")):
        event["description"] = row["description"]
    category = text_or_none(mapping(row.get("category")).get("name"))
    if category:
        event["category"] = category
    if text_or_none(row.get("owner")):
        event["owner"] = row["owner"]
    fields, tags = read_labels(tags_as_labels(str(t) for t in row.get("tags") or ()))
    event.update({k: v for k, v in fields.items() if k not in event})
    if tags:
        event["tags"] = tags
    kept: dict[str, Any] = {key.removeprefix("is_"): True for key in row
                            if key.startswith("is_hidden") and row[key] is True}
    if text_or_none(row.get("display_name")):
        kept["display_name"] = row["display_name"]
    if row.get("is_active") is False:
        kept["activity"] = "INACTIVE"
    if kept:
        event[_KEPT] = kept
    return event


def _taxonomy_property(row: Mapping[str, Any]) -> dict[str, Any]:
    value_type = str(row.get("type") or "any").lower()
    definition: dict[str, Any] = {"type": _VALUE_TYPES.get(value_type, "any")}
    if row.get("is_required") is True:
        definition["required"] = True
    if text_or_none(row.get("description")):
        definition["description"] = row["description"]
    values = row.get("enum_values")
    if isinstance(values, str):
        values = split_list(values)
    if values:
        definition["enum"] = [str(v) for v in values]
        definition["type"] = "string"
    if text_or_none(row.get("regex")):
        definition["pattern"] = row["regex"]
    kept: dict[str, Any] = {}
    if row.get("is_hidden") is True:
        kept["visibility"] = "HIDDEN"
    if row.get("classifications"):
        kept["classifications"] = list(row["classifications"])
    if kept:
        definition[_KEPT] = kept
    if row.get("is_array_type") is True:
        items = {k: definition.pop(k) for k in list(definition)
                 if k not in ("required", "description", _KEPT)}
        definition = {"type": "array", **definition, "items": items}
    return definition


# -- export ---------------------------------------------------------------------------


def export(plan: Plan, options: ExportOptions) -> ExportResult:
    """The CSV Amplitude Data imports: an event row, then a row per property."""
    diagnostics = [*losses(plan, CARRIES, TITLE),
                   *extension_losses(plan, frozenset({_KEPT}), TITLE)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in plan.events.values():
        writer.writerow(_event_row(event))
        container = frozenset(event.platforms)
        own = {p.name for p in event.properties}
        inherited = [p for p in plan.global_properties if p.name not in own
                     and (p.platforms is None or p.platforms & container)]
        for prop in (*event.properties, *inherited):
            writer.writerow(_property_row(prop, container, event, diagnostics))
    return ExportResult([ExportedFile(PurePosixPath("amplitude-events.csv"), buffer.getvalue())],
                        diagnostics)


def _event_row(event: Event) -> dict[str, str]:
    kept = mapping(event.extensions.get(_KEPT))
    labels = event_labels(event, [k for k in FIELD_LABELS
                                  if k not in ("owner", "category", "platforms")])
    if labels.get("status") == "removed":
        del labels["status"]
    row = {"Action": "Remove" if event.status == "removed" else "", "Object Type": "Event",
           "Object Name": event.name, "Event Display Name": str(kept.get("display_name", "")),
           "Object Owner": event.owner or "", "Object Description": event.description or "",
           "Event Category": event.category or "",
           "Tags": ",".join([*event.tags, *labels_as_tags(labels)]),
           "Event Activity": str(kept.get("activity", "ACTIVE")),
           "Event Source": "" if set(event.platforms) == set(DEFAULT_PLATFORMS)
           else ",".join(event.platforms)}
    for column, key in _HIDDEN.items():
        row[column] = "TRUE" if kept.get(key) else "FALSE"
    return row


def _property_row(prop: Property, container: frozenset[str], event: Event,
                  diagnostics: list[Diagnostic]) -> dict[str, str]:
    value = prop.items if prop.type == "array" and prop.items is not None else prop
    kind = {"integer": "number", "datetime": "string", "object": "any",
            "array": "any"}.get(value.type, value.type)
    row = {"Property Type": "Event Property", "Event Property Name": prop.name,
           "Property Description": prop.description or "",
           "Property Required": _flag(required_everywhere(prop, container)),
           "Property Visibility": str(mapping(prop.extensions.get(_KEPT)).get("visibility",
                                                                              "VISIBLE")),
           "Property Is Array": _flag(prop.type == "array"),
           "Number Is Integer": _flag(value.type == "integer") if kind == "number" else "",
           "Property Regex": value.pattern or ""}
    if value.enum is not None and value.type == "string":
        texts = [str(v) for v in value.enum]
        if any("," in text for text in texts):
            diagnostics.append(diagnostic(
                NOT_EXPORTED, f"not exported to {TITLE}, event '{event.name}': property "
                f"'{prop.name}' enum values with a comma ({quoted(t for t in texts if ',' in t)})"
                ": Amplitude separates enum values with commas", event_where(event),
                event=event.name))
        else:
            kind = "enum"
            row["Enum Values"] = ",".join(texts)
    row["Property Value Type"] = kind
    for attribute, column in (("min_length", "String Property Value Min Length"),
                              ("max_length", "String Property Value Max Length"),
                              ("minimum", "Number Property Value Min"),
                              ("maximum", "Number Property Value Max")):
        number = getattr(value, attribute)
        row[column] = "" if number is None else _number(number)
    if prop.type == "array":
        row["Array Min Items"] = "" if prop.min_items is None else str(prop.min_items)
        row["Array Max Items"] = "" if prop.max_items is None else str(prop.max_items)
        unique = (prop.raw_schema or {}).get("uniqueItems") is True
        row["Array Unique Items"] = "TRUE" if unique else ""
    return row


def _flag(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
