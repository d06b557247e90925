"""The formats tracklint reads and writes, by name, and recognising one from its shape.

Each format is a value: its name (``--from``/``--format``), what it is called in
messages, its reader and exporter, a test that recognises its files, and the
plan fields it carries.  ``plan import`` without ``--from`` asks every format's
test; exactly one must answer yes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from linter.diagnostics import TracklintError
from linter.interop import (
    amplitude,
    iglu,
    jsonschema,
    mixpanel,
    rudderstack,
    segment,
    spreadsheet,
)
from linter.interop.capabilities import Carries
from linter.interop.model import ExportOptions, ExportResult, ImportResult, ImportSettings
from linter.interop.problems import UNKNOWN_FORMAT, Where, failure
from linter.interop.sources import CsvTable, files_under, load_csv, load_json, load_yaml
from linter.plan.model import Plan
from linter.text.naming import did_you_mean

Reader = Callable[[Path, str, ImportSettings], ImportResult]
Exporter = Callable[[Plan, ExportOptions], ExportResult]
_YAML_VERSION = re.compile(r"^version:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


class Probe:
    """A look at an import source, computed once and shared by every format's test."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display

    @cached_property
    def json(self) -> Any:
        """The parsed JSON of a ``.json`` file (errors are raised: the file is broken)."""
        if self.path.is_dir() or self.path.suffix.lower() != ".json":
            return None
        return load_json(self.path, self.display).data

    @cached_property
    def csv(self) -> CsvTable | None:
        if self.path.is_dir() or self.path.suffix.lower() not in (".csv", ".tsv", ".txt"):
            return None
        return load_csv(self.path, self.display)

    @cached_property
    def files(self) -> list[Path]:
        """For a folder, its files relative to it (hidden folders skipped)."""
        if not self.path.is_dir():
            return []
        return [file.relative_to(self.path) for file in files_under(self.path)]

    @cached_property
    def yaml_versions(self) -> list[str]:
        """The ``version:`` of each YAML file (a folder's, or the file itself)."""
        if self.path.is_dir():
            paths = [self.path / f for f in self.files if f.suffix.lower() in (".yaml", ".yml")]
        elif self.path.suffix.lower() in (".yaml", ".yml"):
            paths = [self.path]
        else:
            paths = []
        found = []
        for path in paths:
            try:
                head = path.read_text(encoding="utf-8", errors="replace")[:4096]
            except OSError:
                continue
            match = _YAML_VERSION.search(head)
            if match:
                found.append(match.group(1))
        return found


@dataclass(frozen=True, slots=True)
class Format:
    """One format: its names, what it reads and writes, and what it carries.

    ``output`` says whether an export is one file (written to ``--out FILE`` or
    standard output) or a folder (``--out DIR`` required).
    """

    name: str
    title: str
    summary: str
    read: Reader | None
    export: Exporter | None
    detect: Callable[[Probe], bool]
    carries: Carries
    output: Literal["file", "folder"] = "file"
    aliases: tuple[str, ...] = ()


def _jsonschema_detect(probe: Probe) -> bool:
    if probe.path.is_dir():
        found = [f for f in probe.files if f.suffix.lower() in (".json", ".yaml", ".yml")]
        return bool(found) and all(
            f.suffix.lower() == ".json" and jsonschema.detect(
                load_json(probe.path / f, str(f)).data) for f in found)
    return jsonschema.detect(probe.json)


def _amplitude_detect(probe: Probe) -> bool:
    if probe.path.is_dir():
        return amplitude.detect_folder(probe.files, probe.path)
    return amplitude.detect_csv(probe.csv) or amplitude.detect_json(probe.json)


def _iglu_detect(probe: Probe) -> bool:
    if probe.path.is_dir():
        return iglu.detect_folder(probe.files)
    if probe.path.suffix:
        return iglu.detect_data(probe.json)
    # Iglu schema files have no suffix: look inside.
    try:
        text = probe.path.read_text(encoding="utf-8", errors="replace")[:65536]
        return iglu.detect_data(json.loads(text))
    except (OSError, ValueError):
        return False


