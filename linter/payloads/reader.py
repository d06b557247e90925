"""From capture files to observations: the stream ``tracklint validate`` consumes.

:func:`read_payloads` chains the container reader, format detection and the
vendor modules, and turns every problem into a TL303 diagnostic in file order.
Each record and message lands in exactly one counter of :class:`PayloadStats`,
so a caller can always tell how much of its input was checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, TypeAlias

from linter.diagnostics import Diagnostic
from linter.events import EventObservation, Origin
from linter.payloads import amplitude, mixpanel, posthog, segment
from linter.payloads.containers import (
    BadRecord,
    ByteRange,
    FileProblem,
    OpenCapture,
    RawRecord,
    Source,
    read_records,
)
from linter.payloads.detect import FORMATS, detect_format
from linter.payloads.model import (
    Lane,
    NonEvent,
    Parsed,
    Parser,
    PayloadItem,
    Problem,
    ReadOptions,
    Sighting,
    not_an_object,
)
from linter.payloads.platforms import UNKNOWN_PLATFORM
from linter.rules import RULES
from linter.sdks import AMPLITUDE, MIXPANEL, POSTHOG, RUDDERSTACK, SEGMENT

UNREADABLE: Final = RULES["TL303"]

PARSERS: Final[Mapping[str, Parser]] = {
    MIXPANEL: mixpanel.parse,
    SEGMENT: segment.parse,
    RUDDERSTACK: segment.parse,
    POSTHOG: posthog.parse,
    AMPLITUDE: amplitude.parse,
}


@dataclass(slots=True)
class PayloadStats:
    """What a :class:`PayloadStream` read, filled in as it is iterated.

    ``records`` counts JSON values read from the files (a JSON Lines line, an
    array element, a decoded ``data=`` body), malformed ones included.  Every
    message inside them is counted once, as one of ``events`` (yielded as
    observations), ``non_events`` (identify, page, ``$pageview``...: valid but
    not product events, by kind in ``non_event_kinds``) or ``unreadable`` (a
    TL303 diagnostic); ``unreadable`` also counts records that could not be
    decoded at all.  ``empty`` counts records with no message (an empty batch).
    ``file_problems`` counts problems with whole files (missing, corrupt gzip,
    not UTF-8, unclosed array), ``files_failed`` those that stopped a file.
    """

    files: int = 0
    files_failed: int = 0
    file_problems: int = 0
    records: int = 0
    events: int = 0
    non_events: int = 0
    unreadable: int = 0
    empty: int = 0
    events_by_format: dict[str, int] = field(default_factory=dict)
    non_event_kinds: dict[str, int] = field(default_factory=dict)

    def merge(self, other: PayloadStats) -> None:
        """Add the counters of files read after these (dictionaries keep first-seen order)."""
        for name in _COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in ((self.events_by_format, other.events_by_format),
                             (self.non_event_kinds, other.non_event_kinds)):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, for machine-readable summaries."""
        return {
            "files": self.files,
            "files_failed": self.files_failed,
            "file_problems": self.file_problems,
            "records": self.records,
            "events": self.events,
            "non_events": self.non_events,
            "unreadable": self.unreadable,
            "empty": self.empty,
            "events_by_format": dict(self.events_by_format),
            "non_event_kinds": dict(self.non_event_kinds),
        }


#: An event as read, before an observation is made of it: its record, the record's
#: pointer prefix, the wire format and the vendor module's :class:`Sighting`.
Located: TypeAlias = tuple[RawRecord, str, str, Sighting]

_NO_ORIGINS: Final[Mapping[str, Origin]] = MappingProxyType({})
_COUNTERS: Final = ("files", "files_failed", "file_problems", "records", "events",
                     "non_events", "unreadable", "empty")


