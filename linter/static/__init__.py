"""The static checker's call inventory: tracking calls found in Python code with libcst.

Use :func:`build_project_index` once over the project's files, then
:func:`find_calls` on each file (in any order, in parallel if wanted).
"""

from linter.static.finder import find_calls
from linter.static.index import build_project_index
from linter.static.model import (
    KWARGS,
    CallSite,
    FileResult,
    FixedProperty,
    InferredWrapper,
    WrapperSpec,
)
from linter.static.project import ProjectIndex

__all__ = [
    "KWARGS",
    "CallSite",
    "FileResult",
    "FixedProperty",
    "InferredWrapper",
    "ProjectIndex",
    "WrapperSpec",
    "build_project_index",
    "find_calls",
]
