"""The report's counts for a period [:a, :b], in one pass that serves every breakdown.

Every query reads history, not current state: case periods, category periods, risk history,
lead events and dated records, so that a report for a past month gives today the numbers it
gave then. Counts are kept per *cell*, the pair (community, worker) of the child a record
belongs to; the whole station, each community and each worker are sums of cells. A child is
in one cell, so distinct-child counts add up; distinct households do not, and are counted
per level (``household_counts``).

Two temporary tables come first (``load_cells``): the cells, numbered, and each child's cell
number, so that counts are grouped by a small integer rather than by names. Then the children
with an open case at :b (``load_active``) with their cell, household, risk on :b and case
start: every month-end figure reads them instead of looking the same facts up again.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

#: The temporary tables: numbered cells, each child's cell, the children active at :b.
CELLS = "temp.report_cells"
CHILD_CELL = "temp.report_child_cell"
ACTIVE = "temp.report_active"
#: A case period ``p`` is open on the period's last day :b.
OPEN_AT_END = "p.opened_on <= :b AND (p.closed_on IS NULL OR p.closed_on > :b)"
#: A category period ``k`` holds on :b.
HOLDS_AT_END = (
    "k.start_on <= :b AND (k.end_on IS NULL OR k.end_on > :b)"
    " AND (k.expires_on IS NULL OR k.expires_on > :b)"
)
#: Group label for records without a child (leads received before the child is registered).
NO_CHILD = "（未关联儿童）"
#: Group label for children without a community or worker on file.
UNKNOWN = "（未填写）"
#: Joins the two halves of a cell key "community<SEP>worker".
SEP = "\x1f"

#: {cell number: {dotted figure key: n}}
Cells = dict[int, dict[str, int]]
#: The cell number of records without a child.
NO_CHILD_CELL = -1

_COMMUNITY = f"coalesce(nullif(c.community, ''), '{UNKNOWN}')"
_WORKER = f"coalesce(nullif(c.worker, ''), '{UNKNOWN}')"


def cell_key(community: str | None, worker: str | None) -> str:
    return f"{community or UNKNOWN}{SEP}{worker or UNKNOWN}"


def split_cell(cell: str) -> tuple[str, str]:
    community, _, worker = cell.partition(SEP)
    return community, worker


def load_cells(conn: sqlite3.Connection) -> dict[int, str]:
    """Number the cells and give every child its cell; returns {number: cell key}."""
    drop_temp(conn)
    conn.execute(
        f"CREATE TABLE {CELLS} (id INTEGER PRIMARY KEY, community TEXT NOT NULL,"
        " worker TEXT NOT NULL, UNIQUE (community, worker))"
    )
    conn.execute(
        f"INSERT INTO {CELLS} (community, worker)"
        f" SELECT DISTINCT {_COMMUNITY}, {_WORKER} FROM children c"
    )
    conn.execute(f"CREATE TABLE {CHILD_CELL} (child_id INTEGER PRIMARY KEY, cell INTEGER)")
    conn.execute(
        f"INSERT INTO {CHILD_CELL} SELECT c.id, x.id FROM children c JOIN {CELLS} x"
        f" ON x.community = {_COMMUNITY} AND x.worker = {_WORKER}"
    )
    keys = {n: cell_key(community, worker) for n, community, worker in conn.execute(
        f"SELECT id, community, worker FROM {CELLS}")}  # fmt: skip
    keys[NO_CHILD_CELL] = f"{NO_CHILD}{SEP}{NO_CHILD}"
    return keys


def drop_temp(conn: sqlite3.Connection) -> None:
    for table in (ACTIVE, CHILD_CELL, CELLS):
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def _add(cells: Cells, rows: Any, prefix: str = "") -> None:
    """Rows of (cell, key, n) added into ``cells`` under ``prefix + key``."""
    for cell, key, n in rows:
        figures = cells[cell]
        name = prefix + key
        figures[name] = figures.get(name, 0) + (n or 0)


def new_cells() -> Cells:
    return defaultdict(dict)


def load_active(conn: sqlite3.Connection, p: dict[str, str]) -> None:
    """Fill ``ACTIVE`` with the children whose case is open on :b: cell, household, birth and
    registration dates, the day the open case began, and the risk held on :b (with the day it
    took effect; 'unassessed' and NULL if never assessed)."""
    conn.execute(
        f"CREATE TABLE {ACTIVE} (id INTEGER PRIMARY KEY, cell INTEGER, household_id INTEGER,"
        " birth_date TEXT, registered_on TEXT, case_opened TEXT, risk TEXT, risk_since TEXT)"
    )
    conn.execute(
        f"""
    INSERT INTO {ACTIVE}
    SELECT id, cell, household_id, birth_date, registered_on, case_opened,
           coalesce(substr(risk_row, 1, instr(risk_row, ' ') - 1), 'unassessed'),
           substr(risk_row, instr(risk_row, ' ') + 1)
      FROM (SELECT c.id, x.cell, c.household_id, c.birth_date, c.registered_on,
                   max(p.opened_on) AS case_opened,
                   (SELECT r.risk || ' ' || r.effective_on FROM risk_history r
                     WHERE r.child_id = c.id AND r.effective_on <= :b
                     ORDER BY r.effective_on DESC, r.id DESC LIMIT 1) AS risk_row
              FROM case_periods p JOIN children c ON c.id = p.child_id
              JOIN {CHILD_CELL} x ON x.child_id = c.id
             WHERE {OPEN_AT_END}
             GROUP BY p.child_id)
    """,
        p,
    )


def active_counts(conn: sqlite3.Connection, cells: Cells) -> None:
    """children.active and children.by_risk per cell, from one pass."""
    rows = conn.execute(f"SELECT cell, risk, count(*) FROM {ACTIVE} GROUP BY 1, 2").fetchall()
    _add(cells, rows, "children.by_risk.")
    _add(cells, ((cell, "children.active", n) for cell, _, n in rows))


def household_counts(conn: sqlite3.Connection, keys: dict[int, str]) -> dict[str, dict[str, int]]:
    """Households with an active child, per level: {"": {"": n}, "community": {name: n},
    "worker": {name: n}}. A household whose children have different workers counts once in
    the station's total and once for each of those workers. ``keys``: {cell: cell key}.
    The households are gathered per cell in Python: quicker than a DISTINCT sort in SQL."""
    by_cell: dict[int, set[int]] = defaultdict(set)
    for household, cell in conn.execute(
        f"SELECT household_id, cell FROM {ACTIVE} WHERE household_id IS NOT NULL"
    ):
        by_cell[cell].add(household)
    levels: dict[str, dict[str, set[int]]] = {"": {}, "community": {}, "worker": {}}
    for cell, households in by_cell.items():
        community, worker = split_cell(keys[cell])
        for level, name in (("", ""), ("community", community), ("worker", worker)):
            levels[level].setdefault(name, set()).update(households)
    return {level: {name: len(h) for name, h in groups.items()} for level, groups in levels.items()}


def case_counts(conn: sqlite3.Connection, p: dict[str, str], cells: Cells) -> None:
    """children.new and children.closed: cases opened or closed in the period."""
    sql = f"""
    SELECT x.cell, 'new', count(*) FROM case_periods p JOIN {CHILD_CELL} x
        ON x.child_id = p.child_id
     WHERE p.opened_on BETWEEN :a AND :b GROUP BY 1
    UNION ALL
    SELECT x.cell, 'closed', count(*) FROM case_periods p JOIN {CHILD_CELL} x
        ON x.child_id = p.child_id
     WHERE p.closed_on BETWEEN :a AND :b GROUP BY 1
    """
    _add(cells, conn.execute(sql, p), "children.")


def category_counts(
    conn: sqlite3.Connection, p: dict[str, str], cells: Cells
) -> dict[str, dict[str, int]]:
    """children.by_category per cell (a child counts in each of its categories on :b); returns
    the station's category x risk matrix {category: {risk: n}} from the same pass."""
    rows = conn.execute(
        f"""
    SELECT a.cell, k.category, a.risk, count(DISTINCT k.child_id)
      FROM child_categories k JOIN {ACTIVE} a ON a.id = k.child_id
     WHERE {HOLDS_AT_END}
     GROUP BY 1, 2, 3
    """,
        p,
    ).fetchall()
    matrix: dict[str, dict[str, int]] = defaultdict(dict)
    _add(cells, ((cell, category, n) for cell, category, _, n in rows), "children.by_category.")
    for _, category, risk, n in rows:
        matrix[category][risk] = matrix[category].get(risk, 0) + n
    return dict(matrix)


