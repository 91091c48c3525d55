"""Attached files: their rows (never the bytes, unless asked for one file's content), the
record an attachment names, and removing the purged children's files."""

from __future__ import annotations

import sqlite3

#: The columns of a listing: everything but the bytes.
_LISTED = (
    "SELECT a.id, a.child_id, c.code AS child, c.name, a.record_kind, a.record_id,"
    " l.code AS lead_code, a.kind, a.name AS file_name, a.file_type, a.size, a.sha256,"
    " a.added_on, a.created_at, a.voided_at, a.voided_by, a.void_reason"
    " FROM attachments a JOIN children c ON c.id = a.child_id"
    " LEFT JOIN leads l ON a.record_kind = 'lead' AND l.id = a.record_id WHERE 1"
)

#: The table of each kind of record an attachment may name.
RECORD_TABLES = {"visit": "visits", "service": "services", "lead": "leads", "plan": "plans"}


def record_child(conn: sqlite3.Connection, kind: str, record_id: int) -> sqlite3.Row | None:
    """The record's id, its child's id and whether it is voided (a lead is never voided:
    it is withdrawn or unfounded, and stays a record of the child)."""
    voided = "NULL" if kind == "lead" else "voided_at"
    return conn.execute(
        f"SELECT id, child_id, {voided} AS voided_at FROM {RECORD_TABLES[kind]} WHERE id = ?",
        (record_id,),
    ).fetchone()


def lead_id(conn: sqlite3.Connection, code: str) -> int | None:
    row = conn.execute("SELECT id FROM leads WHERE code = ?", (code,)).fetchone()
    return int(row[0]) if row else None


def list_attachments(
    conn: sqlite3.Connection,
    *,
    child_id: int | None = None,
    attachment_id: int | None = None,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    sql, params = _LISTED, {}
    if attachment_id is not None:
        sql += " AND a.id = :id"
        params["id"] = attachment_id
    elif not include_voided:
        sql += " AND a.voided_at IS NULL"
    if child_id is not None:
        sql += " AND a.child_id = :child"
        params["child"] = child_id
    return conn.execute(sql + " ORDER BY a.added_on, a.id", params).fetchall()


def content(conn: sqlite3.Connection, attachment_id: int) -> bytes:
    row = conn.execute("SELECT content FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
    return bytes(row[0]) if row else b""


def same_file(conn: sqlite3.Connection, child_id: int, sha256: str) -> sqlite3.Row | None:
    """An attachment of the child, not voided, with the same content."""
    return conn.execute(
        "SELECT id, name FROM attachments WHERE child_id = ? AND sha256 = ? AND voided_at IS NULL",
        (child_id, sha256),
    ).fetchone()
