from __future__ import annotations

from datetime import date

import pytest

from wbz_cli.domain.dates import add_years, age_on, parse_date, parse_month
from wbz_cli.domain.enums import Category, Risk
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.privacy import mask_id, mask_phone


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("left_behind", Category.LEFT_BEHIND),
        ("留守儿童", Category.LEFT_BEHIND),
        ("农村留守儿童", Category.LEFT_BEHIND),
        ("ORPHAN", Category.ORPHAN),
        (" 孤儿 ", Category.ORPHAN),
        ("事实无人抚养儿童", Category.DE_FACTO_UNSUPPORTED),
    ],
)
def test_categories_accept_keys_and_chinese_labels(text: str, member: Category) -> None:
    assert Category.parse(text) is member


def test_unknown_enum_value_lists_the_choices() -> None:
    with pytest.raises(InvalidInput, match="风险等级“紫”无效，可选：red（红）"):
        Risk.parse("紫")


@pytest.mark.parametrize(
    "text",
    [
        "2010-01-01",
        "2010.1.1",
        "2010/1/1",
        "2010年1月1日",
        "20100101",
        "2010-01-01T00:00:00",
        "2010-01-01 08:30",
        "2010/1/1 23:59:59.5",
    ],
)
def test_dates_in_every_roster_format(text: str) -> None:
    assert parse_date(text) == date(2010, 1, 1)


def test_bad_date_says_how_to_write_it() -> None:
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_date("2010-02-30")


@pytest.mark.parametrize("text", ["2026-11-24T25:61", "2026-11-24 24:00", "2026-11-24T08:60"])
def test_a_time_of_day_that_does_not_exist_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="时刻不存在"):
        parse_date(text)


def test_month_bounds() -> None:
    assert parse_month("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    with pytest.raises(InvalidInput):
        parse_month("2024-13")


def test_age_turns_on_the_birthday_and_leap_days() -> None:
    birth = date(2008, 11, 24)
    assert age_on(birth, date(2026, 11, 23)) == 17
    assert age_on(birth, date(2026, 11, 24)) == 18
    assert add_years(date(2012, 2, 29), 16) == date(2028, 2, 29)
    assert add_years(date(2012, 2, 29), 17) == date(2029, 3, 1)


def test_masks() -> None:
    assert mask_id("310105201001011234") == "310105***********4"
    assert mask_phone("13812345678") == "138****5678"
