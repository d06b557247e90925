"""Inline ignore comments: ``# tracklint: ignore[TL206]`` or a bare ``# tracklint: ignore``.

Comments are found with :mod:`tokenize`, so the same text inside a string literal
is not mistaken for a comment, and lines are counted as Python counts them (a
lone CR ends a line too).  A comment covers its own line, or a whole call when
it stands on the call's first line.

Like ruff's RUF100, an ignore comment that suppresses nothing is reported
(TL901), and so is a code in it that does not exist, with a fix that removes
what is unused: stale suppressions would otherwise hide the next real mistake
on that line.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from linter.diagnostics import Diagnostic, Edit, Fix
from linter.rules import RULES, RULES_BY_NAME, rule, suggest_code

_DIRECTIVE = re.compile(r"#\s*tracklint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_CODE = re.compile(r"[^,\s]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
ALL_CODES = frozenset({"*"})
_UNUSED = rule("TL901")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One ignore comment: where it is, and the codes it names as written.

    ``codes`` is empty for a bare ``# tracklint: ignore``.  ``column`` and
    ``end_column`` (1-based, end exclusive) span the whole comment, ``start`` and
    ``end`` the directive inside it; ``code_spans`` locate each code written.
    """

    line: int
    column: int
    end_column: int
    comment: str
    start: int
    end: int
    codes: tuple[str, ...] = ()
    code_spans: tuple[tuple[int, int], ...] = ()

    @property
    def bare(self) -> bool:
        return not self.codes

    @property
    def covered(self) -> frozenset[str]:
        """The catalogue codes this comment suppresses (``{"*"}`` for a bare one)."""
        if self.bare:
            return ALL_CODES
        return frozenset(c for c in (canonical(code) for code in self.codes) if c)


def canonical(code: str) -> str | None:
    """The catalogue code a written code or rule name stands for, or None if unknown."""
    upper = code.upper()
    if upper in RULES:
        return upper
    found = RULES_BY_NAME.get(code.lower())
    return found.code if found else None


