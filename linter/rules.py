"""The catalogue of diagnostic codes: one stable code per kind of problem.

Codes are a contract with users (they appear in ignore comments, baselines,
configuration and CI dashboards), so a code is never reused or renumbered.
The static checker and runtime validation share the ``TL2xx`` event codes: a
wrong property is the same mistake whether it is found in code or in a payload.

Groups:
  TL0xx  the plan or configuration could not be loaded (exit code 2)
  TL1xx  plan lint: the plan itself is inconsistent (``tracklint plan check``)
  TL2xx  an event, in code or in a payload, breaks the plan
  TL3xx  an input could not be checked (syntax error, unreadable record...)
  TL4xx  drift: captured platforms disagree with the plan or each other (``tracklint drift``)
  TL5xx  coverage: planned events not sent, events sent outside the plan
         (``tracklint coverage``)
  TL6xx  importing a plan from another tool, or exporting to one (``tracklint plan
         import``, ``plan export --format``)
  TL7xx  changes between two versions of a plan (``tracklint plan diff``)
  TL9xx  tracklint's own comments in the code (ignore comments)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from linter.diagnostics import Diagnostic, Severity
from linter.text.naming import Suggester


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of problem: its stable code, its name, how bad it is, and its messages.

    A rule builds its own diagnostics (:meth:`diagnostic`, :meth:`build`), so that
    every entry point (the static checker, the runtime guard, ``validate``, the
    pytest fixture) reports the same problem with the same code and severity; a
    run's configuration may still change the severity afterwards
    (:class:`~linter.selection.RuleSelection`).  ``templates`` are the rule's
    message shapes, by variant name (``"default"`` first), with ``{name}`` fields.
    """

    code: str
    name: str
    summary: str
    explanation: str
    severity: Severity = Severity.ERROR
    enabled_by_default: bool = True
    templates: Mapping[str, str] = field(default_factory=dict)

    def diagnostic(self, message: str, *, severity: Severity | None = None,
                   **fields: Any) -> Diagnostic:
        """A diagnostic of this rule with a message already written out.

        ``severity`` is for the few rules whose severity depends on the finding
        itself (what an SDK does with a value, whether a record is a payload at
        all); everything else takes the catalogue's.
        """
        return Diagnostic(code=self.code, message=message,
                          severity=self.severity if severity is None else severity, **fields)

    def build(self, variant: str = "default", /, *, args: Mapping[str, Any],
              **fields: Any) -> Diagnostic:
        """A diagnostic whose message is this rule's ``variant`` template filled with ``args``.

        The arguments are kept on the diagnostic (``Diagnostic.args``), so machine
        formats and baselines can rely on them rather than on the wording.
        """
        message = self.templates[variant].format_map(args)
        return self.diagnostic(message, args={k: _plain(v) for k, v in args.items()},
                               **fields)


def _plain(value: Any) -> Any:
    """Template arguments as JSON-friendly values (they are written by machine formats)."""
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def _rule(
    code: str,
    name: str,
    summary: str,
    explanation: str,
    severity: Severity = Severity.ERROR,
    enabled: bool = True,
    templates: Mapping[str, str] | None = None,
) -> Rule:
    return Rule(code, name, summary, explanation, severity, enabled, dict(templates or {}))


