"""Drift in words: one diagnostic (TL4xx) per thing a team has to fix or decide.

The matrix says *how much* an event drifts; findings say *what* drifts, each
with the platforms, the property and the number of events involved.  They are
ordinary :class:`~linter.diagnostics.Diagnostic` values, so they go through the
same reporters (text, JSON, SARIF, GitHub annotations, JUnit), rule selection
and severity settings as every other finding.  Each is located in the plan,
at the event or property it is about, since that is where a fix is decided.

A finding is an ``error`` when the rule behind it was an error for the events
concerned (TL205 for a missing property...), so ``--ignore`` and severity
settings of the event rules carry over; otherwise it is a ``warning``.  Events
that break the plan in ways no specific finding names get one TL412 per
platform, so every non-conforming event is accounted for by an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from linter.diagnostics import Diagnostic, Severity
from linter.drift.compare import case_variants
from linter.drift.model import (
    EventDrift,
    PlatformCell,
    PropertyDrift,
    PropertyOnPlatform,
    ValueCount,
)
from linter.plan.model import Plan
from linter.plan.source import Position
from linter.rules import RULES
from linter.text.display import percent, plural
from linter.text.naming import Suggester

#: Values quoted per platform in a value-drift message.
_QUOTED_VALUES: Final = 3
#: The event rule behind each specific finding, for the severity and for TL412.
_UNDERLYING: Final = {"TL401": "TL201", "TL402": "TL202", "TL403": "TL204", "TL405": "TL205",
                      "TL406": "TL206", "TL408": "TL206", "TL409": "TL207", "TL410": "TL208"}


def find_all(events: Sequence[EventDrift], plan: Plan) -> tuple[Diagnostic, ...]:
    """Every finding of every event, in the order of the events."""
    suggester = Suggester(plan.events)
    seen = {cell.platform for event in events for cell in event.cells if cell.count}
    return tuple(finding for event in events
                 for finding in _EventFindings(event, plan, suggester, seen).all())


@dataclass
class _EventFindings:
    """The findings of one event, and the (platform, rule, property) errors they explain."""

    event: EventDrift
    plan: Plan
    suggester: Suggester
    seen_platforms: set[str]
    explained: set[tuple[str, str, str | None]] = field(default_factory=set)

    def all(self) -> list[Diagnostic]:
        found = list(self._event_level())
        for prop in self.event.properties:
            found.extend(self._property_level(prop))
        found.extend(self._unexplained())
        return found

    # -- building ---------------------------------------------------------------------

    def _finding(self, code: str, platforms: Sequence[str], *, args: dict[str, Any],
                 prop: str | None = None, count: int = 0, hint: str | None = None,
                 at: Position | None = None, versions: Sequence[str] = ()) -> Diagnostic:
        """A TL4xx diagnostic; an error when its event rule was an error on ``platforms``."""
        underlying = _UNDERLYING.get(code)
        rule = RULES[code]
        severity = rule.severity
        if underlying is not None:
            fired = self._fired(underlying, prop, platforms)
            severity = Severity.ERROR if fired else Severity.WARNING
            if fired:
                self.explained.update((p, underlying, prop) for p in platforms)
        where = at or self._position(prop)
        extra: dict[str, Any] = {"platforms": list(platforms), "count": count}
        if prop is not None:
            extra["property"] = prop
        if versions:
            extra["versions"] = list(versions)
        return rule.build(args={"event": self.event.name, **args}, severity=severity,
                          hint=hint, event=self.event.name,
                          platform=platforms[0] if len(platforms) == 1 else None,
                          path=where.path if where else None,
                          line=where.line if where else None,
                          column=where.column if where else None, extra=extra)

    def _fired(self, code: str, prop: str | None, platforms: Iterable[str]) -> bool:
        wanted = set(platforms)
        return any(issue.code == code and issue.property == prop and issue.error
                   for cell in self.event.cells if cell.platform in wanted
                   for issue in cell.issues)

    def _position(self, prop: str | None) -> Position | None:
        """The plan's definition of the property (or of the event), where a fix is decided."""
        definition = self.plan.event(self.event.name)
        if definition is None:
            return self.plan.position_of("events")
        if prop is not None:
            for platform in (*definition.platforms, *self.plan.platforms):
                found = next((p for p in self.plan.properties_for(definition, platform)
                              if p.name == prop), None)
                if found is not None:
                    return found.position
        return definition.position

    # -- event level ------------------------------------------------------------------

    def _sending(self) -> list[PlatformCell]:
        return [cell for cell in self.event.cells if cell.count]

    def _event_level(self) -> Iterator[Diagnostic]:
        sending = self._sending()
        if self.event.status == "unplanned":
            close = self.suggester.suggest(self.event.name)
            yield self._finding(
                "TL401", [c.platform for c in sending], count=_total(sending),
                args={"senders": _counts(sending)},
                hint=f"did you mean '{close[0]}'?" if close else
                "add it to the plan, or stop sending it")
            return
        yield from self._retired(sending)
        yield from self._wrong_platform(sending)
        if self.event.status == "active":
            yield from self._not_sent(sending)

    def _retired(self, sending: Sequence[PlatformCell]) -> Iterator[Diagnostic]:
        code = "TL403" if self.event.status == "removed" else "TL404"
        replaced = self.event.replaced_by
        hint = f"send '{replaced}' instead" if replaced else None
        for cell in sending:
            if not cell.retired:
                continue
            versions = tuple(v.version for v in cell.versions)
            shown = f" by versions {_version_span(versions)}" if versions else ""
            yield self._finding(code, [cell.platform], count=cell.retired, hint=hint,
                                versions=versions,
                                args={"platform": cell.platform,
                                      "events": plural(cell.retired, "event"), "by": shown})

    def _wrong_platform(self, sending: Sequence[PlatformCell]) -> Iterator[Diagnostic]:
        definition = self.plan.events[self.event.name]
        for cell in sending:
            if not cell.planned:
                yield self._finding(
                    "TL402", [cell.platform], count=cell.count,
                    hint=f"add '{cell.platform}' to its platforms in the plan if it should "
                         "be sent from there",
                    args={"platform": cell.platform, "events": plural(cell.count, "event"),
                          "planned": ", ".join(definition.platforms)})

    def _not_sent(self, sending: Sequence[PlatformCell]) -> Iterator[Diagnostic]:
        """A platform planned for the event that sent other events, but not this one."""
        if not sending:
            return
        planned_for = self.plan.events[self.event.name].platforms
        sent = {cell.platform for cell in sending}
        silent = [p for p in planned_for if p in self.seen_platforms and p not in sent]
        if silent:
            yield self._finding("TL411", silent,
                                args={"silent": ", ".join(silent),
                                      "senders": _counts(sending)})

    # -- property level ---------------------------------------------------------------

    def _property_level(self, prop: PropertyDrift) -> Iterator[Diagnostic]:
        """Missing, renamed, extra, gaps, types, values.

        For an event the plan does not define every property is unplanned; TL401
        says that once, so only the differences between platforms are reported.
        """
        if self.event.status != "unplanned":
            yield from self._missing(prop)
            yield from self._renamed_or_extra(prop)
            yield from self._gap(prop)
        if "type_drift" in prop.flags:
            yield self._type_drift(prop)
        if "value_drift" in prop.flags:
            yield self._value_drift(prop)

    def _missing(self, prop: PropertyDrift) -> Iterator[Diagnostic]:
        for on in prop.platforms:
            if on.status not in ("missing", "partial"):
                continue
            others = _senders(prop, but=on.platform)
            lacking = on.events - on.present
            yield self._finding(
                "TL405", [on.platform], prop=prop.name, count=lacking,
                args={"platform": on.platform, "property": prop.name, "missing": lacking,
                      "events": plural(on.events, "event"),
                      "share": percent(lacking / on.events if on.events else 0.0),
                      "sent_by": (f"; sent by {', '.join(o.platform for o in others)}"
                                  if others else "")})

    def _renamed_or_extra(self, prop: PropertyDrift) -> Iterator[Diagnostic]:
        extra = [on for on in prop.platforms if on.status == "extra"]
        if not extra:
            return
        if prop.renamed_to is not None:
            for on in extra:
                yield self._finding(
                    "TL406", [on.platform], prop=prop.name, count=on.present,
                    at=self._position(prop.renamed_to),
                    hint=f"send it as '{prop.renamed_to}'",
                    args={"platform": on.platform, "property": prop.name,
                          "planned": prop.renamed_to, "present": on.present,
                          "events": plural(on.events, "event")})
            return
        where = ", ".join(f"{on.platform} ({on.present} of {on.events})" for on in extra)
        yield self._finding("TL408", [on.platform for on in extra], prop=prop.name,
                            count=sum(on.present for on in extra),
                            hint="add it to the event in the plan, or stop sending it",
                            args={"property": prop.name, "senders": where})

    def _gap(self, prop: PropertyDrift) -> Iterator[Diagnostic]:
        """An optional planned property that some platforms send and others never do.

        A missing *required* property is TL405 instead.
        """
        senders = _senders(prop)
        silent = [on for on in prop.platforms if on.status == "unused"]
        if not senders or not silent:
            return
        sent_by = ", ".join(f"{on.platform} ({on.present} of {on.events})" for on in senders)
        never = ", ".join(f"{on.platform} ({plural(on.events, 'event')})" for on in silent)
        yield self._finding("TL407", [on.platform for on in silent], prop=prop.name,
                            count=sum(on.events for on in silent),
                            args={"property": prop.name, "senders": sent_by,
                                  "silent": never})

    def _type_drift(self, prop: PropertyDrift) -> Diagnostic:
        senders = _senders(prop)
        by_kinds: dict[str, list[str]] = {}
        for on in senders:
            # The types as sent (integer, not its family number): the words the plan uses.
            kinds = " and ".join(sorted(kind for kind, count in on.types
                                        if count and kind != "null"))
            if kinds:
                by_kinds.setdefault(kinds, []).append(on.platform)
        parts = [f"{kinds} from {', '.join(platforms)}" for kinds, platforms in by_kinds.items()]
        planned = f"; the plan says {prop.type}" if prop.type and prop.type != "any" else ""
        return self._finding("TL409", [on.platform for on in senders], prop=prop.name,
                             count=sum(on.present for on in senders),
                             args={"property": prop.name, "types": "; as ".join(parts),
                                   "planned": planned})

    def _value_drift(self, prop: PropertyDrift) -> Diagnostic:
        pieces: list[str] = []
        involved: dict[str, None] = {}
        for by_platform in case_variants(prop).values():
            platforms_of: dict[str, list[str]] = {}
            for platform, spellings in by_platform.items():
                involved[platform] = None
                for spelling in spellings:
                    platforms_of.setdefault(spelling, []).append(platform)
            pieces.append(" vs ".join(f"{spelling!r} ({', '.join(platforms)})"
                                      for spelling, platforms in platforms_of.items()))
        outside = _outside_enum(prop)
        for platform, values in outside.items():
            involved[platform] = None
            quoted = ", ".join(f"{v.value!r} ({v.count})" for v in values[:_QUOTED_VALUES])
            pieces.append(f"{platform} sends {quoted}, not in the plan")
        allowed = (f" (allowed: {', '.join(repr(v) for v in prop.enum)})"
                   if prop.enum is not None and outside else "")
        return self._finding("TL410", list(involved), prop=prop.name,
                             count=sum(v.count for values in outside.values() for v in values),
                             args={"property": prop.name,
                                   "differences": "; ".join(pieces) + allowed})

    # -- what no finding above explains -------------------------------------------------

    def _unexplained(self) -> Iterator[Diagnostic]:
        """TL412 per platform whose events broke error-level rules no finding names."""
        for cell in self._sending():
            if cell.conformant == cell.count:
                continue
            left = [issue for issue in cell.issues if issue.error
                    and (cell.platform, issue.code, issue.property) not in self.explained]
            if not left:
                continue
            issues = ", ".join(f"{issue.describe()} ({issue.count})" for issue in left)
            yield self._finding(
                "TL412", [cell.platform], count=cell.count - cell.conformant,
                prop=left[0].property if len({i.property for i in left}) == 1 else None,
                hint="run 'tracklint validate' on the captures to see each event",
                args={"platform": cell.platform, "events": cell.count,
                      "broken": cell.count - cell.conformant, "issues": issues})


# -- helpers ------------------------------------------------------------------------------


def _senders(prop: PropertyDrift, but: str | None = None) -> list[PropertyOnPlatform]:
    return [on for on in prop.platforms if on.present and on.platform != but]


def _outside_enum(prop: PropertyDrift) -> dict[str, list[ValueCount]]:
    return {on.platform: bad for on in prop.platforms
            if (bad := [v for v in on.top_values if v.in_plan is False])}


def _counts(cells: Iterable[PlatformCell]) -> str:
    return ", ".join(f"{cell.platform} ({cell.count})" for cell in cells)


def _total(cells: Iterable[PlatformCell]) -> int:
    return sum(cell.count for cell in cells)


def _version_span(versions: Sequence[str]) -> str:
    """``2.9.1, 2.9.0, 2.8.0`` or ``2.9.1 ... 2.1.0 (7 versions)``; newest first."""
    if len(versions) <= 3:
        return ", ".join(versions)
    return f"{versions[0]} \u2026 {versions[-1]} ({len(versions)} versions)"
