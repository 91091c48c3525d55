"""One command's output contract (``Schema``) and the two shapes it takes: rows, or one object.

Types: ``str``, ``int``, ``bool``, ``date`` (YYYY-MM-DD), ``datetime`` (ISO 8601), ``month``
(YYYY-MM), ``money`` (a string with two decimals, "1234.50"), ``enum`` (an English key such
as ``home``), ``child`` (a child's code, C000123), ``list`` (a JSON array), ``object``; a
trailing ``?`` means the value may be null, or the key absent (``due``'s ``lead`` is on lead rows
only). ``json`` is a dict for one object, a list holding
one dict for rows; ``csv`` is the header row, or None when the command offers no CSV.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Schema:
    json: dict[str, str] | list[dict[str, str]]
    csv: tuple[str, ...] | None


def rows(keys: dict[str, str], csv: str | None) -> Schema:
    return Schema([keys], tuple(csv.split(",")) if csv else None)


def one_object(keys: dict[str, str], csv: str | None) -> Schema:
    return Schema(keys, tuple(csv.split(",")) if csv else None)
