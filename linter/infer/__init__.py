"""Bootstrapping a tracking plan from what a product already sends: ``tracklint infer``.

A team without a plan has the evidence of one: tracking calls in its server
code and captured payloads from its apps.  This package turns both into a
starting YAML plan that ``tracklint plan check`` accepts and that the same
payloads pass under ``tracklint validate``:

* :mod:`~linter.infer.evidence` collects what was seen in bounded memory;
* :mod:`~linter.infer.types` and :mod:`~linter.infer.build` decide types,
  enums, ``required``, platforms and shared definitions, never tighter than
  the evidence;
* :mod:`~linter.infer.emit` writes YAML with comments where the evidence is
  thin.

Typical use::

    stream = read_payloads(["web.jsonl", "ios.jsonl.gz"])
    events = (item for item in stream if isinstance(item, EventObservation))
    text = infer_yaml(events, collect_calls(settings).calls)
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.events import EventObservation
from linter.infer.build import build_plan
from linter.infer.emit import render_yaml
from linter.infer.evidence import Evidence, InferLimits
from linter.infer.model import InferredEvent, InferredPlan, InferredProperty, Naming
from linter.static import CallSite


def collect_evidence(observations: Iterable[EventObservation] = (),
                     calls: Iterable[CallSite] = (), *,
                     limits: InferLimits | None = None) -> Evidence:
    """Read captured observations and tracking calls into evidence.

    Calls in the bodies of wrappers only forward the wrapper's parameters; the
    wrapper's callers are the call sites, so those calls are skipped.
    """
    evidence = Evidence(limits or InferLimits())
    for observation in observations:
        evidence.add(observation)
    for call in calls:
        if call.inside_wrapper is None:
            evidence.add(call.observation, location=f"{call.path}:{call.line}")
    return evidence


def infer_plan(observations: Iterable[EventObservation] = (),
               calls: Iterable[CallSite] = (), *,
               limits: InferLimits | None = None) -> InferredPlan:
    """The starting plan the observations and calls support."""
    return build_plan(collect_evidence(observations, calls, limits=limits))


def infer_yaml(observations: Iterable[EventObservation] = (),
               calls: Iterable[CallSite] = (), *,
               limits: InferLimits | None = None) -> str:
    """The starting plan as YAML text, ready to be written to ``plan.yaml``."""
    return render_yaml(infer_plan(observations, calls, limits=limits))


__all__ = [
    "Evidence",
    "InferLimits",
    "InferredEvent",
    "InferredPlan",
    "InferredProperty",
    "Naming",
    "build_plan",
    "collect_evidence",
    "infer_plan",
    "infer_yaml",
    "render_yaml",
]