def cells_of_children_in(conn: sqlite3.Connection, table: str) -> dict[int, int]:
    """{child id: cell} for the children that have rows in ``table``."""
    sql = (
        f"SELECT x.child_id, x.cell FROM {CHILD_CELL} x"
        f" WHERE x.child_id IN (SELECT child_id FROM {table} WHERE child_id IS NOT NULL)"
    )
    return dict(conn.execute(sql).fetchall())


def visit_counts(conn: sqlite3.Connection, p: dict[str, str], cells: Cells) -> None:
    """visits.by_mode and visits.children_reached per cell, in one pass: the month's visits
    are summed per child by mode (the schema allows only these modes), then per cell."""
    from wbz_cli.domain.vocab import VisitMode

    modes = [m.value for m in VisitMode]
    per_child = ", ".join(f"sum(v.mode = '{m}') AS n{i}" for i, m in enumerate(modes))
    per_cell = ", ".join(f"sum(n{i})" for i in range(len(modes)))
    sql = f"""
    SELECT x.cell, {per_cell}, count(*) FROM (
        SELECT v.child_id, {per_child} FROM visits v
         WHERE v.visited_on BETWEEN :a AND :b GROUP BY v.child_id) c
      JOIN {CHILD_CELL} x ON x.child_id = c.child_id
     GROUP BY 1
    """
    for cell, *counts, reached in conn.execute(sql, p):
        figures = cells[cell]
        for mode, n in zip(modes, counts, strict=True):
            if n:
                figures[f"visits.by_mode.{mode}"] = n
        figures["visits.children_reached"] = reached


