"""The district's figures from its stations' submissions (区县汇总, issue 21): the same keys as
the station's report (METRICS.md), each summed by its own rule.

- Counts and money (keys ending ``_yuan``, exact Decimal) are added up over the stations.
- A period of several months (``district report range``): flows (what happened in a month)
  are added up over the months; stocks (``STOCKS``: what stands at a month's end) are taken
  from the period's last month only, as the station's ``report range`` counts them at the
  period's end.
- Distinct children at the month's end (``children.active``, ``children.by_category.*``,
  ``children.by_risk.*``) come from the children's hashes: a child listed by two stations
  counts once, in every category either station gives and at the higher of their two risks.
  The stations' figures are added up and each child listed more than once is taken off
  again, so a child a station counts but could not list (no ID number) is still counted.
- Other figures of distinct children or households (``visits.children_reached``, ...) cannot
  be told apart across stations (or months) from the lists: they are added up and named in
  ``summed_not_distinct``.
- ``care.agreement_rate`` is recomputed from the summed agreements and left-behind children.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from wbz_cli.domain.enums import Risk
from wbz_cli.domain.report import agreement_rate
from wbz_cli.domain.report_keys import HEADER_KEYS, leaves

#: Figures that stand at the month's (the period's) end: every key whose METRICS.md
#: definition says "at month end" or "at the period's end" (a test holds the two together).
STOCKS = (
    "children.active",
    "children.by_category.",
    "children.by_risk.",
    "households.active",
    "visits.overdue",
    "referrals.open",
    "referrals.overdue",
    "resources.by_kind.",
    "care.agreements_in_force",
    "care.agreement_rate",
    "plans.active",
    "plans.reviews_overdue",
    "pairs.active",
    "projects.active",
    "placements.open",
)

#: Figures counted once per child from the children's hashes.
DISTINCT_CHILDREN = ("children.active", "children.by_category.", "children.by_risk.")

#: Figures of distinct children or households that the lists cannot de-duplicate.
NOT_DISTINCT = (
    "households.active",
    "households.served",
    "visits.children_reached",
    "visits.children_reached_by_category.",
    "referrals.children_helped",
    "services.children_served",
    "services.children_by_type.",
    "subsidies.children",
)
#: ``subsidies.by_type.KEY.children``: distinct children paid per type.
_NOT_DISTINCT_SUFFIX = ".children"

RATE = "care.agreement_rate"
_RATE_DENOMINATOR = "children.by_category.left_behind"

#: Risk levels from the highest down: a child two stations assess differently counts at the
#: higher; unassessed is below every assessed level.
RISK_ORDER = ("red", "orange", "yellow", "green", "unassessed")
assert set(RISK_ORDER) == {r.value for r in Risk}


@dataclass(frozen=True)
class ListedChild:
    """A child as a submission lists it: the hash of the ID number, categories, risk."""

    hash: str
    categories: tuple[str, ...]
    risk: str


@dataclass(frozen=True)
class Submitted:
    """One station's submission for one month, as the district holds it. ``figures`` is the
    station's report, flat (dotted key -> value). ``children`` need only hold the children
    whose hash another submission of the same month also lists (the others change nothing)."""

    station: str
    month: str
    figures: Mapping[str, Any]
    children: Sequence[ListedChild] = ()


@dataclass
class Summed:
    """The district's figures (flat, every figure key of the report) and the keys that were
    added up although they count distinct children or households."""

    figures: dict[str, Any]
    summed_not_distinct: list[str] = field(default_factory=list)


def is_stock(key: str) -> bool:
    return _matches(key, STOCKS)


def is_not_distinct(key: str) -> bool:
    return _matches(key, NOT_DISTINCT) or (
        key.startswith("subsidies.by_type.") and key.endswith(_NOT_DISTINCT_SUFFIX)
    )


def _matches(key: str, rules: Iterable[str]) -> bool:
    return any(key.startswith(r) if r.endswith(".") else key == r for r in rules)


def figure_leaves() -> list[str]:
    """Every figure key of the report, expanded, in report order."""
    return [key for key, _ in leaves() if key not in HEADER_KEYS]


@dataclass(frozen=True)
class _Plan:
    keys: tuple[str, ...]
    stocks: frozenset[str]
    money: frozenset[str]
    not_distinct: tuple[str, ...]
    #: The counts added from the period's last month, and from the months before it.
    counts_at_end: frozenset[str]
    counts_before: frozenset[str]


@cache
def _plan() -> _Plan:
    keys = tuple(figure_leaves())
    stocks = frozenset(k for k in keys if is_stock(k))
    money = frozenset(k for k in keys if k.endswith("_yuan"))
    counts = frozenset(keys) - money - {RATE}
    not_distinct = tuple(k for k in keys if is_not_distinct(k))
    return _Plan(keys, stocks, money, not_distinct, counts, counts - stocks)


def sum_period(submissions: Sequence[Submitted], months: Sequence[str]) -> Summed:
    """The district's (or one station's) figures for ``months`` (ascending) from the
    submissions of those months. Keys a submission has that the report does not know are
    left out; keys it lacks count 0."""
    if not months:
        raise ValueError("a period has at least one month")
    plan = _plan()
    last = months[-1]
    wanted = set(months)
    counted = [s for s in submissions if s.month in wanted]
    stocks = [s for s in counted if s.month == last]
    counts = dict.fromkeys(plan.keys, 0)
    money = {key: Decimal(0) for key in plan.money}
    for submission in counted:
        at_end = submission.month == last
        figures_of = submission.figures
        for key in figures_of.keys() & (plan.counts_at_end if at_end else plan.counts_before):
            value = figures_of[key]
            if type(value) is int:
                counts[key] += value
        for key in money:
            if (at_end or key not in plan.stocks) and figures_of.get(key):
                money[key] += Decimal(str(figures_of[key]))
    for key, overcount in _listed_twice(stocks).items():
        if key in counts:
            counts[key] -= overcount
    figures: dict[str, Any] = {}
    for key in plan.keys:
        figures[key] = f"{money[key]:.2f}" if key in money else counts[key]
    figures[RATE] = _rate(stocks)
    not_distinct = list(plan.not_distinct)
    if len({s.station for s in counted}) < 2 and len(months) < 2:
        not_distinct = []  # one station's one month: its own distinct figures
    return Summed(figures, not_distinct)


def _listed_twice(stocks: Sequence[Submitted]) -> dict[str, int]:
    """How much the stations' distinct-children figures, added up, count too many: for each
    hash listed by k stations, k - 1 in children.active, the extra listings in each of its
    categories, and every listing but the highest-risk one in its risk."""
    listings: dict[str, list[ListedChild]] = {}
    for submission in stocks:
        for child in submission.children:
            listings.setdefault(child.hash, []).append(child)
    over: dict[str, int] = {}
    for rows in listings.values():
        if len(rows) < 2:
            continue
        _bump(over, "children.active", len(rows) - 1)
        counts: dict[str, int] = {}
        for row in rows:
            for category in set(row.categories):
                counts[category] = counts.get(category, 0) + 1
        for category, n in counts.items():
            _bump(over, f"children.by_category.{category}", n - 1)
        top = min(rows, key=lambda r: _risk_rank(r.risk)).risk
        for row in rows:
            if row.risk != top:
                _bump(over, f"children.by_risk.{row.risk}", 1)
        _bump(over, f"children.by_risk.{top}", sum(r.risk == top for r in rows) - 1)
    return {key: n for key, n in over.items() if n}


def _bump(over: dict[str, int], key: str, n: int) -> None:
    over[key] = over.get(key, 0) + n


def _risk_rank(risk: str) -> int:
    return RISK_ORDER.index(risk) if risk in RISK_ORDER else len(RISK_ORDER)


def _rate(stocks: Sequence[Submitted]) -> str:
    """care.agreement_rate of the stations together: their agreements with left-behind
    children over their left-behind children."""
    agreed = left_behind = 0
    for submission in stocks:
        n = int(submission.figures.get(_RATE_DENOMINATOR) or 0)
        agreed += agreed_from_rate(str(submission.figures.get(RATE) or "—"), n)
        left_behind += n
    return agreement_rate(agreed, left_behind)


def agreed_from_rate(rate: str, left_behind: int) -> int:
    """The agreements behind a station's rate ("87.5%" of 8 -> 7). A rate written with one
    decimal tells the count exactly while a station has up to 1,000 left-behind children
    (at most half a child off beyond)."""
    if not left_behind or not rate.endswith("%"):
        return 0
    tenths = int(Decimal(rate.removesuffix("%")) * 10)
    return (tenths * left_behind * 2 + 1000) // 2000
