"""From source text to tree.

Groups and alternatives are split from the pattern's source text; only the plain
text between them is handed to Python's parser, whose items become tree nodes.
"""

from __future__ import annotations

import re
from typing import Any

from linter.text.regex_safety.characters import _PARSER, _Alphabet, _op_name
from linter.text.regex_safety.tree import (
    _Alt,
    _Atomic,
    _Chars,
    _Empty,
    _Look,
    _Node,
    _Repeat,
    _Seq,
    _Source,
)

_MAXREPEAT: int = int(_PARSER.MAXREPEAT)

_FLAG_LETTERS = {"a": re.ASCII, "i": re.IGNORECASE, "L": re.LOCALE, "m": re.MULTILINE,
                 "s": re.DOTALL, "u": re.UNICODE, "x": re.VERBOSE}


class _SourceParser:
    """Splits a pattern into groups and alternatives itself; parses only the text between.

    The pattern has already compiled, so the scanner can assume it is well
    formed.  Capturing groups are counted so that backreferences in the text
    handed to Python's parser still refer to existing groups.
    """

    def __init__(self, pattern: str, flags: int, alphabet: _Alphabet) -> None:
        self.pattern = pattern
        self.flags = flags
        self.alphabet = alphabet
        self.pos = 0
        self.captures = 0

    def parse(self) -> _Node:
        options, _ = self._alternatives(self.flags)
        return options[0] if len(options) == 1 else _Alt(tuple(options))

    # scanning

    def _alternatives(self, flags: int) -> tuple[list[_Node], list[tuple[int, int]]]:
        """Parse up to the closing ``)`` (not consumed); return options and their spans."""
        options: list[_Node] = []
        spans: list[tuple[int, int]] = []
        items: list[_Node] = []
        start = text_start = self.pos
        text = self.pattern
        while self.pos < len(text) and text[self.pos] != ")":
            char = text[self.pos]
            if char == "|" or (char == "(" and not text.startswith("(?#", self.pos)):
                items.extend(self._text(text_start, self.pos, flags))
                if char == "|":
                    options.append(_Seq(tuple(items)))
                    spans.append((start, self.pos))
                    items = []
                    self.pos += 1
                    start = self.pos
                else:
                    items.extend(self._group(flags))
                text_start = self.pos
            else:
                self._skip_atom(flags)
        items.extend(self._text(text_start, self.pos, flags))
        options.append(_Seq(tuple(items)))
        spans.append((start, self.pos))
        return options, spans

    def _skip_atom(self, flags: int) -> None:
        """Step over one piece of plain text: an escape, a class, a comment or a character.

        ``(?#...)`` comments stay in the plain text: Python's parser skips them, and
        a quantifier after one applies to whatever precedes it.
        """
        text = self.pattern
        char = text[self.pos]
        if text.startswith("(?#", self.pos):
            self._skip_to_close()
        elif char == "\\":
            self.pos += 2
        elif char == "[":
            self.pos = _skip_class(text, self.pos)
        elif char == "#" and flags & re.VERBOSE:
            newline = text.find("\n", self.pos)
            self.pos = len(text) if newline < 0 else newline + 1
        else:
            self.pos += 1

    def _skip_to_close(self) -> None:
        """Step past the ``)`` ending a comment, backreference or flag group."""
        text = self.pattern
        while self.pos < len(text) and text[self.pos] != ")":
            self.pos += 2 if text[self.pos] == "\\" else 1
        self.pos += 1

    # groups

    def _group(self, flags: int) -> list[_Node]:
        """Parse a group starting at ``(`` and any quantifier after it."""
        start = self.pos
        text = self.pattern
        head = text[start:start + 4]
        if _is_flag_setting(text, start):
            self._skip_to_close()
            return []
        if head.startswith("(?P="):  # a backreference, analysed as matching nothing
            self._skip_to_close()
            return [self._quantified(_Empty(), start, flags)]
        if head.startswith("(?("):
            self.pos = text.index(")", start + 3) + 1
            options, _ = self._alternatives(flags)
            body: _Node = _Alt(tuple(options))
            self.pos += 1
            return [self._quantified(body, start, flags)]
        kind, body_flags = self._open(flags)
        options, spans = self._alternatives(body_flags)
        self.pos += 1  # the closing parenthesis
        alternatives = tuple(text[a:b] for a, b in spans)
        group: _Node = _Alt(tuple(options), _Source(start, text[start:self.pos], alternatives))
        if kind == "look":
            group = _Look(group)
        elif kind == "atomic":
            group = _Atomic(group)
        return [self._quantified(group, start, flags)]

    def _open(self, flags: int) -> tuple[str, int]:
        """Consume a group opening; return its kind and the flags inside it."""
        text = self.pattern
        start = self.pos
        if not text.startswith("(?", start):
            self.captures += 1
            self.pos += 1
            return "group", flags
        for prefix, kind in (("(?:", "group"), ("(?=", "look"), ("(?!", "look"),
                             ("(?<=", "look"), ("(?<!", "look"), ("(?>", "atomic")):
            if text.startswith(prefix, start):
                self.pos += len(prefix)
                return kind, flags
        if text.startswith("(?P<", start):
            self.captures += 1
            self.pos = text.index(">", start) + 1
            return "group", flags
        colon = text.index(":", start)  # scoped flags: (?i:...), (?-i:...), (?a-x:...)
        self.pos = colon + 1
        return "group", _apply_flags(text[start + 2:colon], flags)

    def _quantified(self, group: _Node, start: int, flags: int) -> _Node:
        """Apply the quantifier after a group, if any, as Python's parser would."""
        if flags & re.VERBOSE:
            self._skip_verbose_space()
        found = _read_quantifier(self.pattern, self.pos)
        if found is None:
            return group
        low, high, self.pos = found
        possessive = self.pattern.startswith("+", self.pos)
        if possessive or self.pattern.startswith("?", self.pos):
            self.pos += 1
        return _Repeat(group, low, high, possessive, _Source(start, self.pattern[start:self.pos]))

    def _skip_verbose_space(self) -> None:
        text = self.pattern
        while self.pos < len(text):
            if text[self.pos].isspace():
                self.pos += 1
            elif text[self.pos] == "#":
                newline = text.find("\n", self.pos)
                self.pos = len(text) if newline < 0 else newline + 1
            else:
                return

    # plain text

    def _text(self, start: int, end: int, flags: int) -> list[_Node]:
        """Parse group-free text with Python's parser (it has no alternation to rewrite)."""
        if start >= end:
            return []
        prefix = "()" * self.captures  # keeps backreferences like \\1 valid
        try:
            data = _PARSER.parse(prefix + self.pattern[start:end], flags)
        except (re.error, OverflowError, ValueError):
            return []  # cannot happen for a pattern that compiled; be lenient anyway
        return [_convert(op, av, flags, self.alphabet)
                for op, av in list(data)[self.captures:]]