def find_suppressions(source: str) -> list[Suppression]:
    """Every ignore comment of a file, in order."""
    try:
        comments = [(token.start[0], token.start[1], token.string) for token in
                    tokenize.generate_tokens(io.StringIO(source, newline=None).readline)
                    if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        comments = list(_comments_by_line(source))
    found = []
    for line, column, text in comments:
        suppression = _parse(line, column, text)
        if suppression is not None:
            found.append(suppression)
    return found


def _comments_by_line(source: str) -> Iterable[tuple[int, int, str]]:
    """For a file tokenize rejects: the text from the first '#' of each line."""
    for number, line in enumerate(_LINE_BREAK.split(source), start=1):
        if "#" in line:
            yield number, line.index("#"), line[line.index("#"):]


def _parse(line: int, column: int, comment: str) -> Suppression | None:
    match = _DIRECTIVE.search(comment)
    if match is None:
        return None
    codes: list[str] = []
    spans: list[tuple[int, int]] = []
    if match.group("codes") is not None:
        offset = match.start("codes")
        for code in _CODE.finditer(match.group("codes")):
            codes.append(code.group())
            spans.append((offset + code.start(), offset + code.end()))
    return Suppression(line, column + 1, column + 1 + len(comment), comment, match.start(),
                       match.end(), tuple(codes), tuple(spans))


def ignore_comments(source: str) -> dict[int, frozenset[str]]:
    """Line number -> codes ignored on that line (``{"*"}`` for a bare ignore)."""
    found: dict[int, frozenset[str]] = {}
    for suppression in find_suppressions(source):
        found[suppression.line] = found.get(suppression.line, frozenset()) | suppression.covered
    return found


def is_suppressed(diagnostic: Diagnostic, comments: Mapping[int, frozenset[str]]) -> bool:
    """True when an ignore comment covers the diagnostic.

    The comment may stand on the diagnostic's own line or on the first line of
    the call it belongs to (``call_line``), so one comment covers a call
    written over several lines.
    """
    return bool(_covering(diagnostic, comments))


def _covering(diagnostic: Diagnostic,
              comments: Mapping[int, frozenset[str]]) -> list[tuple[int, str]]:
    """The (line, code) entries of ignore comments that cover a diagnostic."""
    found = []
    for line in {diagnostic.line, diagnostic.call_line}:
        if isinstance(line, int):
            codes = comments.get(line)
            if codes == ALL_CODES:
                found.append((line, "*"))
            elif codes is not None and diagnostic.code in codes:
                found.append((line, diagnostic.code))
    return found


def without_suppressed(diagnostics: Iterable[Diagnostic],
                       comments: Mapping[int, frozenset[str]]) -> list[Diagnostic]:
    return [d for d in diagnostics if not is_suppressed(d, comments)]


# -- suppressions that suppress nothing ---------------------------------------------


def unused_suppressions(path: str, suppressions: Sequence[Suppression],
                        found: Iterable[Diagnostic],
                        lines: Sequence[str] = ()) -> list[Diagnostic]:
    """TL901 for each ignore comment, or code in one, that covers none of ``found``.

    ``found`` is every diagnostic of the file before rule selection: a comment
    for a rule this run does not select still suppresses something, and is kept.
    """
    comments: dict[int, frozenset[str]] = {}
    for suppression in suppressions:
        comments[suppression.line] = comments.get(suppression.line, frozenset()) | \
            suppression.covered
    used = {entry for diagnostic in found for entry in _covering(diagnostic, comments)}
    problems: list[Diagnostic] = []
    for suppression in suppressions:
        problems.extend(_problems(path, suppression, used, lines))
    return problems


def _problems(path: str, suppression: Suppression, used: set[tuple[int, str]],
              lines: Sequence[str]) -> list[Diagnostic]:
    line = suppression.line
    source = lines[line - 1] if 0 < line <= len(lines) else None
    if suppression.bare:
        if (line, "*") in used:
            return []
        fix = _fix(suppression, keep=())
        return [_UNUSED.build("bare", args={}, path=path, line=line,
                              column=suppression.column + suppression.start,
                              end_line=line, end_column=suppression.column + suppression.end,
                              source_line=source, fix=fix,
                              hint="remove the comment; nothing on this line is reported")]
    unknown = [(code, span) for code, span in zip(suppression.codes, suppression.code_spans,
                                                  strict=True) if canonical(code) is None]
    unused = [(code, span) for code, span in zip(suppression.codes, suppression.code_spans,
                                                 strict=True)
              if canonical(code) is not None and (line, canonical(code)) not in used]
    if not unknown and not unused:
        return []
    drop = {code for code, _ in unknown + unused}
    fix = _fix(suppression, keep=tuple(c for c in suppression.codes if c not in drop))
    problems = []
    for code, (start, end) in unknown:
        close = suggest_code(code)
        problems.append(_UNUSED.build(
            "unknown", args={"code": code}, path=path, line=line,
            column=suppression.column + start, end_line=line,
            end_column=suppression.column + end, source_line=source, fix=fix,
            hint=f"did you mean '{close}'?" if close else
            "run 'tracklint rule' to list the codes"))
    if unused:
        start, end = unused[0][1][0], unused[-1][1][1]
        problems.append(_UNUSED.build(
            "unused", args={"codes": ", ".join(code for code, _ in unused)}, path=path,
            line=line, column=suppression.column + start, end_line=line,
            end_column=suppression.column + end, source_line=source, fix=fix,
            hint="remove it; nothing on this line is reported under "
                 f"{'that code' if len(unused) == 1 else 'those codes'}"))
    return problems


def _fix(suppression: Suppression, keep: tuple[str, ...]) -> Fix:
    """Rewrite the comment keeping only ``keep``, or remove the directive (and the
    comment, when nothing else is in it)."""
    text = suppression.comment
    before, after = text[:suppression.start].rstrip(), text[suppression.end:].strip()
    if keep:
        directive = text[suppression.start:suppression.end]
        opening = directive.index("[")
        rewritten = f"{before}  " if before else ""
        rewritten += f"{directive[:opening]}[{', '.join(keep)}]"
        rewritten += f"  {after}" if after else ""
        description = f"keep only {', '.join(keep)} in the ignore comment"
    else:
        rest = " ".join(part for part in (before, after) if part)
        rewritten = rest if not rest or rest.startswith("#") else f"# {rest}"
        description = "remove the unused ignore comment"
    edit = Edit(suppression.line, suppression.column, suppression.line, suppression.end_column,
                rewritten)
    return Fix(description, (edit,))
