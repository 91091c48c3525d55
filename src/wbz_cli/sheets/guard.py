"""The one place that neutralises spreadsheet formulas in user data.

A cell whose text starts with ``= + - @``, a tab or a carriage return would be run as a
formula by Excel or WPS (CSV injection). Such text is written with a leading apostrophe in
CSV, and as an explicit string cell in xlsx (see ``as_text_cell``).
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return bool(text) and text.startswith(TRIGGERS)


def neutralise(text: str) -> str:
    """Text safe to put in a CSV cell that a spreadsheet will open."""
    return "'" + text if is_formula_like(text) else text


def restore(text: str) -> str:
    """Undo ``neutralise`` when reading back a CSV this tool (or a careful user) wrote."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text
