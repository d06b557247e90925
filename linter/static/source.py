"""Turning a file's bytes into trees safely, and reporting why when that fails.

libcst's native parser can overflow the C stack (a segmentation fault, which no
``except`` catches) on inputs such as a boolean chain of thousands of ``and``.  So
every file is first parsed by CPython's own parser (``ast``, ten times faster),
which refuses such inputs cleanly, and its tree is measured for nesting before
libcst ever sees the text.  Whatever goes wrong becomes a TL301 diagnostic for that
one file.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from linter.diagnostics import Diagnostic
from linter.events import Origin
from linter.rules import rule

# libcst's Python-level passes recurse once or more per nesting level and the
# default recursion limit stops them near 400 levels; stay well below.
MAX_NESTING: int = 200
# libcst's passes (metadata, visitors, transformers) take up to about 15 Python frames
# a nesting level; CPython 3.11 runs Python-to-Python calls without using the C stack,
# so a higher limit for them is safe (measured: 1,000 levels with a limit of 20,000).
RECURSION_LIMIT = 4000
# A file with this many boolean operators may hold a chain long enough to crash
# libcst's parser; such a file is only given to libcst after ``ast`` measured it.
_MAX_BOOL_OPERATORS_UNMEASURED = 2000
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BOOL_WORD = re.compile(rb"\b(?:and|or)\b")


class SourceError(Exception):
    """A file that cannot be checked; carries the TL301 diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded file: its text, its lines, and CPython's tree when Python could parse it."""

    path: str
    text: str
    lines: tuple[str, ...]
    tree: ast.Module | None
    # Why CPython could not parse it, when libcst is to have the final say.
    syntax_error: Diagnostic | None = None

    def line(self, number: int) -> str | None:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else None

    def origin(self, line: int, column: int, end_line: int, end_column: int) -> Origin:
        """An origin from 1-based lines and 0-based character columns."""
        return Origin(self.path, line, column + 1, end_line, end_column + 1,
                      source_line=self.line(line))

    def ast_origin(self, node: ast.expr | ast.stmt | ast.arg | ast.keyword) -> Origin:
        """An origin from an ``ast`` node (whose columns count UTF-8 bytes)."""
        end_line = node.end_lineno or node.lineno
        return self.origin(
            node.lineno, self.char_column(node.lineno, node.col_offset),
            end_line, self.char_column(end_line, node.end_col_offset or node.col_offset),
        )

    def char_column(self, line: int, byte_column: int) -> int:
        text = self.line(line)
        if text is None or text.isascii():
            return byte_column
        return len(text.encode("utf-8")[:byte_column].decode("utf-8", "replace"))


_NOT_CHECKED = "the file was not checked for tracking calls; the rest of the run went on"

# Why a file was not checked, as the summary line counts them.
SYNTAX_ERROR = "syntax error"
NESTED_TOO_DEEPLY = "nested too deeply"
NOT_TEXT = "not valid text"
NEWER_SYNTAX = "newer Python syntax"
INTERNAL_ERROR = "internal error"
NOT_CHECKED_KEY = "not_checked"  # Diagnostic.extra key holding one of the reasons above


def parse_error(path: str, message: str, line: int | None = None,
                column: int | None = None, hint: str | None = None,
                reason: str = SYNTAX_ERROR) -> Diagnostic:
    return rule("TL301").diagnostic(
        f"could not parse {path}: {message}", path=path, line=line, column=column,
        hint=f"{hint}; {_NOT_CHECKED}" if hint else _NOT_CHECKED,
        extra={NOT_CHECKED_KEY: reason},
    )


def newer_syntax_error(source: Source) -> Diagnostic:
    """TL301 for a file CPython refused but libcst parsed: syntax of a newer Python.

    Its names cannot be summarised, so neither its calls nor the constants and
    wrappers other files import from it can be resolved: it is reported, not
    guessed at.
    """
    found = source.syntax_error
    message = found.message.split(": ", 1)[-1] if found else "newer syntax"
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return parse_error(
        source.path, f"Python {version} does not know this syntax ({message})",
        found.line if found else None, found.column if found else None,
        "the syntax is valid in newer Pythons: run tracklint with one of them to check this "
        "file", NEWER_SYNTAX)


def internal_error(path: str, error: BaseException) -> Diagnostic:
    return rule("TL302").diagnostic(
        f"internal error while checking {path}: {describe(error)}", path=path,
        hint="the file was not checked; please report this with the file that caused it",
        extra={NOT_CHECKED_KEY: INTERNAL_ERROR},
    )


def describe(error: BaseException) -> str:
    """A short description of an exception that never renders syntax trees.

    libcst exceptions may carry nodes whose ``repr`` recurses through the whole tree
    (and itself fails on deep trees), so only plain string/number arguments are shown.
    """
    name = type(error).__name__
    if isinstance(error, RecursionError):
        return f"{name}: the code is nested too deeply"
    if error.args and all(isinstance(a, str | int) for a in error.args):
        text = str(error.args[0]) if len(error.args) == 1 else ", ".join(map(str, error.args))
        return f"{name}: {text.splitlines()[0][:200] if text else ''}".rstrip(": ")
    return name


