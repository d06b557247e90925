"""Carrying plan fields a format lacks in its ``key:value`` labels or tags.

Segment Protocols labels events with ``key:value`` pairs (its documentation
suggests ``platform:ios``), Mixpanel and Amplitude tag them with strings.  Where a
format has no field for an event's owner, platforms, identity rule, status,
replacement or category, tracklint writes them as labels with these keys and
reads them back on import, so a plan survives the round trip and the vendor's
UI can still filter on them.  Other tags pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from linter.plan.build import DEFAULT_PLATFORMS
from linter.plan.model import Event

#: Label keys that carry event fields, in the order they are written.
FIELD_LABELS = ("owner", "category", "platforms", "identity", "status", "replaced_by")


def event_labels(event: Event, keys: Iterable[str] = FIELD_LABELS) -> dict[str, str]:
    """The labels for ``event``'s fields among ``keys`` that are not at their default."""
    wanted = set(keys)
    labels: dict[str, str] = {}
    if "owner" in wanted and event.owner:
        labels["owner"] = event.owner
    if "category" in wanted and event.category:
        labels["category"] = event.category
    if "platforms" in wanted and set(event.platforms) != set(DEFAULT_PLATFORMS):
        labels["platforms"] = ",".join(event.platforms)
    if "identity" in wanted and event.identity != "optional":
        labels["identity"] = event.identity
    if "status" in wanted and event.status != "active":
        labels["status"] = event.status
    if "replaced_by" in wanted and event.replaced_by:
        labels["replaced_by"] = event.replaced_by
    return labels


def labels_as_tags(labels: Mapping[str, str]) -> list[str]:
    """``{"owner": "growth"}`` as ``["owner:growth"]`` (a label without value as its key)."""
    return [f"{key}:{value}" if value != "" else key for key, value in labels.items()]


def tags_as_labels(tags: Iterable[str]) -> dict[str, str]:
    """The reverse of :func:`labels_as_tags`: ``"owner:growth"`` is ``{"owner": "growth"}``."""
    labels: dict[str, str] = {}
    for tag in tags:
        key, separator, value = tag.partition(":")
        labels[key.strip() if separator else tag] = value.strip() if separator else ""
    return labels


def read_labels(labels: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Event fields found in ``labels`` (plan keys and values) and the other labels as tags.

    Label keys are matched without regard to case (``Owner:Growth`` is an owner),
    since teams type them by hand; values that are not valid for their field
    (``identity:sometimes``) stay tags.
    """
    fields: dict[str, Any] = {}
    rest: dict[str, str] = {}
    for raw_key, raw_value in labels.items():
        key, value = str(raw_key).strip().lower(), str(raw_value).strip()
        if key in ("owner", "category", "replaced_by") and value:
            fields[key] = value
        elif key == "platforms" and value:
            fields["platforms"] = [p.strip().lower() for p in value.split(",") if p.strip()]
        elif key == "identity" and value in ("required", "optional"):
            fields["identity"] = value
        elif key == "status" and value in ("active", "deprecated", "removed"):
            fields["status"] = value
        else:
            rest[str(raw_key)] = value
    return fields, labels_as_tags(rest)
