"""``wbz district report``: the district's figures for a month or a run of months from its
stations' submissions (domain/district_sum.py says how each figure is added up), each
station's own with ``--by station``, and the stations that have not submitted."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from wbz_cli.domain.dates import month_end, parse_date, parse_month
from wbz_cli.domain.district_sum import ListedChild, Submitted, Summed, sum_period
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.metrics import natural_key
from wbz_cli.store import district_report as rows

#: The first and last day of a period and its months ("YYYY-MM"), ascending.
Period = tuple[date, date, list[str]]


@dataclass(frozen=True)
class Missing:
    """A station that has submitted before but not for every month of the period."""

    station_id: str
    station: str
    months: list[str]


@dataclass
class DistrictReport:
    district: str
    first: date
    last: date
    months: list[str]
    #: The district's figures, flat: every key of the station's report.
    figures: dict[str, Any]
    summed_not_distinct: list[str]
    #: Stations that submitted for some month of the period.
    submitted: int
    missing: list[Missing]
    #: With ``--by station``: each station's own figures (flat), by station name.
    by_station: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ranged(self) -> bool:
        return len(self.months) > 1 or self.first.day != 1 or self.last != month_end(self.first)

    @property
    def label(self) -> str:
        if len(self.months) == 1:
            return self.months[0]
        return f"{self.months[0]}至{self.months[-1]}"


def month_months(month: str, today: date) -> Period:
    first, last = parse_month(month, "--month")
    _not_ahead(first, today)
    return first, last, [first.strftime("%Y-%m")]


def range_months(start: str, end: str, today: date) -> Period:
    """The months from ``start`` to ``end`` (YYYY-MM, or a month's first and last day: a
    submission is a whole month)."""
    first = _month_edge(start, "--from", last=False)
    last = _month_edge(end, "--to", last=True)
    if last < first:
        raise InvalidInput(
            f"结束月份 {last:%Y-%m} 早于开始月份 {first:%Y-%m}，请检查 --from 和 --to"
        )
    _not_ahead(first, today)
    months = []
    day = first
    while day <= last:
        months.append(day.strftime("%Y-%m"))
        day = month_end(day) + timedelta(days=1)
    return first, last, months


def _month_edge(raw: str, option: str, *, last: bool) -> date:
    text = (raw or "").strip()
    if len(text) <= 7:
        first_day, last_day = parse_month(text, option)
        return last_day if last else first_day
    day = parse_date(text, option)
    edge = month_end(day) if last else day.replace(day=1)
    if day != edge:
        which = "月末" if last else "月初"
        raise InvalidInput(
            f"{option} {day} 不是{which}：区县汇总按整月（各站每月报送一次），"
            f"请填月份 YYYY-MM 或{which}日期，如 {edge}"
        )
    return day


def _not_ahead(first: date, today: date) -> None:
    if first > today:
        raise InvalidInput(
            f"月份 {first:%Y-%m} 还没有开始（今天是 {today}），没有报送：请选择本月或以前的月份"
        )


def district_report(
    conn: sqlite3.Connection,
    district: str,
    period: Period,
    *,
    by_station: bool = False,
) -> DistrictReport:
    first, last, months = period
    known = {s.station_id: s.name for s in rows.stations(conn)}
    found = rows.submissions_of(conn, months)
    shared = _shared_children(conn, months[-1])
    subs = [Submitted(r.station_id, r.month, r.figures, shared.get(r.id, ())) for r in found]
    summed = sum_period(subs, months)
    had: dict[str, set[str]] = {}
    for sub in subs:
        had.setdefault(sub.station, set()).add(sub.month)
    missing = [
        Missing(sid, name, [m for m in months if m not in had.get(sid, set())])
        for sid, name in known.items()
        if len(had.get(sid, ())) < len(months)
    ]
    missing.sort(key=lambda m: natural_key(m.station))
    report = DistrictReport(
        district, first, last, months, _dated(summed, found, last), summed.summed_not_distinct,
        len(had), missing,
    )  # fmt: skip
    if by_station:
        report.by_station = _each_station(subs, found, last, known, months)
    return report


def _shared_children(conn: sqlite3.Connection, month: str) -> dict[int, list[ListedChild]]:
    out: dict[int, list[ListedChild]] = {}
    for submission_id, child_hash, categories, risk in rows.listed_twice(conn, month):
        cats = tuple(c for c in (categories or "").split(";") if c)
        out.setdefault(submission_id, []).append(ListedChild(child_hash, cats, risk))
    return out


def _dated(summed: Summed, found: Sequence[rows.SubmissionRow], last: date) -> dict[str, Any]:
    """The figures with the period's ``as_of``: the latest day the last month's submissions
    counted to (a month not over is counted by each station as of its day), else its end."""
    last_month = last.strftime("%Y-%m")
    days = [r.as_of for r in found if r.month == last_month and r.as_of]
    return {"as_of": max(days, default=last.isoformat()), **summed.figures}


def _each_station(
    subs: Sequence[Submitted],
    found: Sequence[rows.SubmissionRow],
    last: date,
    known: dict[str, str],
    months: list[str],
) -> dict[str, dict[str, Any]]:
    """Each station's own figures for the period, by its name, in name order."""
    by_id: dict[str, list[Submitted]] = {}
    for sub in subs:
        by_id.setdefault(sub.station, []).append(sub)
    its_rows: dict[str, list[rows.SubmissionRow]] = {}
    for row in found:
        its_rows.setdefault(row.station_id, []).append(row)
    names = _unique_names(known, by_id)
    out = {}
    for sid in sorted(by_id, key=lambda s: natural_key(names[s])):
        out[names[sid]] = _dated(sum_period(by_id[sid], months), its_rows[sid], last)
    return out


def _unique_names(known: dict[str, str], present: dict[str, Any]) -> dict[str, str]:
    """Each station's name; two stations of one name are told apart by their id's start."""
    seen: dict[str, int] = {}
    for sid in present:
        seen[known.get(sid, sid)] = seen.get(known.get(sid, sid), 0) + 1
    return {
        sid: name if seen[name] == 1 else f"{name}（{sid[:8]}）"
        for sid in present
        for name in [known.get(sid, sid)]
    }
