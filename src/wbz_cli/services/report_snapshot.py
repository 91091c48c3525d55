"""All the numbers a period's report can show, computed in one pass: every figure per cell
(community x worker), households per level, the station's own counts, the category x risk
matrix and the 12-month trend. The table, JSON, CSV, workbook and templates, with or without
``--by``, are all cut from the same snapshot.

A snapshot is kept in the database (``report_snapshots``) with the write stamp it was
computed at; while nothing has been written since (``Store.write`` moves the stamp on every
transaction that changes a row), the next report of that period reads it instead of
computing again.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import date

from wbz_cli.store import figures
from wbz_cli.store import report_snapshots as cache

#: Bump when a figure's definition or the snapshot's shape changes: old snapshots then miss.
SNAPSHOT_VERSION = 1


@dataclass
class Snapshot:
    cells: dict[str, dict[str, int]]
    households: dict[str, dict[str, int]]
    station: dict[str, int]
    matrix: dict[str, dict[str, int]]
    trend: dict[str, dict[str, int]]


def snapshot(conn: sqlite3.Connection, first: date, last: date, *, reuse: bool = True) -> Snapshot:
    """The period's snapshot: the stored one if nothing was written since, else computed
    (and stored, when the file can be written)."""
    key = (first.isoformat(), last.isoformat())
    version = _version(conn)
    own = not conn.in_transaction
    if own:
        conn.execute("PRAGMA temp_store = MEMORY")  # the pass's temporary tables; not in a txn
        conn.execute("BEGIN")  # one read snapshot: the figures and the stamp agree
    try:
        stamp = cache.write_stamp(conn)
        stored = cache.load(conn, key, stamp, version) if reuse else None
        result = Snapshot(**json.loads(stored)) if stored else _compute(conn, first, last)
    finally:
        if own:
            conn.execute("COMMIT")
        figures.drop_temp(conn)
    if stored is None and own:
        cache.save(conn, key, stamp, version, json.dumps(asdict(result), ensure_ascii=False))
    return result


def _version(conn: sqlite3.Connection) -> str:
    from wbz_cli import __version__

    schema = conn.execute("PRAGMA user_version").fetchone()[0]
    return f"{__version__}/{SNAPSHOT_VERSION}/{schema}"


def _compute(conn: sqlite3.Connection, first: date, last: date) -> Snapshot:
    from wbz_cli.services.due import overdue_facts_on

    p = {"a": first.isoformat(), "b": last.isoformat()}
    cells = figures.new_cells()
    keys = figures.load_cells(conn)
    figures.load_active(conn, p)
    figures.active_counts(conn, cells)
    figures.case_counts(conn, p, cells)
    matrix = figures.category_counts(conn, p, cells)
    figures.visit_counts(conn, p, cells)
    for row in overdue_facts_on(conn, last, figures.ACTIVE):
        counts = cells[row[-1]]  # the child's cell
        counts["visits.overdue"] = counts.get("visits.overdue", 0) + 1
    _lead_counts(conn, first, last, cells)
    figures.service_counts(conn, p, cells)
    figures.subsidy_counts(conn, p, cells)
    return Snapshot(
        cells={keys[n]: counts for n, counts in cells.items()},
        households=figures.household_counts(conn, keys),
        station=figures.station_counts(conn, p),
        matrix=matrix,
        trend=figures.monthly_counts(conn, _last_12_months(last)),
    )


def _lead_counts(conn: sqlite3.Connection, first: date, last: date, cells: figures.Cells) -> None:
    """The referral figures, by the lead module's own definitions (deadlines included)."""
    from wbz_cli.services.lead_report import lead_figures_by

    cell_of = figures.cells_of_children_in(conn, "leads")

    def cell_of_lead(child_id: int | None) -> int:
        return figures.NO_CHILD_CELL if child_id is None else cell_of[child_id]

    for cell, values in lead_figures_by(conn, first, last, cell_of_lead).items():
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
