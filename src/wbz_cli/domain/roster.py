"""One roster row: from the raw cells of a spreadsheet to a validated child, or a refusal.

``RowParser`` (and ``parse_roster_row`` for one row given by field) applies the rules of ``wbz
register`` (the same checks and messages from ``children``, ``idnumber``, ``dates`` and the
enums) plus the roster's own: the birth-date column must agree with the ID number, a gender
column must agree with it too (a blank one is taken from the ID), several categories may share
one cell, and an ID number that Excel has turned into a number is refused with the
explanation. Every problem of a row is reported in one InvalidInput, each part naming its
column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
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
from wbz_cli.domain.dates import YearMonth, age_on, excel_serial_to_date, parse_date, year_month
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
    """A field from a small vocabulary (blank: None)."""

    def run(value: object) -> T | None:
        text = cell_text(value)
        return parse(text) if text else None

    return run


def _text(limit: int) -> Callable[[object], str | None]:
    """Free text (blank: None)."""
    return lambda value: normalise_text(cell_text(value), limit) or None


def _plain_name(cell: object) -> bool:
    """Printable and without a space: ``check_name`` would give the cell as it is."""
    return type(cell) is str and 0 < len(cell) <= 50 and cell.isprintable() and " " not in cell


def _name(cell: object) -> str:
    return cell if _plain_name(cell) else check_name(cell_text(cell))  # type: ignore[return-value]


def _guardian(cell: object) -> str | None:
    if _plain_name(cell):
        return cell  # type: ignore[return-value]
    text = cell_text(cell)
    return check_name(text) if text else None


def _phone(cell: object) -> str | None:
    if type(cell) is str and _MOBILE.match(cell):
        return cell  # what normalise_phone makes of a plain mobile number
    return normalise_phone(cell_text(cell))


def _address(cell: object) -> str | None:
    if type(cell) is str and len(cell) <= 200 and cell.isprintable():
        return cell.strip() or None  # printable: no full-width space, no control character
    return normalise_text(cell_text(cell), 200) or None


_MOBILE = re.compile(r"1[0-9]{10}\Z")
#: Each field of a row: the function that reads its cell, and whether its distinct cells are
#: few (read once each, then looked up). In this order the problems of a row are listed.
_FIELDS: dict[str, tuple[Callable[[object], Any], bool]] = {
    "name": (_name, False),
    "id_number": (parse_id_number, False),
    "categories": (split_categories, True),
    "community": (_text(100), True),
    "worker": (_text(100), True),
    "risk": (_optional(Risk.parse), True),
    "subtype": (_optional(DifficultSubtype.parse), True),
    "guardian": (_guardian, False),
    "relation": (_text(50), True),
    "guardian_phone": (_phone, False),
    "guardian_situation": (_optional(GuardianSituation.parse), True),
    "address": (_address, False),
    "income_status": (_optional(IncomeStatus.parse), True),
}
_MEMO_LIMIT = 20_000  # distinct cells kept per column: bounds the memory of a huge file
_MISSING: Any = object()
#: Cells of these types are looked up by value (a bool is not: True == 1).
_MEMO_TYPES = frozenset({str, float, int, date, datetime, type(None)})


class RowParser:
    """The roster's row parser, for the rows of one table (``columns``: field key -> 0-based
    column index; a field without a column is blank). ``parse`` takes a row as the sheet
    gives it (a list of cells) and returns the valid child, or raises InvalidInput naming
    every column that is wrong, or RuleViolation (age rules).

    A roster repeats the same few texts down a column (categories, communities, dates ...):
    each distinct cell of such a column is read once and then looked up."""

    def __init__(self, columns: Mapping[str, int], *, on: date, today: date) -> None:
        self.columns = dict(columns)
        self.on, self.today = on, today
        self.width = max(self.columns.values(), default=-1) + 1
        # RosterChild's fields in its order, then the columns checked against the ID number
        readers = {**_FIELDS, "registered_on": (self._registered_on, True),
                   "gender": (_gender, True), "birth_date": (_birth, True)}  # fmt: skip
        order = [*RosterChild._fields, "gender", "birth_date"]
        order[order.index("info")] = "id_number"
        # a field without a column has one value, read once (unless that is an error); the
        # others: (place in the values, column index, memo of distinct cells or None, reader)
        self._blank: list[Any] = [None] * len(order)
        self._readers: list[tuple[int, int | None, dict[object, Any] | None, Any]] = []
        for place, key in enumerate(order):
            read, few = readers[key]
            index = self.columns.get(key)
            if index is None:
                try:
                    self._blank[place] = read(None)
                    continue
                except WbzError:
                    pass
            self._readers.append((place, index, {} if few else None, read))

    def cells(self, raw: Sequence[object]) -> dict[str, object]:
        """The row's cells by field key (a short row's missing cells are blank)."""
        width = len(raw)
        return {key: (raw[i] if i < width else "") for key, i in self.columns.items()}

    def parse(self, raw: Sequence[object]) -> RosterChild:
        if len(raw) < self.width:
            raw = [*raw, *[""] * (self.width - len(raw))]
        values = self._blank.copy()  # each field's value, or the WbzError its cell raised
        failed = False
        for place, index, memo, read in self._readers:
            cell = None if index is None else raw[index]
            try:
                if memo is None or type(cell) not in _MEMO_TYPES:
                    value = read(cell)
                else:
                    value = memo.get(cell, _MISSING)
                    if value is _MISSING:
                        value = read(cell)
                        if len(memo) < _MEMO_LIMIT:
                            memo[cell] = value
            except WbzError as exc:
                value, failed = exc, True
            values[place] = value
        info: IdInfo = values[1]
        gender, shown_birth = values[-2:]
        if (
            failed
            or (gender is not None and gender is not info.gender)
            or (shown_birth is not None and not _same_birth(shown_birth, info.birth_date))
        ):
            raise InvalidInput("；".join(_problems(values)))
        child = RosterChild(*values[:-2])
        birth, registered, categories = info.birth_date, child.registered_on, child.categories
        if birth > registered:
            raise InvalidInput(
                f"出生日期 {birth.isoformat()} 晚于登记日期 {registered.isoformat()}，请核对"
            )
        if age_on(birth, registered) >= 16:  # the age rules' messages
            check_age_for_case(birth, registered)
            for cat in categories:
                check_category_age(cat, birth, registered)
        if child.subtype is not None and Category.DIFFICULT not in categories:
            raise InvalidInput(
                "困境类型只适用于困境儿童：请在儿童类别中写明困境儿童，或清空困境类型"
            )
        return child

    def _registered_on(self, value: object) -> date:
        if not cell_text(value):
            return self.on
        day = roster_date(value, LABELS["registered_on"])
        if day > self.today:
            raise InvalidInput(
                f"登记日期 {day.isoformat()} 晚于今天 {self.today.isoformat()}，请核对"
            )
        return day


def _gender(value: object) -> Gender | None:
    text = cell_text(value)
    return Gender.parse(text) if text else None  # a blank gender is taken from the ID number


def _birth(value: object) -> date | YearMonth | None:
    """The birth column: a full date, or a year and month (出生年月: 2015.03, 2015年3月,
    201503, a date cell formatted as a month); None when blank."""
    if not cell_text(value):
        return None
    return year_month(value) or roster_date(value, "出生日期")


def _same_birth(shown: date | YearMonth, birth: date) -> bool:
    return shown.holds(birth) if isinstance(shown, YearMonth) else shown == birth


def _problems(values: list[Any]) -> list[str]:
    """Every problem of a row whose ``values`` (RosterChild's fields, then the gender and
    birth date shown, as ``RowParser.parse`` reads them) hold an error or disagree with the ID
    number: the fields' in the order of ``_FIELDS``, each naming its column, then the
    registration date's, then the gender's and birth date's (only when the ID number is
    valid: they are checked against it)."""
    *child, gender, birth = values
    read = dict(zip(RosterChild._fields, child, strict=True))
    read["id_number"] = read.pop("info")
    problems = [
        f"{LABELS[key]}：{read[key].message}" for key in _FIELDS if isinstance(read[key], WbzError)
    ]
    if isinstance(read["registered_on"], WbzError):
        problems.append(read["registered_on"].message)
    info = read["id_number"]
    if isinstance(info, WbzError):
        return problems
    if isinstance(gender, WbzError):
        problems.append(f"性别：{gender.message}")
    elif gender is not None and gender is not info.gender:
        problems.append(
            f"性别：表中为“{gender.label}”，身份证号第 17 位表示“{info.gender.label}”，请核对"
        )
    if isinstance(birth, WbzError):
        problems.append(birth.message)
    elif isinstance(birth, YearMonth) and not birth.holds(info.birth_date):
        in_id = YearMonth(info.birth_date.year, info.birth_date.month)
        problems.append(f"出生年月：表中为 {birth}，身份证号中为 {in_id}，两者不一致，请核对")
    elif birth is not None and not _same_birth(birth, info.birth_date):
        problems.append(
            f"出生日期：表中为 {birth.isoformat()}，身份证号中为 {info.birth_date.isoformat()}，"
            "两者不一致，请核对"
        )
    return problems


def parse_roster_row(cells: Mapping[str, object], *, on: date, today: date) -> RosterChild:
    """Validate one row's cells (field key -> raw value); ``on`` is the default 登记日期.

    Raises InvalidInput naming every column that is wrong, or RuleViolation (age rules)."""
    columns = {key: i for i, key in enumerate(cells)}
    return RowParser(columns, on=on, today=today).parse(list(cells.values()))


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