def split_lines(text: str) -> tuple[str, ...]:
    """Lines as Python (and libcst) count them: only CR, LF and CRLF end a line."""
    return tuple(_LINE_BREAK.split(text))


def encoding_of(data: bytes) -> str:
    """The encoding Python reads source bytes in (``utf-8-sig`` with a BOM), to write
    them back the same way; UTF-8 when the declaration is unusable."""
    try:
        return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except (SyntaxError, LookupError):
        return "utf-8"


def decode(path: str, data: bytes) -> str:
    """Decode source bytes as Python does: BOM, then PEP 263 cookie, then UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError(parse_error(
            path, f"not valid {error.encoding} (byte 0x{data[error.start]:02x})", line, column,
            "save it as UTF-8, or declare its encoding in a '# -*- coding: ... -*-' comment",
            NOT_TEXT)) from None
    except (SyntaxError, LookupError) as error:
        raise SourceError(parse_error(path, f"not valid source text ({describe(error)})",
                                      reason=NOT_TEXT)) from None
    return text[1:] if text.startswith("\ufeff") else text


def load(path: str, data: bytes, text: str | None = None) -> Source:
    """Decode and parse with ``ast``; a file only newer Pythons accept still loads (tree None)."""
    text = decode(path, data) if text is None else text
    if "\x00" in text:
        raise SourceError(parse_error(path, "the file contains NUL bytes", reason=NOT_TEXT))
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as error:
        diagnostic = parse_error(path, error.msg, error.lineno, error.offset)
        if _fatal(error) or len(_BOOL_WORD.findall(data)) > _MAX_BOOL_OPERATORS_UNMEASURED:
            raise SourceError(diagnostic) from None
        # Possibly syntax newer than this interpreter's: libcst gets the final say.
        return Source(path, text, split_lines(text), None, diagnostic)
    except (RecursionError, MemoryError, ValueError) as error:
        raise SourceError(parse_error(path, f"too complex to parse ({describe(error)})",
                                      reason=NESTED_TOO_DEEPLY)) from None
    return Source(path, text, split_lines(text), tree)


def _fatal(error: SyntaxError) -> bool:
    """Syntax errors that no parser version would accept, so libcst need not try."""
    message = (error.msg or "").lower()
    return any(word in message for word in ("nested", "indent", "null", "eof", "unterminated"))


def nesting_depth(tree: ast.AST) -> int:
    """The deepest nesting libcst would build for this tree, computed without recursion.

    ``ast`` keeps ``a and b and c`` flat while libcst nests one node per operator,
    so a boolean operation counts one level per operand.  An ``elif`` nests in
    both trees, but each one costs libcst's passes about half the recursion of an
    expression level (measured: 319 branches pass where 137 nested calls do not),
    so it counts half a level: a long ``elif`` chain is ordinary code.
    """
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]  # depth in half levels
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.BoolOp):
            depth += 2 * (len(node.values) - 1)
        deepest = max(deepest, depth)
        chained = node.orelse[0] if isinstance(node, ast.If) and _is_elif(node) else None
        stack.extend((child, depth + (1 if child is chained else 2))
                     for child in ast.iter_child_nodes(node))
    return deepest // 2


def _is_elif(node: ast.If) -> bool:
    return len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If)


@contextlib.contextmanager
def recursion_headroom() -> Iterator[None]:
    """Let libcst's passes recurse through files that ``MAX_NESTING`` admits.

    The default limit of 1,000 frames stopped them on ordinary code, such as an
    ``elif`` chain of 300 branches checked from a caller that was already deep.
    """
    previous = sys.getrecursionlimit()
    if previous >= RECURSION_LIMIT:
        yield
        return
    sys.setrecursionlimit(RECURSION_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def parse_cst(source: Source) -> cst.Module:
    """Parse with libcst, once CPython's tree shows libcst can take the nesting."""
    if source.tree is not None:
        depth = nesting_depth(source.tree)
        if depth > MAX_NESTING:
            raise SourceError(parse_error(source.path, f"expressions nested {depth} levels "
                                                       f"deep (the limit is {MAX_NESTING})",
                                          reason=NESTED_TOO_DEEPLY))
    try:
        return cst.parse_module(source.text)
    except cst.ParserSyntaxError as error:
        # CPython's message, when it has one, is the more precise of the two.
        raise SourceError(source.syntax_error or parse_error(
            source.path, error.message, error.raw_line, error.raw_column + 1)) from None
    except (RecursionError, MemoryError) as error:
        raise SourceError(parse_error(source.path, f"too complex to parse ({describe(error)})",
                                      reason=NESTED_TOO_DEEPLY)) from None

