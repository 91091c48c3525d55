"""Queries over subsidy payments and the rates ``subsidy run`` pays."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from wbz_cli.store.children import ACTIVE_ON


def payment(
    conn: sqlite3.Connection,
    child_id: int,
    subsidy_type: str,
    month: str,
    besides: int | None = None,
    *,
    include_voided: bool = False,
) -> sqlite3.Row | None:
    """The payment on file (not voided, unless ``include_voided``: then a live one first) of
    the type and month to the child, other than ``besides``."""
    return conn.execute(
        "SELECT * FROM subsidies WHERE child_id = ? AND type = ? AND month = ?"
        " AND (voided_at IS NULL OR ?) AND id IS NOT ?"
        " ORDER BY voided_at IS NOT NULL, id LIMIT 1",
        (child_id, subsidy_type, month, include_voided, besides),
    ).fetchone()


def case_open_in(conn: sqlite3.Connection, child_id: int, first: str, last: str) -> bool:
    """The child has an open case on at least one day from ``first`` to ``last``."""
    return (
        conn.execute(
            "SELECT 1 FROM case_periods p WHERE p.child_id = ? AND p.opened_on <= ?"
            " AND (p.closed_on IS NULL OR p.closed_on > ?) AND p.voided_at IS NULL",
            (child_id, last, first),
        ).fetchone()
        is not None
    )


def rate_for(conn: sqlite3.Connection, subsidy_type: str, month: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM subsidy_rates WHERE type = ? AND from_month <= ?"
        " ORDER BY from_month DESC LIMIT 1",
        (subsidy_type, month),
    ).fetchone()


def rates(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM subsidy_rates ORDER BY type, from_month").fetchall()


def rate_row(conn: sqlite3.Connection, subsidy_type: str, from_month: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM subsidy_rates WHERE type = ? AND from_month = ?", (subsidy_type, from_month)
    ).fetchone()


#: Every child who has held ``:category`` by the month's last day, with what the run needs.
#: (A join from the category rows: as a correlated EXISTS per child SQLite picks the category
#: index and the run turns quadratic.)
RUN_CANDIDATES = f"""
SELECT c.id, c.code, c.name, c.birth_date,
  max((k.end_on IS NULL OR k.end_on > :first)
      AND (k.expires_on IS NULL OR k.expires_on > :first)) AS held,
  {ACTIVE_ON} AS open_on_first,
  EXISTS (SELECT 1 FROM subsidies s WHERE s.child_id = c.id AND s.type = :type
          AND s.month = :month AND s.voided_at IS NULL) AS paid
FROM child_categories k
JOIN children c ON c.id = k.child_id
WHERE k.category = :category AND k.start_on <= :last AND k.voided_at IS NULL
GROUP BY c.id
ORDER BY c.id
"""


def run_candidates(
    conn: sqlite3.Connection, category: str, subsidy_type: str, month: str, first: str, last: str
) -> list[sqlite3.Row]:
    return conn.execute(
        RUN_CANDIDATES,
        {
            "category": category,
            "type": subsidy_type,
            "month": month,
            "first": first,
            "last": last,
            "d": first,
        },
    ).fetchall()


def insert_payments(conn: sqlite3.Connection, rows: Iterable[dict[str, Any]]) -> int:
    cur = conn.executemany(
        "INSERT INTO subsidies (child_id, type, month, amount_fen, source, created_at)"
        " VALUES (:child_id, :type, :month, :amount_fen, :source, :created_at)",
        rows,
    )
    return cur.rowcount


def list_payments(
    conn: sqlite3.Connection,
    *,
    month: str | None = None,
    subsidy_type: str | None = None,
    child_id: int | None = None,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    sql = (
        "SELECT s.id, s.month, s.type, s.amount_fen, s.source, s.voided_at, s.void_reason,"
        " c.code AS child, c.name AS name FROM subsidies s JOIN children c ON c.id = s.child_id"
        + (" WHERE 1 = 1" if include_voided else " WHERE s.voided_at IS NULL")
    )
    params: dict[str, Any] = {}
    if month:
        sql += " AND s.month = :month"
        params["month"] = month
    if subsidy_type:
        sql += " AND s.type = :type"
        params["type"] = subsidy_type
    if child_id is not None:
        sql += " AND s.child_id = :child"
        params["child"] = child_id
    return conn.execute(sql + " ORDER BY s.month, s.type, c.id", params).fetchall()


def payments_to_children(conn: sqlite3.Connection, first: str, last: str) -> list[sqlite3.Row]:
    """The payments in force for the months of days ``first`` .. ``last`` (ISO dates), each
    with its child's code, name, ID number and community; by month, child and type."""
    return conn.execute(
        "SELECT c.code, c.name, c.id_number, c.community, s.type, s.month, s.amount_fen"
        " FROM subsidies s JOIN children c ON c.id = s.child_id"
        " WHERE s.month BETWEEN substr(?, 1, 7) AND substr(?, 1, 7) AND s.voided_at IS NULL"
        " ORDER BY s.month, c.code, s.type",
        (first, last),
    ).fetchall()


def totals(conn: sqlite3.Connection, first_month: str, last_month: str) -> list[sqlite3.Row]:
    """Payments and exact fen per type for months ``first_month`` .. ``last_month``."""
    return conn.execute(
        "SELECT type, count(*) AS payments, coalesce(sum(amount_fen), 0) AS amount_fen"
        " FROM subsidies WHERE month >= ? AND month <= ? AND voided_at IS NULL"
        " GROUP BY type ORDER BY type",
        (first_month, last_month),
    ).fetchall()
