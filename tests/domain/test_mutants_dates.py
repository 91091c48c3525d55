"""Dates at their edges (issue 26: mutants of domain/dates.py).

What a station notices: a roster's date cell read as the day it shows, a refusal that names
the field and says how to write the date, a month's first and last day for the report, an age
that turns on the birthday (a child turning 18 leaves the roster), a month cell of a birth or a
payment read as that month and nothing else."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wbz_cli.domain.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    YearMonth,
    add_years,
    age_on,
    check_not_future,
    day_or_none,
    excel_serial_to_date,
    month_end,
    parse_date,
    parse_month,
    year_month,
)
from wbz_cli.domain.errors import InvalidInput

DAYS = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR - 100, 12, 31))


# --- parse_date: cells and typed text --------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [datetime(2010, 1, 1, 8, 30), datetime(2010, 1, 1), date(2010, 1, 1)],
)
def test_a_date_or_datetime_cell_is_the_day_it_shows(cell: date) -> None:
    day = parse_date(cell)
    assert day == date(2010, 1, 1)
    assert type(day) is date  # stored as 2010-01-01, never with a time of day


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (datetime(1899, 12, 31, 8, 0), "出生日期“1899-12-31”太早：只能填 1900-01-01 至 2999-12-31"),
        (date(3000, 1, 1), "出生日期“3000-01-01”太晚：只能填 1900-01-01 至 2999-12-31"),
    ],
)
def test_a_date_cell_out_of_the_years_is_refused_naming_its_day(cell: date, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_date(cell, "出生日期")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1900-01-01", date(1900, 1, 1)),
        ("2999-12-31", date(2999, 12, 31)),
        ("\u30002010-1-2\u3000", date(2010, 1, 2)),  # a full-width space around it
        ("2010 - 01 - 02", date(2010, 1, 2)),
        ("2010-01-02 23:59:59", date(2010, 1, 2)),
        ("2010-01-02T00:00", date(2010, 1, 2)),
        ("2010年1月2日 8:05", date(2010, 1, 2)),
    ],
)
def test_dates_at_the_edges_of_what_is_accepted(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1899-12-31", "入户日期“1899-12-31”太早：只能填 1900-01-01 至 2999-12-31 之间的日期"),
        ("3000-01-01", "入户日期“3000-01-01”太晚：只能填 1900-01-01 至 2999-12-31 之间的日期"),
        ("", "入户日期为空，请按 YYYY-MM-DD 填写"),
        (None, "入户日期为空，请按 YYYY-MM-DD 填写"),
        ("\u3000 ", "入户日期为空，请按 YYYY-MM-DD 填写"),
        ("2010-02-30", "入户日期“2010-02-30”不是有效日期，请按 YYYY-MM-DD 填写（如 2026-01-31）"),
        ("2010-1", "入户日期“2010-1”不是有效日期"),
        ("2010-01-02 24:00", "入户日期“2010-01-02 24:00”的时刻不存在，请只填日期"),
        ("2010-01-02 23:60", "的时刻不存在"),
        ("2010-01-02 23:59:60", "的时刻不存在"),
    ],
)
def test_a_refused_date_names_the_field_and_what_was_typed(text: str | None, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_date(text, "入户日期")


def test_a_date_refused_by_default_is_called_a_date() -> None:
    with pytest.raises(InvalidInput, match=r"^日期为空"):
        parse_date("")


@given(DAYS)
def test_every_written_form_of_a_day_is_that_day(day: date) -> None:
    y, m, d = day.year, day.month, day.day
    written = (f"{y}-{m:02d}-{d:02d}", f"{y}.{m}.{d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日")
    for text in (*written, f"{y}{m:02d}{d:02d}"):
        assert parse_date(text) == day


def test_an_excel_serial_counts_days_from_its_epoch() -> None:
    assert excel_serial_to_date(61) == date(1900, 3, 1)
    assert excel_serial_to_date(45658) == date(2025, 1, 1)
    assert excel_serial_to_date(45658.75) == date(2025, 1, 1)  # the time of day is dropped


# --- year_month: a month cell ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "month"),
    [
        ("2015.03", (2015, 3)),
        ("2015-3", (2015, 3)),
        ("2015/03", (2015, 3)),
        ("2015年3月", (2015, 3)),
        ("2015年3月份", (2015, 3)),
        ("\u3000201503 ", (2015, 3)),
        (201503, (2015, 3)),
        (201512.0, (2015, 12)),
        (2015.03, (2015, 3)),
        (2015.1, (2015, 10)),  # Excel shows 2015.10 typed into a number cell as 2015.1
        (1900.01, (1900, 1)),
        (2999.12, (2999, 12)),
        (date(2015, 3, 1), (2015, 3)),
        (datetime(2015, 3, 1), (2015, 3)),
        ("1900-01", (1900, 1)),
        ("2999-12", (2999, 12)),
        (190001, (1900, 1)),
    ],
)
def test_a_month_cell_is_that_month(cell: object, month: tuple[int, int]) -> None:
    assert year_month(cell) == YearMonth(*month)


@pytest.mark.parametrize(
    "cell",
    [
        date(2015, 3, 2),  # a full date: not a month
        True,
        None,
        "",
        "2015-03-01",
        "2015-13",
        "2015-00",
        "1899-12",
        "3000-01",
        201513,
        20153,  # five digits: not 2015-3
        99999,
        1000000,
        201503.5,
        1899.12,
        3000.01,
        float("nan"),
        "三月",
    ],
)
def test_what_is_not_a_month_is_none(cell: object) -> None:
    assert year_month(cell) is None


def test_a_month_shows_and_holds_its_days() -> None:
    month = YearMonth(2015, 3)
    assert str(month) == "2015-03"
    assert month.holds(date(2015, 3, 31))
    assert not month.holds(date(2015, 4, 1))
    assert not month.holds(date(2016, 3, 1))


# --- months, years, ages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("202601", date(2026, 1, 1), date(2026, 1, 31)),
        (" 2026-1 ", date(2026, 1, 1), date(2026, 1, 31)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("1900-01", date(1900, 1, 1), date(1900, 1, 31)),
        ("2999-12", date(2999, 12, 1), date(2999, 12, 31)),
    ],
)
def test_a_report_month_runs_from_its_first_to_its_last_day(
    text: str, first: date, last: date
) -> None:
    assert parse_month(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-00", "月份“2026-00”无效，请按 YYYY-MM 填写（如 2026-10）"),
        ("2026-10-01", "无效"),
        ("", "无效"),
        ("1899-12", "月份“1899-12”太早：只能填 1900-01 至 2999-12 之间的月份，请检查 --month$"),
        ("3000-01", "月份“3000-01”太晚：只能填 1900-01 至 2999-12 之间的月份，请检查 --month$"),
    ],
)
def test_a_refused_month_says_why_and_names_the_option(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_month(text, "--month")


def test_a_month_out_of_the_years_without_an_option_names_none() -> None:
    with pytest.raises(InvalidInput, match=r"之间的月份$"):
        parse_month("3000-01")


@given(DAYS)
def test_a_month_ends_the_day_before_the_next_begins(day: date) -> None:
    last = month_end(day)
    assert (last.year, last.month) == (day.year, day.month)
    assert (last + timedelta(days=1)).day == 1


@given(DAYS, st.integers(min_value=0, max_value=100))
def test_years_later_is_the_same_day_or_1_march_after_29_february(day: date, years: int) -> None:
    later = add_years(day, years)
    assert later.year == day.year + years
    if (day.month, day.day) == (2, 29) and later.month != 2:
        assert later == date(day.year + years, 3, 1)
    else:
        assert (later.month, later.day) == (day.month, day.day)


@given(DAYS, DAYS)
def test_the_age_is_the_birthdays_passed(birth: date, on: date) -> None:
    if on < birth:
        birth, on = on, birth
    passed = sum(1 for n in range(1, on.year - birth.year + 1) if add_years(birth, n) <= on)
    assert age_on(birth, on) == passed


def test_a_child_is_18_on_the_birthday_not_the_day_before() -> None:
    birth = date(2008, 3, 15)
    assert age_on(birth, date(2026, 3, 14)) == 17
    assert age_on(birth, date(2026, 3, 15)) == 18
    assert age_on(birth, date(2026, 2, 28)) == 17  # an earlier month, a later day


# --- stored and checked days -----------------------------------------------------------------


def test_a_record_may_be_dated_today_but_not_tomorrow() -> None:
    today = date(2026, 12, 3)
    check_not_future(today, today, "签订日期")
    with pytest.raises(InvalidInput, match=r"^签订日期 2026-12-04 晚于今天 2026-12-03，请核对$"):
        check_not_future(today + timedelta(days=1), today, "签订日期")


def test_a_stored_day_is_read_back_and_a_blank_is_none() -> None:
    assert day_or_none("2026-01-31") == date(2026, 1, 31)
    assert day_or_none("") is None
    assert day_or_none(None) is None
