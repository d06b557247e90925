"""Tracking drift between platforms: ``tracklint drift``.

The same event is implemented four times (web, iOS, Android, server) and the
implementations drift apart: one platform renames a property, another forgets
one, a third sends ``"Pro"`` where the others send ``"pro"``, old app versions
keep sending a deprecated event for years.  This package reads captured
payloads of every format :mod:`linter.payloads` reads and reports, per event:

* which platforms send it, how often, and how much of it conforms to the plan;
* which properties each platform sends, missing or extra compared with the
  plan and with the other platforms;
* the types, top values and ranges each platform sends for each property;
* by app version, what old releases still send and since which release a
  platform conforms.

It runs in constant memory: counters and fixed-size sketches
(:mod:`linter.drift.sketches`) per event x platform x property, bounded by
:class:`DriftLimits`.  Typical use::

    report = drift_report(["web.jsonl", "ios.jsonl.gz"], load_plan("plan"))
    print(render_text(report))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from linter.diagnostics import Diagnostic
from linter.drift.accumulators import Collected
from linter.drift.aggregate import DriftCollector
from linter.drift.analysis import build_report
from linter.drift.merge import merge_into
from linter.drift.model import (
    DriftLimits,
    DriftReport,
    EventDrift,
    PlatformCell,
    PlatformVersions,
    PropertyDrift,
    PropertyOnPlatform,
)
from linter.drift.versions import compare_versions, conforms_since, version_key
from linter.events import EventObservation
from linter.payloads.reader import PayloadStats, read_payloads
from linter.plan.model import Plan
from linter.validation.event_check import EventChecker

Check = Callable[[EventObservation], Sequence[Diagnostic]]


def drift_report(sources: Iterable[str | Path], plan: Plan, *,
                 limits: DriftLimits | None = None, check: Check | None = None,
                 format: str | None = None, platform: str | None = None,
                 sdk_events: bool = False) -> DriftReport:
    """Read capture files and build the drift report against ``plan``.

    ``check`` returns an observation's diagnostics; by default it is the plain
    :class:`EventChecker` (pass one that applies a rule selection to honour
    ``--select``/``--ignore``).  ``format``, ``platform`` and ``sdk_events``
    are passed to :func:`~linter.payloads.read_payloads`.

    Each file is collected on its own and the parts are merged in file order
    (:mod:`linter.drift.merge`), exactly as ``linter.spark.drift`` merges the
    parts its executors collect, so both give the same report.
    """
    limits = limits or DriftLimits()
    check = check or EventChecker(plan).check
    sources = [sources] if isinstance(sources, (str, Path)) else list(sources)
    # Validate the format and platform before anything is read.
    read_payloads([], format=format, platform=platform, sdk_events=sdk_events)
    merged = Collected()
    stats = PayloadStats()
    for source in sources:
        stream = read_payloads([source], format=format, platform=platform,
                               sdk_events=sdk_events)
        part = DriftCollector(plan, limits)
        part.feed(stream, check)
        merge_into(merged, part.data, plan, limits)
        stats.merge(stream.stats)
    return build_report(plan, limits, merged, stats)


__all__ = [
    "DriftCollector",
    "DriftLimits",
    "DriftReport",
    "EventDrift",
    "PlatformCell",
    "PlatformVersions",
    "PropertyDrift",
    "PropertyOnPlatform",
    "compare_versions",
    "conforms_since",
    "drift_report",
    "version_key",
]
