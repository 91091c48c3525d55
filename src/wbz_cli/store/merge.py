"""SQL of finding duplicate children and merging one child into another."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from wbz_cli.domain.duplicates import Period

_SHARING = """
SELECT c.code, c.name, c.id_number, c.birth_date, c.gender, c.community, c.status,
       c.registered_on, h.code AS household
FROM children c LEFT JOIN households h ON h.id = c.household_id
WHERE c.merged_into IS NULL AND c.birth_date IN (
    SELECT birth_date FROM children WHERE merged_into IS NULL
    GROUP BY birth_date HAVING count(*) > 1)
ORDER BY c.id
"""


def children_sharing_birth_dates(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Children (not merged) whose birth date another child on file shares: one query."""
    return [dict(r) for r in conn.execute(_SHARING)]


def tables_pointing_at_children(conn: sqlite3.Connection) -> list[tuple[str, str, bool]]:
    """(table, column, is_link_table) for every foreign key to children(id).

    A link table is one whose primary key is all of its columns (e.g. activity_children):
    a row B has that A has too is the same fact and is dropped instead of refused."""
    found = []
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in sorted(tables):
        for fk in conn.execute(f"PRAGMA foreign_key_list({table})"):
            if fk["table"] == "children" and (fk["to"] in (None, "id")):
                info = conn.execute(f"PRAGMA table_info({table})").fetchall()
                link = all(col["pk"] > 0 for col in info)
                found.append((table, fk["from"], link))
    return found


def move_rows(
    conn: sqlite3.Connection, table: str, column: str, a: int, b: int, *, link: bool
) -> int:
    """Point ``table.column`` rows of child ``b`` at ``a``; return how many moved."""
    if table == "children":
        return 0
    verb = "UPDATE OR IGNORE" if link else "UPDATE"
    cur = conn.execute(f"{verb} {table} SET {column} = ? WHERE {column} = ?", (a, b))
    moved = cur.rowcount
    if link:
        conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (b,))
    return int(moved)


def subsidy_clashes(conn: sqlite3.Connection, a: int, b: int) -> list[tuple[str, str]]:
    """(type, month) pairs both children have: UNIQUE (child_id, type, month) would refuse."""
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT s.type, s.month FROM subsidies s JOIN subsidies t"
            " ON t.type = s.type AND t.month = s.month AND t.child_id = ? AND t.voided_at IS NULL"
            " WHERE s.child_id = ? AND s.voided_at IS NULL ORDER BY s.month, s.type",
            (a, b),
        )
    ]


def periods(conn: sqlite3.Connection, table: str, children: Sequence[int]) -> list[sqlite3.Row]:
    """The live periods of the children (a voided category or case period stays where it
    is)."""
    marks = ", ".join("?" for _ in children)
    live = " AND voided_at IS NULL" if table in ("child_categories", "case_periods") else ""
    return conn.execute(
        f"SELECT * FROM {table} WHERE child_id IN ({marks}){live} ORDER BY id", tuple(children)
    ).fetchall()


def replace_case_periods(conn: sqlite3.Connection, a: int, b: int, joined: list[Period]) -> None:
    conn.execute("DELETE FROM case_periods WHERE child_id IN (?, ?) AND voided_at IS NULL", (a, b))
    conn.executemany(
        "INSERT INTO case_periods (child_id, opened_on, closed_on, close_reason)"
        " VALUES (?, ?, ?, ?)",
        [(a, p.start, p.end, p.tag if p.end else None) for p in joined],
    )


def replace_category_periods(
    conn: sqlite3.Connection, a: int, b: int, joined: list[tuple[str, Period, str | None]]
) -> None:
    conn.execute(
        "DELETE FROM child_categories WHERE child_id IN (?, ?) AND voided_at IS NULL", (a, b)
    )
    conn.executemany(
        "INSERT INTO child_categories"
        " (child_id, category, subtype, start_on, end_on, expires_on, end_reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (a, cat, p.extra, p.start, p.end, expires, p.tag if p.end else None)
            for cat, p, expires in joined
        ],
    )


