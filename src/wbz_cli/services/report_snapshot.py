"""All the numbers a period's report can show: every figure per cell (community x worker),
households per level, the station's own counts, the category x risk matrix and the 12-month
trend. The table, JSON, CSV, workbook and templates, with or without ``--by``, are all cut
from the same snapshot.

The snapshot is assembled from stored *parts* (store/report_parts.py): 64 buckets of
households, the leads linked to no child, and each trend month. Triggers record which parts
every write touches; a report recomputes only the parts changed since they were stored, in
one pass over just their children, and keeps them for next time. After recording a visit,
that is one bucket in 64; after a roster import or a policy change, everything.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from typing import Any

from wbz_cli.domain.dates import parse_month
from wbz_cli.domain.report import Snapshot
from wbz_cli.store import figures
from wbz_cli.store import report_parts as parts
from wbz_cli.store.gifts import gift_figures
from wbz_cli.store.projects import project_figures
from wbz_cli.store.record_figures import record_counts
from wbz_cli.store.session import Store

#: Bump when a figure's definition or a part's shape changes: old parts then miss.
SNAPSHOT_VERSION = 4
#: Added to the version of the parts of a period not yet over (see ``snapshot``).
RUNNING = "/running"
#: Up to this share of the buckets, stale ones are read child by child, not date range first.
FEW = 0.25


def snapshot(
    store: Store, first: date, last: date, *, reuse: bool = True, running: bool = False
) -> Snapshot:
    """The period's snapshot: stored parts that no write has touched since, the others
    computed (and stored, when the file can be written). ``reuse=False`` computes all.
    ``running``: the period is not over and ``last`` is today, on which a visit due that day
    is not yet overdue; its parts are kept apart from those of a period that ended on
    ``last`` (a finished day), so neither is served as the other."""
    period = (first.isoformat(), last.isoformat())
    months = _last_12_months(last)
    version = _version(store.conn) + (RUNNING if running else "")
    parts.settle_outside_writes(store.conn)
    try:
        with store.read_snapshot() as conn:  # the parts, the changes and the stamp agree
            stamp = parts.write_stamp(conn)
            every = _period_parts(conn)
            kept = _current_parts(conn, period, months, version) if reuse else {}
            stale = [name for name in every if name not in kept]
            computed = (
                _compute_parts(conn, first, last, stale, len(every) - 1, running) if stale else {}
            )
            stale_months = [m for m in months if parts.month_part(m) not in kept]
            counted = figures.monthly_counts(conn, stale_months)
            station = figures.station_counts(conn, {"a": period[0], "b": period[1]})
            station.update(figures.activity_kind_counts(conn, {"a": period[0], "b": period[1]}))
            events = figures.monthly_event_counts(conn, months)
            station.update(record_counts(conn, {"a": period[0], "b": period[1]}))
            station.update(project_figures(conn, {"a": period[0], "b": period[1]}))
            station.update(gift_figures(conn, {"a": period[0], "b": period[1]}))
    finally:
        figures.drop_temp(store.conn)
    for month in stale_months:
        computed[parts.month_part(month)] = {k: counted[k][month] for k in ("visits", "leads")}
    parts.save(store.conn, [(*_period_of(name, period), name, stamp, version,
                             json.dumps(data, ensure_ascii=False))
                            for name, data in computed.items()])  # fmt: skip
    snap = _assemble({**kept, **computed}, every, station, months)
    snap.trend.update(events)
    return snap


def _period_parts(conn: sqlite3.Connection) -> list[str]:
    """Every part of a period's figures (the trend months come on top)."""
    buckets = [parts.bucket_part(b) for b in range(parts.bucket_count(conn))]
    return [*buckets, parts.NO_CHILD_PART]


def _current_parts(
    conn: sqlite3.Connection, period: tuple[str, str], months: list[str], version: str
) -> dict[str, Any]:
    """{part: data} of the stored parts still current."""
    changed = parts.changes(conn)
    stored = parts.load(conn, period, version)
    for month in months:
        stored.update(parts.load(conn, _month_period(month), version, parts.month_part(month)))
    return {name: json.loads(data) for name, (stamp, data) in stored.items()
            if parts.still_current(stamp, name, changed)}  # fmt: skip


def _period_of(name: str, period: tuple[str, str]) -> tuple[str, str]:
    return _month_period(name[1:]) if name.startswith("m") else period


def _month_period(month: str) -> tuple[str, str]:
    first, last = parse_month(month)
    return first.isoformat(), last.isoformat()


