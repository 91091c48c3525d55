"""Dates: parsing what people type and what rosters hold, and birthdays."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from wbz_cli.domain.errors import InvalidInput

#: The day from which a dated rule holds that was set before rules had dates, or is the
#: default (the visit cadence and the lead deadlines both keep their rules by date).
BEGINNING = "0001-01-01"

_PATTERNS = (
    re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
#: A date followed by a time of day, as spreadsheets and exports write datetimes.
_WITH_TIME = re.compile(
    r"^(?P<day>.+?)(?:T|\s+)(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?$"
)
_EXCEL_EPOCH = date(1899, 12, 30)
#: The years a typed or read date may fall in. Earlier and later ones are typing mistakes,
#: and the day, month or year after every accepted date is still a date Python can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_date(raw: object, field: str = "日期") -> date:
    """Parse ISO, 2010.1.1, 2010/1/1, 2010年1月1日, 20100101, or a date/datetime object."""
    if isinstance(raw, datetime):
        return _within_years(raw.date(), field, raw.date().isoformat())
    if isinstance(raw, date):
        return _within_years(raw, field, raw.isoformat())
    text = str(raw if raw is not None else "").replace("\u3000", " ").strip()
    if not text:
        raise InvalidInput(f"{field}为空，请按 YYYY-MM-DD 填写")
    timed = _WITH_TIME.match(text)
    if timed:
        hour, minute, second = int(timed["h"]), int(timed["m"]), int(timed["s"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise InvalidInput(
                f"{field}“{text}”的时刻不存在，请只填日期，按 YYYY-MM-DD 填写（如 2026-01-31）"
            )
        text = timed["day"]
    text = text.replace(" ", "")
    for pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                day = date(y, mo, d)
            except ValueError:
                break
            return _within_years(day, field, text)
    raise InvalidInput(f"{field}“{text}”不是有效日期，请按 YYYY-MM-DD 填写（如 2026-01-31）")


#: A year and month as villages and government sheets write them: 2015.03, 2015-3, 2015/03,
#: 2015年3月, 2015年3月份, 201503.
_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:[-./年]\s*)?(\d{1,2})\s*(?:月份?)?$")


class YearMonth(NamedTuple):
    """A month without a day: what a 出生年月 or 发放月份 cell holds."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def holds(self, day: date) -> bool:
        return (day.year, day.month) == (self.year, self.month)


def year_month(raw: object) -> YearMonth | None:
    """The month a cell names without a day: text as ``_YEAR_MONTH`` reads it, a 6-digit
    number (201503), a number year.month (2015.03; 2015.1 is October, as Excel shows 2015.10
    typed into a number cell), or a date cell on the 1st (an Excel date formatted as a month
    is stored as the 1st of its month). None for anything else (a full date, not a date at
    all, a month out of 1..12 or a year out of FIRST_YEAR..LAST_YEAR)."""
    if isinstance(raw, date):  # a datetime too
        return YearMonth(raw.year, raw.month) if raw.day == 1 else None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float) and FIRST_YEAR <= raw < LAST_YEAR + 1 and not raw.is_integer():
        # 2015.03 typed into a number cell; Excel drops a trailing zero, so 2015.1 is 2015.10
        raw = f"{raw:.2f}"
    elif isinstance(raw, int | float):
        if not (float(raw).is_integer() and 100000 <= raw <= 999999):
            return None
        raw = int(raw)
    text = str(raw if raw is not None else "").replace("\u3000", " ").strip()
    m = _YEAR_MONTH.match(text)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return YearMonth(year, month)


def _within_years(day: date, field: str, text: str) -> date:
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return day
    when = "太早" if day.year < FIRST_YEAR else "太晚"
    raise InvalidInput(
        f"{field}“{text}”{when}：只能填 {FIRST_YEAR}-01-01 至 {LAST_YEAR}-12-31 之间的日期"
    )


def excel_serial_to_date(serial: float) -> date:
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_month(raw: str, option: str = "") -> tuple[date, date]:
    """``YYYY-MM`` to the first and last day of that month; ``option`` (``--month``) is named
    in the message of a month out of range."""
    m = re.match(r"^(\d{4})-?(\d{1,2})$", (raw or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InvalidInput(f"月份“{raw}”无效，请按 YYYY-MM 填写（如 2026-10）")
    if not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
        when = "太早" if int(m.group(1)) < FIRST_YEAR else "太晚"
        check = f"，请检查 {option}" if option else ""
        raise InvalidInput(
            f"月份“{raw}”{when}：只能填 {FIRST_YEAR}-01 至 {LAST_YEAR}-12 之间的月份{check}"
        )
    first = date(int(m.group(1)), int(m.group(2)), 1)
    return first, month_end(first)


def month_end(day: date) -> date:
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def age_on(birth: date, on: date) -> int:
    """Completed years of age on ``on``."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def check_not_future(day: date, today: date, field: str) -> None:
    """Refuse a day after today for ``field`` (a record cannot be dated in the future)."""
    if day > today:
        raise InvalidInput(f"{field} {day.isoformat()} 晚于今天 {today.isoformat()}，请核对")


def day_or_none(text: str | None) -> date | None:
    """A stored ISO date, or None for a blank one."""
    return date.fromisoformat(text) if text else None