def _is_flag_setting(text: str, start: int) -> bool:
    """``(?i)``, ``(?ax)``: global flags, already in the compiled pattern's flags."""
    if not text.startswith("(?", start):
        return False
    end = start + 2
    while end < len(text) and text[end] in _FLAG_LETTERS:
        end += 1
    return end > start + 2 and text.startswith(")", end)


def _apply_flags(spec: str, flags: int) -> int:
    """``i``, ``-i``, ``a-x`` -> the flags in force inside a scoped flag group."""
    on, _, off = spec.partition("-")
    for letter in on:
        if letter in "au":  # the two are exclusive; the group's choice wins
            flags &= ~(re.ASCII | re.UNICODE)
        flags |= _FLAG_LETTERS.get(letter, 0)
    for letter in off:
        flags &= ~_FLAG_LETTERS.get(letter, 0)
    return flags


def _skip_class(text: str, pos: int) -> int:
    """Index after the ``]`` closing the class opened at ``pos`` (a leading ``]`` is literal)."""
    pos += 1
    if text.startswith("^", pos):
        pos += 1
    first = True
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
        elif char == "]" and not first:
            return pos + 1
        else:
            pos += 1
        first = False
    return pos


_QUANTIFIER = re.compile(r"\*|\+|\?|\{(\d*)(,(\d*))?\}")


