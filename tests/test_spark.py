"""The Spark engine gives the local engine's results, on real PySpark in local mode.

One SparkSession (``local[2]``) serves the module.  Every comparison runs the
same files through the single-process reader and checker and through
:mod:`linter.spark`: every diagnostic, every count, the tally, the drift JSON
and the CLI's output must be identical.  Without PySpark or Java these tests
are skipped, unless ``TRACKLINT_REQUIRE_SPARK=1`` (set by CI) makes that a
failure.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from linter.batch import BatchValidator
from linter.cli import cli
from linter.cli.options import build_payload_sources
from linter.diagnostics import Diagnostic
from linter.drift import drift_report
from linter.drift.render_json import render_json
from linter.payloads import read_payloads
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.selection import RuleSelection
from linter.validation.event_check import EventChecker

DATA = Path(__file__).parent / "data"
PLAN_PATH = DATA / "drift" / "plan.yaml"
VENDORS = ("amplitude", "mixpanel", "posthog", "rudderstack", "segment")


def _missing() -> str | None:
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as error:
        return f"PySpark is not installed ({error}); pip install -e '.[spark]'"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "Java is not installed (apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("TRACKLINT_REQUIRE_SPARK") == "1":
            pytest.fail(reason + ", but TRACKLINT_REQUIRE_SPARK=1 requires the Spark tests")
        pytest.skip(reason + "; the Spark engine tests were not run")
    from linter.spark import spark_session

    session = spark_session("local[2]")
    session.conf.set("spark.sql.shuffle.partitions", "2")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN_PATH)


def local_validation(paths: list[Any], plan: Plan) -> tuple[list[Diagnostic], Any, Any]:
    stream = read_payloads(build_payload_sources(paths))
    validator = BatchValidator(EventChecker(plan), RuleSelection())
    diagnostics = list(validator.run(stream))
    return diagnostics, stream.stats, validator.result


def assert_same_validation(spark: Any, paths: list[Any], plan: Plan) -> list[Diagnostic]:
    from linter import spark as engine

    expected, stats, result = local_validation(paths, plan)
    checked = engine.validate([str(p) for p in paths], plan, spark=spark)
    try:
        found = list(checked.ordered())
    finally:
        checked.unpersist()
    assert found == expected
    assert [d.extra for d in found] == [d.extra for d in expected]
    assert checked.stats.to_dict() == stats.to_dict()
    assert checked.result.rows() == result.rows()
    assert (checked.result.events, checked.result.invalid, checked.result.diagnostics) == (
        result.events, result.invalid, result.diagnostics)
    return found


@pytest.fixture
def malformed(tmp_path: Path) -> Path:
    """Malformed lines, a batch envelope with a bad element, gzip, and a JSON array."""
    folder = tmp_path / "captures"
    folder.mkdir()
    track = {"type": "track", "event": "Product Added", "userId": "u1",
             "properties": {"sku": "s-1", "price": 9.5},
             "context": {"library": {"name": "analytics.js"}}}
    (folder / "a_lines.jsonl").write_text(
        json.dumps(track) + "\n{not json\n" + json.dumps(track) + "\n[1, 2\n"
        + json.dumps({**track, "properties": "oops"}) + "\n", encoding="utf-8")
    batch = {"batch": [track, 42, {**track, "event": ""}, {"type": "identify", "userId": "u"}]}
    (folder / "b_batch.json").write_text(json.dumps(batch, indent=2), encoding="utf-8")
    (folder / "c_gzip.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps(track) + "\n" + "garbage line\n").encode()))
    (folder / "d_array.json").write_text(json.dumps([track, "x", track]), encoding="utf-8")
    return folder


def test_five_wire_formats_and_gzip_give_identical_diagnostics_and_counts(
        spark: Any, plan: Plan) -> None:
    found = assert_same_validation(spark, [DATA / "payloads" / v for v in VENDORS], plan)
    assert {d.extra.get("format") for d in found if d.code == "TL303"} <= {
        None, *VENDORS, "mixpanel"}
    assert len(found) > 20


def test_malformed_records_are_counted_and_located_as_locally(
        spark: Any, plan: Plan, malformed: Path) -> None:
    found = assert_same_validation(spark, [malformed], plan)
    unreadable = [(Path(d.path or "").name, d.line, d.pointer) for d in found
                  if d.code == "TL303"]
    assert ("a_lines.jsonl", 2, "") in unreadable
    assert ("b_batch.json", 1, "/batch/1") in unreadable
    assert ("c_gzip.jsonl.gz", 2, "") in unreadable


def test_drift_json_is_identical(spark: Any, plan: Plan) -> None:
    from linter import spark as engine

    captures = sorted(p for p in (DATA / "drift").iterdir()
                      if p.suffix in (".json", ".jsonl", ".gz"))
    expected = render_json(drift_report(captures, plan))
    assert render_json(engine.drift([str(p) for p in captures], plan, spark=spark)) == expected


def test_cli_output_and_exit_codes_are_those_of_the_local_engine(
        spark: Any, malformed: Path) -> None:
    runner = CliRunner()
    drift_data = str(DATA / "drift")
    runs = [
        ["validate", str(malformed), "--output-format", "json"],
        ["validate", str(DATA / "payloads" / "segment"), "--no-color", "--statistics"],
        ["drift", drift_data, "--output-format", "json"],
        ["drift", drift_data, "--no-color"],
    ]
    for args in runs:
        local = runner.invoke(cli, [*args, "--plan", str(PLAN_PATH)])
        remote = runner.invoke(cli, [*args, "--plan", str(PLAN_PATH), "--engine", "spark",
                                      "--spark-master", "local[2]"])
        assert local.exit_code == 1, local.output
        assert (remote.exit_code, remote.stdout) == (local.exit_code, local.stdout), args


def test_a_record_that_breaks_the_reader_is_reported_and_the_job_goes_on(
        spark: Any, plan: Plan, malformed: Path, tmp_path: Path) -> None:
    """A record nested too deeply for Python's JSON decoder stops that file, not the job."""
    from linter import spark as engine

    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"type": "track", "event": "x"}\n'
                    + '{"type": "track", "event": "y", "properties": {"a": '
                    + "[" * 100_000 + "]" * 100_000 + "}}\n", encoding="utf-8")
    expected, _, _ = local_validation([malformed], plan)
    _, local_stats, _ = local_validation([malformed, deep], plan)
    checked = engine.validate([str(malformed), str(deep)], plan, spark=spark)
    found = list(checked.ordered())
    checked.unpersist()
    assert found[:len(expected)] == expected
    deep_problems = [d for d in found[len(expected):] if d.code in ("TL302", "TL303")]
    assert len(deep_problems) == 1 and deep_problems[0].path == str(deep)
    assert checked.failed
    assert checked.stats.files == local_stats.files == 5


