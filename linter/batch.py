"""Batch validation: captured payloads in, diagnostics and a conformance tally out.

The payloads come from web, iOS, Android and servers; each one is checked
against the plan for the platform that sent it.  Everything is streamed, so a
capture file of any size is validated in constant memory: diagnostics are handed
on as they are found, and only counters are kept (by event x platform x app version).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from linter.batch_lanes import MixpanelLane, mixpanel_lane
from linter.diagnostics import Diagnostic, Severity
from linter.events import EventObservation
from linter.payloads.platforms import UNKNOWN_PLATFORM
from linter.payloads.reader import Located, PayloadStream
from linter.sdks import MIXPANEL
from linter.selection import RuleSelection
from linter.validation.event_check import EventChecker

GroupKey = tuple[str, str, str]
OTHER = "(other)"


@dataclass(slots=True)
class Tally:
    """How many events of one group were seen, and how many broke the plan."""

    events: int = 0
    invalid: int = 0
    codes: Counter[str] = field(default_factory=Counter)

    @property
    def conformance(self) -> float:
        return 1.0 if self.events == 0 else (self.events - self.invalid) / self.events


@dataclass(slots=True)
class BatchResult:
    """The counters of a batch run; ``groups`` is bounded by ``max_groups``."""

    groups: dict[GroupKey, Tally] = field(default_factory=dict)
    events: int = 0
    invalid: int = 0
    diagnostics: int = 0

    def tally(self, key: GroupKey, max_groups: int) -> Tally:
        found = self.groups.get(key)
        if found is None:
            if len(self.groups) >= max_groups:
                key = (OTHER, OTHER, OTHER)
            found = self.groups.setdefault(key, Tally())
        return found

    def rows(self) -> list[dict[str, Any]]:
        """One row per event x platform x app version, for reports."""
        return [
            {"event": event, "platform": platform, "app_version": version or None,
             "events": tally.events, "valid": tally.events - tally.invalid,
             "invalid": tally.invalid, "conformance": round(tally.conformance, 4),
             "codes": dict(tally.codes.most_common())}
            for (event, platform, version), tally in sorted(self.groups.items())
        ]


class BatchValidator:
    """Checks a stream of observations and diagnostics, keeping only counters."""

    def __init__(self, checker: EventChecker, selection: RuleSelection,
                 *, max_groups: int = 10_000) -> None:
        self.checker = checker
        self.selection = selection
        self.max_groups = max_groups
        self.result = BatchResult()

    def run(self, items: Iterable[EventObservation | Diagnostic]) -> Iterator[Diagnostic]:
        """Yield the selected diagnostics of every item, as they are found."""
        for item in items:
            yield from self.check_item(item)

    def check_item(self, item: EventObservation | Diagnostic) -> list[Diagnostic]:
        """The selected diagnostics of one item, counted; for callers that need the item too."""
        found = self.selection.apply([item]) if isinstance(item, Diagnostic) else self._check(item)
        self.result.diagnostics += len(found)
        return found

    def run_stream(self, stream: PayloadStream,
                   items: Iterable[Located | Diagnostic] | None = None) -> Iterator[Diagnostic]:
        """:meth:`run` over a payload stream, in one pass with no per-event objects.

        Mixpanel lines are offered to the checker's typed lane first
        (:class:`~linter.batch_lanes.MixpanelLane`), which decodes and checks
        a valid event in one msgspec call; such an event is only tallied.  Every other
        event is decoded, dispatched on its name and checked from its plain
        values (:meth:`EventChecker.accepts`); only an event that has something
        to report becomes an observation and gets the full checks.  ``items`` is
        ``stream.located()`` or a wrapper of it (a progress display), not yet
        iterated: the lane is set on the stream before it is.
        """
        lane = self._offer_lane(stream)
        learn = lane.learn if lane is not None else None
        accepts = self.checker.accepts_values()
        observation = stream.observation
        override = stream.platform_override
        result = self.result
        groups = result.groups
        max_groups = self.max_groups
        apply = self.selection.apply
        for item in stream.located() if items is None else items:
            if isinstance(item, tuple):
                _, _, sdk, seen = item
                name, properties, _, platform, user_id, _, version = seen
                platform = override or platform or UNKNOWN_PLATFORM
                if accepts(name, platform, properties, user_id, sdk):
                    key = (name, platform, version or "")
                    tally = groups.get(key) or result.tally(key, max_groups)
                    tally.events += 1
                    result.events += 1
                    if learn is not None and sdk == MIXPANEL:
                        learn(name, properties)
                    continue
                found = self._check(observation(item), full=True)
            else:
                found = apply([item])
            result.diagnostics += len(found)
            yield from found

    def _offer_lane(self, stream: PayloadStream) -> MixpanelLane | None:
        """The checker's Mixpanel lane, set on ``stream`` when its records may be Mixpanel's.

        The lines it takes are tallied here, in file order with the others, so
        that the groups past ``max_groups`` are the same as without it.
        """
        if stream.has_lane or stream.format not in (None, MIXPANEL):
            return None
        lane = mixpanel_lane(self.checker, platform=stream.platform_override,
                             forced=stream.format == MIXPANEL, sdk_events=stream.sdk_events)
        if lane is None:
            return None
        read = lane.read
        result = self.result
        groups = result.groups
        max_groups = self.max_groups

        def take(text: bytes) -> bool:
            key = read(text)
            if key is None:
                return False
            tally = groups.get(key) or result.tally(key, max_groups)
            tally.events += 1
            result.events += 1
            return True
        stream.set_lane(MIXPANEL, take)
        return lane

    def _check(self, observation: EventObservation, full: bool = False) -> list[Diagnostic]:
        check = self.checker.full_check if full else self.checker.check
        found = self.selection.apply(check(observation))
        key = (observation.name or "", observation.platform, observation.app_version or "")
        tally = self.result.tally(key, self.max_groups)
        tally.events += 1
        self.result.events += 1
        if any(d.severity is Severity.ERROR for d in found):
            tally.invalid += 1
            self.result.invalid += 1
        tally.codes.update(d.code for d in found)
        return found