_CATALOGUE: tuple[Rule, ...] = (
    # -- loading -----------------------------------------------------------
    _rule("TL001", "unreadable-file", "A plan or configuration file could not be read",
          "The file is missing, not valid UTF-8, too large or empty. Nothing in it can be "
          "checked until it is readable."),
    _rule("TL002", "syntax-error", "A plan file is not valid YAML or JSON",
          "The parser stopped at the position given. Fix the syntax there; YAML is "
          "indentation-sensitive, and tabs are not allowed for indentation."),
    _rule("TL003", "invalid-plan", "A plan file does not follow the plan format",
          "A key is unknown, a value has the wrong type, or a required key is missing. "
          "The message names the key and what is expected; the plan format is defined "
          "by the JSON Schema documents shipped in tracklint's schemas/ folder."),
    _rule("TL004", "duplicate-definition", "A name is defined twice in the plan",
          "An event, shared property or plan setting is defined in two places (two "
          "files of a plan directory, or twice in one mapping). Keep one of them."),
    _rule("TL005", "unsafe-input", "A plan file is too large, too deep or expands too much",
          "tracklint refuses inputs that would take unbounded time or memory: files over "
          "the size limit, nesting deeper than the limit, and alias expansions ('billion "
          "laughs'). Tracking plans never need any of these."),
    _rule("TL006", "invalid-configuration", "The tracklint configuration is invalid",
          "A key of [tool.tracklint] or tracklint.toml is unknown or has the wrong type."),
    # -- plan lint ---------------------------------------------------------
    _rule("TL101", "event-naming", "An event name breaks the plan's naming convention",
          "The plan declares a convention for event names under naming.events (for "
          "example title_case or object_action). One convention keeps names guessable "
          "for everyone who writes or queries events."),
    _rule("TL102", "property-naming", "A property name breaks the plan's naming convention",
          "The plan declares a convention for property names under naming.properties "
          "(for example snake_case). Mixed conventions are how iOS ends up sending "
          "plan_type while Android sends planType."),
    _rule("TL103", "conflicting-property", "One property name has different definitions",
          "The same property name is defined with different types or enums in different "
          "events. Analysts query a property by name across events, so its meaning must "
          "not change; define it once under properties: and reference it with ref."),
    _rule("TL104", "similar-event-names", "Two event names differ only in case or punctuation",
          "Names such as 'Order Completed', 'order_completed' and 'OrderCompleted' are "
          "almost always the same event instrumented twice. Keep one and deprecate the "
          "other with replaced_by.", Severity.WARNING),
    _rule("TL105", "similar-property-names",
          "Two property names differ only in case or punctuation",
          "Names such as plan_type and planType split one metric in two. Keep one.",
          Severity.WARNING),
    _rule("TL106", "undefined-ref", "A property refers to a shared property that does not exist",
          "ref: names a property that is not defined under the plan's top-level "
          "properties:. Define it there or fix the name."),
    _rule("TL107", "bad-replacement", "replaced_by names a missing or removed event",
          "A deprecated or removed event points users to its replacement; that "
          "replacement must be an active event of the plan."),
    _rule("TL108", "unused-shared-property", "A shared property is never used",
          "A property defined under the top-level properties: is referenced by no event. "
          "Remove it or reference it.", Severity.WARNING),
    _rule("TL109", "duplicate-enum-value", "An enum lists the same value twice",
          "Duplicate enum values are usually a typo for a different value."),
    _rule("TL110", "invalid-pattern", "A pattern is not a valid regular expression",
          "pattern: must be a regular expression in RE2 syntax, which JSON Schema's "
          "ECMA 262 patterns and Python's re mostly share: no lookaround or "
          "backreferences, \\z for the end of the value. A pattern outside that dialect is "
          "refused when the plan is loaded."),
    _rule("TL111", "slow-pattern", "A pattern is prone to catastrophic backtracking",
          "tracklint runs plan patterns in time linear in the value (RE2), but the JSON "
          "Schema that 'plan export' writes is also run by other validators, most of which "
          "backtrack: nested quantifiers such as (a+)+ or a quantified group whose "
          "alternatives overlap, such as (a|a)*, take exponential time there on some "
          "inputs (ReDoS). Rewrite the pattern without nested repetition.",
          Severity.WARNING),
    _rule("TL112", "missing-description", "An event has no description",
          "Every event should say what it means, so analysts and engineers agree on when "
          "it fires.", Severity.WARNING),
    _rule("TL113", "missing-owner", "An event has no owner",
          "Every event should name the team that owns it, so someone answers for changes.",
          Severity.WARNING),
    _rule("TL114", "unknown-platform", "A platform is not one of the plan's platforms",
          "Events, properties and global properties may only name platforms listed in "
          "the plan's top-level platforms:."),
    _rule("TL115", "invalid-constraint", "A constraint contradicts another or its type",
          "For example minimum greater than maximum, an enum value of the wrong type, or "
          "min_length on a number."),
    # -- events ------------------------------------------------------------
    _rule("TL201", "unknown-event", "The event is not in the tracking plan",
          "Every event sent must be defined in the plan. Fix the name (see the "
          "did-you-mean hint) or add the event to the plan.",
          templates={"default": "event '{event}' is not in the tracking plan"}),
    _rule("TL202", "wrong-platform", "The event is not planned for this platform",
          "The event's platforms: list does not include the platform that sends it.",
          templates={"default": "event '{event}' is not planned for the {platform} platform",
                     "unnamed": "event '{event}' was sent from a platform the payload "
                                "does not name"}),
    _rule("TL203", "deprecated-event", "The event is deprecated",
          "The plan marks the event deprecated; send its replacement instead.",
          Severity.WARNING,
          templates={"default": "event '{event}' is deprecated"}),
    _rule("TL204", "removed-event", "The event was removed from the plan",
          "The plan marks the event removed; it must no longer be sent.",
          templates={"default": "event '{event}' was removed from the plan"}),
    _rule("TL205", "missing-property", "A required property is missing",
          "The plan marks the property required for this event and platform.",
          templates={"default": "event '{event}' is missing required property '{property}'",
                     "nested": "{subject}: {detail}"}),
    _rule("TL206", "unplanned-property", "A property is not in the plan for this event",
          "The event does not allow additional properties. Fix the name (see the "
          "did-you-mean hint) or add the property to the plan.",
          templates={"default": "property '{property}' is not planned for event '{event}'",
                     "nested": "{subject}: {detail}"}),
    _rule("TL207", "wrong-type", "A property value has the wrong type",
          "The value's type differs from the type the plan gives the property.",
          templates={"default": "{subject} must be {expected}, got {actual} {value}"}),
    _rule("TL208", "not-in-enum", "A property value is not one of the allowed values",
          "The plan lists the values this property may take.",
          templates={"default": "{subject} is {value}, which is not one of {allowed}"}),
    _rule("TL209", "constraint-violation", "A property value breaks a pattern, length or range",
          "The value is of the right type but outside the plan's constraints.",
          templates={"default": "{subject} is {value}: {constraint}"}),
    _rule("TL210", "missing-identity", "The event has no user identity",
          "The plan marks identity required for this event, but the distinct id / user "
          "id is missing, None or empty.",
          templates={"default": "event '{event}' requires an identified user, but the user "
                                "id is {user_id}"}),
    _rule("TL211", "dynamic-event-name", "The event name cannot be known statically",
          "The event name is computed at run time, so the call cannot be checked "
          "against the plan. Use a literal or a constant.", Severity.WARNING, enabled=False,
          templates={"default": "the event name cannot be known statically: {source}"}),
    _rule("TL212", "unserialisable-value", "A property value cannot be sent as JSON",
          "Values such as datetime, Decimal, UUID, sets or custom objects are dropped or "
          "mangled by SDKs. Convert them (isoformat(), float(), str(), list()) first. The "
          "verdict depends on the SDK that sends the event: an error where the value or the "
          "event is lost, a warning where the SDK converts it with a loss.",
          templates={"default": "{subject} has type {python_type}: {outcome}"}),
    _rule("TL213", "unplanned-event-pattern", "No planned event has the name a call forms",
          "The event name is built at run time (an f-string or a concatenation), but its "
          "known parts already rule out every event in the plan: whatever the call "
          "sends is not planned. Fix the name's fixed parts or add the events to the plan.",
          templates={"default": "no event in the tracking plan matches '{pattern}', the "
                                "name this call forms ({source})"}),
    # -- inputs ------------------------------------------------------------
    _rule("TL301", "parse-error", "A source file could not be parsed",
          "The file has a syntax error, is not valid UTF-8, is too complex to parse, uses "
          "syntax newer than the Python running tracklint, cannot be read, or is larger "
          "than max-file-kb. It was not checked, and the summary line counts it; the rest "
          "of the run went on."),
    _rule("TL302", "internal-error", "tracklint failed on this input",
          "An unexpected error happened while checking this input. It was not checked; "
          "the rest of the run went on. Please report it with the input that caused it."),
    _rule("TL303", "unreadable-record", "A captured payload record could not be read",
          "The record is not valid JSON or not a payload of a known format. It was "
          "counted as unreadable; the rest of the file was read."),
    # -- import and export -------------------------------------------------
    _rule("TL601", "unreadable-import", "A file to import could not be read",
          "The file is missing, not valid UTF-8, or not valid JSON, CSV or YAML at the "
          "position given. Export it again from the tool it comes from, or fix it there."),
    _rule("TL602", "unknown-import-format", "The format of a file to import is not known",
          "tracklint recognises each format by its shape (a Segment rules list, an Iglu "
          "folder, a CSV header...). The file matches none of them, or several: pass "
          "--from FORMAT; 'tracklint plan import --help' lists the formats."),
    _rule("TL603", "invalid-import", "A file to import lacks something its format requires",
          "The file is of the format, but a required field or column is missing or holds "
          "a value of the wrong kind (an event without a name, a CSV without an event "
          "column). The message names what is missing and where."),
    _rule("TL604", "not-exported", "A part of the plan has no place in the target format",
          "The format cannot express this field (platforms, owners, identity, a "
          "per-platform requirement...) and tracklint could not carry it in labels, tags "
          "or metadata either, so it is not in the exported file. Keep the tracklint plan "
          "as the source of truth, or accept the loss for that tool.", Severity.WARNING),
    _rule("TL605", "not-imported", "A part of the source has no place in a tracklint plan",
          "tracklint plans describe events and their properties; identify and group "
          "traits, page rules, variants and the like have no equivalent. Where possible "
          "they are kept under an x- key of the plan; otherwise this warning names them, "
          "so nothing is dropped without a word.", Severity.WARNING),
    _rule("TL606", "renamed-on-export", "A name was changed to fit the target format",
          "Some formats restrict names (an Iglu schema name allows letters, digits, '-' "
          "and '_' only). The exported name is given; tools reading the export see that "
          "name, not the plan's.", Severity.WARNING),
    _rule("TL607", "schema-version-bump", "An exported schema got a new version",
          "For formats that version each schema (Snowplow's SchemaVer), tracklint compares "
          "the plan with the last export and bumps MODEL for breaking changes, REVISION "
          "for changes that may conflict with historical data and ADDITION for the rest. "
          "The message says which changes caused the bump.", Severity.INFO),
    # -- drift between platforms (tracklint drift) -------------------------------
    _rule("TL401", "unplanned-event-sent",
          "Captured events have a name the plan does not define",
          "Some platforms send an event the plan does not define: a misspelled name (see the "
          "did-you-mean hint), or an event that was never planned. Fix the senders or add "
          "the event to the plan. An error when its events broke TL201.",
          templates={"default": "'{event}' is not in the tracking plan; sent by {senders}"}),
    _rule("TL402", "sent-from-unplanned-platform",
          "A platform sends an event the plan does not plan for it",
          "The event's platforms: list does not include a platform that sends it. Add the "
          "platform to the event, or stop sending it there. An error when its events broke "
          "TL202.",
          templates={"default": "'{event}' is sent from {platform} ({events}), but the plan "
                                "lists it for {planned} only"}),
    _rule("TL403", "removed-event-sent", "A platform still sends a removed event",
          "The plan marks the event removed, yet captures show it; the versions that send "
          "it are named, newest first, so it is clear whether the current release does.",
          templates={"default": "{platform} still sends removed '{event}' ({events}{by})"}),
    _rule("TL404", "deprecated-event-sent", "A platform still sends a deprecated event",
          "The plan marks the event deprecated. Like TL203 this is a warning: the events "
          "still count as conformant, and the versions that send it are named so the "
          "migration to its replacement can be followed.", Severity.WARNING,
          templates={"default": "{platform} still sends deprecated '{event}' ({events}{by})"}),
    _rule("TL405", "platform-missing-property", "A platform omits a required property",
          "Some (or all) of a platform's events lack a property the plan requires for it, "
          "while other platforms may send it. An error when the events broke TL205.",
          templates={"default": "{platform} omits required '{property}' of '{event}' in "
                                "{missing} of {events} ({share}){sent_by}"}),
    _rule("TL406", "platform-renamed-property", "A platform sends a property under another name",
          "A property the plan does not define for the event is another spelling of one the "
          "platform does not fully send (planType for plan_type): one property renamed, not "
          "one missing and one extra. An error when the events broke TL206.",
          templates={"default": "{platform} sends '{property}' instead of '{planned}' in "
                                "'{event}' ({present} of {events})"}),
    _rule("TL407", "platform-gap", "Some platforms send an optional property and others never do",
          "The plan makes the property optional, so no event breaks it, but platforms "
          "disagree: usually one of them forgot it. A warning: check that the silent "
          "platforms should not send it.", Severity.WARNING,
          templates={"default": "'{property}' of '{event}' is sent by {senders} but never by "
                                "{silent}"}),
    _rule("TL408", "platform-unplanned-property",
          "Platforms send a property the plan does not define",
          "The event does not define the property and does not allow additional ones. Add it "
          "to the plan or stop sending it. An error when the events broke TL206.",
          templates={"default": "unplanned property '{property}' of '{event}' is sent by "
                                "{senders}"}),
    _rule("TL409", "type-drift", "Platforms send a property with different types",
          "One platform sends a number where another sends a string, or a platform sends a "
          "type the plan does not allow. Consumers read one column; make the types agree. "
          "An error when the events broke TL207.",
          templates={"default": "'{property}' of '{event}' is sent as {types}{planned}"}),
    _rule("TL410", "value-drift", "Platforms send different values for the same thing",
          "Spellings that differ only in case ('Pro' and 'pro'), or values outside the "
          "plan's enum. An error when the events broke TL208.",
          templates={"default": "'{property}' of '{event}' values differ: {differences}"}),
    _rule("TL411", "event-not-sent-from-platform",
          "A platform the event is planned for never sends it",
          "The platform sent other events in the captures, but never this one: it may not "
          "be implemented there yet.", Severity.WARNING,
          templates={"default": "'{event}' is planned for {silent} but only {senders} sent it"}),
    _rule("TL412", "nonconforming-events", "A platform's events break the plan",
          "Events of one platform break rules that no other drift finding names (a pattern, "
          "a range, a missing user id...); the rules and how many events broke each are "
          "listed. Run 'tracklint validate' on the captures to see each event.",
          templates={"default": "{broken} of {events} '{event}' events from {platform} break "
                                "the plan: {issues}"}),
    # -- coverage of the plan (tracklint coverage) ---------------------------------
    _rule("TL501", "event-never-sent", "A planned event is never sent",
          "The plan plans the event for this platform, but no tracking call in the code "
          "(or no captured event) sends it: it is not implemented yet, or its call sends "
          "another name. A warning: coverage is a report; --fail-under makes it a gate.",
          Severity.WARNING,
          templates={"default": "'{event}' is planned for {platform} but never sent "
                                "{where}"}),
    _rule("TL502", "retired-event-still-sent", "A deprecated or removed event is still sent",
          "The plan retired the event, yet the code or the captures still send it; for "
          "captures, the app versions that do are named.", Severity.WARNING,
          templates={"default": "{platform} still sends {status} '{event}' ({where})"}),
    _rule("TL503", "event-outside-plan", "An event the plan does not define is sent",
          "A call or a captured event uses a name that is not in the plan; see the "
          "did-you-mean hint.", Severity.WARNING,
          templates={"default": "'{event}' is sent from {platform} but is not in the plan "
                                "({where})"}),
    _rule("TL504", "event-on-unplanned-platform",
          "An event is sent from a platform it is not planned for",
          "The event exists in the plan, but its platforms: list does not include the "
          "platform that sends it.", Severity.WARNING,
          templates={"default": "'{event}' is sent from {platform}, but the plan lists it for "
                                "{planned} only ({where})"}),
    _rule("TL505", "dynamic-event-call", "A call's event name is computed at run time",
          "Coverage cannot tell which event such a call sends, so it is counted for none; "
          "the planned events it may send could be shown as never sent.", Severity.INFO,
          templates={"default": "the event name of this call is computed at run time "
                                "({source}): coverage cannot count it",
                     "pattern": "the event name of this call is computed at run time "
                                "({source}); it may send {events}, the planned events of "
                                "its pattern '{pattern}': coverage counts none of them"}),
    _rule("TL506", "coverage-below-threshold", "The code covers less of the plan than required",
          "With --fail-under PERCENT, the share of the active events planned for the code's "
          "platform that the code sends must reach PERCENT.",
          templates={"default": "the code sends {implemented} of the {planned} events planned "
                                "for {platform} ({percent}), below --fail-under {threshold}%"}),
    # -- changes between two plans (tracklint plan diff) -----------------------------
    _rule("TL701", "breaking-plan-change", "A plan change can break senders or consumers",
          "An event or property removed, a type changed, a property made required, an enum "
          "narrowed, a constraint tightened, a platform taken away: a payload valid before "
          "may be refused now, or something consumers read disappears. It needs a major "
          "version bump (TL704).", Severity.WARNING),
    _rule("TL702", "compatible-plan-change", "A plan change adds to the contract",
          "An event, property, platform or enum value added, a constraint loosened: nothing "
          "valid before is refused now. A minor version bump.", Severity.INFO),
    _rule("TL703", "documentation-plan-change", "A plan change touches only documentation",
          "Descriptions, owners, tags: nothing a payload carries. A patch version bump.",
          Severity.INFO),
    _rule("TL704", "version-bump-missing",
          "Breaking plan changes come without a major version bump",
          "The plan's version: must say when the contract breaks: a major bump (a minor one "
          "while the version is 0.y.z). Bump it, or make the changes compatible.",
          templates={"default": "{message}"}),
    _rule("TL705", "version-inconsistent", "The plan's declared version does not fit the changes",
          "A version that is missing, not MAJOR.MINOR.PATCH, that went down, or that was "
          "bumped less than the changes suggest.", Severity.WARNING,
          templates={"default": "{note}"}),
    # -- tracklint's own comments ---------------------------------------------
    _rule("TL901", "unused-suppression",
          "An ignore comment suppresses nothing or names an unknown code",
          "A '# tracklint: ignore[...]' comment whose codes no longer match anything on "
          "its line (or the call it starts) would silently hide the next real mistake "
          "there, and a misspelled code suppresses nothing at all. --fix removes the "
          "unused codes, or the whole comment.", Severity.WARNING,
          templates={"bare": "unused ignore comment: nothing here is reported",
                     "unused": "unused code in ignore comment: {codes}",
                     "unknown": "unknown code in ignore comment: {code}"}),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _CATALOGUE}
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in _CATALOGUE}


