"""Pure rules of matching lists and merging duplicates."""

from __future__ import annotations

from datetime import date

import pytest

from wbz_cli.domain.duplicates import Period, name_key, union_periods
from wbz_cli.domain.listrow import disability_grade, status_ended
from wbz_cli.domain.matching import add_months


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("一级", 1),
        ("2级", 2),
        ("三级（中度）", 3),
        ("4", 4),
        ("肆级", 4),
        ("", None),
        ("重度", None),
    ],
)
def test_disability_grade(text: str, grade: int | None) -> None:
    assert disability_grade(text) == grade


def test_status_ended() -> None:
    assert status_ended("已注销") and status_ended("停保") and not status_ended("正常")


def test_name_key_folds_width_spaces_and_dots() -> None:
    assert name_key("王　小 明") == name_key("王小明") == name_key(" 王小明 ")
    assert name_key("阿依·古丽") == name_key("阿依古丽") == name_key("阿依・古丽")
    assert name_key("ＡＢ") == name_key("ab")


def test_union_periods_joins_overlapping_and_touching() -> None:
    joined = union_periods(
        [
            Period("2026-03-01", None, None),
            Period("2026-01-01", "2026-02-01", "moved"),
            Period("2025-01-01", "2025-06-01", "other"),
            Period("2026-02-01", "2026-04-01", "ended"),
        ]
    )
    assert joined == [
        Period("2025-01-01", "2025-06-01", "other"),
        Period("2026-01-01", None, None),
    ]
    assert union_periods(
        [Period("2026-01-01", "2026-05-01", "a"), Period("2026-02-01", "2026-03-01", "b")]
    ) == [Period("2026-01-01", "2026-05-01", "a")]


def test_add_months_keeps_the_day_or_the_month_end() -> None:
    assert add_months(date(2026, 1, 10), 6) == date(2026, 7, 10)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 1), 1) == date(2026, 1, 1)