def _read_quantifier(text: str, pos: int) -> tuple[int, int | None, int] | None:
    """(low, high or None for unbounded, end) of a quantifier at ``pos``, as ``re`` reads it."""
    found = _QUANTIFIER.match(text, pos)
    if found is None or found.group() == "{}":
        return None
    symbol = found.group()
    if symbol in "*+?":
        return {"*": 0, "+": 1, "?": 0}[symbol], (1 if symbol == "?" else None), found.end()
    low = int(found.group(1) or 0)
    if found.group(2) is None:
        return low, low, found.end()
    high = int(found.group(3)) if found.group(3) else None
    return low, high, found.end()


def _convert(op: Any, av: Any, flags: int, alphabet: _Alphabet) -> _Node:
    """One item of Python's parse tree -> a node of the analysed tree."""
    name = _op_name(op)
    if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
        return _Chars(_char_mask(name, av, flags, alphabet))
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = av
        return _Repeat(_convert_seq(body, flags, alphabet), int(low),
                       None if high >= _MAXREPEAT else int(high),
                       possessive=name == "POSSESSIVE_REPEAT")
    if name == "SUBPATTERN":
        _, add_flags, del_flags, body = av
        return _convert_seq(body, (flags | add_flags) & ~del_flags, alphabet)
    if name == "BRANCH":
        return _Alt(tuple(_convert_seq(option, flags, alphabet) for option in av[1]))
    if name in ("ASSERT", "ASSERT_NOT"):
        return _Look(_convert_seq(av[1], flags, alphabet))
    if name == "ATOMIC_GROUP":
        return _Atomic(_convert_seq(av, flags, alphabet))
    if name == "GROUPREF_EXISTS":
        _, yes, no = av
        return _Alt((_convert_seq(yes, flags, alphabet),
                     _convert_seq(no, flags, alphabet) if no else _Empty()))
    return _Empty()  # AT (anchors), GROUPREF (backreferences), ...


def _convert_seq(data: Any, flags: int, alphabet: _Alphabet) -> _Seq:
    return _Seq(tuple(_convert(op, av, flags, alphabet) for op, av in data))


def _char_mask(name: str, av: Any, flags: int, alphabet: _Alphabet) -> int:
    """The characters a one-character item matches, honouring IGNORECASE/DOTALL/ASCII."""
    if name == "ANY":
        newline = alphabet.literal(ord("\n"))
        return alphabet.all if flags & re.DOTALL else alphabet.all & ~newline
    negate = name == "NOT_LITERAL"
    if name == "IN":
        negate = bool(av) and _op_name(av[0][0]) == "NEGATE"
        bits = _class_mask(av, flags, alphabet)
    else:
        bits = alphabet.literal(av)
    if flags & re.IGNORECASE:
        bits = alphabet.case_closed(bits)
    return alphabet.all & ~bits if negate else bits


def _class_mask(items: Any, flags: int, alphabet: _Alphabet) -> int:
    bits = 0
    for op, av in items:
        name = _op_name(op)
        if name == "LITERAL":
            bits |= alphabet.literal(av)
        elif name in ("RANGE", "RANGE_UNI_IGNORE"):
            bits |= alphabet.range(int(av[0]), int(av[1]))
        elif name == "CATEGORY":
            bits |= alphabet.category(_op_name(av), bool(flags & re.ASCII))
    return bits