def _assemble(
    found: dict[str, Any], every: list[str], station: dict[str, int], months: list[str]
) -> Snapshot:
    cells: dict[str, dict[str, int]] = {}
    households: dict[str, dict[str, int]] = {"": {}, "community": {}, "worker": {}}
    served: dict[str, dict[str, int]] = {"": {}, "community": {}, "worker": {}}
    matrix: dict[str, dict[str, int]] = {}
    for name in every:
        part = found[name]
        for key, counts in part["cells"].items():
            _add_into(cells.setdefault(key, {}), counts)
        for level, groups in part["households"].items():
            _add_into(households[level], groups)
        for level, groups in part["served"].items():
            _add_into(served[level], groups)
        for category, risks in part["matrix"].items():
            _add_into(matrix.setdefault(category, {}), risks)
    trend = {k: {m: found[parts.month_part(m)][k] for m in months} for k in ("visits", "leads")}
    return Snapshot(cells, households, station, matrix, trend, served)


def _add_into(target: dict[str, int], counts: dict[str, int]) -> None:
    for key, n in counts.items():
        target[key] = target.get(key, 0) + n


def _version(conn: sqlite3.Connection) -> str:
    from wbz_cli import __version__

    return f"{__version__}/{SNAPSHOT_VERSION}/{parts.schema_version(conn)}"


def _compute_parts(
    conn: sqlite3.Connection,
    first: date,
    last: date,
    names: list[str],
    buckets_in_all: int,
    running: bool = False,
) -> dict[str, Any]:
    """The parts ``names`` of the period, in one pass over the children of their buckets:
    {part: {"cells": {cell key: counts}, "households": {level: {name: n}}, "matrix": ...}}.
    ``running``: ``last`` is today, not over: overdue are the visits due before it."""
    from wbz_cli.services.due import overdue_facts_on

    buckets = [int(name[1:]) for name in names if name.startswith("b")]
    unlinked = parts.NO_CHILD_PART in names
    everything = len(buckets) == buckets_in_all
    few = len(buckets) <= FEW * buckets_in_all
    p = {"a": first.isoformat(), "b": last.isoformat()}
    cells = figures.new_cells()
    units = figures.load_cells(conn, None if everything else buckets)
    figures.load_active(conn, p, few=few)
    figures.active_counts(conn, cells)
    figures.case_counts(conn, p, cells)
    matrix = figures.category_counts(conn, p, cells)
    figures.visit_counts(conn, p, cells, few=few)
    due_by = last - timedelta(days=1) if running else last
    for row in overdue_facts_on(conn, last, figures.ACTIVE, due_by=due_by):
        counts = cells[row[-1]]  # the child's unit
        counts["visits.overdue"] = counts.get("visits.overdue", 0) + 1
    among = None if everything and unlinked else (figures.CHILD_CELL, unlinked)
    _lead_counts(conn, first, last, cells, among)
    figures.service_counts(conn, p, cells, few=few)
    figures.subsidy_counts(conn, p, cells, few=few)
    _second_wave_counts(conn, p, cells, few)
    figures.lead_kind_counts(conn, p, cells, unlinked=unlinked)
    out: dict[str, Any] = {
        name: {"cells": {}, "households": {}, "served": {}, "matrix": {}} for name in names
    }
    for unit, counts in cells.items():
        bucket, key = units[unit]
        part = out[_part_of(bucket)]
        part["cells"][key] = counts
        for category, risks in matrix.get(unit, {}).items():
            _add_into(part["matrix"].setdefault(category, {}), risks)
    for bucket, households in figures.household_counts(conn, units).items():
        out[_part_of(bucket)]["households"] = households
    for bucket, households in figures.served_households(conn, p, units).items():
        out[_part_of(bucket)]["served"] = households
    return out


def _second_wave_counts(
    conn: sqlite3.Connection, p: dict[str, str], cells: figures.Cells, few: bool
) -> None:
    """The per-cell figures of METRICS.md "Added (second wave)" but the leads' (which need
    to know whether the unlinked part is computed) and households.served (counted per level
    as households.active)."""
    figures.source_counts(conn, p, cells)
    figures.reached_by_category(conn, p, cells, few=few)
    figures.children_by_service_type(conn, p, cells, few=few)
    figures.subsidy_children(conn, p, cells, few=few)
    figures.care_counts(conn, p, cells)
    figures.plan_counts(conn, p, cells)


def _part_of(bucket: int) -> str:
    return parts.NO_CHILD_PART if bucket == figures.NO_CHILD_BUCKET else parts.bucket_part(bucket)


def _lead_counts(
    conn: sqlite3.Connection,
    first: date,
    last: date,
    cells: figures.Cells,
    among: tuple[str, bool] | None,
) -> None:
    """The referral figures, by the lead module's own definitions (deadlines included)."""
    from wbz_cli.services.lead_report import lead_figures_by

    cell_of = figures.cells_of_children_in(conn, "leads")

    def cell_of_lead(child_id: int | None) -> int:
        return figures.NO_CHILD_CELL if child_id is None else cell_of[child_id]

    for cell, values in lead_figures_by(conn, first, last, cell_of_lead, among=among).items():
        counts = cells[cell]
        for key, n in values.items():
            counts[f"referrals.{key}"] = counts.get(f"referrals.{key}", 0) + n


def _last_12_months(last: date) -> list[str]:
    months = []
    year, month = last.year, last.month
    for _ in range(12):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]
