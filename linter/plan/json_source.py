"""Reading a JSON plan file: its tokens into plain data with positions.

Any valid JSON loads, whatever its layout (Segment's Typewriter indents its
``plan.json`` with tabs, which no YAML parser accepts).  The standard library's
parser decides what is valid JSON and says where it is not; a second pass, over
text now known to be valid, reads the tokens with one regular expression and
hands them to the :class:`~linter.plan.tree.TreeBuilder`, which records where
each value is and enforces what a plan file may hold (depth, number of values, a
key written twice, text that is not Unicode), exactly as for YAML.

JSON's ``NaN`` and ``Infinity``, which Python's parser accepts, are refused: no
other JSON reader does.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from linter.plan.tree import TreeBuilder, fail

# One token and the separators after it.  Valid JSON only: a string, an opening or
# a closing bracket, or a number or literal; commas and colons carry no meaning
# once the text is known to be valid (the builder knows a key from a value).
_TOKEN: Final = re.compile(
    r'(?:("[^"\\]*(?:\\.[^"\\]*)*")|([{\[])|([}\]])|([^ \t\n\r,:\[\]{}"]+))[ \t\n\r,:]*')
_LITERALS: Final[dict[str, Any]] = {"true": True, "false": False, "null": None}
_NOT_NUMBERS: Final = frozenset({"NaN", "Infinity", "-Infinity"})
_SURROGATE_HINT: Final = ("write the character itself, or both halves of its surrogate pair "
                          "(\\ud83d\\ude00)")


def parse_json(text: str, display: str) -> TreeBuilder:
    """The data and positions of one JSON document; :class:`TracklintError` on any problem."""
    problem = _syntax_problem(text, display)
    tree = TreeBuilder(display, "JSON")
    line, line_start, last = 1, 0, 0
    skipped = re.match(r"[ \t\n\r]*", text)
    for match in _TOKEN.finditer(text, skipped.end() if skipped else 0):
        begin = match.start()
        newlines = text.count("\n", last, begin)
        if newlines:
            line += newlines
            line_start = text.rindex("\n", last, begin) + 1
        last = begin
        column = begin - line_start + 1
        kind = match.lastindex
        token = match.group(kind or 0)  # one group always matches
        if kind == 1:
            value = token[1:-1] if "\\" not in token else _decode(tree, token, line, column)
            if tree.wants_key:
                tree.key(value, line, column)
            else:
                tree.scalar(value, line, column)
        elif kind == 2:
            if token == "{":
                tree.mapping(line, column)
            else:
                tree.sequence(line, column)
        elif kind == 3:
            tree.end()
        else:
            tree.scalar(_atom(tree, token, line, column), line, column)
    if problem is not None:  # the standard parser failed where this pass did not
        raise fail(display, 1, 1, "TL002", f"invalid JSON: {problem}")
    return tree


def _syntax_problem(text: str, display: str) -> str | None:
    """Raise the located TL002 of text that is not JSON.

    Nesting beyond the interpreter's recursion limit and numbers too long to
    convert are left to the reading pass, which says where they are; what it
    returns is what to say should that pass find nothing.
    """
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(display, error.lineno, error.colno, "TL002", f"invalid JSON: {error.msg}",
                   _syntax_hint(error.msg)) from None
    except RecursionError:
        return "the plan file is nested too deeply"
    except ValueError as error:
        return str(error)
    return None


def _syntax_hint(message: str) -> str:
    if message.startswith("Invalid control character"):
        return "write control characters inside strings as escapes (\\n, \\t, \\u0000)"
    if message.startswith("Extra data"):
        return "a JSON plan file holds one object"
    if message.startswith("Expecting property name"):
        return "JSON allows no trailing comma and no comment; quote every key with \"\""
    return "a missing comma, quote or bracket is the usual cause"


def _decode(tree: TreeBuilder, token: str, line: int, column: int) -> str:
    text: str = json.decoder.scanstring(token, 1)[0]  # type: ignore[attr-defined]
    tree.refuse_surrogates(text, line, column, _SURROGATE_HINT)
    return text


def _atom(tree: TreeBuilder, token: str, line: int, column: int) -> Any:
    if token in _LITERALS:
        return _LITERALS[token]
    if token in _NOT_NUMBERS:
        raise tree.error(line, column, "TL002", f"invalid JSON: {token} is not a JSON value",
                         "JSON numbers are finite; write null, or leave the key out")
    try:
        if "." in token or "e" in token or "E" in token:
            return float(token)
        return int(token)
    except ValueError as error:  # more than 4,300 digits
        raise tree.error(line, column, "TL002", f"invalid JSON: the number {token[:40]}... "
                         f"cannot be read ({error})", "write it as a string") from None
