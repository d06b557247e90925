"""One-line descriptions of a checked event, shared by logs, exceptions and test failures.

Whoever reads them (an on-call engineer grepping logs, a developer reading a
failed test) needs the event, the code, what is wrong and where in the payload,
on one line each; the structured data travels separately (``extra`` in log
records, ``diagnostics`` on exceptions).
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.diagnostics import Diagnostic
from linter.events import EventObservation


def describe_event(observation: EventObservation) -> str:
    """``'Order Completed' (segment, server)``: what was sent, by what, where."""
    source = ", ".join(part for part in (observation.sdk, observation.platform) if part)
    name = repr(observation.name) if observation.name is not None else "<unnamed event>"
    return f"{name} ({source})" if source else name


def describe_diagnostic(diagnostic: Diagnostic) -> str:
    """``TL205 [error] /plan_type: ...``: the code first, so logs can be filtered by it."""
    where = f" {diagnostic.pointer}" if diagnostic.pointer else ""
    text = f"{diagnostic.code} [{diagnostic.severity.value}]{where}: {diagnostic.message}"
    return f"{text} ({diagnostic.hint})" if diagnostic.hint else text


def summarise(
    observation: EventObservation, diagnostics: Iterable[Diagnostic], outcome: str | None = None
) -> str:
    """The event (and what became of it) on one line, then one indented line per diagnostic."""
    what_happened = f" ({outcome})" if outcome else ""
    lines = [f"event {describe_event(observation)} breaks the tracking plan{what_happened}:"]
    lines.extend(f"  {describe_diagnostic(d)}" for d in diagnostics)
    return "\n".join(lines)
