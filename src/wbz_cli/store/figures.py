"""The monthly report's counts, one query per figure group, for a period [:a, :b].

Every query reads history, not current state: case periods, category periods, risk history,
lead events and dated records, so that a report for a past month gives today the numbers it
gave then. Each returns ``{group: {key: n}}``; the group is the child's community or worker
when a breakdown is asked for, else ``""``. Queries are written to use the indexes of the
schema (date ranges on indexed columns, one pass per table).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any, Literal

GroupBy = Literal["community", "worker"] | None

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

Counts = dict[str, dict[str, int]]


def group_of_children(conn: sqlite3.Connection, by: GroupBy, table: str) -> dict[int, str]:
    """{child id: community or worker} for the children that have rows in ``table``."""
    if by is None:
        return {}
    sql = (
        f"SELECT c.id, {_group(by)} FROM children c"
        f" WHERE c.id IN (SELECT child_id FROM {table} WHERE child_id IS NOT NULL)"
    )
    return dict(conn.execute(sql).fetchall())


def group_of_ids(conn: sqlite3.Connection, by: GroupBy, ids: list[int]) -> dict[int, str]:
    """{child id: community or worker} for the given children."""
    if by is None or not ids:
        return {}
    rows = conn.execute(
        f"SELECT c.id, {_group(by)} FROM children c WHERE c.id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    )
    return dict(rows.fetchall())


def _group(by: GroupBy, alias: str = "c") -> str:
    if by is None:
        return "''"
    return f"coalesce(nullif({alias}.{by}, ''), '{UNKNOWN}')"


def _collect(rows: Any, key: str | None = None) -> Counts:
    """Rows of (group, n) or (group, sub key, n) into {group: {key: n}}."""
    out: Counts = defaultdict(dict)
    for row in rows:
        if key is None:
            out[row[0]][row[1]] = row[2]
        else:
            out[row[0]][key] = row[1]
    return out


def children_counts(conn: sqlite3.Connection, p: dict[str, str], by: GroupBy) -> Counts:
    g = _group(by)
    sql = f"""
    SELECT {g}, 'active', count(*) FROM case_periods p JOIN children c ON c.id = p.child_id
     WHERE {OPEN_AT_END} GROUP BY 1
    UNION ALL
    SELECT {g}, 'new', count(*) FROM case_periods p JOIN children c ON c.id = p.child_id
     WHERE p.opened_on BETWEEN :a AND :b GROUP BY 1
    UNION ALL
    SELECT {g}, 'closed', count(*) FROM case_periods p JOIN children c ON c.id = p.child_id
     WHERE p.closed_on BETWEEN :a AND :b GROUP BY 1
    UNION ALL
    SELECT {g}, 'households', count(DISTINCT c.household_id) FROM case_periods p
      JOIN children c ON c.id = p.child_id WHERE {OPEN_AT_END} GROUP BY 1
    """
    return _collect(conn.execute(sql, p))


def category_counts(conn: sqlite3.Connection, p: dict[str, str], by: GroupBy) -> Counts:
    """Active children at the period's end in each category (a child counts in each of its)."""
    sql = f"""
    SELECT {_group(by)}, k.category, count(DISTINCT k.child_id)
      FROM child_categories k
      JOIN case_periods p ON p.child_id = k.child_id AND {OPEN_AT_END}
      JOIN children c ON c.id = k.child_id
     WHERE {HOLDS_AT_END}
     GROUP BY 1, 2
    """
    return _collect(conn.execute(sql, p))


def risk_counts(conn: sqlite3.Connection, p: dict[str, str], by: GroupBy) -> Counts:
    """Active children at the period's end by their risk on that day (unassessed if none)."""
    sql = f"""
    SELECT {_group(by)},
           coalesce((SELECT r.risk FROM risk_history r
                      WHERE r.child_id = p.child_id AND r.effective_on <= :b
                      ORDER BY r.effective_on DESC, r.id DESC LIMIT 1), 'unassessed'),
           count(*)
      FROM case_periods p
      JOIN children c ON c.id = p.child_id
     WHERE {OPEN_AT_END}
     GROUP BY 1, 2
    """
    return _collect(conn.execute(sql, p))


