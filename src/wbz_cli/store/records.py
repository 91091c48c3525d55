"""One record of any kind by its table and id, its void marks, and the audit rows of its
history: the queries behind ``edit``, ``void``, ``unvoid`` and ``wbz history``
(services/corrections.py). Table names come from the program's own registry, never from
input."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from wbz_cli.domain.void_mark import VoidMark


@dataclass(frozen=True)
class RecordTable:
    """Where a kind of record is kept: its table, the column of its date and the one that
    says what it was (a visit's mode), the columns that make two records "the same" (typed
    twice), and whether it belongs to a child."""

    table: str
    date_column: str
    what_column: str
    same_when: tuple[str, ...] = ()
    child_linked: bool = True


#: The kinds of record that can be edited, voided and restored (services/corrections.py).
TABLES = {
    "visit": RecordTable("visits", "visited_on", "mode", ("child_id", "visited_on", "mode")),
    "service": RecordTable("services", "served_on", "type"),
    "subsidy": RecordTable("subsidies", "month", "type", ("child_id", "type", "month")),
    "activity": RecordTable(
        "activities", "held_on", "title", ("title", "held_on"), child_linked=False
    ),
    "resource": RecordTable("resources", "added_on", "name", ("kind", "name"), False),
    "care_agreement": RecordTable("care_agreements", "signed_on", "carer"),
    "plan": RecordTable("plans", "opened_on", "goal"),
    "risk_assessment": RecordTable("assessments", "assessed_on", "result"),
    "guardianship_assessment": RecordTable("guardianship_assessments", "assessed_on", "result"),
    "risk_entry": RecordTable("risk_history", "effective_on", "risk"),
    "placement": RecordTable("placements", "started_on", "place"),
    "application": RecordTable("applications", "applied_on", "what"),
    "pair": RecordTable("pairs", "started_on", "resource_id"),
    "screening": RecordTable("screenings", "screened_on", "name", child_linked=False),
    "attachment": RecordTable("attachments", "added_on", "name"),
    "project": RecordTable("projects", "start_on", "name", child_linked=False),
    "project_payment": RecordTable("project_payments", "paid_on", "amount_fen", child_linked=False),
    # given to a child or to a household: filed by its number, as activities are
    "gift": RecordTable("gifts", "given_on", "what", child_linked=False),
}


def record(conn: sqlite3.Connection, table: str, record_id: int) -> sqlite3.Row | None:
    return conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone()


def child_of(conn: sqlite3.Connection, child_id: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM children WHERE id = ?", (child_id,)).fetchone()


def set_fields(
    conn: sqlite3.Connection, table: str, record_id: int, values: dict[str, Any]
) -> None:
    if not values:
        return
    sets = ", ".join(f"{column} = :{column}" for column in values)
    conn.execute(f"UPDATE {table} SET {sets} WHERE id = :_id", {**values, "_id": record_id})


def set_void(
    conn: sqlite3.Connection,
    table: str,
    record_id: int,
    at: str | None,
    by: str | None,
    reason: str | None,
) -> None:
    """Void the record (``at`` given) or put it back (all None)."""
    set_fields(conn, table, record_id, {"voided_at": at, "voided_by": by, "void_reason": reason})


def audit_rows(
    conn: sqlite3.Connection, record_types: tuple[str, ...], keys: list[str], suffix: str | None
) -> list[sqlite3.Row]:
    """Audit rows, oldest first, of the given record types whose key is one of ``keys`` or ends
    with ``suffix`` (``/12``: the record with id 12 under any child's code)."""
    types = ", ".join("?" for _ in record_types)
    wanted = ", ".join("?" for _ in keys) or "NULL"
    sql = (
        "SELECT id, at, operator, action, record_type, record_key, before, after FROM audit_log"
        f" WHERE record_type IN ({types}) AND (record_key IN ({wanted})"
    )
    params: list[Any] = [*record_types, *keys]
    if suffix is not None:
        sql += " OR record_key LIKE ? ESCAPE '\\'"
        params.append("%" + suffix.replace("%", "\\%").replace("_", "\\_"))
    return conn.execute(sql + ") ORDER BY id", params).fetchall()


def audit_rows_under(conn: sqlite3.Connection, prefix: str) -> list[sqlite3.Row]:
    """Audit rows, oldest first, whose key is ``prefix`` or starts with ``prefix/`` (a child
    or household and the records filed under its code)."""
    pattern = prefix.replace("%", "\\%").replace("_", "\\_") + "/%"
    return conn.execute(
        "SELECT id, at, operator, action, record_type, record_key, before, after FROM audit_log"
        " WHERE record_key = ? OR record_key LIKE ? ESCAPE '\\' ORDER BY id",
        (prefix, pattern),
    ).fetchall()


def voided_case_periods(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's case periods voided as opened by mistake (``wbz case void``)."""
    return conn.execute(
        "SELECT * FROM case_periods WHERE child_id = ? AND voided_at IS NOT NULL ORDER BY id",
        (child_id,),
    ).fetchall()


def plan_reviews(conn: sqlite3.Connection, plan_id: int, voided: bool) -> list[sqlite3.Row]:
    """The plan's reviews in the order written: those in force, or (``voided``) those voided
    with ``wbz plan void-review``."""
    mark = "IS NOT NULL" if voided else "IS NULL"
    return conn.execute(
        f"SELECT * FROM plan_reviews WHERE plan_id = ? AND voided_at {mark}"
        " ORDER BY reviewed_on, id",
        (plan_id,),
    ).fetchall()


def void_marks(row: sqlite3.Row) -> dict[str, Any]:
    """The keys a list with ``--all`` adds to each row: whether it is voided, and why."""
    return {"voided": row["voided_at"] is not None, "void_reason": row["void_reason"]}


def void_mark(row: sqlite3.Row) -> VoidMark:
    """Whether the listed ``row`` is voided, and why (``void_marks`` as a ``VoidMark``)."""
    return VoidMark(row["voided_at"] is not None, row["void_reason"])


def voided_of_child(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    """The child's voided records of every kind, by when they were voided."""
    rows: list[dict[str, Any]] = []
    for kind, t in TABLES.items():
        if not t.child_linked:
            continue
        for r in conn.execute(
            f"SELECT id, {t.date_column} AS day, {t.what_column} AS what, voided_at, voided_by,"
            f" void_reason FROM {t.table} WHERE child_id = ? AND voided_at IS NOT NULL",
            (child_id,),
        ):
            rows.append({"kind": kind, **dict(r)})
    for r in conn.execute(
        "SELECT id, start_on AS day, category AS what, voided_at, voided_by, void_reason"
        " FROM child_categories WHERE child_id = ? AND voided_at IS NOT NULL",
        (child_id,),
    ):  # a category period voided with ``wbz category void``
        rows.append({"kind": "category", **dict(r)})
    for r in conn.execute(
        "SELECT id, opened_on AS day, closed_on AS what, voided_at, voided_by, void_reason"
        " FROM case_periods WHERE child_id = ? AND voided_at IS NOT NULL",
        (child_id,),
    ):  # a case period voided with ``wbz case void``
        rows.append({"kind": "case", **dict(r)})
    for r in conn.execute(
        "SELECT r.id, r.reviewed_on AS day, 'P' || printf('%06d', r.plan_id) AS what,"
        " r.voided_at, r.voided_by, r.void_reason FROM plan_reviews r"
        " JOIN plans p ON p.id = r.plan_id WHERE p.child_id = ? AND r.voided_at IS NOT NULL",
        (child_id,),
    ):  # a plan review voided with ``wbz plan void-review``
        rows.append({"kind": "plan_review", **dict(r)})
    return sorted(rows, key=lambda r: (r["voided_at"], r["kind"], r["id"]))
