"""Which files a Spark run reads, in the order and under the names the CLI uses.

Local paths are expanded on the driver exactly as ``tracklint validate``
expands them (folders to their capture files, sorted), so reports name files
the same way.  Other URIs (``s3://``, ``abfss://``, ``dbfs:/``, ``hdfs://``)
are listed by Spark itself, since only the cluster can read them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote

from linter.diagnostics import TracklintError
from linter.files import discover

#: Capture files in a folder (the same as ``tracklint validate``).
PAYLOAD_SUFFIXES: Final = (".json", ".jsonl", ".ndjson", ".gz", ".txt", ".log")
_URI: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")


@dataclass(frozen=True, slots=True)
class CaptureFile:
    """One file to read: the location Spark opens and the name reports show."""

    location: str
    name: str


def capture_files(spark: Any, paths: Sequence[str | Path]) -> list[CaptureFile]:
    """Every capture file under ``paths``, in argument order, folders sorted."""
    found: list[CaptureFile] = []
    for given in paths:
        text = str(given)
        if text == "-":
            raise TracklintError("the Spark engine cannot read standard input; "
                                 "write the capture to a file, or use the local engine")
        if _URI.match(text) and not text.startswith("file:"):
            found.extend(_listed_by_spark(spark, text))
            continue
        path = Path(text)
        if path.is_dir():
            files = discover([path], suffixes=PAYLOAD_SUFFIXES)
            if not files:
                raise TracklintError(f"{path}: the folder holds no capture files "
                                     f"({', '.join(PAYLOAD_SUFFIXES)})")
            found.extend(CaptureFile(f.resolve().as_uri(), str(f)) for f in files)
        elif path.is_file():
            found.append(CaptureFile(path.resolve().as_uri(), text))
        else:
            raise TracklintError(f"{text}: no such file or folder; check the path")
    return found


def _listed_by_spark(spark: Any, uri: str) -> list[CaptureFile]:
    """The capture files at a cluster URI (a file, a folder, or a glob), sorted."""
    frame = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
             .load(uri).select("path"))
    names = sorted(row["path"] for row in frame.collect()
                   if row["path"].lower().endswith(PAYLOAD_SUFFIXES))
    if not names:
        raise TracklintError(f"{uri}: no capture files found there "
                             f"({', '.join(PAYLOAD_SUFFIXES)})")
    return [CaptureFile(name, name) for name in names]


def location_key(location: str) -> str:
    """A file location as Spark reports it and as we gave it, made comparable.

    Spark writes local files as ``file:/a/b`` and we give ``file:///a/b``.
    """
    return unquote(re.sub(r"^file:/+", "file:///", location))