class PayloadStream:
    """The observations and TL303 diagnostics of some capture files, in file order.

    Iterate it once, either for observations (``for item in stream``) or, where
    most events need no observation at all, for :meth:`located` events;
    :attr:`stats` is complete when iteration ends (and counts what was read so
    far before that).
    """

    def __init__(
        self,
        sources: Iterable[Source] | Source,
        *,
        format: str | None = None,
        platform: str | None = None,
        sdk_events: bool = False,
    ) -> None:
        # A lone path is one source, not an iterable of one-character names.
        # A ByteRange is a tuple: it is one source too.
        self._sources: list[Source] = (
            [sources] if isinstance(sources, (str, Path, OpenCapture, ByteRange))
            else list(sources))
        self._format = _check_format(format)
        self.platform_override = _check_platform(platform)
        self._options = ReadOptions(sdk_events)
        self._started = False
        self.stats = PayloadStats()
        self._lane: tuple[str, Lane] | None = None

    @property
    def format(self) -> str | None:
        """The wire format every record is read as (``--payload-format``), or None: detected."""
        return self._format

    @property
    def sdk_events(self) -> bool:
        """Whether the vendors' own events (``$pageview``...) are read as events."""
        return self._options.sdk_events

    def __iter__(self) -> Iterator[PayloadItem]:
        self._start()
        return self._observations()

    @property
    def has_lane(self) -> bool:
        return self._lane is not None

    def set_lane(self, format: str, lane: Lane) -> None:
        """Offer each JSON Lines line to ``lane`` first (see :data:`~linter.payloads.model.Lane`).

        Only :meth:`located` uses it, from when its iteration starts: the lines
        it takes are counted as events of ``format`` and not yielded.
        """
        self._lane = (format, lane)

    def located(self) -> Iterator[Located | Diagnostic]:
        """Each event as a :data:`Located` tuple (see :meth:`observation`), and each TL303."""
        self._start()
        return self._located(use_lane=True)

    def observation(self, located: Located) -> EventObservation:
        """The observation of a located event, with the caller's platform override applied."""
        raw, prefix, fmt, seen = located
        return EventObservation(
            name=seen.name,
            properties=seen.properties,
            platform=self.platform_override or seen.platform or UNKNOWN_PLATFORM,
            user_id=seen.user_id,
            anonymous_id=seen.anonymous_id,
            sdk=fmt,
            app_version=seen.app_version,
            origin=Origin(raw.path, raw.line, raw.column, pointer=prefix + seen.pointer),
            property_origins=_NO_ORIGINS,  # a payload's values are found by pointer
            value_origins=_NO_ORIGINS,
        )

    def _start(self) -> None:
        if self._started:
            raise RuntimeError("a PayloadStream can be iterated only once")
        self._started = True

    def _observations(self) -> Iterator[PayloadItem]:
        observation = self.observation
        for item in self._located(use_lane=False):
            if isinstance(item, tuple):
                yield observation(item)
            else:
                yield item

    def _located(self, use_lane: bool) -> Iterator[Located | Diagnostic]:
        lane = self._counted_lane() if use_lane else None
        stats = self.stats
        record_items = self._record_items
        forced = self._format
        options = self._options
        by_format = stats.events_by_format
        for source in self._sources:
            stats.files += 1
            for item in read_records(source, lane):
                if type(item) is RawRecord:
                    stats.records += 1
                    value = item[4]
                    if type(value) is dict:
                        # The usual record, inlined: one object, one format, one event.
                        fmt = forced or detect_format(value)
                        if fmt is not None:
                            parsed = PARSERS[fmt](value, options)
                            if type(parsed) is not tuple or len(parsed) != 1:
                                yield from self._messages(item, item[3], fmt, parsed)
                                continue
                            one = parsed[0]
                            if type(one) is Sighting:
                                stats.events += 1
                                by_format[fmt] = by_format.get(fmt, 0) + 1
                                yield item, item[3], fmt, one
                                continue
                            found = self._counted(item, item[3], fmt, one)
                            if found is not None:
                                yield found
                            continue
                    yield from record_items(item, value, item.pointer)
                elif isinstance(item, BadRecord):
                    stats.records += 1
                    stats.unreadable += 1
                    yield _bad_record(item)
                else:
                    assert isinstance(item, FileProblem)
                    yield self._file_problem(item)

    def _counted_lane(self) -> Lane | None:
        """The lane, counting each line it takes as a record and an event of its format."""
        if self._lane is None:
            return None
        fmt, lane = self._lane
        stats = self.stats
        by_format = stats.events_by_format

        def counted(text: bytes) -> bool:
            if not lane(text):
                return False
            stats.records += 1
            stats.events += 1
            by_format[fmt] = by_format.get(fmt, 0) + 1
            return True
        return counted

    def _record_items(self, raw: RawRecord, value: Any,
                      prefix: str) -> Iterable[Located | Diagnostic]:
        """Every message of one decoded value; a list is read element by element.

        Not a generator: nearly every record is one message, whose item (if any)
        comes back in a tuple, which is much cheaper than a generator per record.
        Lists and batches are still read lazily, message by message.
        """
        if type(value) is dict:
            fmt = self._format or detect_format(value)
            if fmt is None:
                return (self._problem(raw, prefix, None, _unknown_format(value)),)
            parsed = PARSERS[fmt](value, self._options)
            if type(parsed) is tuple and len(parsed) == 1:
                item = self._counted(raw, prefix, fmt, parsed[0])
                return () if item is None else (item,)
            return self._messages(raw, prefix, fmt, parsed)
        if isinstance(value, list):
            return self._elements(raw, value, prefix)
        return (self._problem(raw, prefix, None, not_an_object(value, "", "record")),)

    def _elements(self, raw: RawRecord, value: list[Any],
                  prefix: str) -> Iterator[Located | Diagnostic]:
        """The messages of each element of a list record, in order."""
        if not value:
            self.stats.empty += 1
        for index, element in enumerate(value):
            yield from self._record_items(raw, element, f"{prefix}/{index}")

    def _messages(self, raw: RawRecord, prefix: str, fmt: str,
                  parsed: Iterable[Parsed]) -> Iterator[Located | Diagnostic]:
        """The items of a record's messages, counted as they are read."""
        found = False
        for message in parsed:
            found = True
            item = self._counted(raw, prefix, fmt, message)
            if item is not None:
                yield item
        if not found:
            self.stats.empty += 1

    def _counted(self, raw: RawRecord, prefix: str, fmt: str,
                 parsed: Parsed) -> Located | Diagnostic | None:
        """Count one message; the located event or diagnostic, ``None`` for a non-event."""
        stats = self.stats
        if type(parsed) is Sighting:
            stats.events += 1
            by_format = stats.events_by_format
            by_format[fmt] = by_format.get(fmt, 0) + 1
            return raw, prefix, fmt, parsed
        if isinstance(parsed, NonEvent):
            stats.non_events += 1
            kinds = stats.non_event_kinds
            kinds[parsed.kind] = kinds.get(parsed.kind, 0) + 1
            return None
        assert isinstance(parsed, Problem)
        return self._problem(raw, prefix, fmt, parsed)

    def _problem(self, raw: RawRecord, prefix: str, fmt: str | None,
                 problem: Problem) -> Diagnostic:
        self.stats.unreadable += 1
        where = f"{fmt} " if fmt else ""
        return UNREADABLE.diagnostic(
            f"unreadable {where}record: {problem.message}",
            path=raw.path,
            line=raw.line,
            column=raw.column,
            hint=problem.hint,
            event=problem.event,
            pointer=prefix + problem.pointer,
            extra={"format": fmt} if fmt else {},
        )

    def _file_problem(self, problem: FileProblem) -> Diagnostic:
        self.stats.file_problems += 1
        if problem.fatal:
            self.stats.files_failed += 1
        return UNREADABLE.diagnostic(problem.message, severity=problem.severity,
                                     path=problem.path, line=problem.line, hint=problem.hint)


