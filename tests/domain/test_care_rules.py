"""Rules of the care record: the last paid month, month arithmetic, guardianship due dates."""

from __future__ import annotations

from datetime import date

import pytest

from wbz_cli.domain.care import (
    GuardianshipResult,
    add_months,
    check_payment_age,
    guardianship_next_due,
    last_paid_month,
)
from wbz_cli.domain.errors import RuleViolation


@pytest.mark.parametrize(
    ("birth", "last"),
    [
        (date(2008, 10, 15), "2026-10"),
        (date(2008, 10, 1), "2026-10"),
        (date(2008, 10, 31), "2026-10"),
        (date(2008, 12, 31), "2026-12"),
        (date(2008, 2, 29), "2026-03"),  # 18 on 1 March in a common year
    ],
)
def test_the_birthday_month_is_the_last_paid(birth: date, last: str) -> None:
    assert last_paid_month(birth) == last
    check_payment_age("orphan", birth, last, "孤儿基本生活费")
    after = add_months(date.fromisoformat(last + "-01"), 1).isoformat()[:7]
    with pytest.raises(RuleViolation, match="次月停发"):
        check_payment_age("orphan", birth, after, "孤儿基本生活费")
    check_payment_age("study_grant", birth, after, "助学金")  # adult students keep it


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 5, 15), 12, date(2027, 5, 15)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_guardianship_is_due_two_years_on() -> None:
    assert guardianship_next_due(date(2026, 2, 1)) == date(2028, 2, 1)
    assert guardianship_next_due(date(2024, 2, 29)) == date(2026, 3, 1)
    assert GuardianshipResult.parse("监护失当") is GuardianshipResult.IMPROPER
    assert GuardianshipResult.parse("监护不当") is GuardianshipResult.IMPROPER
