"""How well the static checker finds tracking calls in real code: recall, precision, names.

Run: ``python bench/score_corpus.py [--verbose] [--calls] [--json] [--repo NAME]
[--write-floors]``.

``tests/corpus/`` holds files copied unmodified from public repositories that send
analytics, one folder per repository, and ``tests/corpus/labels/`` a hand-made list of
every tracking site in them (and of the look-alikes that must not be reported); see
``tests/corpus/README.md`` for what counts as a site.  This script runs tracklint's
call inventory on each repository folder as a new user would, with no configuration,
matches the reported calls to the labels by file and line, and prints per repository
and in total:

- **recall**: labelled sites reported, over labelled sites (``plumbing``, the SDK call
  inside a wrapper's own body, is not counted: it forwards someone else's event);
- **precision**: reported calls that are labelled sites or plumbing, over reported
  calls (a reported look-alike or unlabelled call is a false positive);
- **event names**: found sites whose event a reader can resolve, reported with exactly
  that name; where only part of it can be (``f"command_{name}"``), with exactly the
  pattern the label gives (``command_{}``).

``--verbose`` lists the misses and false positives with ``file:line``, ``--calls`` every
reported call with what its label says; ``--json`` prints everything for machines.
``tests/test_corpus.py`` fails when a figure falls below its floor in
``tests/corpus/floors.toml``; ``--write-floors`` raises the floors to today's figures
(rounded down), never lowering one.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from linter.cli.check import build_code_settings
from linter.cli.options import CodeOptions
from linter.code_check import collect_calls
from linter.config import Config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
FIGURES = ("recall", "precision", "event_names")
SITE_KINDS = ("site", "plumbing")
_SITE_KEYS = {"file", "line", "kind", "event", "event_pattern", "properties",
              "properties_complete", "sends"}
_LOOKALIKE_KEYS = {"file", "line", "what"}


class LabelError(Exception):
    """A label file that cannot be used: the message names the file, the entry and the fix."""


@dataclass(frozen=True, slots=True)
class Site:
    """One labelled tracking site (or plumbing call) of a repository."""

    file: str
    line: int
    kind: str = "site"
    event: str | None = None
    event_pattern: str | None = None
    properties: tuple[str, ...] | None = None
    properties_complete: bool = False
    sends: str = ""


@dataclass(frozen=True, slots=True)
class Lookalike:
    """A call that looks like tracking but sends no event: reporting it is a false positive."""

    file: str
    line: int
    what: str


@dataclass(frozen=True, slots=True)
class RepoLabels:
    repository: str
    folder: str
    sites: tuple[Site, ...]
    lookalikes: tuple[Lookalike, ...] = ()


@dataclass(frozen=True, slots=True)
class Reported:
    """One call the inventory reported, by file (relative to the repository folder) and line."""

    file: str
    line: int
    event: str | None
    method: str = ""
    # The name pattern when the event is computed (``command_{}``), as labels write it.
    event_pattern: str | None = None


@dataclass(slots=True)
class RepoScore:
    """What matching one repository's reported calls to its labels found."""

    repository: str
    sites: int = 0
    found: int = 0
    plumbing_reported: int = 0
    reported: int = 0
    correct_reports: int = 0
    names_known: int = 0
    names_right: int = 0
    calls: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong_names: list[dict[str, Any]] = field(default_factory=list)

    @property
    def figures(self) -> dict[str, float]:
        """Recall, precision and event-name accuracy (1.0 when there was nothing to get wrong)."""
        return {"recall": _ratio(self.found, self.sites),
                "precision": _ratio(self.correct_reports, self.reported),
                "event_names": _ratio(self.names_right, self.names_known)}

    def add(self, other: RepoScore) -> None:
        for name in ("sites", "found", "plumbing_reported", "reported", "correct_reports",
                     "names_known", "names_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


# -- labels ---------------------------------------------------------------------------


def load_labels(path: Path, corpus: Path = CORPUS) -> RepoLabels:
    """Read and check one label file; the repository's folder is named after the file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LabelError(f"{path}: cannot be read as YAML: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("repository"), str):
        raise LabelError(f"{path}: expected a mapping with 'repository: owner/name', "
                         "'sites:' and optionally 'lookalikes:'")
    unknown = set(document) - {"repository", "sites", "lookalikes"}
    if unknown:
        raise LabelError(f"{path}: unknown top-level key(s) {sorted(unknown)}; "
                         "use repository, sites, lookalikes")
    folder = path.stem
    if document["repository"].replace("/", "__") != folder:
        expected = document["repository"].replace("/", "__")
        raise LabelError(f"{path}: repository {document['repository']!r} does not match the "
                         f"file name; name the file {expected}.yaml")
    root = corpus / folder
    if not root.is_dir():
        raise LabelError(f"{path}: no folder {root} holds this repository's files")
    sites = tuple(_site(path, root, n, entry)
                  for n, entry in enumerate(document.get("sites") or [], 1))
    lookalikes = tuple(_lookalike(path, root, n, entry)
                       for n, entry in enumerate(document.get("lookalikes") or [], 1))
    seen: Counter[tuple[str, int]] = Counter(
        (item.file, item.line) for item in (*sites, *lookalikes))
    twice = sorted(key for key, count in seen.items() if count > 1)
    if twice:
        where = ", ".join(f"{file}:{line}" for file, line in twice)
        raise LabelError(f"{path}: labelled more than once: {where}; keep one entry per call")
    return RepoLabels(document["repository"], folder, sites, lookalikes)


def _entry(path: Path, root: Path, section: str, number: int, entry: Any,
           allowed: set[str]) -> tuple[str, int]:
    if not isinstance(entry, dict):
        raise LabelError(f"{path}: {section} entry {number} is not a mapping")
    where = f"{path}: {section} entry {number} ({entry.get('file')}:{entry.get('line')})"
    unknown = set(entry) - allowed
    if unknown:
        raise LabelError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    file, line = entry.get("file"), entry.get("line")
    if not isinstance(file, str) or not isinstance(line, int) or isinstance(line, bool):
        raise LabelError(f"{where}: needs 'file' (a path inside the repository) and 'line' "
                         "(a number)")
    source = root / file
    if not source.is_file():
        raise LabelError(f"{where}: no file {source}")
    if line not in call_lines(source):
        raise LabelError(f"{where}: no call or decorator starts on line {line}; label the "
                         "first line of the call expression (or the decorator's line)")
    return file, line


_CALL_LINES: dict[Path, frozenset[int]] = {}


def call_lines(source: Path) -> frozenset[int]:
    """The lines on which a call expression or a decorator starts, in one source file."""
    if source not in _CALL_LINES:
        try:
            tree = ast.parse(source.read_bytes(), filename=str(source))
        except (SyntaxError, ValueError) as error:
            raise LabelError(f"{source}: cannot be parsed as Python: {error}") from error
        lines = {node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)}
        lines.update(decorator.lineno for node in ast.walk(tree)
                     if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                     for decorator in node.decorator_list)
        _CALL_LINES[source] = frozenset(lines)
    return _CALL_LINES[source]


def _site(path: Path, root: Path, number: int, entry: Any) -> Site:
    file, line = _entry(path, root, "sites", number, entry, _SITE_KEYS)
    where = f"{path}: sites entry {number} ({file}:{line})"
    kind = entry.get("kind", "site")
    if kind not in SITE_KINDS:
        raise LabelError(f"{where}: kind must be one of {list(SITE_KINDS)}, not {kind!r}")
    if not isinstance(entry.get("sends"), str):
        raise LabelError(f"{where}: 'sends' must say how the event is sent (SDK, wrapper...)")
    if kind == "site" and "event" not in entry:
        raise LabelError(f"{where}: a site needs 'event' (the name, or null when a reader "
                         "cannot resolve it)")
    event, pattern = entry.get("event"), entry.get("event_pattern")
    if event is not None and not isinstance(event, str):
        raise LabelError(f"{where}: 'event' must be a string or null, not {event!r}")
    if pattern is not None and (event is not None or not isinstance(pattern, str)):
        raise LabelError(f"{where}: 'event_pattern' (a string) goes with 'event: null'")
    properties = entry.get("properties")
    if properties is not None and (not isinstance(properties, list)
                                   or not all(isinstance(k, str) for k in properties)):
        raise LabelError(f"{where}: 'properties' must be a list of key names, or null")
    complete = entry.get("properties_complete", False)
    if not isinstance(complete, bool):
        raise LabelError(f"{where}: 'properties_complete' must be true or false")
    return Site(file, line, kind, event, pattern,
                None if properties is None else tuple(properties), complete, entry["sends"])


def _lookalike(path: Path, root: Path, number: int, entry: Any) -> Lookalike:
    file, line = _entry(path, root, "lookalikes", number, entry, _LOOKALIKE_KEYS)
    if not isinstance(entry.get("what"), str):
        raise LabelError(f"{path}: lookalikes entry {number} ({file}:{line}): 'what' must "
                         "say what the call is")
    return Lookalike(file, line, entry["what"])


def load_corpus(corpus: Path = CORPUS) -> list[RepoLabels]:
    """Every repository of the corpus; a folder without labels (or the reverse) is an error."""
    labels_dir = corpus / "labels"
    labelled = {p.stem: p for p in sorted(labels_dir.glob("*.yaml"))}
    folders = {p.name for p in corpus.iterdir() if p.is_dir() and "__" in p.name}
    unlabelled = sorted(folders - set(labelled))
    if unlabelled:
        raise LabelError(f"{labels_dir}: no label file for {', '.join(unlabelled)}; "
                         "add <owner>__<repo>.yaml listing its sites")
    return [load_labels(path, corpus) for path in labelled.values()]


# -- the inventory -------------------------------------------------------------------


def inventory(folder: Path) -> list[Reported]:
    """The calls tracklint reports in ``folder``, run as on a project with no configuration."""
    root = folder.resolve()
    options = CodeOptions(paths=(root,), no_cache=True, jobs=1)
    result = collect_calls(build_code_settings(options, Config(root=root)))
    return [Reported(Path(call.path).resolve().relative_to(root).as_posix(), call.line,
                     call.observation.name, call.method, call.observation.name_pattern)
            for call in result.calls]


# -- matching ------------------------------------------------------------------------


def score(labels: RepoLabels, reported: Iterable[Reported]) -> RepoScore:
    """Match reported calls to labels by file and line (each label takes one report)."""
    result = RepoScore(labels.repository)
    by_place = {(site.file, site.line): site for site in labels.sites}
    lookalikes = {(item.file, item.line): item for item in labels.lookalikes}
    taken: set[tuple[str, int]] = set()
    for call in sorted(reported, key=lambda c: (c.file, c.line)):
        result.reported += 1
        place = (call.file, call.line)
        site = by_place.get(place)
        result.calls.append({"file": call.file, "line": call.line, "event": call.event,
                             "method": call.method,
                             "label": "false positive" if site is None or place in taken
                             else site.kind})
        if site is None or place in taken:
            lookalike = lookalikes.get(place)
            result.false_positives.append({
                "file": call.file, "line": call.line, "event": call.event,
                "method": call.method,
                "lookalike": lookalike.what if lookalike is not None else None})
            continue
        taken.add(place)
        result.correct_reports += 1
        if site.kind == "plumbing":
            result.plumbing_reported += 1
            continue
        result.found += 1
        if site.event is not None or site.event_pattern is not None:
            result.names_known += 1
            expected, got = ((site.event, call.event) if site.event is not None
                             else (site.event_pattern, call.event_pattern))
            if got == expected and (site.event is not None or call.event is None):
                result.names_right += 1
            else:
                result.wrong_names.append({"file": call.file, "line": call.line,
                                           "expected": expected, "reported": got})
    for site in labels.sites:
        if site.kind == "site":
            result.sites += 1
            if (site.file, site.line) not in taken:
                result.misses.append({"file": site.file, "line": site.line,
                                      "event": site.event, "sends": site.sends})
    return result


def score_corpus(repos: Sequence[RepoLabels], corpus: Path = CORPUS,
                 jobs: int = 1) -> tuple[list[RepoScore], RepoScore]:
    """Score every repository; ``jobs`` worker processes run the inventories side by side."""
    folders = [corpus / labels.folder for labels in repos]
    if jobs > 1 and len(folders) > 1:
        with ProcessPoolExecutor(min(jobs, len(folders))) as pool:
            inventories = list(pool.map(inventory, folders))
    else:
        inventories = [inventory(folder) for folder in folders]
    scores = [score(labels, found) for labels, found in zip(repos, inventories, strict=True)]
    total = RepoScore("total")
    for item in scores:
        total.add(item)
    return scores, total


# -- floors ----------------------------------------------------------------------------


def read_floors(path: Path) -> dict[str, dict[str, float]]:
    """Floors by repository name (and ``total``), each a figure name to a fraction."""
    return read_floors_text(path.read_text(encoding="utf-8"))


def read_floors_text(text: str) -> dict[str, dict[str, float]]:
    document = tomllib.loads(text)
    floors: dict[str, dict[str, float]] = {"total": dict(document.get("total", {}))}
    for name, figures in document.get("repositories", {}).items():
        floors[name] = dict(figures)
    return floors


def below_floors(scores: Sequence[RepoScore], total: RepoScore,
                 floors: Mapping[str, Mapping[str, float]]) -> list[str]:
    """One line per figure under its floor."""
    failures = []
    for item in (*scores, total):
        for figure, floor in floors.get(item.repository, {}).items():
            value = item.figures[figure]
            if value + 1e-9 < floor:
                failures.append(f"{item.repository}: {figure} {value:.1%} is below its floor "
                                f"{floor:.1%}")
    return failures


def raised_floors(scores: Sequence[RepoScore], total: RepoScore,
                  floors: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Today's figures rounded down to 0.1%, but never under an existing floor."""
    raised: dict[str, dict[str, float]] = {}
    for item in (*scores, total):
        old = floors.get(item.repository, {})
        raised[item.repository] = {
            figure: max(old.get(figure, 0.0), math.floor(item.figures[figure] * 1000) / 1000)
            for figure in FIGURES}
    return raised


def floors_toml(floors: Mapping[str, Mapping[str, float]]) -> str:
    lines = ["# Floors of the corpus figures (fractions), checked by tests/test_corpus.py.",
             "# Raise them with `python bench/score_corpus.py --write-floors` when the checker",
             "# improves; a floor is never lowered to make a change pass.", "", "[total]"]
    lines += [f"{figure} = {value}" for figure, value in floors["total"].items()]
    for name in sorted(n for n in floors if n != "total"):
        lines += ["", f'[repositories."{name}"]']
        lines += [f"{figure} = {value}" for figure, value in floors[name].items()]
    return "\n".join(lines) + "\n"


# -- output ----------------------------------------------------------------------------


def _percent(value: float) -> str:
    return f"{value:6.1%}"


def render_text(scores: Sequence[RepoScore], total: RepoScore, verbose: bool,
                calls: bool = False) -> str:
    header = (f"{'repository':<36} {'sites':>5} {'found':>5} {'recall':>7} "
              f"{'reported':>8} {'false+':>6} {'precision':>9} {'names':>11}")
    rows = [header, "-" * len(header)]
    for item in (*scores, total):
        if item is total:
            rows.append("-" * len(header))
        figures = item.figures
        names = f"{item.names_right}/{item.names_known}"
        false_positives = item.reported - item.correct_reports
        rows.append(f"{item.repository:<36} {item.sites:>5} {item.found:>5} "
                    f"{_percent(figures['recall']):>7} {item.reported:>8} {false_positives:>6} "
                    f"{_percent(figures['precision']):>9} {names:>6} "
                    f"{_percent(figures['event_names'])}")
    for item in scores:
        details = _details(item) if verbose else []
        if calls:
            details += [f"  reported {c['file']}:{c['line']} {c['method']} event={c['event']!r} "
                        f"({c['label']})" for c in item.calls]
        if details:
            rows += ["", f"{item.repository}:", *details]
    return "\n".join(rows)


def _details(item: RepoScore) -> list[str]:
    lines = [f"  miss {m['file']}:{m['line']} {m['event']!r} ({m['sends']})"
             for m in item.misses]
    for fp in item.false_positives:
        what = f" look-alike: {fp['lookalike']}" if fp["lookalike"] else " not a labelled site"
        lines.append(f"  false positive {fp['file']}:{fp['line']} {fp['method']} "
                     f"event={fp['event']!r}{what}")
    lines += [f"  wrong name {w['file']}:{w['line']} expected {w['expected']!r}, "
              f"reported {w['reported']!r}" for w in item.wrong_names]
    return lines


def render_json(scores: Sequence[RepoScore], total: RepoScore) -> str:
    def one(item: RepoScore) -> dict[str, Any]:
        data = asdict(item)
        data["false_positive_count"] = item.reported - item.correct_reports
        data.update(item.figures)
        return data
    return json.dumps({"repositories": [one(item) for item in scores], "total": one(total)},
                      indent=2, ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list the misses and false positives with file:line")
    parser.add_argument("--calls", action="store_true",
                        help="list every call tracklint reported, and what its label says")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--repo", action="append", default=[],
                        help="score only this repository (owner/name); may be repeated")
    parser.add_argument("--write-floors", action="store_true",
                        help="raise tests/corpus/floors.toml to today's figures (never lowers)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="worker processes, each scoring whole repositories (default: one "
                             "per core)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        repos = load_corpus(args.corpus)
    except LabelError as error:
        print(f"score_corpus: {error}", file=sys.stderr)
        return 2
    if args.repo:
        unknown = sorted(set(args.repo) - {r.repository for r in repos})
        if unknown:
            print(f"score_corpus: no repository {', '.join(unknown)} in the corpus "
                  f"(known: {', '.join(r.repository for r in repos)})", file=sys.stderr)
            return 2
        repos = [r for r in repos if r.repository in args.repo]
    scores, total = score_corpus(repos, args.corpus, max(1, args.jobs))
    print(render_json(scores, total) if args.json
          else render_text(scores, total, args.verbose, args.calls))
    if args.write_floors:
        if args.repo:
            print("score_corpus: --write-floors scores the whole corpus; drop --repo",
                  file=sys.stderr)
            return 2
        path = args.corpus / "floors.toml"
        old = read_floors(path) if path.exists() else {}
        path.write_text(floors_toml(raised_floors(scores, total, old)), encoding="utf-8")
        print(f"\nfloors written to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
