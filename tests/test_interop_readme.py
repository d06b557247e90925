"""The README's table of what each format carries says what the exporters declare."""

from __future__ import annotations

from pathlib import Path

from linter.interop.registry import FORMATS

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = "<!-- interop-table:"

#: README row -> (declaration table, the fields it stands for).
ROWS = {
    "event description": ("event", ("description",)),
    "owner": ("event", ("owner",)),
    "event platforms": ("event", ("platforms",)),
    "identity": ("event", ("identity",)),
    "status": ("event", ("status",)),
    "replaced_by": ("event", ("replaced_by",)),
    "tags": ("event", ("tags",)),
    "category": ("event", ("category",)),
    "additional_properties": ("event", ("additional_properties",)),
    "global properties": ("plan", ("global_properties",)),
    "required on some platforms only": ("property", ("required_per_platform",)),
    "property platforms": ("property", ("platforms",)),
    "property description": ("property", ("description",)),
    "type object": ("property", ("object_type",)),
    "nested properties": ("property", ("object",)),
    "type array": ("property", ("array",)),
    "array items": ("property", ("items",)),
    "datetime": ("property", ("datetime",)),
    "nullable": ("property", ("nullable",)),
    "enum": ("property", ("enum",)),
    "pattern": ("property", ("pattern",)),
    "format": ("property", ("format",)),
    "minimum, maximum": ("property", ("minimum", "maximum")),
    "min_length, max_length": ("property", ("min_length", "max_length")),
    "min_items, max_items": ("property", ("min_items", "max_items")),
    "deprecated property": ("property", ("deprecated",)),
    "`schema:` fragment": ("property", ("schema",)),
    "examples": ("property", ("examples",)),
    "plan version, description": ("plan", ("version", "description")),
    "naming conventions": ("plan", ("naming",)),
}


def _table() -> tuple[list[str], dict[str, list[str]]]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(MARKER)) + 1
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return header[1:], rows


def test_the_readme_table_has_every_format_and_field():
    formats, rows = _table()
    assert formats == list(FORMATS)
    assert set(rows) == set(ROWS)


def test_each_cell_says_what_the_format_declares():
    formats, rows = _table()
    wrong = []
    for row, cells in rows.items():
        table, fields = ROWS[row]
        for name, cell in zip(formats, cells, strict=True):
            carries = getattr(FORMATS[name].carries, table)
            carried = [field in carries for field in fields]
            if row == "global properties":
                expected_ok = cell == ("✓" if all(carried) else "*inlined*")
            elif row == "array items" and not all(carried):
                item_type = "item_type" in FORMATS[name].carries.property
                expected_ok = cell == ("type only" if item_type else "—")
            elif any(carried) and not all(carried):
                expected_ok = cell not in ("—", "✓")
            else:
                expected_ok = (cell != "—") == all(carried)
            if not expected_ok:
                wrong.append(f"{row} / {name}: README says {cell!r}, the exporter carries "
                             f"{dict(zip(fields, carried, strict=True))}")
    assert wrong == []
