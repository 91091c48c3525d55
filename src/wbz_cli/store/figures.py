"""The report's counts for a period [:a, :b], in one pass that serves every breakdown.

Every query reads history, not current state: case periods, category periods, risk history,
lead events and dated records, so that a report for a past month gives today the numbers it
gave then. Counts are kept per *cell*, the pair (community, worker) of the child a record
belongs to; the whole station, each community and each worker are sums of cells. A child is
in one cell, so distinct-child counts add up; distinct households do not, and are counted
per level (``household_counts``).

Two temporary tables come first (``load_cells``): the cells, numbered, and each child's cell
number, so that counts are grouped by a small integer rather than by names. A numbered cell
is a *unit*: (community, worker, household bucket), the bucket being the stored part of the
report it belongs to (store/report_parts.py); with ``buckets`` given, only the children of
those buckets are loaded, and every count below covers just them. Then the children with an
open case at :b (``load_active``) with their cell, household, risk on :b and case start:
every month-end figure reads them instead of looking the same facts up again.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from wbz_cli.domain.report import SEP, split_cell
from wbz_cli.store.report_parts import BUCKET_SIZE
from wbz_cli.store.screenings import FROM_A_LIST

#: The temporary tables: numbered cells, each child's cell, the children active at :b.
CELLS = "temp.report_cells"
CHILD_CELL = "temp.report_child_cell"
LOADED = "temp.report_loaded"
ACTIVE = "temp.report_active"
#: A case period ``p`` is open on the period's last day :b.
OPEN_AT_END = (
    "p.opened_on <= :b AND (p.closed_on IS NULL OR p.closed_on > :b) AND p.voided_at IS NULL"
)
#: A category period ``k`` holds on :b.
HOLDS_AT_END = (
    "k.start_on <= :b AND (k.end_on IS NULL OR k.end_on > :b)"
    " AND (k.expires_on IS NULL OR k.expires_on > :b) AND k.voided_at IS NULL"
)
#: Group label for records without a child (leads received before the child is registered).
NO_CHILD = "（未关联儿童）"
#: Group label for children without a community or worker on file.
UNKNOWN = "（未填写）"

#: {cell number: {dotted figure key: n}}
Cells = dict[int, dict[str, int]]
#: The unit number, and the bucket, of records without a child.
NO_CHILD_CELL = -1
NO_CHILD_BUCKET = -1

_COMMUNITY = f"coalesce(nullif(c.community, ''), '{UNKNOWN}')"
_WORKER = f"coalesce(nullif(c.worker, ''), '{UNKNOWN}')"
#: A child's household bucket: a household's children share it (migration m0703).
_BUCKET = f"(coalesce(c.household_id, c.id) / {BUCKET_SIZE})"


def cell_key(community: str | None, worker: str | None) -> str:
    return f"{community or UNKNOWN}{SEP}{worker or UNKNOWN}"


def load_cells(
    conn: sqlite3.Connection, buckets: list[int] | None = None
) -> dict[int, tuple[int, str]]:
    """Number the units and give every child (of ``buckets``, or all) its unit, with the
    facts the counts need from its row; returns {unit: (bucket, cell key)}. The children
    are read once: a bucket is an id range, found through the household index."""
    drop_temp(conn)
    where = "" if buckets is None else f" WHERE {_in_buckets(buckets)}"
    conn.execute(
        f"CREATE TABLE {LOADED} AS SELECT c.id, {_COMMUNITY} AS community, {_WORKER} AS worker,"
        f" {_BUCKET} AS bucket, c.household_id, c.birth_date, c.registered_on"
        f" FROM children c{where}"
    )
    conn.execute(
        f"CREATE TABLE {CELLS} (id INTEGER PRIMARY KEY, community TEXT NOT NULL,"
        " worker TEXT NOT NULL, bucket INTEGER NOT NULL, UNIQUE (community, worker, bucket))"
    )
    conn.execute(
        f"INSERT INTO {CELLS} (community, worker, bucket)"
        f" SELECT DISTINCT community, worker, bucket FROM {LOADED}"
    )
    conn.execute(
        f"CREATE TABLE {CHILD_CELL} (child_id INTEGER PRIMARY KEY, cell INTEGER,"
        " household_id INTEGER, birth_date TEXT, registered_on TEXT)"
    )
    conn.execute(
        f"INSERT INTO {CHILD_CELL} SELECT c.id, x.id, c.household_id, c.birth_date,"
        f" c.registered_on FROM {LOADED} c JOIN {CELLS} x ON x.community = c.community"
        " AND x.worker = c.worker AND x.bucket = c.bucket"
    )
    conn.execute(f"DROP TABLE {LOADED}")
    _analyze(conn, CELLS, CHILD_CELL)
    units = {n: (bucket, cell_key(community, worker)) for n, community, worker, bucket in
             conn.execute(f"SELECT id, community, worker, bucket FROM {CELLS}")}  # fmt: skip
    units[NO_CHILD_CELL] = (NO_CHILD_BUCKET, f"{NO_CHILD}{SEP}{NO_CHILD}")
    return units


def _analyze(conn: sqlite3.Connection, *tables: str) -> None:
    """Tell the planner how many rows a temporary table holds. Without it SQLite guesses a
    million, and then builds a Bloom filter over a whole big index (every category, every
    case of a province) to look up a few thousand children in it."""
    for table in tables:
        conn.execute(f"ANALYZE {table}")


def _with_cells(table: str, *, few: bool) -> str:
    """FROM clause: ``table`` ("name alias", with a child_id) joined to the loaded children
    ``x``; ``few``: read child by child from ``CHILD_CELL`` through the table's child_id index,
    else let SQLite start from the table (a date range of it, say)."""
    alias = table.split()[1]
    on = f"{alias}.child_id = x.child_id"
    return (
        f"{CHILD_CELL} x CROSS JOIN {table} ON {on}"
        if few
        else f"{table} JOIN {CHILD_CELL} x ON {on}"
    )


def _in_buckets(buckets: list[int]) -> str:
    """SQL: the child ``c`` is in one of ``buckets`` (contiguous ones as one id range)."""
    ranges: list[list[int]] = []
    for bucket in sorted(buckets):
        if ranges and ranges[-1][1] == bucket - 1:
            ranges[-1][1] = bucket
        else:
            ranges.append([bucket, bucket])
    spans = [(lo * BUCKET_SIZE, (hi + 1) * BUCKET_SIZE - 1) for lo, hi in ranges]
    return (
        " OR ".join(
            f"c.household_id BETWEEN {lo} AND {hi} OR (c.household_id IS NULL AND c.id BETWEEN"
            f" {lo} AND {hi})"
            for lo, hi in spans
        )
        or "0"
    )


def drop_temp(conn: sqlite3.Connection) -> None:
    for table in (ACTIVE, CHILD_CELL, CELLS, LOADED):
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def _add(cells: Cells, rows: Any, prefix: str = "") -> None:
    """Rows of (cell, key, n) added into ``cells`` under ``prefix + key``."""
    for cell, key, n in rows:
        figures = cells[cell]
        name = prefix + key
        figures[name] = figures.get(name, 0) + (n or 0)


def new_cells() -> Cells:
    return defaultdict(dict)


def load_active(conn: sqlite3.Connection, p: dict[str, str], *, few: bool = False) -> None:
    """Fill ``ACTIVE`` with the children whose case is open on :b: cell, household, birth and
    registration dates, the day the open case began, and the risk held on :b (with the day it
    took effect; 'unassessed' and NULL if never assessed). ``few``: ``CHILD_CELL`` holds a
    small share of the children, so their cases are looked up child by child."""
    conn.execute(
        f"CREATE TABLE {ACTIVE} (id INTEGER PRIMARY KEY, cell INTEGER, household_id INTEGER,"
        " birth_date TEXT, registered_on TEXT, case_opened TEXT, risk TEXT, risk_since TEXT)"
    )
    source = _with_cells("case_periods p", few=few)
    conn.execute(
        f"""
    INSERT INTO {ACTIVE}
    SELECT id, cell, household_id, birth_date, registered_on, case_opened,
           coalesce(substr(risk_row, 1, instr(risk_row, ' ') - 1), 'unassessed'),
           substr(risk_row, instr(risk_row, ' ') + 1)
      FROM (SELECT x.child_id AS id, x.cell, x.household_id, x.birth_date, x.registered_on,
                   max(p.opened_on) AS case_opened,
                   (SELECT r.risk || ' ' || r.effective_on FROM risk_history r
                     WHERE r.child_id = x.child_id AND r.effective_on <= :b
                       AND r.voided_at IS NULL
                     ORDER BY r.effective_on DESC, r.id DESC LIMIT 1) AS risk_row
              FROM {source}
             WHERE {OPEN_AT_END}
             GROUP BY p.child_id)
    """,
        p,
    )
    _analyze(conn, ACTIVE)


def active_counts(conn: sqlite3.Connection, cells: Cells) -> None:
    """children.active and children.by_risk per cell, from one pass."""
    rows = conn.execute(f"SELECT cell, risk, count(*) FROM {ACTIVE} GROUP BY 1, 2").fetchall()
    _add(cells, rows, "children.by_risk.")
    _add(cells, ((cell, "children.active", n) for cell, _, n in rows))


#: Households per level: {"": {"": n}, "community": {name: n}, "worker": {name: n}}.
Households = dict[str, dict[str, int]]


def household_counts(
    conn: sqlite3.Connection, units: dict[int, tuple[int, str]]
) -> dict[int, Households]:
    """Households with an active child, per bucket and level. A household whose children
    have different workers counts once in the station's total and once for each of those
    workers; a household's children share a bucket, so buckets add up. ``units``:
    {unit: (bucket, cell key)}. The households are gathered per unit in Python: quicker than
    a DISTINCT sort in SQL."""
    rows = conn.execute(f"SELECT household_id, cell FROM {ACTIVE} WHERE household_id IS NOT NULL")
    return _per_level(rows, units)


def _per_level(rows: Any, units: dict[int, tuple[int, str]]) -> dict[int, Households]:
    """Rows of (household, unit) counted as distinct households per bucket and level."""
    by_unit: dict[int, set[int]] = defaultdict(set)
    for household, unit in rows:
        by_unit[unit].add(household)
    sets: dict[int, dict[str, dict[str, set[int]]]] = {}
    for unit, households in by_unit.items():
        bucket, cell = units[unit]
        community, worker = split_cell(cell)
        levels = sets.setdefault(bucket, {"": {}, "community": {}, "worker": {}})
        for level, name in (("", ""), ("community", community), ("worker", worker)):
            levels[level].setdefault(name, set()).update(households)
    return {
        bucket: {level: {name: len(h) for name, h in groups.items()}
                 for level, groups in levels.items()}
        for bucket, levels in sets.items()
    }  # fmt: skip


def case_counts(conn: sqlite3.Connection, p: dict[str, str], cells: Cells) -> None:
    """children.new and children.closed: cases opened or closed in the period."""
    sql = f"""
    SELECT x.cell, 'new', count(*) FROM case_periods p JOIN {CHILD_CELL} x
        ON x.child_id = p.child_id
     WHERE p.opened_on BETWEEN :a AND :b AND p.voided_at IS NULL GROUP BY 1
    UNION ALL
    SELECT x.cell, 'closed', count(*) FROM case_periods p JOIN {CHILD_CELL} x
        ON x.child_id = p.child_id
     WHERE p.closed_on BETWEEN :a AND :b AND p.voided_at IS NULL GROUP BY 1
    """
    _add(cells, conn.execute(sql, p), "children.")


def category_counts(
    conn: sqlite3.Connection, p: dict[str, str], cells: Cells
) -> dict[int, dict[str, dict[str, int]]]:
    """children.by_category per cell (a child counts in each of its categories on :b); returns
    the category x risk matrix of each unit {unit: {category: {risk: n}}} from the same pass."""
    rows = conn.execute(
        f"""
    SELECT a.cell, k.category, a.risk, count(DISTINCT k.child_id)
      FROM {ACTIVE} a CROSS JOIN child_categories k ON k.child_id = a.id
     WHERE {HOLDS_AT_END}
     GROUP BY 1, 2, 3
    """,
        p,
    ).fetchall()
    matrix: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    _add(cells, ((cell, category, n) for cell, category, _, n in rows), "children.by_category.")
    for cell, category, risk, n in rows:
        matrix[cell][category][risk] = n
    return matrix


def cells_of_children_in(conn: sqlite3.Connection, table: str) -> dict[int, int]:
    """{child id: cell} for the children that have rows in ``table``."""
    sql = (
        f"SELECT x.child_id, x.cell FROM {CHILD_CELL} x"
        f" WHERE x.child_id IN (SELECT child_id FROM {table} WHERE child_id IS NOT NULL)"
    )
    return dict(conn.execute(sql).fetchall())


def visit_counts(
    conn: sqlite3.Connection, p: dict[str, str], cells: Cells, *, few: bool = False
) -> None:
    """visits.by_mode and visits.children_reached per cell, in one pass: the month's visits
    are summed per child by mode (the schema allows only these modes), then per cell.
    ``few``: read each loaded child's visits, not the whole month's."""
    from wbz_cli.domain.vocab import VisitMode

    modes = [m.value for m in VisitMode]
    per_child = ", ".join(f"sum(v.mode = '{m}') AS n{i}" for i, m in enumerate(modes))
    per_cell = ", ".join(f"sum(n{i})" for i in range(len(modes)))
    visits = f"{CHILD_CELL} y CROSS JOIN visits v ON v.child_id = y.child_id" if few else "visits v"
    sql = f"""
    SELECT x.cell, {per_cell}, count(*) FROM (
        SELECT v.child_id, {per_child} FROM {visits}
         WHERE v.visited_on BETWEEN :a AND :b AND v.voided_at IS NULL GROUP BY v.child_id) c
      JOIN {CHILD_CELL} x ON x.child_id = c.child_id
     GROUP BY 1
    """
    for cell, *counts, reached in conn.execute(sql, p):
        figures = cells[cell]
        for mode, n in zip(modes, counts, strict=True):
            if n:
                figures[f"visits.by_mode.{mode}"] = n
        figures["visits.children_reached"] = reached


def service_counts(
    conn: sqlite3.Connection, p: dict[str, str], cells: Cells, *, few: bool = False
) -> None:
    """services.by_type and services.children_served per cell (``few``: see visit_counts)."""
    _event_counts(conn, p, cells, ("services", "served_on", "type"), "services.by_type.",
                  "services.children_served", few)  # fmt: skip


def _event_counts(
    conn: sqlite3.Connection,
    p: dict[str, str],
    cells: Cells,
    source: tuple[str, str, str],
    prefix: str,
    reached: str,
    few: bool,
) -> None:
    """Records of ``source`` (table, date column, kind column) dated in the period, per cell
    and kind, and the distinct children they concern per cell; ``few``: read each loaded
    child's records (by the table's (child_id, date) index), not the whole period's."""
    table, on, kind = source
    joined = _with_cells(f"{table} e", few=few)
    base = f"FROM {joined} WHERE e.{on} BETWEEN :a AND :b AND e.voided_at IS NULL"
    _add(cells, conn.execute(f"SELECT x.cell, e.{kind}, count(*) {base} GROUP BY 1, 2", p),
         prefix)  # fmt: skip
    sql = f"SELECT x.cell, '{reached}', count(DISTINCT e.child_id) {base} GROUP BY 1"
    _add(cells, conn.execute(sql, p))


