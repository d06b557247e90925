"""Applying fixes to Python source through libcst, keeping formatting and comments.

A fix replaces string literals (an event name, a property key, an enum value), a
keyword argument's name, or a comment (an unused ignore comment is rewritten or
removed, with the whitespace before it).  The replacement keeps the literal's prefix and quote
style; everything else in the file is reproduced byte for byte by libcst.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from linter.diagnostics import Diagnostic, Edit, Fix
from linter.static.source import recursion_headroom


def string_literal(old_literal: str, new_value: str) -> str | None:
    """``old_literal`` rewritten to hold ``new_value``, same prefix and quotes.

    None when the literal cannot be rewritten safely (f-strings, bytes, a value
    needing escapes inside a raw string).
    """
    prefix_end = 0
    while prefix_end < len(old_literal) and old_literal[prefix_end] not in "'\"":
        prefix_end += 1
    prefix = old_literal[:prefix_end]
    if any(c in prefix.lower() for c in "fb"):
        return None
    body = old_literal[prefix_end:]
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    if not quote:
        return None
    escaped = new_value.replace("\\", "\\\\").replace(quote[0], "\\" + quote[0])
    if "r" in prefix.lower() and escaped != new_value:
        return None
    return f"{prefix}{quote}{escaped}{quote}"


def replacement_fix(diagnostic: Diagnostic, old_text: str, new_value: str,
                    *, is_name: bool) -> Fix | None:
    """A :class:`Fix` replacing the literal (or keyword name) the diagnostic points at."""
    if diagnostic.line is None or diagnostic.column is None:
        return None
    new_text = new_value if is_name else string_literal(old_text, new_value)
    if new_text is None or (is_name and not new_value.isidentifier()):
        return None
    end_line = diagnostic.end_line or diagnostic.line
    end_column = diagnostic.end_column or diagnostic.column + len(old_text)
    edit = Edit(diagnostic.line, diagnostic.column, end_line, end_column, new_text)
    return Fix(f"replace {old_text} with {new_text}", (edit,))


class _Replacer(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, edits: dict[tuple[int, int], Edit]) -> None:
        super().__init__()
        self.edits = edits
        self.applied: set[tuple[int, int]] = set()
        self.removed: set[int] = set()  # comments an edit empties

    def _edit_for(self, node: cst.CSTNode) -> Edit | None:
        position: CodeRange = self.get_metadata(PositionProvider, node)
        key = (position.start.line, position.start.column + 1)
        edit = self.edits.get(key)
        if edit is None or (edit.end_line, edit.end_column) != (position.end.line,
                                                                position.end.column + 1):
            return None
        self.applied.add(key)
        return edit

    def leave_SimpleString(self, original: cst.SimpleString,
                           updated: cst.SimpleString) -> cst.BaseExpression:
        edit = self._edit_for(original)
        return updated.with_changes(value=edit.replacement) if edit else updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        edit = self._edit_for(original)
        return updated.with_changes(value=edit.replacement) if edit else updated

    def leave_Comment(self, original: cst.Comment, updated: cst.Comment) -> cst.Comment:
        edit = self._edit_for(original)
        if edit is None:
            return updated
        if not edit.replacement:  # the line, or the whitespace it trails, drops it
            self.removed.add(id(updated))
            return updated
        return updated.with_changes(value=edit.replacement)

    def leave_TrailingWhitespace(self, original: cst.TrailingWhitespace,
                                 updated: cst.TrailingWhitespace) -> cst.TrailingWhitespace:
        if updated.comment is not None and id(updated.comment) in self.removed:
            return updated.with_changes(whitespace=cst.SimpleWhitespace(""), comment=None)
        return updated

    def leave_EmptyLine(self, original: cst.EmptyLine, updated: cst.EmptyLine
                        ) -> cst.EmptyLine | cst.RemovalSentinel:
        if updated.comment is not None and id(updated.comment) in self.removed:
            return cst.RemovalSentinel.REMOVE
        return updated


def apply_fixes(source: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """The fixed source and how many fixes were applied.

    Overlapping fixes are applied once (the first wins); a fix whose target is
    no longer where it was is skipped, never applied to the wrong node.
    """
    edits: dict[tuple[int, int], Edit] = {}
    for fix in fixes:
        for edit in fix.edits:
            edits.setdefault((edit.line, edit.column), edit)
    if not edits:
        return source, 0
    module = cst.parse_module(source)
    replacer = _Replacer(edits)
    with recursion_headroom():
        fixed = MetadataWrapper(module).visit(replacer)
    return fixed.code, len(replacer.applied)


def fixes_of(diagnostics: Sequence[Diagnostic]) -> list[Fix]:
    return [d.fix for d in diagnostics if d.fix is not None]
