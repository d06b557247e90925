"""Getting a SparkSession: local, a cluster master, or Spark Connect.

``--spark-master`` takes what ``spark-submit --master`` takes (``local[*]``,
``yarn``, ``spark://host:7077``...) or a Spark Connect address
(``sc://host:15002``); ``SPARK_REMOTE`` in the environment also means Spark
Connect, as it does for PySpark itself.  Inside a notebook or ``spark-submit``
the session that already runs is used as it is.
"""

from __future__ import annotations

import os
from typing import Any, Final

from linter.diagnostics import TracklintError

DEFAULT_MASTER: Final = "local[*]"
INSTALL_HINT: Final = "install the Spark engine with: pip install 'tracklint[spark]'"


def require_pyspark() -> None:
    """Fail with what to do, rather than an ImportError, when PySpark is missing."""
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as error:
        raise TracklintError(f"the Spark engine needs PySpark and PyArrow ({error}); "
                             f"{INSTALL_HINT}") from None


def is_connect(master: str | None) -> bool:
    return bool(master and master.startswith("sc://"))


def spark_session(master: str | None = None, *, app_name: str = "tracklint") -> Any:
    """The active session if there is one, else a new one for ``master``.

    ``master`` ``None`` means ``SPARK_REMOTE`` when it is set, else ``local[*]``.
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    if master is None:
        active = SparkSession.getActiveSession()
        if active is not None:
            return active
        master = os.environ.get("SPARK_REMOTE") or DEFAULT_MASTER
    builder = SparkSession.builder.appName(app_name)
    try:
        if is_connect(master):
            return builder.remote(master).getOrCreate()
        return (builder.master(master)
                .config("spark.ui.showConsoleProgress", "false")
                .getOrCreate())
    except Exception as error:  # Java missing, a cluster not reachable...
        raise TracklintError(
            f"could not start Spark on {master!r}: {_first_line(error)}; check that Java 17 "
            "or later is installed (java -version) and that the master or Spark Connect "
            "address is reachable") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