def rule(code: str) -> Rule:
    """The catalogue entry of a code; raises ``KeyError`` for an unknown code."""
    return RULES[code]


def expand_selectors(selectors: Iterable[str]) -> set[str]:
    """Turn ``--select`` style selectors into codes.

    A selector is a code (``TL206``), a code prefix (``TL2``, ``TL``), a rule name
    (``unplanned-property``) or ``ALL``.  Unknown selectors raise ``ValueError``
    so that a typo in configuration is reported rather than silently ignored.
    """
    codes: set[str] = set()
    for raw in selectors:
        selector = raw.strip()
        if not selector:
            continue
        if selector.upper() == "ALL":
            codes.update(RULES)
            continue
        if selector in RULES_BY_NAME:
            codes.add(RULES_BY_NAME[selector].code)
            continue
        matched = {code for code in RULES if code.startswith(selector.upper())}
        if not matched:
            close = suggest_code(selector)
            meant = f" (did you mean '{close}'?)" if close else ""
            raise ValueError(f"unknown rule selector {selector!r}{meant}")
        codes.update(matched)
    return codes


def suggest_code(text: str) -> str | None:
    """The code or rule name closest to a misspelled one (``TL2O6`` -> ``TL206``)."""
    if not _SUGGESTER:
        _SUGGESTER.append(Suggester([*RULES, *RULES_BY_NAME]))
    found = _SUGGESTER[0].suggest(text)
    return found[0] if found else None


_SUGGESTER: list[Suggester] = []
