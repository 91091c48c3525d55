"""The monthly (or any period's) report: every figure of METRICS.md, optionally split by
community or worker, and the last 12 months' trend."""

from __future__ import annotations

from datetime import date

from wbz_cli.domain.dates import parse_date, parse_month
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.metrics import empty_report, set_path
from wbz_cli.domain.money import format_fen
from wbz_cli.domain.report import (
    GroupBy,
    Period,
    Report,
    date_reports,
    derive_totals,
    sum_levels,
)
from wbz_cli.services.report_snapshot import snapshot
from wbz_cli.store.session import Store

#: No station kept records before this; earlier dates are typing mistakes.
EARLIEST = date(1990, 1, 1)


def month_period(month: str, today: date) -> Period:
    first, last = parse_month(month, "--month")
    if first < EARLIEST:
        raise InvalidInput(f"统计月份 {month} 太早：须在 {EARLIEST:%Y-%m} 以后，请检查 --month")
    if first > today:
        raise InvalidInput(
            f"统计月份 {month} 还没有开始（今天是 {today}），没有可统计的数字："
            "请选择本月或以前的月份，本月按今天统计"
        )
    return _counted_to(first, last, first.strftime("%Y-%m"), today)


def range_period(start: str, end: str, today: date) -> Period:
    first = parse_date(start, "开始日期")
    last = parse_date(end, "结束日期")
    if last < first:
        raise InvalidInput(f"结束日期 {last} 早于开始日期 {first}，请检查 --from 和 --to")
    if first < EARLIEST:
        raise InvalidInput(f"开始日期 {first} 太早：统计时段须在 {EARLIEST} 以后，请检查 --from")
    if first > today:
        raise InvalidInput(
            f"开始日期 {first} 在今天（{today}）之后，时段还没有开始，没有可统计的数字："
            "请选择已经开始的时段，未结束的部分按今天统计"
        )
    return _counted_to(first, last, f"{first.isoformat()}至{last.isoformat()}", today)


def _counted_to(first: date, last: date, label: str, today: date) -> Period:
    """The period as counted on ``today``: one that ends today or later is not over, and is
    counted up to today (METRICS.md ``as_of``), its overdue figures those of that day."""
    if last < today:
        return Period(first, last, label)
    return Period(first, today, label, running=True)


def build_report(store: Store, period: Period, by: GroupBy = None, *, reuse: bool = True) -> Report:
    """The period's figures; with ``by``, also each community's or worker's own figures.
    ``reuse=False`` computes again even if a stored snapshot is current."""
    station = store.setting("station") or ""
    snap = snapshot(store, period.first, period.last, reuse=reuse, running=period.running)
    total = sum_levels(snap, None, period.label, station).get("")
    total = total or empty_report(period.label, station)
    for key, n in snap.station.items():
        if key.endswith("_fen"):  # exact money of the station's own (projects.spent_fen)
            set_path(total, key.removesuffix("_fen") + "_yuan", format_fen(n))
        else:
            set_path(total, key, n)
    subsidy_types: dict[str, dict[str, int]] = {}
    for cell in snap.cells.values():
        for key, n in cell.items():
            if key.startswith("subsidy_types."):
                _, kind, measure = key.split(".")
                entry = subsidy_types.setdefault(kind, {"payments": 0, "fen": 0})
                entry[measure] += n
    groups = sum_levels(snap, by, period.label, station) if by else {}
    date_reports([total, *groups.values()], period)
    return Report(period, total, by, groups, snap.trend, subsidy_types, snap.matrix, station, snap)


def finish_totals(report: Report) -> None:
    """Derive the totals that METRICS.md defines as sums of a breakdown."""
    derive_totals([report.figures, *report.groups.values()])


def period_report(
    store: Store, period: Period, by: GroupBy = None, *, reuse: bool = True
) -> Report:
    """The period's report with its derived totals, as printed and written."""
    report = build_report(store, period, by, reuse=reuse)
    finish_totals(report)
    return report


def monthly_report(
    store: Store, month: str, today: date, by: GroupBy = None, *, reuse: bool = True
) -> Report:
    return period_report(store, month_period(month, today), by, reuse=reuse)


def range_report(
    store: Store, start: str, end: str, today: date, by: GroupBy = None, *, reuse: bool = True
) -> Report:
    return period_report(store, range_period(start, end, today), by, reuse=reuse)
