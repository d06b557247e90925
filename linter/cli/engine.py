"""``--engine`` and ``--spark-master``: where ``validate`` and ``drift`` do their work.

``local`` reads the captures in this process; ``spark`` runs the same reader
and checker on a Spark cluster through :mod:`linter.spark` and prints the same
output.  The master is ``local[*]`` by default, a cluster master URL, or a
Spark Connect address (``sc://host:15002``; ``SPARK_REMOTE`` when set).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from linter.cli.options import PayloadOptions
from linter.diagnostics import TracklintError

F = TypeVar("F", bound=Callable[..., Any])

ENGINES = ("local", "spark")


@dataclass(kw_only=True)
class EngineOptions(PayloadOptions):
    """The payload options of a command that can run on Spark, and where it runs."""

    engine: str = "local"
    spark_master: str | None = None


def engine_options(function: F) -> F:
    function = click.option(
        "--spark-master", "spark_master", metavar="URL",
        help="With --engine spark: the Spark master (local[*], yarn, spark://...) or a "
             "Spark Connect address (sc://host:15002). Default: $SPARK_REMOTE, else local[*].",
    )(function)
    return click.option(
        "--engine", type=click.Choice(ENGINES), default="local", show_default=True,
        help="Read and check the captures in this process, or on Apache Spark "
             "(pip install 'tracklint[spark]').",
    )(function)


@contextmanager
def spark_for(master: str | None) -> Iterator[Any]:
    """A SparkSession for one command; stopped afterwards unless it was already running."""
    from linter.spark import spark_session
    from linter.spark.session import require_pyspark

    require_pyspark()
    from pyspark.sql import SparkSession

    master = master or os.environ.get("SPARK_REMOTE") or None

    running = SparkSession.getActiveSession()
    session = spark_session(master or "local[*]")
    try:
        yield session
    except Exception as error:
        if not type(error).__module__.startswith(("pyspark", "py4j")):
            raise
        first = (str(error).strip() or type(error).__name__).splitlines()[0]
        raise TracklintError(
            f"the Spark job failed: {first[:300]}; if a task ran out of memory, give it more "
            "(spark.executor.memory, or PYSPARK_SUBMIT_ARGS='--driver-memory 4g "
            "pyspark-shell' on local[*]): each capture file is read whole by one task"
        ) from None
    finally:
        if running is None:
            session.stop()
