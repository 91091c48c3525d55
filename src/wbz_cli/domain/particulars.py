"""Correcting a child's particulars (registration date, a case's or a category's start, the ID
number and so the birth date): which of the child's records a correction would leave standing
on a day the rules do not allow. Pure.

Each record says what it needs: an open case on its day (a visit, a service, an assessment, a
plan, an activity), a case open in its month (a payment), the child registered by its day (a
risk entry, a category period), a category held in its month (a payment of 孤儿基本生活费 or
事实无人抚养儿童基本生活补贴), an age (a payment stops after the 18th birthday; left-behind and
migrant start under 16). A correction is refused when a record that met its needs before
would not after; records that did not meet them anyway are not the correction's doing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from wbz_cli.domain.care import NO_AGE_STOP, last_paid_month
from wbz_cli.domain.children import ADULT_AGE, UNDER_16_CATEGORIES
from wbz_cli.domain.dates import age_on
from wbz_cli.domain.enums import Category
from wbz_cli.domain.vocab import SubsidyType

#: A payment of these types needs the category of the same key in its month.
CATEGORY_PAYMENTS = frozenset({"orphan", "de_facto_unsupported"})

KIND_LABELS = {
    "visit": "走访",
    "service": "服务",
    "assessment": "风险评估",
    "guardianship": "监护评估",
    "plan": "服务计划",
    "activity": "活动",
    "subsidy": "补贴",
    "risk": "风险等级记录",
    "category": "类别",
    "case": "立案期间",
}


@dataclass(frozen=True)
class Period:
    start: str
    end: str | None = None  # the day it ended (not held that day); None: still open


@dataclass(frozen=True)
class CategoryPeriod:
    category: str
    start: str
    end: str | None = None


@dataclass
class Particulars:
    """What a child's records are checked against."""

    birth: date
    registered_on: str
    cases: list[Period]
    categories: list[CategoryPeriod] = field(default_factory=list)


@dataclass(frozen=True)
class Record:
    """One dated record of the child: ``day`` is ISO, or YYYY-MM for a payment."""

    kind: str
    id: int | str
    day: str
    detail: str | None = None  # a payment's type, a category's key

    @property
    def text(self) -> str:
        what = KIND_LABELS.get(self.kind, self.kind)
        if self.detail and self.kind == "subsidy":
            what = SubsidyType.parse(self.detail).label
        elif self.detail and self.kind == "category":
            what = f"类别“{Category.parse(self.detail).label}”"
        return f"{what}（编号 {self.id}，{self.day}）"


def _open_on(periods: Sequence[Period], day: str) -> bool:
    return any(p.start <= day and (p.end is None or p.end >= day) for p in periods)


def _open_in(periods: Sequence[Period], first: str, last: str) -> bool:
    return any(p.start <= last and (p.end is None or p.end >= first) for p in periods)


def _month_days(month: str) -> tuple[str, str]:
    return f"{month}-01", f"{month}-31"  # ISO strings compare by text: -31 is after any last day


def meets_rules(record: Record, p: Particulars) -> bool:
    """Whether the record stands under the particulars ``p``."""
    if record.kind == "subsidy":
        first, last = _month_days(record.day)
        if p.registered_on > last or not _open_in(p.cases, first, last):
            return False
        if record.detail not in NO_AGE_STOP and record.day > last_paid_month(p.birth):
            return False
        if record.detail in CATEGORY_PAYMENTS:
            held = [Period(k.start, k.end) for k in p.categories if k.category == record.detail]
            return _open_in(held, first, last)
        return True
    if record.day < p.registered_on:
        return False
    if record.kind == "risk":
        return True
    age = age_on(p.birth, date.fromisoformat(record.day))
    if record.kind == "category":
        return Category.parse(str(record.detail)) not in UNDER_16_CATEGORIES or age < 16
    if record.kind == "case":
        return p.birth.isoformat() <= record.day and age < ADULT_AGE
    return _open_on(p.cases, record.day)


def broken_by(
    records: Sequence[Record],
    before: Particulars,
    after: Particulars,
    moved: Mapping[tuple[str, int | str], str] | None = None,
) -> list[Record]:
    """The records that stood before the correction and would not after (``moved``: the new
    day of records the correction moves with it, by (kind, id)), in date order."""
    broken = []
    for old in records:
        day = (moved or {}).get((old.kind, old.id), old.day)
        new = Record(old.kind, old.id, day, old.detail)
        if meets_rules(old, before) and not meets_rules(new, after):
            broken.append(new)
    return sorted(broken, key=lambda r: (r.day, r.kind, str(r.id)))


def refusal(
    code: str, change: str, broken: Sequence[Record], *, id_number: bool = False, limit: int = 20
) -> str:
    """The Chinese message refusing ``change`` of child ``code``, listing the records and
    saying how to go on (``id_number``: the change includes a new ID number)."""
    listed = "；".join(r.text for r in broken[:limit])
    more = f"；等共 {len(broken)} 条" if len(broken) > limit else ""
    other = "核对新的身份证号" if id_number else "改用更早的日期"
    return (
        f"不能{change}：{code} 有 {len(broken)} 条记录将不再成立（{listed}{more}）。"
        f"请先更正或作废这些记录，或{other}后重试；未作任何修改"
    )