def read_payloads(
    sources: Iterable[Source] | Source,
    *,
    format: str | None = None,
    platform: str | None = None,
    sdk_events: bool = False,
) -> PayloadStream:
    """Read capture files (``-`` for standard input) into observations and diagnostics.

    A source is a path, ``-``, or an :class:`~linter.payloads.containers.OpenCapture`
    (bytes already fetched, with the name to report them under).

    ``format`` forces one wire format (one of :data:`FORMATS`) instead of detecting
    it per record; ``platform`` replaces the platform detected from each payload;
    ``sdk_events`` also yields the vendors' own events (``$pageview``,
    ``[Amplitude] Page Viewed``...), which are otherwise counted as non-events.
    Raises ``ValueError`` for an unknown format or an empty platform, before
    anything is read.
    """
    return PayloadStream(sources, format=format, platform=platform, sdk_events=sdk_events)


def _check_format(name: str | None) -> str | None:
    if name is None:
        return None
    normalised = name.strip().lower()
    if normalised not in FORMATS:
        raise ValueError(f"unknown payload format {name!r}; expected one of: "
                         + ", ".join(FORMATS))
    return normalised


def _check_platform(name: str | None) -> str | None:
    if name is None:
        return None
    if not name.strip():
        raise ValueError("the platform override must not be empty")
    return name.strip()


def _unknown_format(record: Mapping[str, Any]) -> Problem:
    keys = ", ".join(sorted(record)[:8]) or "none"
    return Problem(
        f"not a payload of a known format (keys: {keys})",
        "expected a Mixpanel, Segment, RudderStack, PostHog or Amplitude payload; "
        "pass --payload-format if the format cannot be detected from the record",
    )


def _bad_record(item: BadRecord) -> Diagnostic:
    message = f"unreadable record: {item.message}"
    if item.end_line is not None and item.end_line > item.line:
        message += f"; lines {item.line}-{item.end_line} were skipped"
    return UNREADABLE.diagnostic(
        message,
        path=item.path,
        line=item.line,
        column=item.column,
        end_line=item.end_line,
        hint=item.hint,
        pointer=item.pointer,
        source_line=item.source_line,
    )