def service_counts(conn: sqlite3.Connection, p: dict[str, str], cells: Cells) -> None:
    """services.by_type and services.children_served per cell."""
    _event_counts(conn, p, cells, ("services", "served_on", "type"), "services.by_type.",
                  "services.children_served")  # fmt: skip


def _event_counts(
    conn: sqlite3.Connection,
    p: dict[str, str],
    cells: Cells,
    source: tuple[str, str, str],
    prefix: str,
    reached: str,
) -> None:
    """Records of ``source`` (table, date column, kind column) dated in the period, per cell
    and kind, and the distinct children they concern per cell."""
    table, on, kind = source
    base = (
        f"FROM {table} e JOIN {CHILD_CELL} x ON x.child_id = e.child_id"
        f" WHERE e.{on} BETWEEN :a AND :b"
    )
    _add(cells, conn.execute(f"SELECT x.cell, e.{kind}, count(*) {base} GROUP BY 1, 2", p),
         prefix)  # fmt: skip
    sql = f"SELECT x.cell, '{reached}', count(DISTINCT e.child_id) {base} GROUP BY 1"
    _add(cells, conn.execute(sql, p))


def subsidy_counts(conn: sqlite3.Connection, p: dict[str, str], cells: Cells) -> None:
    """Payments for the months of the period per cell: subsidies.payments, subsidies.fen (the
    sum in fen) and per type subsidy_types.KEY.payments / .fen."""
    rows = conn.execute(
        f"""
    SELECT x.cell, s.type, count(*), sum(s.amount_fen) FROM subsidies s
      JOIN {CHILD_CELL} x ON x.child_id = s.child_id
     WHERE s.month BETWEEN substr(:a, 1, 7) AND substr(:b, 1, 7) GROUP BY 1, 2
    """,
        p,
    ).fetchall()
    for cell, kind, payments, fen in rows:
        _add(cells, [(cell, "subsidies.payments", payments), (cell, "subsidies.fen", fen),
                     (cell, f"subsidy_types.{kind}.payments", payments),
                     (cell, f"subsidy_types.{kind}.fen", fen)])  # fmt: skip


def station_counts(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, int]:
    """Figures that belong to the station, not to a child: activities and resources."""
    out: dict[str, int] = {}
    row = conn.execute(
        "SELECT count(*), coalesce(sum(participants), 0) FROM activities"
        " WHERE held_on BETWEEN :a AND :b",
        p,
    ).fetchone()
    out["activities.count"], out["activities.participants"] = row[0], row[1]
    for kind, n in conn.execute(
        "SELECT kind, count(*) FROM resources WHERE added_on <= :b"
        " AND (removed_on IS NULL OR removed_on > :b) GROUP BY kind",
        p,
    ):
        out[f"resources.by_kind.{kind}"] = n
    return out


def monthly_counts(conn: sqlite3.Connection, months: list[str]) -> dict[str, dict[str, int]]:
    """Visits and leads found in each month ("YYYY-MM"): one counting range per month, read
    from the date indexes alone."""
    out: dict[str, dict[str, int]] = {"visits": {}, "leads": {}}
    for month in months:
        p = {"a": f"{month}-01", "b": f"{month}-31"}
        out["visits"][month] = conn.execute(
            "SELECT count(*) FROM visits WHERE visited_on BETWEEN :a AND :b", p
        ).fetchone()[0]
        out["leads"][month] = conn.execute(
            "SELECT count(*) FROM leads WHERE found_on BETWEEN :a AND :b", p
        ).fetchone()[0]
    return out
