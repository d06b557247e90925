"""Project configuration: ``[tool.tracklint]`` in pyproject.toml, or ``tracklint.toml``.

The file is found from the current directory upward, like ruff and pytest do, so
tracklint behaves the same from any folder of a project.  Command-line flags
override it.  An unknown or mistyped key is an error, never silently ignored.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from linter.diagnostics import Diagnostic, Severity, TracklintError
from linter.rules import RULES, expand_selectors
from linter.text.naming import Suggester

T = TypeVar("T")
_NO_CODES: frozenset[str] = frozenset()

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILE = "tracklint.toml"
PYPROJECT = "pyproject.toml"
# Where a plan is looked for when the configuration names none.
PLAN_CANDIDATES = ("tracking-plan", "tracking-plan.yaml", "tracking-plan.yml",
                   "tracking-plan.json", "tracking_plan", "tracking_plan.yaml")
NO_PLAN_HELP = ("set plan = \"PATH\" under [tool.tracklint] in pyproject.toml "
                "(or in a tracklint.toml)")


@dataclass(frozen=True, slots=True)
class WrapperConfig:
    """A project function that sends events, and where its arguments carry them.

    ``event``, ``properties``, ``identity`` and ``anonymous`` are a parameter
    position (0-based) or name; ``properties`` may be ``"**kwargs"`` when the
    function takes the properties as keyword arguments.
    """

    function: str
    event: int | str
    properties: int | str | None = None
    identity: int | str | None = None
    anonymous: int | str | None = None
    # The line of each setting in the configuration file, for errors found later
    # (a function or a parameter the project does not have).
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    source: Path | None = None
    plan: Path | None = None
    platform: str = "server"
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    extend_select: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, frozenset[str]] = field(default_factory=dict)
    wrappers: tuple[WrapperConfig, ...] = ()
    cache_dir: Path | None = None
    cache_max_mb: int | None = None
    max_file_kb: int | None = None
    baseline: Path | None = None
    src: tuple[Path, ...] = ()

    def setting_error(self, key: str, message: str, hint: str | None = None) -> TracklintError:
        """An error about one setting's value, found after loading (a platform the plan
        does not list...), located at the setting's line in the configuration file."""
        if self.source is None:
            return TracklintError(message, [RULES["TL006"].diagnostic(message, hint=hint)])
        return _config_error(self.source, _line_of(_read(self.source), key), message, hint)


_LIST_CODES = "run 'tracklint rule' to list the rule codes"
_KEYS = {
    "plan", "platform", "select", "ignore", "extend-select", "severity", "exclude",
    "per-file-ignores", "wrappers", "cache-dir", "cache-max-mb", "max-file-kb", "baseline",
    "src",
}
_WRAPPER_KEYS = {"function", "event", "properties", "identity", "anonymous"}


def find_config_file(start: Path) -> Path | None:
    """The nearest tracklint.toml, or pyproject.toml with a [tool.tracklint] table."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tracklint_table(pyproject):
            return pyproject
    return None


def find_plan(config: Config, cwd: Path | None = None) -> Path | None:
    """The tracking plan that applies: the configured ``plan``, else a conventionally
    named one (:data:`PLAN_CANDIDATES`) in the current folder or the configuration's.

    Every entry point that was not given a plan (the commands, the pytest plugin,
    ``@tracked`` without a guard) finds it here, so they all agree.
    """
    if config.plan is not None:
        return config.plan
    for folder in (cwd or Path.cwd(), config.root):
        for name in PLAN_CANDIDATES:
            if (folder / name).exists():
                return folder / name
    return None


def _has_tracklint_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\[?tool\.tracklint[\].]", text, re.MULTILINE) is not None


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Read the configuration that applies at ``start`` (default: the current folder)."""
    path = explicit or find_config_file(start or Path.cwd())
    if path is None:
        return Config(root=(start or Path.cwd()).resolve())
    text = _read(path)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _line_of_error(str(error))
        raise _config_error(path, line, f"invalid TOML: {error}") from None
    table = document if path.name != PYPROJECT else document.get("tool", {}).get("tracklint", {})
    if path.name != PYPROJECT and _copied_from_pyproject(document):
        # A [tool.tracklint] block copied into tracklint.toml as it stood: understood.
        table = document["tool"]["tracklint"]
    return _parse(table, path, text)


def _copied_from_pyproject(document: Mapping[str, Any]) -> bool:
    """A tracklint.toml that holds nothing but a ``[tool.tracklint]`` table."""
    tool = document.get("tool")
    return (set(document) == {"tool"} and isinstance(tool, dict) and set(tool) == {"tracklint"}
            and isinstance(tool["tracklint"], dict))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _config_error(path, 1, f"cannot read the configuration: {error}") from None


def _line_of_error(message: str) -> int:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1


