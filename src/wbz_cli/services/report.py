"""The monthly (or any period's) report: every figure of METRICS.md, optionally split by
community or worker, and the last 12 months' trend."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wbz_cli.domain.dates import parse_date, parse_month
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.metrics import empty_report, set_path
from wbz_cli.domain.money import format_fen
from wbz_cli.store import figures
from wbz_cli.store.figures import Counts, GroupBy
from wbz_cli.store.session import Store


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    label: str

    @property
    def params(self) -> dict[str, str]:
        return {"a": self.first.isoformat(), "b": self.last.isoformat()}


@dataclass
class Report:
    period: Period
    figures: dict[str, Any]
    by: GroupBy = None
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    trend: dict[str, dict[str, int]] = field(default_factory=dict)
    subsidy_types: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        out = dict(self.figures)
        if self.by:
            out[f"by_{self.by}"] = self.groups
        return out


#: No station kept records before this; earlier dates are typing mistakes.
EARLIEST = date(1990, 1, 1)


def month_period(month: str, today: date) -> Period:
    first, last = parse_month(month)
    if first < EARLIEST:
        raise InvalidInput(f"统计月份 {month} 太早：须在 {EARLIEST:%Y-%m} 以后，请检查 --month")
    if first > today:
        raise InvalidInput(f"统计月份 {month} 还没有开始，请选择今天（{today}）以前的月份")
    return Period(first, last, first.strftime("%Y-%m"))


def range_period(start: str, end: str, today: date) -> Period:
    first = parse_date(start, "开始日期")
    last = parse_date(end, "结束日期")
    if last < first:
        raise InvalidInput(f"结束日期 {last} 早于开始日期 {first}，请检查 --from 和 --to")
    if first < EARLIEST:
        raise InvalidInput(f"开始日期 {first} 太早：统计时段须在 {EARLIEST} 以后，请检查 --from")
    if first > today:
        raise InvalidInput(f"开始日期 {first} 在今天（{today}）之后，请选择已经过去的时段")
    return Period(first, last, f"{first.isoformat()}至{last.isoformat()}")


def _overdue_visits(conn: sqlite3.Connection, day: date, by: GroupBy) -> dict[str, int]:
    """visits.overdue by the visit module's own cadence rules, split by community or worker."""
    from wbz_cli.services.due import overdue_child_ids_on

    ids = overdue_child_ids_on(conn, day)
    if by is None:
        return {"": len(ids)}
    groups = figures.group_of_ids(conn, by, ids)
    out: dict[str, int] = {}
    for child_id in ids:
        group = groups.get(child_id, figures.UNKNOWN)
        out[group] = out.get(group, 0) + 1
    return out


def build_report(store: Store, period: Period, by: GroupBy = None) -> Report:
    """The period's figures; with ``by``, also each community's or worker's own figures."""
    station = store.setting("station") or ""
    overall, subsidy_types = _figures(store.conn, period, None, station)
    total = overall.get("") or empty_report(period.label, station)
    for key, n in figures.station_counts(store.conn, period.params).items():
        set_path(total, key, n)
    groups = _figures(store.conn, period, by, station)[0] if by else {}
    report = Report(period, total, by, groups, subsidy_types=subsidy_types)
    report.trend = _trend(store.conn, period.last)
    return report


def _figures(
    conn: sqlite3.Connection, period: Period, by: GroupBy, station: str
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, int]]]:
    p = period.params
    groups: dict[str, dict[str, Any]] = {}
    subsidy_types: dict[str, dict[str, int]] = {}

    def report_for(group: str) -> dict[str, Any]:
        if group not in groups:
            groups[group] = empty_report(period.label, station)
        return groups[group]

    def add(counts: Counts, key_for: Callable[[str], str]) -> None:
        for group, values in counts.items():
            report = report_for(group)
            for sub, n in values.items():
                set_path(report, key_for(sub), n)

    add(figures.children_counts(conn, p, by), _children_key)
    add(figures.category_counts(conn, p, by), lambda k: f"children.by_category.{k}")
    add(figures.risk_counts(conn, p, by), lambda k: f"children.by_risk.{k}")
    add(figures.visit_counts(conn, p, by), _visit_key)
    add(_lead_counts(conn, period, by), lambda k: f"referrals.{k}")
    add(figures.service_counts(conn, p, by), _service_key)
    for group, n in _overdue_visits(conn, period.last, by).items():
        set_path(report_for(group), "visits.overdue", n)
    for group, values in figures.subsidy_counts(conn, p, by).items():
        report = report_for(group)
        payments = sum(n for k, n in values.items() if k.startswith("type:"))
        fen = sum(n for k, n in values.items() if k.startswith("fen:"))
        set_path(report, "subsidies.payments", payments)
        set_path(report, "subsidies.amount_yuan", format_fen(fen))
        for k, n in values.items():
            kind, _, sub = k.partition(":")
            entry = subsidy_types.setdefault(sub, {"payments": 0, "fen": 0})
            entry["payments" if kind == "type" else "fen"] += n
    return groups, subsidy_types


def _lead_counts(conn: sqlite3.Connection, period: Period, by: GroupBy) -> Counts:
    """The referral figures, by the lead module's own definitions (deadlines included)."""
    from wbz_cli.services.lead_report import lead_figures_by

    groups = figures.group_of_children(conn, by, "leads")

    def group_of(child_id: int | None) -> str:
        if by is None:
            return ""
        return figures.NO_CHILD if child_id is None else groups.get(child_id, figures.UNKNOWN)

    return lead_figures_by(conn, period.first, period.last, group_of)


def _children_key(sub: str) -> str:
    return "households.active" if sub == "households" else f"children.{sub}"


def _visit_key(sub: str) -> str:
    return "visits.children_reached" if sub == "children_reached" else f"visits.by_mode.{sub}"


def _service_key(sub: str) -> str:
    return "services.children_served" if sub == "children_served" else f"services.by_type.{sub}"


def _trend(conn: sqlite3.Connection, last: date) -> dict[str, dict[str, int]]:
    """Visits and leads found in each of the 12 months ending with ``last``'s month."""
    months = []
    year, month = last.year, last.month
    for _ in range(12):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    months.reverse()
    raw = figures.monthly_trend(conn, months[0], months[-1])
    return {name: {m: raw[name].get(m, 0) for m in months} for name in ("visits", "leads")}


def finish_totals(report: Report) -> None:
    """Derive the totals that METRICS.md defines as sums of a breakdown."""
    for part in [report.figures, *report.groups.values()]:
        part["visits"]["total"] = sum(part["visits"]["by_mode"].values())
        part["services"]["total"] = sum(part["services"]["by_type"].values())


def monthly_report(store: Store, month: str, today: date, by: GroupBy = None) -> Report:
    report = build_report(store, month_period(month, today), by)
    finish_totals(report)
    return report


def range_report(store: Store, start: str, end: str, today: date, by: GroupBy = None) -> Report:
    report = build_report(store, range_period(start, end, today), by)
    finish_totals(report)
    return report
