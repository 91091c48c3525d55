"""The roster row parser for big imports: ``parse_roster_row``'s result, several times faster.

``RowParser.parse`` takes a row as the sheet gives it (a list of cells) and returns exactly
what ``parse_roster_row`` returns for the same cells, or raises exactly what it raises: a row
that is not plainly valid (any problem, an odd cell type, a short row) is handed to
``parse_roster_row`` itself, so every refusal and its message come from the one rule book.

Where the time goes is the common case, a valid row of text cells. There the parser
- parses each distinct text of a column with few distinct values (categories, communities,
  relations, dates, genders ...) once, with the same function as ``parse_roster_row``;
- takes a cell that needs no clean-up as it is (a printable name without spaces, a mobile
  number of 11 ASCII digits, printable address text), which is what the full clean-up
  would give; anything else goes through the full clean-up;
- reads the columns by index, without making a dict per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from wbz_cli.domain.children import ADULT_AGE, UNDER_16_CATEGORIES
from wbz_cli.domain.enums import Category, Gender
from wbz_cli.domain.errors import WbzError
from wbz_cli.domain.idnumber import IdInfo, parse_id_number
from wbz_cli.domain.roster import (
    _BLANK_IS_NONE,
    _FIELD_PARSERS,
    RosterChild,
    cell_text,
    parse_roster_row,
    roster_date,
)

_MOBILE = re.compile(r"1[0-9]{10}\Z")
_MEMO_LIMIT = 20_000  # distinct texts kept per column: bounds the memory of a huge file
_MISSING: Any = object()
#: columns parsed through a memo of their distinct texts (few distinct values in a roster)
_MEMO_FIELDS = (
    "categories", "community", "worker", "risk", "subtype", "relation", "guardian_situation",
    "income_status",
)  # fmt: skip


class _Slow(Exception):
    """The row is not plainly valid: ``parse_roster_row`` decides."""


def _field(key: str) -> Callable[[object], Any]:
    """A field's value as ``parse_roster_row`` computes it (blank cells of optional fields
    are None)."""
    parse = _FIELD_PARSERS[key]
    if key not in _BLANK_IS_NONE:
        return parse
    return lambda raw: None if raw is None or raw == "" else parse(raw)


def _gender(raw: object) -> Gender | None:
    text = cell_text(raw)
    return Gender.parse(text) if text else None


def _birth(raw: object) -> date | None:
    return roster_date(raw, "出生日期") if cell_text(raw) else None


class RowParser:
    """Parses the rows of one table (``columns``: field key -> 0-based column index)."""

    def __init__(self, columns: Mapping[str, int], *, on: date, today: date) -> None:
        self.columns = dict(columns)
        self.on, self.today = on, today
        self.width = max(self.columns.values(), default=-1) + 1
        # absent columns: their value, once; present ones: (key, index, memo, parse)
        self._absent: dict[str, Any] = {}
        self._present: list[tuple[str, int, dict[object, Any], Callable[[object], Any]]] = []
        for key, parse in (
            *((k, _field(k)) for k in _MEMO_FIELDS),
            ("gender", _gender),
            ("birth_date", _birth),
            ("registered_on", self._registered),
        ):
            index = self.columns.get(key)
            if index is None:
                self._absent[key] = parse(None)
            else:
                self._present.append((key, index, {}, parse))
        get = self.columns.get
        self._at = (get("guardian"), get("guardian_phone"), get("address"))

    def cells(self, raw: list[object]) -> dict[str, object]:
        """The row as ``Table.rows`` gives it to ``parse_roster_row``."""
        width = len(raw)
        return {key: (raw[i] if i < width else "") for key, i in self.columns.items()}

    def parse(self, raw: list[object]) -> RosterChild:
        """``parse_roster_row(self.cells(raw), on=..., today=...)``, faster."""
        try:
            return self._fast(raw)
        except (_Slow, WbzError):
            return parse_roster_row(self.cells(raw), on=self.on, today=self.today)

    def _registered(self, raw: object) -> date:
        if not cell_text(raw):
            return self.on
        day = roster_date(raw, "登记日期")
        if day > self.today:
            raise _Slow
        return day

    def _fast(self, raw: list[object]) -> RosterChild:
        if len(raw) < self.width:
            raise _Slow
        v = self._absent.copy()
        for key, index, memo, parse in self._present:
            cell = raw[index]
            if type(cell) is str:
                value = memo.get(cell, _MISSING)
                if value is _MISSING:
                    value = parse(cell)
                    if len(memo) < _MEMO_LIMIT:
                        memo[cell] = value
            else:
                value = parse(cell)
            v[key] = value
        col = self.columns
        name = _name(raw[col["name"]])
        info: IdInfo = parse_id_number(raw[col["id_number"]])
        birth = info.birth_date
        gender = v["gender"]
        if gender is not None and gender is not info.gender:
            raise _Slow
        shown = v["birth_date"]
        if shown is not None and shown != birth:
            raise _Slow
        registered: date = v["registered_on"]
        categories: tuple[Category, ...] = v["categories"]
        if birth > registered:
            raise _Slow
        age = registered.year - birth.year
        if (registered.month, registered.day) < (birth.month, birth.day):
            age -= 1
        if age >= ADULT_AGE or (age >= 16 and any(c in UNDER_16_CATEGORIES for c in categories)):
            raise _Slow
        subtype = v["subtype"]
        if subtype is not None and Category.DIFFICULT not in categories:
            raise _Slow
        g, p, a = self._at
        return RosterChild(
            name, info, categories, registered, v["community"], v["worker"], v["risk"], subtype,
            None if g is None else _guardian(raw[g]), v["relation"],
            None if p is None else _phone(raw[p]), v["guardian_situation"],
            None if a is None else _address(raw[a]), v["income_status"],
        )  # fmt: skip


def _plain_name(cell: object) -> bool:
    # printable and no space: no whitespace to strip or drop, no control characters
    return type(cell) is str and 0 < len(cell) <= 50 and cell.isprintable() and " " not in cell


def _name(cell: object) -> str:
    """``check_name(cell_text(cell))``."""
    return cell if _plain_name(cell) else _FIELD_PARSERS["name"](cell)  # type: ignore[return-value]


def _guardian(cell: object) -> str | None:
    if _plain_name(cell):
        return cell  # type: ignore[return-value]
    return None if cell is None or cell == "" else _FIELD_PARSERS["guardian"](cell)


def _phone(cell: object) -> str | None:
    if type(cell) is str and _MOBILE.match(cell):
        return cell  # what normalise_phone makes of a plain mobile number
    return None if cell is None or cell == "" else _FIELD_PARSERS["guardian_phone"](cell)


def _address(cell: object) -> str | None:
    if type(cell) is str and len(cell) <= 200 and cell.isprintable():
        return cell.strip() or None  # printable: no full-width space, no control character
    return None if cell is None or cell == "" else _FIELD_PARSERS["address"](cell)
