"""Rules of the care record: guardianship results and their review interval, plan reviews,
entrusted-care agreements, and which children a monthly subsidy run pays."""

from __future__ import annotations

from datetime import date

from wbz_cli.domain.dates import add_years, month_end
from wbz_cli.domain.enums import LabeledEnum
from wbz_cli.domain.errors import InvalidInput, RuleViolation

#: A guardianship assessment is redone at least every this many years.
GUARDIANSHIP_REVIEW_YEARS = 2
#: A plan's next review when none is given: this many months after the review.
PLAN_REVIEW_MONTHS = 3
#: One payment above this is surely a typo (e.g. fen typed as 元).
MAX_PAYMENT_FEN = 100_000_000  # 1,000,000.00 元


class GuardianshipResult(LabeledEnum):
    """监护评估结果"""

    ABSENT = ("absent", "监护缺失", ("缺失",))
    IMPROPER = ("improper", "监护失当", ("失当", "监护不当"))
    INSUFFICIENT = ("insufficient", "监护不足", ("不足",))
    NORMAL = ("normal", "监护正常", ("正常",))


class PlanStatus(LabeledEnum):
    """计划状态"""

    OPEN = ("open", "执行中", ("进行中",))
    CLOSED = ("closed", "已结束", ("结束", "关闭"))


def guardianship_next_due(assessed_on: date) -> date:
    return add_years(assessed_on, GUARDIANSHIP_REVIEW_YEARS)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    first = date(index // 12, index % 12 + 1, 1)
    return first.replace(day=min(day.day, month_end(first).day))


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


# --- subsidies -----------------------------------------------------------------------------

#: The category that makes a child eligible for a subsidy type in ``subsidy run``; types not
#: listed (助学金, 临时救助, 其他) are never paid automatically, only recorded with ``add``.
SUBSIDY_SOURCE_CATEGORY = {
    "orphan": "orphan",
    "de_facto_unsupported": "de_facto_unsupported",
    "disability_living": "disabled",
    "disability_care": "disabled",
}
#: Types that continue after 18 (an adult student keeps a study grant).
NO_AGE_STOP = frozenset({"study_grant"})


def last_paid_month(birth: date) -> str:
    """Payment stops the month after the 18th birthday: the birthday month is the last paid."""
    return month_key(add_years(birth, 18))


def check_payment_age(subsidy_type: str, birth: date, month: str, label: str) -> None:
    if subsidy_type in NO_AGE_STOP:
        return
    last = last_paid_month(birth)
    if month > last:
        raise RuleViolation(
            f"{label}在年满 18 周岁的次月停发：此儿童 {last} 满 18 周岁，不能发放 {month} 的补贴"
        )


def check_payment_amount(fen: int) -> None:
    if fen <= 0:
        raise InvalidInput("补贴金额必须大于 0")
    if fen > MAX_PAYMENT_FEN:
        raise InvalidInput("补贴金额超过 100 万元，请核对单位是否为元")
