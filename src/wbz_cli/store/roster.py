"""Bulk SQL of the roster import and export: the register indexed by ID number in one query,
and batched inserts (executemany) for new children, their households, guardians, case
periods, categories, risk rows and audit rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

BATCH = 5000


@dataclass
class Existing:
    """What the import compares a roster row with: a child already on file."""

    id: int
    code: str
    name: str
    community: str | None
    worker: str | None
    risk: str
    household_id: int | None
    household_code: str | None
    address: str | None
    income_status: str | None
    guardian_id: int | None
    guardian: str | None
    relation: str | None
    guardian_phone: str | None
    categories: set[str] = field(default_factory=set)


_INDEX_SQL = """
SELECT c.id, c.code, c.id_number, c.name, c.community, c.worker, c.risk, c.household_id,
       h.code, h.address, h.income_status, g.id, g.name, g.relation, g.phone,
       (SELECT group_concat(k.category, ',') FROM child_categories k
         WHERE k.child_id = c.id AND k.end_on IS NULL
           AND (k.expires_on IS NULL OR k.expires_on > :d))
FROM children c
LEFT JOIN households h ON h.id = c.household_id
LEFT JOIN guardians g ON g.id = (SELECT g2.id FROM guardians g2
    WHERE g2.household_id = c.household_id ORDER BY g2.is_primary DESC, g2.id LIMIT 1)
WHERE c.merged_into IS NULL
"""
#: A merged child's ID number leads to the child it was merged into (``wbz merge``).
_MERGED_SQL = """
SELECT b.id_number, a.id_number FROM children b JOIN children a ON a.id = b.merged_into
"""


def existing_children(conn: sqlite3.Connection, on: str) -> dict[str, Existing]:
    """Every child on file by ID number, with the categories open on ``on`` (one query)."""
    index: dict[str, Existing] = {}
    for r in conn.execute(_INDEX_SQL, {"d": on}):
        index[r[2]] = Existing(
            id=r[0],
            code=r[1],
            name=r[3],
            community=r[4],
            worker=r[5],
            risk=r[6],
            household_id=r[7],
            household_code=r[8],
            address=r[9],
            income_status=r[10],
            guardian_id=r[11],
            guardian=r[12],
            relation=r[13],
            guardian_phone=r[14],
            categories=set(r[15].split(",")) if r[15] else set(),
        )
    for merged, kept in conn.execute(_MERGED_SQL):
        if kept in index:
            index[merged] = index[kept]
    return index


def next_ids(conn: sqlite3.Connection) -> tuple[int, int]:
    """The next free children.id and households.id."""
    child = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM children").fetchone()[0]
    household = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM households").fetchone()[0]
    return int(child), int(household)


def _many(conn: sqlite3.Connection, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    for start in range(0, len(rows), BATCH):
        conn.executemany(sql, rows[start : start + BATCH])


@dataclass
class Batch:
    """Rows to insert, collected as tuples in the column order of each statement."""

    households: list[tuple[Any, ...]] = field(default_factory=list)
    guardians: list[tuple[Any, ...]] = field(default_factory=list)
    children: list[tuple[Any, ...]] = field(default_factory=list)
    case_periods: list[tuple[Any, ...]] = field(default_factory=list)
    risks: list[tuple[Any, ...]] = field(default_factory=list)
    categories: list[tuple[Any, ...]] = field(default_factory=list)
    child_updates: list[tuple[Any, ...]] = field(default_factory=list)
    household_updates: list[tuple[Any, ...]] = field(default_factory=list)
    guardian_updates: list[tuple[Any, ...]] = field(default_factory=list)
    demote_guardians: list[tuple[Any, ...]] = field(default_factory=list)


def write_batch(conn: sqlite3.Connection, b: Batch) -> None:
    _many(
        conn,
        "INSERT INTO households (id, code, address, community, income_status, created_on)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        b.households,
    )
    _many(conn, "UPDATE guardians SET is_primary = 0 WHERE household_id = ?", b.demote_guardians)
    _many(
        conn,
        "INSERT INTO guardians (household_id, name, relation, phone, situation, is_primary)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        b.guardians,
    )
    _many(
        conn,
        "INSERT INTO children (id, code, name, id_number, birth_date, gender, household_id,"
        " community, worker, risk, status, registered_on, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
        b.children,
    )
    _many(conn, "INSERT INTO case_periods (child_id, opened_on) VALUES (?, ?)", b.case_periods)
    _many(
        conn,
        "INSERT INTO risk_history (child_id, risk, effective_on, source) VALUES (?, ?, ?, ?)",
        b.risks,
    )
    _many(
        conn,
        "INSERT INTO child_categories (child_id, category, subtype, start_on, expires_on)"
        " VALUES (?, ?, ?, ?, ?)",
        b.categories,
    )
    _many(
        conn,
        "UPDATE children SET name = ?, community = ?, worker = ?, risk = ?, updated_at = ?"
        " WHERE id = ?",
        b.child_updates,
    )
    _many(
        conn,
        "UPDATE households SET address = ?, income_status = ? WHERE id = ?",
        b.household_updates,
    )
    _many(conn, "UPDATE guardians SET relation = ?, phone = ? WHERE id = ?", b.guardian_updates)


def last_visits(conn: sqlite3.Connection) -> dict[int, str]:
    """Each child's latest visit date."""
    return dict(
        conn.execute("SELECT child_id, max(visited_on) FROM visits GROUP BY child_id").fetchall()
    )


def child_ids(conn: sqlite3.Connection, codes: Iterable[str]) -> dict[str, int]:
    wanted = set(codes)
    return {
        code: cid
        for cid, code in conn.execute("SELECT id, code FROM children").fetchall()
        if code in wanted
    }