def _config_error(path: Path, line: int, message: str, hint: str | None = None) -> TracklintError:
    diagnostic = RULES["TL006"].diagnostic(message=message, path=str(path), line=line, column=1,
                            hint=hint)
    return TracklintError(f"{path}:{line}: {message}", [diagnostic])


def _parse(table: Mapping[str, Any], path: Path, text: str) -> Config:
    """Every setting read; every mistake in the file reported at once (TL006 each)."""
    root = path.parent.resolve()
    normalised = {key.replace("_", "-"): value for key, value in table.items()}
    reader = _Reader(path, text, normalised)
    for key in normalised:
        if key not in _KEYS:
            reader.problems.append(_unknown_setting(path, text, key))
    plan = reader.attempt(lambda: reader.string("plan"), None)
    cache_dir = reader.attempt(lambda: reader.string("cache-dir"), None)
    baseline = reader.attempt(lambda: reader.string("baseline"), None)
    config = Config(
        root=root,
        source=path,
        plan=(root / plan) if plan else None,
        platform=reader.attempt(lambda: reader.string("platform"), None) or "server",
        select=(reader.attempt(lambda: reader.codes("select"), _NO_CODES)
                if "select" in normalised else None),
        ignore=reader.attempt(lambda: reader.codes("ignore"), _NO_CODES),
        extend_select=reader.attempt(lambda: reader.codes("extend-select"), _NO_CODES),
        severity=reader.attempt(reader.severities, {}),
        exclude=tuple(reader.attempt(lambda: reader.strings("exclude"), list[str]())),
        per_file_ignores=reader.attempt(reader.per_file_ignores, {}),
        wrappers=reader.attempt(reader.wrappers, ()),
        cache_dir=(root / cache_dir) if cache_dir else None,
        cache_max_mb=reader.attempt(lambda: reader.positive_int("cache-max-mb"), None),
        max_file_kb=reader.attempt(lambda: reader.positive_int("max-file-kb"), None),
        baseline=(root / baseline) if baseline else None,
        src=tuple(root / src for src in reader.attempt(lambda: reader.strings("src"),
                                                      list[str]())),
    )
    if reader.problems:
        first = reader.problems[0]
        raise TracklintError(f"{first.location}: {first.message}", reader.problems)
    return config


def _unknown_setting(path: Path, text: str, key: str) -> Diagnostic:
    """An unknown key, with the setting it most likely meant."""
    if key == "tool":
        hint = ("in tracklint.toml the settings are top-level (plan = ...); [tool.tracklint] "
                "belongs in pyproject.toml")
    else:
        close = Suggester(_KEYS, cutoff=0.7).suggest(key)
        hint = (f"did you mean '{close[0]}'?" if close
                else f"known settings: {', '.join(sorted(_KEYS))}")
    [diagnostic] = _config_error(path, _line_of(text, key), f"unknown setting '{key}'",
                                 hint).diagnostics
    return diagnostic


