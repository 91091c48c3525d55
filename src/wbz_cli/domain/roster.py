"""One roster row: from the raw cells of a spreadsheet to a validated child, or a refusal.

``parse_roster_row`` applies the rules of ``wbz register`` (the same checks and messages from
``children``, ``idnumber``, ``dates`` and the enums) plus the roster's own: the birth-date
column must agree with the ID number, a gender column must agree with it too (a blank one is
taken from the ID), several categories may share one cell, and an ID number that Excel has
turned into a number is refused with the explanation. Every problem of a row is reported in
one InvalidInput, each part naming its column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from wbz_cli.domain.children import (
    check_age_for_case,
    check_category_age,
    check_name,
    normalise_phone,
    normalise_text,
)
from wbz_cli.domain.dates import excel_serial_to_date, parse_date
from wbz_cli.domain.enums import (
    Category,
    DifficultSubtype,
    Gender,
    GuardianSituation,
    IncomeStatus,
    Risk,
)
from wbz_cli.domain.errors import InvalidInput, WbzError
from wbz_cli.domain.idnumber import IdInfo, parse_id_number
from wbz_cli.domain.labels import FIELD_LABELS

#: The roster's field names in its messages: the one table (domain/labels.py), but for two
#: names the roster's messages still use (所在社区, 监护人), which tests/domain/test_roster_row.py
#: and tests/safety/test_escaping_followup.py assert; to go once those follow the table.
LABELS = {**FIELD_LABELS, "community": "所在社区", "guardian": "监护人"}
CATEGORY_SEPARATORS = re.compile(r"[、,，;；/／|｜\s\u3000]+")
T = TypeVar("T")
NO_CATEGORY = f"儿童类别为空：新登记的儿童至少需要一个类别，可选：{Category.choices_text()}"


class RosterChild(NamedTuple):
    """A valid roster row. ``None`` means the roster leaves the field blank.

    A NamedTuple rather than a frozen dataclass: a big import makes 100,000 of them, and a
    frozen dataclass's ``__init__`` cost more than validating the row."""

    name: str
    info: IdInfo
    categories: tuple[Category, ...]
    registered_on: date
    community: str | None = None
    worker: str | None = None
    risk: Risk | None = None
    subtype: DifficultSubtype | None = None
    guardian: str | None = None
    relation: str | None = None
    guardian_phone: str | None = None
    guardian_situation: GuardianSituation | None = None
    address: str | None = None
    income_status: IncomeStatus | None = None


