"""Queries over visits, the visit cadence policy, and the per-child facts the cadence needs.

The last visit of each child comes from the index (child_id, visited_on, mode): one indexed
lookup per child, never a pass over every visit in Python.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from wbz_cli.store.children import ACTIVE_ON, CATEGORY_HOLDS_ON, RISK_ON


def read_policy(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT key, value FROM visit_policy")}


def write_policy(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO visit_policy (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def case_open_on(conn: sqlite3.Connection, child_id: int, day: str) -> bool:
    row = conn.execute(
        f"SELECT {ACTIVE_ON} FROM children c WHERE c.id = :c", {"c": child_id, "d": day}
    ).fetchone()
    return bool(row and row[0])


def same_visit_exists(conn: sqlite3.Connection, child_id: int, day: str, mode: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM visits WHERE child_id = ? AND visited_on = ? AND mode = ?",
            (child_id, day, mode),
        ).fetchone()
        is not None
    )


def list_visits(
    conn: sqlite3.Connection,
    *,
    child_id: int | None = None,
    worker: str | None = None,
    community: str | None = None,
    mode: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[sqlite3.Row]:
    sql = (
        "SELECT v.id, v.visited_on, v.mode, v.worker, v.notes, v.problems, v.action,"
        " c.code AS child, c.name, c.community"
        " FROM visits v JOIN children c ON c.id = v.child_id WHERE 1 = 1"
    )
    params: dict[str, Any] = {}
    for column, key, value, op in (
        ("v.child_id", "child_id", child_id, "="),
        ("v.worker", "worker", worker, "="),
        ("c.community", "community", community, "="),
        ("v.mode", "mode", mode, "="),
        ("v.visited_on", "date_from", date_from, ">="),
        ("v.visited_on", "date_to", date_to, "<="),
    ):
        if value is not None:
            sql += f" AND {column} {op} :{key}"
            params[key] = value
    return conn.execute(sql + " ORDER BY v.visited_on, v.id", params).fetchall()


def _last_visit(modes: str = "") -> str:
    return (
        "(SELECT v.visited_on FROM visits v WHERE v.child_id = c.id AND v.visited_on <= :d"
        f"{modes} ORDER BY v.visited_on DESC LIMIT 1)"
    )


def _category_since(category: str) -> str:
    return (
        "(SELECT max(k.start_on) FROM child_categories k WHERE k.child_id = c.id"
        f" AND k.category = '{category}' AND {CATEGORY_HOLDS_ON})"
    )


def cadence_facts(
    conn: sqlite3.Connection,
    day: str,
    strong_modes: Sequence[str],
    *,
    worker: str | None = None,
    community: str | None = None,
) -> list[sqlite3.Row]:
    """One row per child with an open case on ``day``: the case's opening day, the risk on
    the day and since when, the last visit and the last visit of a strong mode on or before
    the day, and since when the child is left_behind / migrant on the day (NULL if not)."""
    marks = ", ".join(f":m{i}" for i in range(len(strong_modes)))
    params: dict[str, Any] = {"d": day, **{f"m{i}": m for i, m in enumerate(strong_modes)}}
    where = ""
    if worker is not None:
        where += " AND c.worker = :worker"
        params["worker"] = worker
    if community is not None:
        where += " AND c.community = :community"
        params["community"] = community
    risk_row = (
        "(SELECT r.{col} FROM risk_history r WHERE r.child_id = c.id AND r.effective_on <= :d"
        " ORDER BY r.effective_on DESC, r.id DESC LIMIT 1)"
    )
    sql = f"""
    SELECT c.id, c.code, c.name, c.birth_date, c.community, c.worker,
           (SELECT max(p.opened_on) FROM case_periods p WHERE p.child_id = c.id
             AND p.opened_on <= :d) AS case_opened,
           {RISK_ON} AS risk,
           {risk_row.format(col="effective_on")} AS risk_since,
           {_last_visit()} AS last_visit,
           {_last_visit(f" AND v.mode IN ({marks})") if marks else "NULL"} AS last_strong_visit,
           {_category_since("left_behind")} AS left_behind_since,
           {_category_since("migrant")} AS migrant_since
    FROM children c
    WHERE c.registered_on <= :d AND {ACTIVE_ON}{where}
    """
    return conn.execute(sql, params).fetchall()
