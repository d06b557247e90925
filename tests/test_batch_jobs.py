"""Validation on several processes gives exactly the results of one.

Files are cut into small byte ranges here so that every capture is read in
many parts: the diagnostics (in order, with their lines), the tally and the
counters must be those of one process, whatever the layout, including a
record that is not one line in the middle of a file, hostile records, a
gzip file and a bound on the tally's groups.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import pytest

from linter.batch import BatchValidator
from linter.batch_jobs import ParallelValidation, ValidateSettings
from linter.payloads import read_payloads
from linter.plan.loader import load_plan
from linter.selection import RuleSelection
from linter.validation.event_check import EventChecker

from .conftest import EXAMPLE

PLAN = EXAMPLE / "plan"


def _events(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for index in range(count):
        price: Any = rng.choice([3.5, 19.99, "9.99", -1])
        event = rng.choice(["Product Viewed", "Product Viewed", "product viewed", "Signed Up"])
        version = rng.choice(["4.1.0", "4.2.0", "5.0.0", str(index)])
        lines.append(json.dumps({
            "event": event, "properties": {
                "product_id": f"p{index}", "price": price, "distinct_id": f"u-{index}",
                "mp_lib": rng.choice(["swift", "android", "web"]),
                "$app_version_string": version}}))
    return lines


def _sequential(sources: list[Path], max_groups: int) -> tuple[Any, ...]:
    stream = read_payloads(sources)
    validator = BatchValidator(EventChecker(load_plan(PLAN)), RuleSelection(),
                               max_groups=max_groups)
    diagnostics = list(validator.run_stream(stream))
    return diagnostics, validator.result.rows(), stream.stats.to_dict()


def _parallel(sources: list[Path], max_groups: int, part_bytes: int) -> tuple[Any, ...]:
    run = ParallelValidation(ValidateSettings(PLAN, max_groups=max_groups), sources, jobs=2,
                             part_bytes=part_bytes)
    diagnostics = list(run)
    return diagnostics, run.result.rows(), run.stats.to_dict()


@pytest.mark.parametrize("max_groups", [10_000, 5])
def test_several_processes_give_the_results_of_one(tmp_path: Path, max_groups: int) -> None:
    plain = tmp_path / "a.jsonl"
    lines = _events(1_500, seed=1)
    lines[200] = '{"event": "Product Viewed", "properties": {"price": NaN}}'
    lines[400] = lines[400][:30]  # cut short
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pretty = tmp_path / "b.jsonl"
    middle = json.dumps(json.loads(_events(1, seed=2)[0]), indent=2)
    more = _events(600, seed=3)
    pretty.write_text("\n".join([*more[:300], middle, *more[300:]]) + "\n", encoding="utf-8")
    packed = tmp_path / "c.jsonl.gz"
    packed.write_bytes(gzip.compress(("\n".join(_events(300, seed=4)) + "\n").encode()))
    sources = [plain, pretty, packed]
    one = _sequential(sources, max_groups)
    several = _parallel(sources, max_groups, part_bytes=4_096)
    assert several[0] == one[0]
    assert several[1] == one[1]
    assert several[2] == one[2]
    assert len(one[0]) > 100 and one[2]["unreadable"] == 2


def test_validate_jobs_gives_the_output_of_one_process(tracklint: Any, write: Any) -> None:
    first = write("one.jsonl", "\n".join(_events(200, seed=5)) + "\n")
    second = write("two.jsonl", "\n".join(_events(200, seed=6)) + "\n")
    outputs = []
    for jobs in ("1", "2"):
        result = tracklint("validate", "--plan", str(PLAN), "--jobs", jobs,
                           "--output-format", "json", str(first), str(second))
        assert result.returncode == 1, result.stderr
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