def cell_text(value: object) -> str:
    """A cell as text: whole floats without ``.0``, dates ISO, blanks empty."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def roster_date(value: object, field: str) -> date:
    """A date cell: a date, an Excel serial number, 20100101 typed as a number, or text; in
    the years ``parse_date`` accepts."""
    if isinstance(value, date):  # a datetime too
        return parse_date(value, field)
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and 10000101 <= number <= 99991231:
            return parse_date(str(int(number)), field)
        if math.isfinite(number) and 1 <= number < 2958466:  # Excel's serials: 1900 .. 9999
            return parse_date(excel_serial_to_date(number), field)
        raise InvalidInput(f"{field}“{cell_text(value)}”不是有效日期，请按 YYYY-MM-DD 填写")
    if isinstance(value, time | timedelta):
        raise InvalidInput(f"{field}“{value}”是时间而不是日期，请按 YYYY-MM-DD 填写")
    return _date_text(cell_text(value), field)


@lru_cache(maxsize=8192)
def _date_text(text: str, field: str) -> date:
    """Dates repeat in a roster (birthdays, the registration day): each text parsed once."""
    return parse_date(text, field)


def split_categories(value: object) -> tuple[Category, ...]:
    """``困境儿童、留守儿童`` (or separated by , ， ; / or spaces) -> categories, no repeats.

    A blank cell gives no categories: allowed for a child on file (nothing changes), refused
    for a new child by the import (see ``NO_CATEGORY``)."""
    return _categories(cell_text(value))


@lru_cache(maxsize=1024)
def _categories(text: str) -> tuple[Category, ...]:
    parts = [p for p in CATEGORY_SEPARATORS.split(text) if p]
    found: list[Category] = []
    for part in parts:
        cat = Category.parse(part)
        if cat not in found:
            found.append(cat)
    return tuple(found)


def _optional(parse: Callable[[str], T]) -> Callable[[object], T | None]:
    """A field from a small vocabulary; its few distinct cells are parsed once each."""
    cached = lru_cache(maxsize=256)(parse)

    def run(value: object) -> T | None:
        text = cell_text(value)
        return cached(text) if text else None

    return run


def _text(limit: int, *, repeats: bool = False) -> Callable[[object], str | None]:
    """Free text; ``repeats`` for columns with few distinct values (communities, workers)."""

    def parse(text: str) -> str | None:
        return normalise_text(text, limit) or None

    cached = lru_cache(maxsize=1024)(parse) if repeats else parse
    return lambda value: cached(cell_text(value))


def _id_number(value: object) -> IdInfo:
    """``parse_id_number`` refuses numbers (floats, 3.10105E+17) with EXCEL_CUT_MESSAGE."""
    return parse_id_number(value)


_FIELD_PARSERS: dict[str, Callable[[object], Any]] = {
    "name": lambda v: check_name(cell_text(v)),
    "id_number": _id_number,
    "categories": split_categories,
    "community": _text(100, repeats=True),
    "worker": _text(100, repeats=True),
    "risk": _optional(Risk.parse),
    "subtype": _optional(DifficultSubtype.parse),
    "guardian": _optional(check_name),
    "relation": _text(50, repeats=True),
    "guardian_phone": lambda v: normalise_phone(cell_text(v)),
    "guardian_situation": _optional(GuardianSituation.parse),
    "address": _text(200),
    "income_status": _optional(IncomeStatus.parse),
}


_BLANK_IS_NONE = frozenset(_FIELD_PARSERS) - {"name", "id_number", "categories"}


def parse_roster_row(cells: Mapping[str, object], *, on: date, today: date) -> RosterChild:
    """Validate one row's cells (field key -> raw value); ``on`` is the default 登记日期.

    Raises InvalidInput naming every column that is wrong, or RuleViolation (age rules)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, parse in _FIELD_PARSERS.items():
        raw = cells.get(key)
        if key in _BLANK_IS_NONE and (raw is None or raw == ""):
            values[key] = None
            continue
        try:
            values[key] = parse(raw)
        except WbzError as exc:
            problems.append(f"{LABELS[key]}：{exc.message}")
    registered = _registered_on(cells.get("registered_on"), on, today, problems)
    info: IdInfo | None = values.get("id_number")
    if info is not None:
        _check_gender(cells.get("gender"), info, problems)
        _check_birth(cells.get("birth_date"), info, problems)
    if problems:
        raise InvalidInput("；".join(problems))
    assert info is not None and registered is not None
    if info.birth_date > registered:
        raise InvalidInput(
            f"出生日期 {info.birth_date.isoformat()} 晚于登记日期 {registered.isoformat()}，请核对"
        )
    check_age_for_case(info.birth_date, registered)
    for cat in values["categories"]:
        check_category_age(cat, info.birth_date, registered)
    if values["subtype"] is not None and Category.DIFFICULT not in values["categories"]:
        raise InvalidInput("困境类型只适用于困境儿童：请在儿童类别中写明困境儿童，或清空困境类型")
    values["info"] = values.pop("id_number")
    return RosterChild(registered_on=registered, **values)


def _registered_on(value: object, on: date, today: date, problems: list[str]) -> date | None:
    if not cell_text(value):
        return on
    try:
        day = roster_date(value, LABELS["registered_on"])
    except WbzError as exc:
        problems.append(exc.message)
        return None
    if day > today:
        problems.append(f"登记日期 {day.isoformat()} 晚于今天 {today.isoformat()}，请核对")
        return None
    return day


def _check_gender(value: object, info: IdInfo, problems: list[str]) -> None:
    text = cell_text(value)
    if not text:
        return  # a blank gender is taken from the ID number
    try:
        gender = Gender.parse(text)
    except WbzError as exc:
        problems.append(f"性别：{exc.message}")
        return
    if gender is not info.gender:
        problems.append(
            f"性别：表中为“{gender.label}”，身份证号第 17 位表示“{info.gender.label}”，请核对"
        )


def _check_birth(value: object, info: IdInfo, problems: list[str]) -> None:
    if not cell_text(value):
        return
    try:
        birth = roster_date(value, "出生日期")
    except WbzError as exc:
        problems.append(exc.message)
        return
    if birth != info.birth_date:
        problems.append(
            f"出生日期：表中为 {birth.isoformat()}，身份证号中为 {info.birth_date.isoformat()}，"
            "两者不一致，请核对"
        )


def merge_rows(first: RosterChild, other: RosterChild) -> tuple[RosterChild, list[str]]:
    """The same child twice in one file: fill blanks of ``first`` from ``other``, add its
    categories. Returns the merged row and the labels of fields that disagree (then the two
    rows cannot be merged)."""
    changes: dict[str, Any] = {}
    conflicts: list[str] = []
    for name in RosterChild._fields:
        a, b = getattr(first, name), getattr(other, name)
        if name == "categories":
            extra = tuple(c for c in b if c not in a)
            if extra:
                changes["categories"] = a + extra
        elif name == "registered_on":
            if b < a:
                changes["registered_on"] = b
        elif a is None and b is not None:
            changes[name] = b
        elif b is not None and a != b:
            conflicts.append(LABELS.get(name, name) if name != "info" else "身份证号")
    return (first._replace(**changes) if changes else first), conflicts