def _line_of(text: str, key: str) -> int:
    spellings = "|".join(re.escape(k) for k in {key, key.replace("-", "_")})
    pattern = re.compile(rf"^\s*(?:[\"']?|\[(?:tool\.tracklint\.)?)(?:{spellings})\b",
                         re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _entry_line(text: str, table: str, entry: str) -> int:
    """The line of ``entry = ...`` in the table ``table`` (or the table's own line)."""
    start = _line_of(text, table)
    pattern = re.compile(rf"^\s*[\"']?{re.escape(entry)}[\"']?\s*=")
    for number, line in enumerate(text.splitlines()[start - 1:], start=start):
        if pattern.match(line):
            return number
    return start


class _Reader:
    """Typed access to configuration values, each error naming the file and line."""

    def __init__(self, path: Path, text: str, table: Mapping[str, Any]) -> None:
        self.path, self.text, self.table = path, text, table
        self.problems: list[Diagnostic] = []

    def attempt(self, read: Callable[[], T], default: T) -> T:
        """``read()``, or ``default`` with its error kept: the others are still read."""
        try:
            return read()
        except TracklintError as error:
            self.problems.extend(error.diagnostics)
            return default

    def fail(self, key: str, message: str, hint: str | None = None,
             entry: str | None = None) -> TracklintError:
        line = _line_of(self.text, key) if entry is None else _entry_line(self.text, key, entry)
        return _config_error(self.path, line, message, hint)

    def string(self, key: str) -> str | None:
        value = self.table.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, f"'{key}' must be a string")
        return value

    def positive_int(self, key: str) -> int | None:
        value = self.table.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or value < 1):
            raise self.fail(key, f"'{key}' must be a whole number of at least 1")
        return value

    def strings(self, key: str) -> list[str]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"'{key}' must be a list of strings")
        return value

    def codes(self, key: str) -> frozenset[str]:
        try:
            return frozenset(expand_selectors(self.strings(key)))
        except ValueError as error:
            raise self.fail(key, f"'{key}': {error}", _LIST_CODES) from None

    def severities(self) -> dict[str, Severity]:
        value = self.table.get("severity", {})
        if not isinstance(value, dict):
            raise self.fail("severity", "'severity' must be a table of CODE = \"level\"")
        result: dict[str, Severity] = {}
        for selector, level in value.items():
            result.update(self.attempt(partial(self._severity, selector, level), result))
        return result

    def _severity(self, selector: str, level: Any) -> dict[str, Severity]:
        try:
            severity = Severity(level)
        except ValueError:
            raise self.fail("severity", f"invalid severity entry {selector} = {level!r}",
                            "levels are error, warning and info", selector) from None
        try:
            codes = expand_selectors([selector])
        except ValueError as error:
            raise self.fail("severity", f"severity: {error}", _LIST_CODES, selector) from None
        return dict.fromkeys(codes, severity)

    def per_file_ignores(self) -> dict[str, frozenset[str]]:
        value = self.table.get("per-file-ignores", {})
        if not isinstance(value, dict):
            raise self.fail("per-file-ignores", "'per-file-ignores' must be a table of "
                            "\"glob\" = [codes]")
        result: dict[str, frozenset[str]] = {}
        for pattern, codes in value.items():
            found: frozenset[str] | None = self.attempt(partial(self._ignored, pattern, codes),
                                                        None)
            if found is not None:
                result[pattern] = found
        return result

    def _ignored(self, pattern: str, codes: Any) -> frozenset[str]:
        if not isinstance(codes, list):
            raise self.fail("per-file-ignores", f"per-file-ignores '{pattern}' must be a list",
                            entry=pattern)
        try:
            return frozenset(expand_selectors(codes))
        except ValueError as error:
            raise self.fail("per-file-ignores", f"per-file-ignores '{pattern}': {error}",
                            _LIST_CODES, pattern) from None

    def wrappers(self) -> tuple[WrapperConfig, ...]:
        value = self.table.get("wrappers", [])
        if not isinstance(value, list):
            raise self.fail("wrappers", "'wrappers' must be an array of tables "
                            "([[tool.tracklint.wrappers]])")
        found: list[WrapperConfig] = []
        start = 0
        for entry in value:
            wrapper: WrapperConfig | None = self.attempt(partial(self._wrapper, entry, start),
                                                         None)
            if wrapper is not None:
                start = wrapper.lines.get("function", start)
                found.append(wrapper)
        return tuple(found)

    def _wrapper(self, entry: Any, after_line: int = 0) -> WrapperConfig:
        if not isinstance(entry, dict):
            raise self.fail("wrappers", "each wrapper must be a table")
        unknown = set(entry) - _WRAPPER_KEYS
        if unknown:
            raise self.fail("wrappers", f"unknown wrapper setting '{sorted(unknown)[0]}'",
                            f"known: {', '.join(sorted(_WRAPPER_KEYS))}")
        function = entry.get("function")
        if not isinstance(function, str) or "." not in function:
            raise self.fail("wrappers", "a wrapper needs 'function', the qualified name of the "
                            "function (for example 'app.analytics.track_event')")
        if "event" not in entry:
            raise self.fail("wrappers", f"wrapper {function} needs 'event': the position or "
                            "name of the parameter that carries the event name")
        for key in ("event", "properties", "identity", "anonymous"):
            if key in entry and not isinstance(entry[key], int | str):
                raise self.fail("wrappers", f"wrapper {function}: '{key}' must be a parameter "
                                "position (0-based) or name")
        return WrapperConfig(function=function, event=entry["event"],
                             properties=entry.get("properties"),
                             identity=entry.get("identity"), anonymous=entry.get("anonymous"),
                             lines=self._wrapper_lines(function, entry, after_line))

    def _wrapper_lines(self, function: str, entry: Mapping[str, Any],
                       after_line: int) -> dict[str, int]:
        """The line of each setting of the wrapper whose ``function`` comes after a line.

        A wrapper's settings follow its ``function = "..."`` (in an array of tables or
        an inline table), up to the next wrapper's.
        """
        offsets = [m.start() for m in re.finditer(r"^", self.text, re.MULTILINE)]
        text = self.text[offsets[after_line] if after_line < len(offsets) else 0:]
        here = re.search(rf"\bfunction\s*=\s*[\"']{re.escape(function)}[\"']", text)
        if here is None:
            line = _line_of(self.text, "wrappers")
            return dict.fromkeys(("function", *entry), line)
        base = after_line + text.count("\n", 0, here.start())
        following = re.search(r"\bfunction\s*=", text[here.end():])
        block = text[:here.end() + following.start()] if following else text
        lines = {"function": base + 1}
        for key in entry:
            found = re.search(rf"\b{re.escape(key)}\s*=", block[here.start():])
            lines[key] = (base + 1 + block.count("\n", here.start(), here.start() + found.start())
                          if found else base + 1)
        return lines