def subsidy_counts(
    conn: sqlite3.Connection, p: dict[str, str], cells: Cells, *, few: bool = False
) -> None:
    """Payments for the months of the period per cell: subsidies.payments, subsidies.fen (the
    sum in fen) and per type subsidy_types.KEY.payments / .fen. ``few``: read each loaded
    child's payments, not the whole months'."""
    source = _with_cells("subsidies s", few=few)
    rows = conn.execute(
        f"""
    SELECT x.cell, s.type, count(*), sum(s.amount_fen) FROM {source}
     WHERE s.month BETWEEN substr(:a, 1, 7) AND substr(:b, 1, 7) AND s.voided_at IS NULL
     GROUP BY 1, 2
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
        " WHERE held_on BETWEEN :a AND :b AND voided_at IS NULL",
        p,
    ).fetchone()
    out["activities.count"], out["activities.participants"] = row[0], row[1]
    for kind, n in conn.execute(
        "SELECT kind, count(*) FROM resources WHERE added_on <= :b"
        " AND (removed_on IS NULL OR removed_on > :b) AND voided_at IS NULL GROUP BY kind",
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
            "SELECT count(*) FROM visits WHERE visited_on BETWEEN :a AND :b AND voided_at IS NULL",
            p,
        ).fetchone()[0]
        out["leads"][month] = conn.execute(
            "SELECT count(*) FROM leads WHERE found_on BETWEEN :a AND :b", p
        ).fetchone()[0]
    return out


# The second wave of figures (METRICS.md "Added (second wave)"), per cell like the above.

#: How a case opened in the period came (ChildSource): a department's list, the child
#: screened from it (``FROM_A_LIST``); else the registration of an imported roster row (its
#: first risk row says 'import', dated the day the case opened); else a lead about the child
#: found by that day; else a registration by hand. A case reopened later than the import
#: counts as registered.
_CAME_BY = f"""CASE
    WHEN {FROM_A_LIST} THEN 'match'
    WHEN EXISTS (SELECT 1 FROM risk_history r WHERE r.child_id = p.child_id
                  AND r.source = 'import' AND r.effective_on = p.opened_on) THEN 'roster'
    WHEN EXISTS (SELECT 1 FROM leads l WHERE l.child_id = p.child_id
                  AND l.found_on <= p.opened_on) THEN 'referral'
    ELSE 'register' END"""


def source_counts(conn: sqlite3.Connection, p: dict[str, str], cells: Cells) -> None:
    """children.new_by_source: the cases opened in the period, by how the child came."""
    sql = f"""
    SELECT x.cell, {_CAME_BY}, count(*) FROM case_periods p JOIN {CHILD_CELL} x
        ON x.child_id = p.child_id
     WHERE p.opened_on BETWEEN :a AND :b AND p.voided_at IS NULL GROUP BY 1, 2
    """
    _add(cells, conn.execute(sql, p), "children.new_by_source.")


def reached_by_category(
    conn: sqlite3.Connection, p: dict[str, str], cells: Cells, *, few: bool = False
) -> None:
    """visits.children_reached_by_category: distinct children visited in the period, per
    category held on the day of a visit (a child in two categories counts in both)."""
    visits = _with_cells("visits v", few=few)
    sql = f"""
    SELECT x.cell, k.category, count(DISTINCT v.child_id)
      FROM {visits} JOIN child_categories k ON k.child_id = v.child_id
       AND k.start_on <= v.visited_on AND (k.end_on IS NULL OR k.end_on > v.visited_on)
       AND (k.expires_on IS NULL OR k.expires_on > v.visited_on) AND k.voided_at IS NULL
     WHERE v.visited_on BETWEEN :a AND :b AND v.voided_at IS NULL
     GROUP BY 1, 2
    """
    _add(cells, conn.execute(sql, p), "visits.children_reached_by_category.")


def children_by_service_type(
    conn: sqlite3.Connection, p: dict[str, str], cells: Cells, *, few: bool = False
) -> None:
    """services.children_by_type: distinct children served in the period per type."""
    source = _with_cells("services e", few=few)
    sql = (
        f"SELECT x.cell, e.type, count(DISTINCT e.child_id) FROM {source}"
        " WHERE e.served_on BETWEEN :a AND :b AND e.voided_at IS NULL GROUP BY 1, 2"
    )
    _add(cells, conn.execute(sql, p), "services.children_by_type.")


def subsidy_children(
    conn: sqlite3.Connection, p: dict[str, str], cells: Cells, *, few: bool = False
) -> None:
    """subsidies.children and subsidies.by_type.KEY.children: distinct children paid for the
    months of the period, in all and per type."""
    source = _with_cells("subsidies s", few=few)
    base = (
        f"FROM {source} WHERE s.month BETWEEN substr(:a, 1, 7) AND substr(:b, 1, 7)"
        " AND s.voided_at IS NULL"
    )
    sql = f"SELECT x.cell, 'subsidies.children', count(DISTINCT s.child_id) {base} GROUP BY 1"
    _add(cells, conn.execute(sql, p))
    sql = f"SELECT x.cell, s.type, count(DISTINCT s.child_id) {base} GROUP BY 1, 2"
    _add(cells, ((cell, f"{kind}.children", n) for cell, kind, n in conn.execute(sql, p)),
         "subsidies.by_type.")  # fmt: skip


def served_households(
    conn: sqlite3.Connection, p: dict[str, str], units: dict[int, tuple[int, str]]
) -> dict[int, Households]:
    """households.served: households with a visit, service or payment in the period, per
    bucket and level, counted as ``household_counts`` counts the active ones."""
    sql = f"""
    SELECT x.household_id, x.cell FROM {CHILD_CELL} x
     WHERE x.household_id IS NOT NULL AND x.child_id IN (
        SELECT child_id FROM visits WHERE visited_on BETWEEN :a AND :b AND voided_at IS NULL
        UNION SELECT child_id FROM services WHERE served_on BETWEEN :a AND :b
           AND voided_at IS NULL
        UNION SELECT child_id FROM subsidies WHERE month BETWEEN substr(:a, 1, 7)
           AND substr(:b, 1, 7) AND voided_at IS NULL)
    """
    return _per_level(conn.execute(sql, p), units)


def care_counts(conn: sqlite3.Connection, p: dict[str, str], cells: Cells) -> None:
    """care.*: agreements in force on :b (distinct active children holding one, and of them
    the left-behind ones, ``care.left_behind_agreed``, the rate's numerator), and the
    guardianship and risk assessments dated in the period."""
    in_force = (
        "EXISTS (SELECT 1 FROM care_agreements g WHERE g.child_id = a.id AND g.signed_on <= :b"
        " AND (g.valid_until IS NULL OR g.valid_until >= :b) AND g.voided_at IS NULL)"
    )
    left_behind = (
        "EXISTS (SELECT 1 FROM child_categories k WHERE k.child_id = a.id"
        f" AND k.category = 'left_behind' AND {HOLDS_AT_END})"
    )
    sql = f"SELECT a.cell, count(*), sum({left_behind}) FROM {ACTIVE} a WHERE {in_force} GROUP BY 1"
    for cell, agreed, left_behind_agreed in conn.execute(sql, p):
        _add(cells, [(cell, "care.agreements_in_force", agreed),
                     (cell, "care.left_behind_agreed", left_behind_agreed)])  # fmt: skip
    for table, key in (("guardianship_assessments", "care.guardianship_assessments"),
                       ("assessments", "care.risk_assessments")):  # fmt: skip
        sql = (
            f"SELECT x.cell, '{key}', count(*) FROM {table} e JOIN {CHILD_CELL} x"
            " ON x.child_id = e.child_id WHERE e.assessed_on BETWEEN :a AND :b"
            " AND e.voided_at IS NULL GROUP BY 1"
        )
        _add(cells, conn.execute(sql, p))


#: The review date a plan ``q`` had on :b: the next date set by its latest review up to :b,
#: else the date set before its first review (the one it was added with), else its own.
_REVIEW_DUE_AT_END = """coalesce(
    (SELECT r.next_review_on FROM plan_reviews r WHERE r.plan_id = q.id AND r.reviewed_on <= :b
        AND r.voided_at IS NULL ORDER BY r.reviewed_on DESC, r.id DESC LIMIT 1),
    (SELECT r.previous_review_on FROM plan_reviews r WHERE r.plan_id = q.id
        AND r.voided_at IS NULL ORDER BY r.reviewed_on, r.id LIMIT 1),
    q.review_on)"""


def plan_counts(conn: sqlite3.Connection, p: dict[str, str], cells: Cells) -> None:
    """plans.active (plans of active children open on :b), plans.reviews_overdue (of them,
    those whose review was due on or before :b) and plans.reviews (reviews dated in the
    period, of plans not voided)."""
    open_at_end = (
        "q.opened_on <= :b AND q.voided_at IS NULL AND ((q.closed_on IS NULL AND"
        " q.status = 'open') OR q.closed_on > :b)"
    )
    sql = f"""
    SELECT a.cell, count(*), sum({_REVIEW_DUE_AT_END} <= :b)
      FROM {ACTIVE} a CROSS JOIN plans q ON q.child_id = a.id
     WHERE {open_at_end} GROUP BY 1
    """
    for cell, active, overdue in conn.execute(sql, p):
        _add(cells, [(cell, "plans.active", active), (cell, "plans.reviews_overdue", overdue)])
    sql = f"""
    SELECT x.cell, 'plans.reviews', count(*) FROM plan_reviews r
      JOIN plans q ON q.id = r.plan_id AND q.voided_at IS NULL
      JOIN {CHILD_CELL} x ON x.child_id = q.child_id
     WHERE r.reviewed_on BETWEEN :a AND :b AND r.voided_at IS NULL GROUP BY 1
    """
    _add(cells, conn.execute(sql, p))


def activity_kind_counts(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, int]:
    """activities.by_kind.KEY.count and .participants: the station's activities in the
    period per kind."""
    out: dict[str, int] = {}
    for kind, n, participants in conn.execute(
        "SELECT kind, count(*), coalesce(sum(participants), 0) FROM activities"
        " WHERE held_on BETWEEN :a AND :b AND voided_at IS NULL GROUP BY kind",
        p,
    ):
        out[f"activities.by_kind.{kind}.count"] = n
        out[f"activities.by_kind.{kind}.participants"] = participants
    return out


def lead_kind_counts(
    conn: sqlite3.Connection, p: dict[str, str], cells: Cells, *, unlinked: bool
) -> None:
    """referrals.by_type and referrals.by_source: leads found in the period, of the loaded
    children (and, ``unlinked``, those linked to no child, in ``NO_CHILD_CELL``)."""
    rows = conn.execute(
        f"SELECT coalesce(x.cell, {NO_CHILD_CELL}), l.type, l.source, count(*) FROM leads l"
        f" LEFT JOIN {CHILD_CELL} x ON x.child_id = l.child_id"
        " WHERE l.found_on BETWEEN :a AND :b"
        " AND (x.cell IS NOT NULL OR (l.child_id IS NULL AND :unlinked))"
        " GROUP BY 1, 2, 3",
        {**p, "unlinked": int(unlinked)},
    ).fetchall()
    _add(cells, ((cell, kind, n) for cell, kind, _, n in rows), "referrals.by_type.")
    _add(cells, ((cell, source, n) for cell, _, source, n in rows), "referrals.by_source.")


#: The trend's second-wave series: name -> the count of one month's rows (not voided; a plan
#: review of a voided plan counts nowhere either).
_MONTHLY_SERIES = {
    "services": "SELECT count(*) FROM services WHERE served_on BETWEEN :a AND :b"
    " AND voided_at IS NULL",
    "subsidies": "SELECT count(*) FROM subsidies WHERE month = :m AND voided_at IS NULL",
    "activities": "SELECT count(*) FROM activities WHERE held_on BETWEEN :a AND :b"
    " AND voided_at IS NULL",
    "guardianship_assessments": "SELECT count(*) FROM guardianship_assessments"
    " WHERE assessed_on BETWEEN :a AND :b AND voided_at IS NULL",
    "risk_assessments": "SELECT count(*) FROM assessments WHERE assessed_on BETWEEN :a AND :b"
    " AND voided_at IS NULL",
    "plan_reviews": "SELECT count(*) FROM plan_reviews r JOIN plans q ON q.id = r.plan_id"
    " AND q.voided_at IS NULL WHERE r.reviewed_on BETWEEN :a AND :b AND r.voided_at IS NULL",
}


def monthly_event_counts(conn: sqlite3.Connection, months: list[str]) -> dict[str, dict[str, int]]:
    """Services, payments, activities, assessments and plan reviews in each month: the
    12-month trend of these monthly counts, read afresh on every report (one range count
    each; not kept as parts)."""
    out: dict[str, dict[str, int]] = {}
    for name, sql in _MONTHLY_SERIES.items():
        out[name] = {}
        for month in months:
            p = {"m": month, "a": f"{month}-01", "b": f"{month}-31"}
            out[name][month] = conn.execute(sql, p).fetchone()[0]
    return out
