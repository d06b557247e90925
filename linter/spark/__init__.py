"""Validate and compare warehouse-size captures on Apache Spark.

Captured events live where the vendors export them: gzip JSON Lines in
object storage, hundreds of millions a day.  This package runs the same
reader, checker and drift counters as ``tracklint validate`` and ``tracklint
drift`` on a Spark cluster (Databricks, EMR, Dataproc, Spark Connect), one
task per capture file, and gives the same results::

    from linter import spark as tracklint_spark

    checked = tracklint_spark.validate("s3://bucket/segment/2024/06/", "tracking-plan/")
    checked.diagnostics.write.parquet("s3://bucket/tracklint/diagnostics/")
    print(checked.stats.events, checked.result.invalid)
    report = tracklint_spark.drift("s3://bucket/segment/2024/06/", "tracking-plan/")

It needs the ``spark`` extra: ``pip install 'tracklint[spark]'`` (PySpark 4).
"""

from __future__ import annotations

from linter.spark.engine import SparkValidation, drift, validate
from linter.spark.session import DEFAULT_MASTER, spark_session

__all__ = ["DEFAULT_MASTER", "SparkValidation", "drift", "spark_session", "validate"]
