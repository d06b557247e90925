"""From the values seen at one position to a property definition.

The rule throughout is *never tighter than the evidence*: the inferred plan
must accept every payload it was inferred from, so ``tracklint validate`` on
the same captures finds nothing.  Hence:

* integers and decimals together are a ``number``; strings are ``datetime``
  only when every one of them is an ISO-8601 date-time (the validator's own
  check decides);
* values of several types get ``type: any`` with a ``schema: {type: [...]}``
  escape hatch listing exactly the types seen, and a comment with their shares;
* an enum is proposed only for strings with few distinct values each seen
  often enough, from a sketch whose counts are exact when it is used;
* a value computed at run time in code says nothing about its type: ``any``.

No ranges, lengths or patterns are inferred: a sample's extremes are not the
plan's limits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Final

from linter.infer.evidence import KINDS, InferLimits, ObjectEvidence, ValueEvidence
from linter.infer.model import InferredProperty
from linter.text.display import percent
from linter.text.naming import split_words

#: Longest value quoted in a comment.
COMMENT_VALUE_CHARS: Final = 40
#: Values listed in a ``values seen`` comment.
COMMENT_VALUES: Final = 6
#: Last words of property names whose values are identifiers or versions, never an enum:
#: a sample of ten product ids or app versions is not the list of all of them.
OPEN_ENDED_WORDS: Final = frozenset({"id", "ids", "uuid", "guid", "key", "token", "hash", "sku",
                                     "version", "build", "url", "uri", "email", "phone",
                                     "ip", "name", "title", "query", "number", "coupon"})
_VERSION_LIKE: Final = re.compile(r"^[vV]?\d+(\.\d+)+([-+.][0-9A-Za-z.\-+]*)?$")


def describe_value(name: str, value: ValueEvidence, limits: InferLimits) -> InferredProperty:
    """The definition (type, enum, items, nested properties) that accepts every value seen."""
    if value.known == 0:
        note = ("its values are of types SDKs cannot send as JSON" if value.other
                else "computed at run time in code: type not known")
        return InferredProperty(name, "any", comments=(note,))
    kinds = {k: c for k, c in value.kinds.items() if k != "null"}
    if not kinds:
        return InferredProperty(name, "any", comments=("only null seen",))
    family = _family(kinds)
    if len(family) > 1:
        return _mixed(name, value, family)
    kind = family[0]
    nullable = "null" in value.kinds
    if kind == "string":
        return _string(name, value, limits, nullable)
    if kind == "array":
        return _array(name, value, limits, nullable)
    if kind == "object":
        return _object(name, value, limits, nullable)
    return InferredProperty(name, kind, nullable=nullable)


def _family(kinds: Mapping[str, int]) -> list[str]:
    """The plan types of the kinds seen; integers are numbers when decimals were seen too."""
    found = [k for k in KINDS if k in kinds]
    if "integer" in found and "number" in found:
        found.remove("integer")
    return found


def _mixed(name: str, value: ValueEvidence, family: list[str]) -> InferredProperty:
    types = [*family, "null"] if "null" in value.kinds else family
    return InferredProperty(name, "any", schema={"type": types},
                            comments=(type_shares(value.kinds),))


def type_shares(kinds: Mapping[str, int]) -> str:
    """``type varies: string 80%, number 20%``: what a reviewer must decide between."""
    total = sum(kinds.values())
    ranked = sorted(kinds.items(), key=lambda pair: (-pair[1], KINDS.index(pair[0])))
    return "type varies: " + ", ".join(f"{kind} {percent(count / total)}"
                                       for kind, count in ranked)




def _string(name: str, value: ValueEvidence, limits: InferLimits,
            nullable: bool) -> InferredProperty:
    strings = value.kinds["string"]
    if value.datetimes == strings:
        return InferredProperty(name, "datetime", nullable=nullable)
    if is_open_ended(name):
        return InferredProperty(name, "string", nullable=nullable)
    enum = enum_candidate(value, limits)
    comments = () if enum is not None else _values_seen(value, limits)
    return InferredProperty(name, "string", nullable=nullable, enum=enum, comments=comments)


def enum_candidate(value: ValueEvidence, limits: InferLimits) -> tuple[str, ...] | None:
    """The distinct strings, most frequent first, if they make a credible enum.

    At most ``enum_max_values`` distinct values, each seen ``enum_min_count``
    times or more, and no string too long to be kept.  The sketch holds one
    more slot than an enum may have values, so while it has not overflowed its
    counts are exact and it holds every distinct value; an overflow means more
    distinct values than an enum allows.
    """
    top = value.strings
    if top.saturated or value.long_strings or not 0 < len(top) <= limits.enum_max_values:
        return None
    ranked = top.most_common()
    if any(entry.count < limits.enum_min_count for entry in ranked):
        return None
    if all(_VERSION_LIKE.match(entry.item) for entry in ranked):
        return None  # releases: the next one is not in the sample
    return tuple(entry.item for entry in ranked)


def is_open_ended(name: str) -> bool:
    """True for names of identifiers, versions, addresses and free text (``product_id``)."""
    words = split_words(name)
    return bool(words) and words[-1].casefold() in OPEN_ENDED_WORDS


def _values_seen(value: ValueEvidence, limits: InferLimits) -> tuple[str, ...]:
    """A hint for values that are almost an enum: few of them, but not seen often enough."""
    top = value.strings
    if top.saturated or value.long_strings or not 0 < len(top) <= limits.enum_max_values:
        return ()
    ranked = top.most_common()
    if ranked[0].count < 2 and value.count >= limits.thin:
        return ()
    shown = ", ".join(f"{_quote(entry.item)} ({entry.count})"
                      for entry in ranked[:COMMENT_VALUES])
    more = len(ranked) - COMMENT_VALUES
    return (f"values seen: {shown}" + (f" and {more} more" if more > 0 else ""),)


def _quote(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    if len(quoted) > COMMENT_VALUE_CHARS:
        quoted = quoted[:COMMENT_VALUE_CHARS - 4] + '..."'
    return quoted


def _array(name: str, value: ValueEvidence, limits: InferLimits,
           nullable: bool) -> InferredProperty:
    if value.items is None or value.items.count == 0:
        note = ("nested too deeply to describe its items" if value.too_deep
                else "only empty lists seen")
        return InferredProperty(name, "array", nullable=nullable, comments=(note,))
    items = describe_value("items", value.items, limits)
    return InferredProperty(name, "array", nullable=nullable, items=items)


def _object(name: str, value: ValueEvidence, limits: InferLimits,
            nullable: bool) -> InferredProperty:
    if value.fields is None:  # nested deeper than the limit: keys were not kept
        return InferredProperty(name, "object", nullable=nullable,
                                comments=("nested too deeply to describe its keys",))
    properties, additional, comments = describe_fields(value.fields, limits)
    return InferredProperty(name, "object", nullable=nullable, properties=properties,
                            additional_properties=additional, comments=comments)


def describe_fields(fields: ObjectEvidence, limits: InferLimits
                    ) -> tuple[tuple[InferredProperty, ...], bool | None, tuple[str, ...]]:
    """The keys of nested objects: each required when every object had it.

    An object with more keys than :attr:`InferLimits.max_properties` lists the
    first ones and allows the others, since they were not kept.
    """
    properties = []
    for key in sorted(fields.properties):
        prop = fields.properties[key]
        described = describe_value(key, prop.value, limits)
        properties.append(replace(
            described, required=prop.count == fields.count,
            comments=thin_comment(prop.count, fields.count, limits) + described.comments))
    if fields.overflow:
        return tuple(properties), True, (f"keys beyond the first {limits.max_properties} or "
                                         "empty: allowed, not listed",)
    if not properties:
        return (), None, ("only empty objects seen",)
    return tuple(properties), None, ()


def thin_comment(count: int, total: int, limits: InferLimits) -> tuple[str, ...]:
    """``seen 2 times of 40`` where the evidence is too thin to trust.

    Only for what is rarer than its parent (an event, an object): when an event
    was itself seen twice, every property saying so again is noise.
    """
    if count >= limits.thin or count >= total:
        return ()
    return (f"seen {count} time{'s' if count != 1 else ''} of {total:,}",)


__all__ = ["describe_fields", "describe_value", "enum_candidate", "thin_comment",
           "type_shares"]
