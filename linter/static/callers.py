"""The calls of one callee name across the project: who passes what to whom.

A parameter without annotation (``def onboard(io, analytics)``) is typed by the
objects its callers pass (:meth:`linter.static.symbols.Symbols.param_types`).
Module summaries record the calls that pass objects, by the callee's last name
(:class:`~linter.static.summary.CallFact`), and the table of summaries knows which
modules record a name (:meth:`linter.static.project.ModuleTable.recording`), so
finding the calls of one function loads only the modules that may make them.

The answer depends on exactly those modules, and on no other module starting to
make such a call: :func:`callers_digest` is the digest of the set of their
fingerprints, which a cached result records under :func:`callers_key` and which
can be checked again without loading any summary.
"""

from __future__ import annotations

from collections.abc import Mapping

from linter.static.fingerprint import stable_digest
from linter.static.summary import CallFact, ModuleSummary, recorded_names

_PREFIX = "*calls:"


def callers_key(name: str) -> str:
    """The dependency name of "the calls named ``name``" (never a module name)."""
    return _PREFIX + name


def callers_name(key: str) -> str | None:
    """The callee name a dependency name stands for, or None for a module name."""
    return key[len(_PREFIX):] if key.startswith(_PREFIX) else None


def _recording(modules: Mapping[str, ModuleSummary], local: Mapping[str, ModuleSummary],
               name: str) -> list[tuple[str, ModuleSummary | None]]:
    """The modules recording calls named ``name``: fingerprint, and summary when at hand.

    The local summaries replace the indexed ones of their names.
    """
    table = getattr(modules, "recording", None)
    found: dict[object, tuple[str, ModuleSummary | None]] = {}
    if table is not None:
        found.update((f, (f, None)) for f in sorted(table(name)))
    else:
        for summary in modules.values():
            if name in recorded_names(summary):
                found[summary.fingerprint or id(summary)] = (summary.fingerprint, summary)
    lookup = getattr(modules, "fingerprint", None)
    for module, summary in local.items():
        shadowed = lookup(module) if lookup is not None else (
            modules[module].fingerprint if module in modules else None)
        if shadowed and shadowed != summary.fingerprint:
            found.pop(shadowed, None)
    for summary in local.values():
        if name in recorded_names(summary):
            found[summary.fingerprint or id(summary)] = (summary.fingerprint, summary)
    return list(found.values())


def callers_digest(modules: Mapping[str, ModuleSummary],
                   local: Mapping[str, ModuleSummary], name: str) -> str:
    """What the calls named ``name`` were read from: their modules' fingerprints ("" when
    one has none, so the result is not cached)."""
    fingerprints = [f for f, _ in _recording(modules, local, name)]
    return "" if "" in fingerprints else stable_digest(sorted(fingerprints))


def summaries_recording(modules: Mapping[str, ModuleSummary],
                        local: Mapping[str, ModuleSummary], name: str) -> list[ModuleSummary]:
    """The summaries of the modules recording a name (loaded now when they were not)."""
    found: list[ModuleSummary] = []
    summary_of = getattr(modules, "summary", None)
    for fingerprint, summary in _recording(modules, local, name):
        if summary is None and summary_of is not None:
            summary = summary_of(fingerprint)
        if summary is not None:
            found.append(summary)
    return found


def calls_named(modules: Mapping[str, ModuleSummary], local: Mapping[str, ModuleSummary],
                name: str) -> list[CallFact]:
    """Every recorded call of a callee with this last name, in any module."""
    return [fact for summary in summaries_recording(modules, local, name)
            for fact in summary.calls.get(name, ())]


def subclass_key(base: str) -> str:
    """The recorded name of "a class here has a base named ``base``" (never a callee)."""
    return "^" + base
