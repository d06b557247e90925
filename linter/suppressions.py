"""Inline ignore comments: ``# tracklint: ignore[TL206]`` or a bare ``# tracklint: ignore``.

Comments are found with :mod:`tokenize`, so the same text inside a string literal
is not mistaken for a comment.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Mapping

from linter.diagnostics import Diagnostic

_DIRECTIVE = re.compile(r"#\s*tracklint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
ALL_CODES = frozenset({"*"})


def ignore_comments(source: str) -> dict[int, frozenset[str]]:
    """Line number -> codes ignored on that line (``{"*"}`` for a bare ignore)."""
    found: dict[int, frozenset[str]] = {}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return _fallback(source)
    for token in tokens:
        if token.type == tokenize.COMMENT:
            codes = _parse(token.string)
            if codes is not None:
                found[token.start[0]] = found.get(token.start[0], frozenset()) | codes
    return found


def _parse(comment: str) -> frozenset[str] | None:
    match = _DIRECTIVE.search(comment)
    if match is None:
        return None
    codes = match.group("codes")
    if codes is None:
        return ALL_CODES
    return frozenset(code.strip().upper() for code in codes.split(",") if code.strip())


def _fallback(source: str) -> dict[int, frozenset[str]]:
    """For a file tokenize rejects: look at the text after '#' on each line."""
    found: dict[int, frozenset[str]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if "#" in line:
            codes = _parse(line[line.index("#"):])
            if codes is not None:
                found[number] = codes
    return found


def is_suppressed(diagnostic: Diagnostic, comments: Mapping[int, frozenset[str]]) -> bool:
    """True when an ignore comment covers the diagnostic.

    The comment may stand on the diagnostic's own line or on the first line of
    the call it belongs to (``call_line``), so one comment covers a call
    written over several lines.
    """
    lines = {diagnostic.line, diagnostic.call_line}
    for line in lines:
        if isinstance(line, int):
            codes = comments.get(line)
            if codes is not None and (codes == ALL_CODES or diagnostic.code in codes):
                return True
    return False


def without_suppressed(diagnostics: Iterable[Diagnostic],
                       comments: Mapping[int, frozenset[str]]) -> list[Diagnostic]:
    return [d for d in diagnostics if not is_suppressed(d, comments)]