def test_a_dataframe_of_raw_records_is_located_by_its_columns(spark: Any, plan: Plan) -> None:
    from linter import spark as engine

    source = DATA / "payloads" / "segment" / "analytics_js.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()
    frame = spark.createDataFrame(
        [(str(source), number, text) for number, text in enumerate(lines, 1) if text.strip()],
        "source string, line bigint, value string")
    expected, stats, _ = local_validation([source], plan)
    checked = engine.validate(frame, plan, spark=spark, path_column="source",
                              line_column="line")
    found = list(checked.ordered())
    checked.unpersist()
    assert found == expected
    assert checked.stats.events == stats.events


@pytest.mark.slow
def test_spark_connect_gives_the_same_results(plan: Plan, malformed: Path) -> None:
    """A real Spark Connect server (started locally by PySpark) and its gRPC client."""
    reason = _missing()
    if reason is not None:
        if os.environ.get("TRACKLINT_REQUIRE_SPARK") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    from linter import spark as engine

    active = SparkSession.getActiveSession()
    if active is not None:  # a classic session would be reused; Connect needs its own
        active.stop()
    session = SparkSession.builder.remote("local[2]").getOrCreate()
    try:
        assert type(session).__module__.startswith("pyspark.sql.connect")
        expected, stats, result = local_validation([malformed], plan)
        checked = engine.validate([str(malformed)], plan, spark=session)
        assert list(checked.ordered()) == expected
        assert checked.stats.to_dict() == stats.to_dict()
        assert checked.result.rows() == result.rows()
    finally:
        session.stop()


def test_an_event_the_checker_fails_on_becomes_a_tl302_at_that_event(
        plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """The executor-side guard, without Spark: the failure is a result, not an exception."""
    from linter.events import EventObservation, Origin
    from linter.spark.tasks import GuardedChecker

    checker = GuardedChecker(plan)

    def broken(observation: EventObservation) -> list[Diagnostic]:
        raise KeyError("boom")

    monkeypatch.setattr(EventChecker, "check", lambda self, observation: broken(observation))
    found = checker.check(EventObservation(
        name="Product Added", properties={}, platform="web",
        origin=Origin("capture.jsonl", 7, 1, pointer="/properties")))
    assert [(d.code, d.path, d.line, d.event) for d in found] == [
        ("TL302", "capture.jsonl", 7, "Product Added")]
    assert "KeyError" in found[0].message