def _is_plan(probe: Probe) -> bool:
    """A tracklint plan file, or a folder of them: ``events`` at the top of a mapping."""
    paths = ([probe.path / f for f in probe.files] if probe.path.is_dir() else [probe.path])
    for path in paths:
        if path.suffix.lower() not in (".yaml", ".yml", ".json"):
            continue
        try:
            data = load_yaml(path, str(path)).data
        except TracklintError:
            continue
        if isinstance(data, dict) and isinstance(data.get("events"), dict):
            return True
    return False


FORMATS: dict[str, Format] = {
    f.name: f for f in (
        Format("segment", segment.TITLE,
               "Segment Protocols tracking-plan rules (Public API), or Typewriter's plan.json",
               segment.read, segment.export, lambda p: segment.detect(p.json), segment.CARRIES,
               aliases=("segment-protocols", "protocols", "typewriter")),
        Format("mixpanel", mixpanel.TITLE, "Mixpanel Lexicon Schemas API JSON",
               mixpanel.read, mixpanel.export, lambda p: mixpanel.detect(p.json),
               mixpanel.CARRIES, aliases=("lexicon", "mixpanel-lexicon")),
        Format("amplitude", amplitude.TITLE,
               "Amplitude Data tracking-plan CSV, or Taxonomy API JSON", amplitude.read,
               amplitude.export, _amplitude_detect, amplitude.CARRIES,
               aliases=("amplitude-data",)),
        Format("iglu", iglu.TITLE,
               "a Snowplow Iglu registry: schemas/{vendor}/{name}/jsonschema/{version}",
               iglu.read, iglu.export, _iglu_detect, iglu.CARRIES, "folder",
               aliases=("snowplow",)),
        Format("rudderstack", rudderstack.TITLE,
               "a RudderStack Data Catalog project (rudder-cli YAML)", rudderstack.read,
               rudderstack.export, lambda p: rudderstack.detect(p.yaml_versions),
               rudderstack.CARRIES, "folder", aliases=("rudder", "rudder-cli")),
        Format("csv", spreadsheet.TITLE,
               "a spreadsheet, one row per event property (many column names understood)",
               spreadsheet.read, spreadsheet.export,
               lambda p: spreadsheet.detect(p.csv) and not amplitude.detect_csv(p.csv),
               spreadsheet.CARRIES, aliases=("spreadsheet", "sheet")),
        Format("jsonschema", jsonschema.TITLE,
               "JSON Schema documents, one per event (and platform); what 'plan export' "
               "writes", jsonschema.read, jsonschema.export, _jsonschema_detect,
               jsonschema.CARRIES, "folder", aliases=("json-schema",)),
    )
}


def format_named(name: str, *, for_export: bool = False) -> Format:
    """The format called ``name`` (or one of its aliases); TL602 with did-you-mean if none."""
    wanted = name.strip().lower()
    for candidate in FORMATS.values():
        if wanted == candidate.name or wanted in candidate.aliases:
            if for_export and candidate.export is None:
                break
            if not for_export and candidate.read is None:
                break
            return candidate
    usable = [f.name for f in FORMATS.values()
              if (f.export if for_export else f.read) is not None]
    spellings = {alias: f.name for f in FORMATS.values() if f.name in usable
                 for alias in (f.name, *f.aliases)}
    close = did_you_mean(name, spellings)
    hint = f"did you mean '{spellings[close[0]]}'? " if close else ""
    raise failure(UNKNOWN_FORMAT, f"unknown format '{name}'", None,
                  f"{hint}the formats are: {', '.join(usable)}")


def detect_format(path: Path, display: str) -> Format:
    """The one format whose test recognises ``path``; TL602 when none or several do."""
    probe = Probe(path, display)
    matches = [f for f in FORMATS.values() if f.read is not None and f.detect(probe)]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(f.name for f in FORMATS.values() if f.read is not None)
    if not matches:
        if _is_plan(probe):
            raise failure(UNKNOWN_FORMAT, "this is a tracklint plan already", Where(display),
                          "check it with 'tracklint plan check'; import reads other tools' "
                          f"formats: {names}")
        raise failure(UNKNOWN_FORMAT, "cannot tell which tool exported this",
                      Where(display), f"pass --from FORMAT; the formats are: {names}")
    listed = " or ".join(f"--from {f.name}" for f in matches)
    raise failure(UNKNOWN_FORMAT, "this could come from "
                  + " or ".join(f.title for f in matches), Where(display),
                  f"pass {listed}")
