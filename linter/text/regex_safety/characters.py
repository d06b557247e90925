"""Characters: sets of characters as bit masks over a sample alphabet, so overlap is one ``&``."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

# Python's regex parser moved from sre_parse to re._parser in 3.11 (sre_parse
# still exists there but warns).  Opcodes are compared by name below because
# their integer values differ between versions.
_PARSER: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11)
                                       else "sre_parse")

_BASE_SAMPLE = (
    "".join(chr(code) for code in range(0x180))
    + "\u0131\u017f\u0391\u0394\u03b1\u03c3\u03c2\u0416\u0436\u05d0\u0660\u06f0\u0966"
    + "\u1e9e\u2003\u2028\u202f\u212a\u3000\u4e00\uff10\U0001d7ce\U0001f600"
)

_CATEGORY_ESCAPES = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}


def _op_name(op: Any) -> str:
    return str(getattr(op, "name", op))


class _Alphabet:
    """Character sets as bit masks over a sample alphabet, so overlap is one ``&``.

    The sample is fixed plus every character the pattern mentions (as text or
    as a literal, escape or range bound), so literals outside the fixed sample
    still overlap with themselves.
    """

    def __init__(self, pattern: str, flags: int) -> None:
        extra = set(pattern) | set(_literal_chars(_PARSER.parse(pattern, flags)))
        self.chars = _BASE_SAMPLE + "".join(sorted(extra - set(_BASE_SAMPLE)))
        self.index = {char: i for i, char in enumerate(self.chars)}
        self.all = (1 << len(self.chars)) - 1
        self._categories: dict[tuple[str, bool], int] = {}
        self._case_forms: dict[str, int] | None = None

    def mask(self, test: Callable[[str], bool]) -> int:
        bits = 0
        for i, char in enumerate(self.chars):
            if test(char):
                bits |= 1 << i
        return bits

    def range(self, low: int, high: int) -> int:
        return self.mask(lambda char: low <= ord(char) <= high)

    def literal(self, code: int) -> int:
        index = self.index.get(chr(code))
        return 0 if index is None else 1 << index

    def category(self, name: str, ascii_only: bool) -> int:
        key = (name, ascii_only)
        if key not in self._categories:
            escape = _CATEGORY_ESCAPES.get(name)
            if escape is None:  # a category the parser never produces for str patterns
                self._categories[key] = self.all
            else:
                regex = re.compile(escape, re.ASCII if ascii_only else 0)
                self._categories[key] = self.mask(lambda c: regex.fullmatch(c) is not None)
        return self._categories[key]

    def case_closed(self, bits: int) -> int:
        """Add the other-case forms of every character in ``bits`` (for re.IGNORECASE)."""
        forms = self._forms()
        closed = bits
        for i, char in enumerate(self.chars):
            if (bits >> i) & 1:
                for form in _case_forms(char):
                    closed |= forms[form]
        return closed

    def _forms(self) -> dict[str, int]:
        """Case form -> the characters that have it; built on first use of IGNORECASE."""
        if self._case_forms is None:
            self._case_forms = {}
            for i, char in enumerate(self.chars):
                for form in _case_forms(char):
                    self._case_forms[form] = self._case_forms.get(form, 0) | 1 << i
        return self._case_forms


def _case_forms(char: str) -> set[str]:
    return {char.lower(), char.upper(), char.casefold()}


def _literal_chars(tree: Any) -> Iterator[str]:
    """Every character a parsed pattern names as a literal or range bound, at any depth."""
    if hasattr(tree, "data"):  # a SubPattern
        tree = tree.data
    if isinstance(tree, tuple) and len(tree) == 2 and hasattr(tree[0], "name"):
        name, value = _op_name(tree[0]), tree[1]
        if name in ("LITERAL", "NOT_LITERAL"):
            yield chr(value)
        elif name == "RANGE":
            yield from (chr(value[0]), chr(value[1]))
        else:
            yield from _literal_chars(value)
    elif isinstance(tree, (list, tuple)):
        for part in tree:
            yield from _literal_chars(part)
