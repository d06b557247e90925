"""The JSON Lines quarantine: every dropped event is one valid, complete line."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import json
import os
import stat
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest

from linter.diagnostics import Diagnostic
from linter.events import UNKNOWN, EventObservation
from linter.runtime import JsonlQuarantine
from linter.runtime.quarantine import to_jsonable

FIXED = datetime.datetime(2024, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)
DIAGNOSTIC = Diagnostic("TL205", "required property 'plan_type' is missing", pointer="/plan_type")


def observation(properties: dict[Any, Any], name: str = "Order Completed") -> EventObservation:
    return EventObservation(
        name=name, properties=properties, platform="server", user_id="u1", sdk="segment"
    )


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_record_holds_the_event_its_identity_and_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    JsonlQuarantine(path, clock=lambda: FIXED)(observation({"price": 3}), [DIAGNOSTIC])
    (record,) = read(path)
    assert record == {
        "quarantined_at": "2024-06-01T12:00:00+00:00",
        "event": "Order Completed",
        "platform": "server",
        "sdk": "segment",
        "user_id": "u1",
        "anonymous_id": None,  # UNKNOWN is written as null
        "app_version": None,
        "properties": {"price": 3},
        "diagnostics": [DIAGNOSTIC.to_dict()],
    }


def test_lines_are_appended(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    quarantine = JsonlQuarantine(path)
    for index in range(3):
        quarantine(observation({"i": index}), [DIAGNOSTIC])
    assert [r["properties"]["i"] for r in read(path)] == [0, 1, 2]


def test_the_file_is_private_to_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    JsonlQuarantine(path)(observation({}), [])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_missing_directory_fails_at_construction(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        JsonlQuarantine(tmp_path / "missing" / "q.jsonl")


def test_unicode_is_written_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    JsonlQuarantine(path)(observation({"city": "Zürich ✓"}), [])
    assert "Zürich ✓" in path.read_text(encoding="utf-8")


class Colour(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class Point:
    x: int
    y: int


class BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def test_values_json_cannot_hold_are_written_as_readable_text(tmp_path: Path) -> None:
    cyclic: list[Any] = []
    cyclic.append(cyclic)
    properties = {
        "at": datetime.datetime(2024, 1, 2, 3, 4, 5),
        "day": datetime.date(2024, 1, 2),
        "price": decimal.Decimal("9.99"),
        "id": uuid.UUID(int=1),
        "tags": {"b", "a"},
        "raw": b"\xff",
        "text": b"abc",
        "nan": float("nan"),
        "colour": Colour.RED,
        "point": Point(1, 2),
        "odd": BadRepr(),
        "cycle": cyclic,
        7: "int key",
    }
    path = tmp_path / "q.jsonl"
    JsonlQuarantine(path)(observation(properties), [])
    written = read(path)[0]["properties"]
    assert written["at"] == "2024-01-02T03:04:05"
    assert written["day"] == "2024-01-02"
    assert written["price"] == "9.99"
    assert written["id"] == "00000000-0000-0000-0000-000000000001"
    assert written["tags"] == ["a", "b"]
    assert written["raw"] == "base64:/w=="
    assert written["text"] == "abc"
    assert written["nan"] == "nan"
    assert written["colour"] == "red"
    assert written["point"] == {"x": 1, "y": 2}
    assert written["odd"] == "<unrepresentable BadRepr>"
    assert written["cycle"] == ["[[...]]"]
    assert written["7"] == "int key"


def test_to_jsonable_maps_unknown_to_null() -> None:
    assert to_jsonable(UNKNOWN) is None
    assert to_jsonable({"a": (1, 2)}) == {"a": [1, 2]}


def test_many_threads_write_exactly_one_complete_line_each(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    # Two quarantines on one file: they must share the lock.
    quarantines = [JsonlQuarantine(path), JsonlQuarantine(str(path))]
    big = "x" * 20_000  # larger than a pipe buffer: a torn write would show
    errors: list[BaseException] = []

    def worker(thread: int) -> None:
        try:
            for index in range(200):
                event = observation({"thread": thread, "index": index, "padding": big})
                quarantines[index % 2](event, [DIAGNOSTIC])
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    records = read(path)
    assert len(records) == 16 * 200
    seen = {(r["properties"]["thread"], r["properties"]["index"]) for r in records}
    assert len(seen) == 16 * 200