def redirect_merged(conn: sqlite3.Connection, old: int, new: int) -> None:
    """Children merged earlier into ``old`` now lead to ``new``."""
    conn.execute("UPDATE children SET merged_into = ? WHERE merged_into = ?", (new, old))


def mark_merged(conn: sqlite3.Connection, b: int, a: int, on: str, stamp: str) -> None:
    conn.execute(
        "UPDATE children SET merged_into = ?, merged_on = ?, status = 'closed',"
        " closed_on = coalesce(closed_on, ?), close_reason = 'merged', updated_at = ?"
        " WHERE id = ?",
        (a, on, on, stamp, b),
    )


# --- what a merge changed, for ``wbz merge --undo`` ---------------------------------------


def rows_of(conn: sqlite3.Connection, table: str, column: str, ids: Sequence[int]) -> list[dict]:
    """Every column of the rows of ``table`` whose ``column`` is one of ``ids``, by rowid."""
    marks = ", ".join("?" for _ in ids)
    return [
        dict(r)
        for r in conn.execute(
            f"SELECT * FROM {table} WHERE {column} IN ({marks}) ORDER BY rowid", tuple(ids)
        )
    ]


def rowids_of(conn: sqlite3.Connection, table: str, column: str, child: int) -> list[int]:
    return [r[0] for r in conn.execute(f"SELECT rowid FROM {table} WHERE {column} = ?", (child,))]


def set_child_of(
    conn: sqlite3.Connection, table: str, column: str, child: int, rowids: Sequence[int]
) -> None:
    conn.executemany(
        f"UPDATE {table} SET {column} = ? WHERE rowid = ?", [(child, r) for r in rowids]
    )


def replace_rows(
    conn: sqlite3.Connection, table: str, column: str, ids: Sequence[int], rows: Sequence[dict]
) -> None:
    """Delete the rows of ``ids`` in ``table`` and write ``rows`` (every column) instead."""
    marks = ", ".join("?" for _ in ids)
    conn.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", tuple(ids))
    for row in rows:
        columns = ", ".join(row)
        values = ", ".join(f":{k}" for k in row)
        conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({values})", row)


def insert_risks(conn: sqlite3.Connection, child: int, entries: Sequence[tuple]) -> None:
    """(risk, effective_on, source) rows for ``child``, written in the order given."""
    conn.executemany(
        "INSERT INTO risk_history (child_id, risk, effective_on, source) VALUES (?, ?, ?, ?)",
        [(child, *e) for e in entries],
    )


def redirected_from(conn: sqlite3.Connection, old: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM children WHERE merged_into = ?", (old,))]


def digest(conn: sqlite3.Connection, ids: Sequence[int]) -> str:
    """A fingerprint of every row of the children ``ids`` and of every row pointing at them."""
    import hashlib
    import json

    h = hashlib.sha256()
    parts = [("children", "id"), *((t, c) for t, c, _ in tables_pointing_at_children(conn))]
    for table, column in parts:
        cur = conn.cursor()
        cur.row_factory = None
        marks = ", ".join("?" for _ in ids)
        for row in cur.execute(
            f"SELECT * FROM {table} WHERE {column} IN ({marks}) ORDER BY rowid", tuple(ids)
        ):
            h.update(json.dumps([table, *row], ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def record_merge(
    conn: sqlite3.Connection, kept: int, merged: int, on: str, before: str, fingerprint: str,
    stamp: str,
) -> None:  # fmt: skip
    conn.execute(
        "INSERT INTO child_merges (kept_id, merged_id, merged_on, before, digest, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (kept, merged, on, before, fingerprint, stamp),
    )


def latest_merge(conn: sqlite3.Connection, kept: int, merged: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM child_merges WHERE kept_id = ? AND merged_id = ? AND undone_at IS NULL"
        " ORDER BY id DESC LIMIT 1",
        (kept, merged),
    ).fetchone()


def mark_undone(conn: sqlite3.Connection, merge_id: int, stamp: str) -> None:
    conn.execute("UPDATE child_merges SET undone_at = ? WHERE id = ?", (stamp, merge_id))
