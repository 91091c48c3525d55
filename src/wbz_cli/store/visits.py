"""Queries over visits, the visit cadence policy, and the per-child facts the cadence needs.

The last visit of each child comes from the index (child_id, visited_on, mode): one indexed
lookup per child, never a pass over every visit in Python.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wbz_cli.domain import dates
from wbz_cli.store.children import ACTIVE_ON, CATEGORY_HOLDS_ON

#: A day after every rule: the newest value of each key.
LATEST = "9999-12-31"
#: The day from which a value holds that was set before rules had dates (or the default).
BEGINNING = dates.BEGINNING


def read_policy(conn: sqlite3.Connection, day: str = LATEST) -> dict[str, str]:
    """The cadence policy in force on ``day``: {key: value}."""
    return {key: value for key, (value, _) in policy_since(conn, day).items()}


def policy_since(conn: sqlite3.Connection, day: str = LATEST) -> dict[str, tuple[str, str]]:
    """{key: (value, the day it took effect)} for the values in force on ``day``."""
    rows = conn.execute(
        "SELECT p.key, p.value, p.effective_on FROM visit_policy p"
        " WHERE p.effective_on = (SELECT max(q.effective_on) FROM visit_policy q"
        "  WHERE q.key = p.key AND q.effective_on <= :d)",
        {"d": day},
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def write_policy(conn: sqlite3.Connection, key: str, value: str, effective_on: str) -> None:
    conn.execute(
        "INSERT INTO visit_policy (key, effective_on, value) VALUES (?, ?, ?)"
        " ON CONFLICT (key, effective_on) DO UPDATE SET value = excluded.value",
        (key, effective_on, value),
    )


def case_open_on(conn: sqlite3.Connection, child_id: int, day: str) -> bool:
    row = conn.execute(
        f"SELECT {ACTIVE_ON} FROM children c WHERE c.id = :c", {"c": child_id, "d": day}
    ).fetchone()
    return bool(row and row[0])


def same_visit(
    conn: sqlite3.Connection,
    child_id: int,
    day: str,
    mode: str,
    besides: int | None = None,
    *,
    include_voided: bool = False,
) -> int | None:
    """The id of a visit on file (not voided, unless ``include_voided``) to the child on the
    day by the mode, other than ``besides``."""
    row = conn.execute(
        "SELECT id FROM visits WHERE child_id = ? AND visited_on = ? AND mode = ?"
        " AND (voided_at IS NULL OR ?) AND id IS NOT ? ORDER BY id LIMIT 1",
        (child_id, day, mode, include_voided, besides),
    ).fetchone()
    return int(row[0]) if row else None


def list_visits(
    conn: sqlite3.Connection,
    *,
    child_id: int | None = None,
    worker: str | None = None,
    community: str | None = None,
    mode: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    sql = (
        "SELECT v.id, v.visited_on, v.mode, v.worker, v.notes, v.problems, v.action,"
        " v.voided_at, v.void_reason, v.pair_id, c.code AS child, c.name, c.community"
        " FROM visits v JOIN children c ON c.id = v.child_id"
        + (" WHERE 1 = 1" if include_voided else " WHERE v.voided_at IS NULL")
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


def _last_visit(child: str, modes: str = "") -> str:
    return (
        f"(SELECT v.visited_on FROM visits v WHERE v.child_id = {child} AND v.visited_on <= :d"
        f" AND v.voided_at IS NULL{modes} ORDER BY v.visited_on DESC LIMIT 1)"
    )


@dataclass(frozen=True)
class NotDue:
    """Rows ``cadence_facts`` may leave out because the child cannot be due (ISO dates from
    the domain's ``cadence.not_due_after``): the child has a visit since its case opened, its
    visit that counts for its risk is after ``risk_after[risk]``, it is not left_behind or its
    last visit is after ``left_behind_after``, and its birth date is in none of ``births``."""

    risk_after: dict[str, str]
    left_behind_after: str
    births: tuple[tuple[str, str], ...] = ()


def cadence_facts(
    conn: sqlite3.Connection,
    day: str,
    strong_modes: Sequence[str],
    strong_risks: Sequence[str],
    *,
    worker: str | None = None,
    community: str | None = None,
    skip: NotDue | None = None,
    active: str | None = None,
) -> list[tuple[Any, ...]]:
    """One tuple per child with an open case on ``day``: (id, birth_date, case_opened, risk,
    risk_since, last_visit, last_strong_visit). case_opened is the day the open case began;
    risk is the risk held on the day and risk_since the day it took effect (NULL: never
    assessed); last_visit the newest visit on or before the day and last_strong_visit the
    newest of a strong mode (looked up only for the strong risks, else NULL). Each fact is one
    indexed lookup per child; names and codes are fetched later for the few that are due.
    With ``skip``, children that cannot be due are left out here rather than in Python.
    ``active`` names a table that already holds these open-case facts for ``day`` (the
    monthly report's ``store.figures.ACTIVE``, without worker or community filters); they are
    read from it, not looked up again, and each tuple ends with the child's ``cell`` from it."""
    modes = ", ".join(f":m{i}" for i in range(len(strong_modes))) or "NULL"
    risks = ", ".join(f":r{i}" for i in range(len(strong_risks))) or "NULL"
    params: dict[str, Any] = {
        "d": day,
        **{f"m{i}": m for i, m in enumerate(strong_modes)},
        **{f"r{i}": r for i, r in enumerate(strong_risks)},
    }
    where = ""
    if worker is not None:
        where += " AND c.worker = :worker"
        params["worker"] = worker
    if community is not None:
        where += " AND c.community = :community"
        params["community"] = community
    opened = f"""
    WITH base AS MATERIALIZED (
      SELECT c.id, c.birth_date,
        (SELECT p.opened_on FROM case_periods p WHERE p.child_id = c.id AND p.opened_on <= :d
          AND (p.closed_on IS NULL OR p.closed_on > :d) AND p.voided_at IS NULL
          ORDER BY p.opened_on DESC LIMIT 1) AS case_opened,
        (SELECT r.risk || ' ' || r.effective_on FROM risk_history r WHERE r.child_id = c.id
          AND r.effective_on <= :d AND r.voided_at IS NULL
          ORDER BY r.effective_on DESC, r.id DESC LIMIT 1) AS risk_row
      FROM children c WHERE c.registered_on <= :d{where}
    ), open AS MATERIALIZED (
      SELECT id, birth_date, case_opened,
        coalesce(substr(risk_row, 1, instr(risk_row, ' ') - 1), 'unassessed') AS risk,
        substr(risk_row, instr(risk_row, ' ') + 1) AS risk_since
      FROM base WHERE case_opened IS NOT NULL
    )"""
    if active is not None:
        opened = f"""
    WITH open AS MATERIALIZED (
      SELECT id, birth_date, case_opened, risk, risk_since, cell FROM {active}
       WHERE registered_on <= :d
    )"""
    sql = (
        opened
        + f""", facts AS {"MATERIALIZED" if skip else "NOT MATERIALIZED"} (
      SELECT o.id, o.birth_date, o.case_opened, o.risk, o.risk_since,
        {_last_visit("o.id")} AS last_visit,
        CASE WHEN o.risk IN ({risks}) THEN {_last_visit("o.id", f" AND v.mode IN ({modes})")}
        END AS last_strong_visit{", o.cell" if active is not None else ""}
      FROM open o
    )
    SELECT * FROM facts f
    """
    )
    if skip is not None:
        sql += _skip_clause(skip, risks, params)
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params).fetchall()


def _skip_clause(skip: NotDue, risks: str, params: dict[str, Any]) -> str:
    # "+k.category": look the child up by child_id, not every left_behind row per child.
    cases = " ".join(f"WHEN '{r}' THEN :after_{r}" for r in skip.risk_after)
    params.update({f"after_{r}": v for r, v in skip.risk_after.items()})
    params["after_left_behind"] = skip.left_behind_after
    births = ""
    for i, (lo, hi) in enumerate(skip.births):
        births += f" AND f.birth_date NOT BETWEEN :born_lo{i} AND :born_hi{i}"
        params[f"born_lo{i}"], params[f"born_hi{i}"] = lo, hi
    return f"""
    WHERE NOT (coalesce(f.last_visit >= f.case_opened, 0)
      AND coalesce(coalesce(CASE WHEN f.risk IN ({risks}) THEN f.last_strong_visit
                                 ELSE f.last_visit END, '') > (CASE f.risk {cases} END), 0)
      AND (coalesce(f.last_visit > :after_left_behind, 0) OR NOT EXISTS (
        SELECT 1 FROM child_categories k WHERE k.child_id = f.id
        AND +k.category = 'left_behind' AND {CATEGORY_HOLDS_ON})){births})
    """


def under16_categories(
    conn: sqlite3.Connection, day: str, among: str | None = None
) -> dict[int, dict[str, str]]:
    """child id -> {category: start_on} for left_behind and migrant periods holding on
    ``day`` (one pass over the category index, not a lookup per child); with ``among`` (a
    table with an ``id`` column), only for its children, looked up one by one."""
    source, by_category = "child_categories k", "k.category"
    if among is not None:
        # "+": the lookup goes by child (child_categories_child); by category instead, every
        # child of ``among`` scanned all the left_behind and migrant rows begun by the day
        # (a roster of 100,000 imported on one day: 100,000 x 40,000 rows, minutes)
        source = f"{among} a CROSS JOIN child_categories k ON k.child_id = a.id"
        by_category = "+k.category"
    found: dict[int, dict[str, str]] = {}
    for child_id, category, since in conn.execute(
        f"SELECT k.child_id, k.category, max(k.start_on) FROM {source}"
        f" WHERE {by_category} IN ('left_behind', 'migrant') AND {CATEGORY_HOLDS_ON}"
        " GROUP BY k.child_id, k.category",
        {"d": day},
    ):
        found.setdefault(child_id, {})[category] = since
    return found


def child_details(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """id -> (code, name, community, worker) for the given ids."""
    cur = conn.cursor()
    cur.row_factory = None
    rows = cur.execute(
        "SELECT c.id, c.code, c.name, c.community, c.worker"
        " FROM json_each(?) j JOIN children c ON c.id = j.value",
        (json.dumps(list(ids)),),
    )
    return {r[0]: r[1:] for r in rows}


def visit_count_of(conn: sqlite3.Connection, child_id: int) -> int:
    """How many visits the child has on file (not voided)."""
    return int(
        conn.execute(
            "SELECT count(*) FROM visits WHERE child_id = ? AND voided_at IS NULL", (child_id,)
        ).fetchone()[0]
    )


def last_visits_of(conn: sqlite3.Connection, child_id: int, limit: int) -> list[sqlite3.Row]:
    """The child's last ``limit`` visits on file (not voided), newest first."""
    return conn.execute(
        "SELECT visited_on, mode, worker, notes FROM visits"
        " WHERE child_id = ? AND voided_at IS NULL ORDER BY visited_on DESC, id DESC LIMIT ?",
        (child_id, limit),
    ).fetchall()
