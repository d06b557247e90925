"""The arguments of a call as Python binds them, with ``**{...}`` spelled out.

``client.track(**kwargs)`` with ``kwargs = dict(distinct_id=u, event_name="Signed Up")``
built just before passes the event by keyword as surely as writing it out; so does
``capture(event, **{"distinct_id": u})``.  A ``**`` argument that is a dict built
here (:mod:`linter.static.dicts`) is read as the keyword arguments of its known
keys, each located at its key; what may add other keys stays a ``**`` argument.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from linter.static.arguments import Arg
from linter.static.resolve import Resolver
from linter.static.view import FileView


@dataclass(frozen=True, slots=True)
class CallArg:
    """One argument: its value, and the node that names it (a keyword, or a dict's key)."""

    value: cst.BaseExpression
    keyword: cst.CSTNode | None = None


class ArgumentReader:
    """Reads calls' arguments in one file."""

    def __init__(self, view: FileView, resolver: Resolver) -> None:
        self.view = view
        self.dicts = resolver.dicts

    def args(self, call: cst.Call) -> list[Arg[CallArg]]:
        found: list[Arg[CallArg]] = []
        for arg in call.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            found.extend(self.spelled(Arg(CallArg(arg.value, arg.keyword), keyword, arg.star),
                                      call))
        return found

    def spelled(self, arg: Arg[CallArg], call: cst.CSTNode) -> list[Arg[CallArg]]:
        """A ``**`` argument as the keyword arguments it stands for, as far as they are known.

        What cannot be known (a part spread from elsewhere, a dict passed to a helper
        first) stays a ``**`` argument: it may fill any parameter no keyword names.
        """
        if arg.star != "**":
            return [arg]
        content = self.dicts.read(arg.value.value, call)
        if content is None or any(not e.key.isidentifier() for e in content.entries):
            return [arg]
        found = [Arg(CallArg(e.value, e.key_node), e.key) for e in content.entries]
        found.extend(Arg(CallArg(part), None, "**") for part in content.unknown)
        if content.opaque:
            found.append(arg)
        return found
