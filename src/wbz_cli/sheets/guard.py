"""The one place that neutralises spreadsheet formulas in user data.

A cell whose text starts with ``= + - @`` (or their full-width forms, which WPS and Excel in a
Chinese locale may take as the same), a tab or a line break would be run as a formula by
Excel or WPS (CSV injection). Such text is written with a leading apostrophe in
CSV, and as an explicit string cell in xlsx (see ``as_text_cell``).
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def is_formula_like(text: str) -> bool:
    """Also behind leading spaces: some spreadsheets trim a cell before reading it."""
    return bool(text) and text.lstrip(" \u3000\u00a0").startswith(TRIGGERS)


def neutralise(text: str) -> str:
    """Text safe to put in a CSV cell that a spreadsheet will open."""
    return "'" + text if is_formula_like(text) else text


def as_text_cell(cell: Any, value: Any) -> None:
    """Put ``value`` in an openpyxl cell; formula-like text is stored as a string cell, so Excel
    shows ``=HYPERLINK(...)`` as the text it is instead of running it. Every xlsx writer sets
    user data through this."""
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"


def append_as_text(sheet: Any, values: list[Any]) -> None:
    """``sheet.append(values)`` on a worksheet being built in memory (not write-only), every
    cell through ``as_text_cell``: a title or a name from the database is never a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        as_text_cell(cell, cell.value)


def restore(text: str) -> str:
    """Undo ``neutralise`` when reading back a CSV this tool (or a careful user) wrote."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text