def visit_counts(conn: sqlite3.Connection, p: dict[str, str], by: GroupBy) -> Counts:
    join = "" if by is None else "JOIN children c ON c.id = v.child_id"
    sql = f"""
    SELECT {_group(by)}, v.mode, count(*) FROM visits v {join}
     WHERE v.visited_on BETWEEN :a AND :b GROUP BY 1, 2
    UNION ALL
    SELECT {_group(by)}, 'children_reached', count(DISTINCT v.child_id) FROM visits v {join}
     WHERE v.visited_on BETWEEN :a AND :b GROUP BY 1
    """
    return _collect(conn.execute(sql, p))


def service_counts(conn: sqlite3.Connection, p: dict[str, str], by: GroupBy) -> Counts:
    join = "" if by is None else "JOIN children c ON c.id = s.child_id"
    sql = f"""
    SELECT {_group(by)}, s.type, count(*) FROM services s {join}
     WHERE s.served_on BETWEEN :a AND :b GROUP BY 1, 2
    UNION ALL
    SELECT {_group(by)}, 'children_served', count(DISTINCT s.child_id) FROM services s {join}
     WHERE s.served_on BETWEEN :a AND :b GROUP BY 1
    """
    return _collect(conn.execute(sql, p))


def subsidy_counts(conn: sqlite3.Connection, p: dict[str, str], by: GroupBy) -> Counts:
    """Payments and their sum in fen, overall and by subsidy type (``type:KEY`` and
    ``fen:KEY``), for the months of the period."""
    join = "" if by is None else "JOIN children c ON c.id = s.child_id"
    sql = f"""
    SELECT {_group(by)}, 'type:' || s.type, count(*) FROM subsidies s {join}
     WHERE s.month BETWEEN substr(:a, 1, 7) AND substr(:b, 1, 7) GROUP BY 1, 2
    UNION ALL
    SELECT {_group(by)}, 'fen:' || s.type, sum(s.amount_fen) FROM subsidies s {join}
     WHERE s.month BETWEEN substr(:a, 1, 7) AND substr(:b, 1, 7) GROUP BY 1, 2
    """
    return _collect(conn.execute(sql, p))


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


def monthly_trend(conn: sqlite3.Connection, first_month: str, last_month: str) -> dict[str, dict]:
    """Visits and leads found per month ("YYYY-MM") between two months inclusive."""
    p = {"a": f"{first_month}-01", "b": f"{last_month}-31"}
    visits = dict(
        conn.execute(
            "SELECT substr(visited_on, 1, 7), count(*) FROM visits"
            " WHERE visited_on BETWEEN :a AND :b GROUP BY 1",
            p,
        ).fetchall()
    )
    leads = dict(
        conn.execute(
            "SELECT substr(found_on, 1, 7), count(*) FROM leads"
            " WHERE found_on BETWEEN :a AND :b GROUP BY 1",
            p,
        ).fetchall()
    )
    return {"visits": visits, "leads": leads}


def category_risk_matrix(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, dict[str, int]]:
    """Active children at the period's end: {category: {risk on that day: n}}."""
    sql = f"""
    SELECT k.category, coalesce((SELECT r.risk FROM risk_history r
            WHERE r.child_id = k.child_id AND r.effective_on <= :b
            ORDER BY r.effective_on DESC, r.id DESC LIMIT 1), 'unassessed'),
           count(DISTINCT k.child_id)
      FROM child_categories k
      JOIN case_periods p ON p.child_id = k.child_id AND {OPEN_AT_END}
     WHERE {HOLDS_AT_END}
     GROUP BY 1, 2
    """
    return _collect(conn.execute(sql, p))
