"""Queries of data safety: the doctor's checks, consent, the audit log, anonymising."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from wbz_cli.domain.purge_rules import Fate, columns
from wbz_cli.store.children import ACTIVE_ON, CATEGORY_HOLDS_ON

#: Records that must point at a row of another table: (table, column, target, label).
REFERENCES = (
    ("visits", "child_id", "children", "走访记录"),
    ("services", "child_id", "children", "服务记录"),
    ("subsidies", "child_id", "children", "补贴记录"),
    ("leads", "child_id", "children", "线索"),
    ("case_periods", "child_id", "children", "立案记录"),
    ("child_categories", "child_id", "children", "类别记录"),
    ("risk_history", "child_id", "children", "风险记录"),
    ("lead_events", "lead_id", "leads", "线索进展"),
    ("guardians", "household_id", "households", "监护人"),
    ("children", "household_id", "households", "儿童档案"),
    ("services", "resource_id", "resources", "服务记录"),
)


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def integrity(conn: sqlite3.Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]


def foreign_key_problems(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("PRAGMA foreign_key_check").fetchall()


def dangling(conn: sqlite3.Connection, table: str, column: str, target: str) -> list[Any]:
    """Row ids of ``table`` whose ``column`` names no row of ``target``."""
    sql = (
        f"SELECT t.id FROM {table} t WHERE t.{column} IS NOT NULL"
        f" AND NOT EXISTS (SELECT 1 FROM {target} x WHERE x.id = t.{column}) ORDER BY t.id"
    )
    return [r[0] for r in conn.execute(sql)]


def children_for_checks(conn: sqlite3.Connection, today: str) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT c.id, c.code, c.name, c.id_number, c.birth_date, c.gender, c.consent_on,"
        f" c.consent_exempt_reason, c.anonymised_on, c.merged_into,"
        f" CASE WHEN {ACTIVE_ON} THEN 1 ELSE 0 END AS active"
        f" FROM children c ORDER BY c.id",
        {"d": today},
    ).fetchall()


def open_categories(conn: sqlite3.Connection, today: str) -> list[sqlite3.Row]:
    """Categories that hold today, of children with an open case."""
    return conn.execute(
        f"SELECT c.code, c.birth_date, k.category FROM child_categories k"
        f" JOIN children c ON c.id = k.child_id"
        f" WHERE {CATEGORY_HOLDS_ON} AND {ACTIVE_ON} ORDER BY c.id, k.id",
        {"d": today},
    ).fetchall()


def households_without_children(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT h.code FROM households h WHERE NOT EXISTS"
            " (SELECT 1 FROM children c WHERE c.household_id = h.id) ORDER BY h.id"
        )
    ]


def purge_candidates(conn: sqlite3.Connection, before: str) -> list[sqlite3.Row]:
    """Children whose case is closed, closed before ``before``, not yet anonymised."""
    return conn.execute(
        "SELECT * FROM children WHERE status = 'closed' AND closed_on IS NOT NULL"
        " AND closed_on < ? AND anonymised_on IS NULL ORDER BY id",
        (before,),
    ).fetchall()


#: Screenings of people never enrolled whose time is over by :b: found not eligible before
#: it, or to follow up by a day before it (voided ones alike); not yet anonymised. One of a
#: person registered since (a child on file with its ID number) stays with the child's file.
_SCREENINGS_OVER = """child_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM children c WHERE c.id_number = screenings.id_number)
    AND ((outcome = 'follow_up' AND follow_up_by < :b)
         OR (outcome <> 'follow_up' AND screened_on < :b))
    AND (id_number IS NOT NULL OR name <> :text OR (reason IS NOT NULL AND reason <> :text)
         OR (void_reason IS NOT NULL AND void_reason <> :text))"""


def screenings_to_purge(conn: sqlite3.Connection, before: str, text: str) -> list[sqlite3.Row]:
    """The screenings of people never enrolled whose time is over before ``before`` and whose
    name, number or reasons are still there (``text``: what anonymising writes)."""
    return conn.execute(
        f"SELECT id, id_number FROM screenings WHERE {_SCREENINGS_OVER} ORDER BY id",
        {"b": before, "text": text},
    ).fetchall()


def screening_audit_rows(conn: sqlite3.Connection, ids: list[int]) -> list[sqlite3.Row]:
    """The audit rows about these screenings (recorded, voided, restored)."""
    these = _id_table(conn, "purge_screenings", ids)
    return conn.execute(
        "SELECT id, before, after FROM audit_log WHERE record_type = 'screening'"
        f" AND record_key IN (SELECT CAST(id AS TEXT) FROM {these}) ORDER BY id"
    ).fetchall()


def _id_table(conn: sqlite3.Connection, name: str, ids: list[int]) -> str:
    """A temporary table of row ids (no limit on how many, unlike ``IN (?, ?, ...)``)."""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM temp.{name}")
    conn.executemany(f"INSERT OR IGNORE INTO temp.{name} (id) VALUES (?)", [(i,) for i in ids])
    return f"(SELECT id FROM temp.{name})"


#: The rows of each table that belong to the children being anonymised (``{children}``) or to
#: the households none of whose children is left un-anonymised (``{households}``).
PURGED_ROWS: dict[str, dict[str, str]] = {
    "children": {
        "children": "id IN {these}",
        "visits": "child_id IN {these}",
        "services": "child_id IN {these}",
        "leads": "child_id IN {these}",
        "lead_events": "lead_id IN (SELECT id FROM leads WHERE child_id IN {these})",
        "plans": "child_id IN {these}",
        "plan_reviews": "plan_id IN (SELECT id FROM plans WHERE child_id IN {these})",
        "assessments": "child_id IN {these}",
        "guardianship_assessments": "child_id IN {these}",
        "care_agreements": "child_id IN {these}",
        "subsidies": "child_id IN {these}",
        "risk_history": "child_id IN {these}",
        "child_categories": "child_id IN {these}",
        "case_periods": "child_id IN {these}",
        "placements": "child_id IN {these}",
        "applications": "child_id IN {these}",
        "pairs": "child_id IN {these}",
        "screenings": "child_id IN {these}",
        "gifts": "child_id IN {these}",
    },
    "households": {
        "households": "id IN {these}",
        "guardians": "household_id IN {these}",
        "gifts": "household_id IN {these}",
    },
    # people screened and never enrolled (``screenings_to_purge``)
    "screenings": {"screenings": "id IN {these}"},
}


def anonymise_rows(conn: sqlite3.Connection, scope: str, ids: list[int], text: str) -> None:
    """In the rows of ``scope`` (``children`` or ``households``, see ``PURGED_ROWS``), every
    column that ``purge_rules`` says to replace becomes ``text`` and every one to drop NULL."""
    replace, drop = columns(Fate.REPLACE), columns(Fate.DROP)
    these = _id_table(conn, f"purge_{scope}", ids)
    for table, where in PURGED_ROWS[scope].items():
        sets = [
            f"{c} = CASE WHEN {c} IS NULL THEN NULL ELSE :text END" for c in replace.get(table, ())
        ]
        sets += [f"{c} = NULL" for c in drop.get(table, ())]
        # only rows with something left to remove are written (earlier purges are swept again)
        left = [f"({c} IS NOT NULL AND {c} <> :text)" for c in replace.get(table, ())]
        left += [f"{c} IS NOT NULL" for c in drop.get(table, ())]
        if sets:
            conn.execute(
                f"UPDATE {table} SET {', '.join(sets)}"
                f" WHERE {where.format(these=these)} AND ({' OR '.join(left)})",
                {"text": text},
            )


def anonymise_own_columns(conn: sqlite3.Connection, child_ids: list[int], text: str) -> None:
    """Category expiries to the first of their month, as the birth dates they follow; a
    service's provider typed as free text (not one of the resource library) becomes ``text``;
    the records kept to undo merges of these children (they hold both files' rows) gone, and
    their attached files (scans and photos cannot be anonymised) deleted."""
    these = _id_table(conn, "purge_children", child_ids)
    conn.execute(f"DELETE FROM child_merges WHERE kept_id IN {these} OR merged_id IN {these}")
    conn.execute(f"DELETE FROM attachments WHERE child_id IN {these}")
    conn.execute(
        "UPDATE child_categories SET expires_on = substr(expires_on, 1, 7) || '-01'"
        f" WHERE substr(expires_on, 9) <> '01' AND child_id IN {these}"
    )
    conn.execute(
        "UPDATE services SET provider = ?1 WHERE provider <> ?1 AND resource_id IS NULL"
        f" AND child_id IN {these}",
        (text,),
    )


def fully_anonymised_households(
    conn: sqlite3.Connection, child_ids: list[int]
) -> list[sqlite3.Row]:
    """The households of these children in which no child's file is left un-anonymised."""
    these = _id_table(conn, "purge_children", child_ids)
    return conn.execute(
        "SELECT * FROM households h WHERE h.id IN"
        f" (SELECT household_id FROM children WHERE id IN {these}) AND NOT EXISTS"
        " (SELECT 1 FROM children c WHERE c.household_id = h.id AND c.anonymised_on IS NULL)"
        " ORDER BY h.id"
    ).fetchall()


def anonymised_children(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Id and code of every child anonymised by a purge."""
    return conn.execute(
        "SELECT id, code FROM children WHERE anonymised_on IS NOT NULL ORDER BY id"
    ).fetchall()


def purge_secrets(conn: sqlite3.Connection, child_ids: list[int]) -> set[str]:
    """The names and numbers of these children, their guardians and carers, and whoever gave
    consent: what must not be left in text shared with other children (an activity's notes)."""
    these = _id_table(conn, "purge_children", child_ids)
    rows = conn.execute(
        f"SELECT name, id_number, consent_by FROM children WHERE id IN {these}"
        " UNION ALL SELECT g.name, g.phone, g.id_number FROM guardians g"
        f" WHERE g.household_id IN (SELECT household_id FROM children WHERE id IN {these})"
        " UNION ALL SELECT carer, carer_phone, NULL FROM care_agreements"
        f" WHERE child_id IN {these}"
    )
    return {str(v) for row in rows for v in row if v}


def purged_activities(conn: sqlite3.Connection, child_ids: list[int]) -> list[sqlite3.Row]:
    """The activities these children took part in, and whether every child listed in one is
    anonymised (``all_anonymised``)."""
    these = _id_table(conn, "purge_children", child_ids)
    return conn.execute(
        "SELECT a.id, a.title, a.place, a.notes, a.void_reason,"
        " NOT EXISTS (SELECT 1 FROM activity_children x"
        " JOIN children c ON c.id = x.child_id WHERE x.activity_id = a.id"
        " AND c.anonymised_on IS NULL) AS all_anonymised FROM activities a WHERE a.id IN"
        f" (SELECT activity_id FROM activity_children WHERE child_id IN {these}) ORDER BY a.id"
    ).fetchall()


def purged_record_keys(conn: sqlite3.Connection, child_ids: list[int]) -> tuple[set[str], set[int]]:
    """The codes of these children's leads and the ids of their plans (audit rows' keys)."""
    these = _id_table(conn, "purge_children", child_ids)
    leads = {r[0] for r in conn.execute(f"SELECT code FROM leads WHERE child_id IN {these}")}
    plans = {int(r[0]) for r in conn.execute(f"SELECT id FROM plans WHERE child_id IN {these}")}
    return leads, plans


def audit_texts(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Every audit row's id, key and before/after text, oldest first (read in one pass)."""
    yield from conn.execute("SELECT id, record_key, before, after FROM audit_log ORDER BY id")


def rewrite_audit_texts(
    conn: sqlite3.Connection, audit_id: int, before: str | None, after: str | None
) -> None:
    """Inside a write: replace an audit row's before/after text (anonymising scrubs it)."""
    conn.execute(
        "UPDATE audit_log SET before = ?, after = ? WHERE id = ?", (before, after, audit_id)
    )


def zero_freed_space(conn: sqlite3.Connection) -> None:
    """From now on this connection zeroes the space its deletes and updates free, instead of
    leaving the old text readable in the file (before anonymising)."""
    conn.execute("PRAGMA secure_delete = ON")


def empty_wal_file(conn: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the database and truncate it: the old pages leave it."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def audit_rows(
    conn: sqlite3.Connection,
    *,
    record: str | None = None,
    operator: str | None = None,
    actions: tuple[str, ...] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 200,
) -> list[sqlite3.Row]:
    """The latest ``limit`` audit rows matching the filters, oldest first.

    ``record`` matches the row's key, keys below it (``H000001/3``) and rows whose
    before/after names it (a listing revealed with that child in it).
    """
    where, params = [], []
    if record:
        escaped = record.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(
            "(record_key = ? OR record_key LIKE ? ESCAPE '\\'"
            " OR instr(coalesce(before, '') || coalesce(after, ''), ?) > 0)"
        )
        params += [record, escaped + "/%", f'"{record}"']
    if operator:
        where.append("operator = ?")
        params.append(operator)
    if actions:
        where.append(f"action IN ({','.join('?' * len(actions))})")
        params += list(actions)
    if date_from:
        where.append("substr(at, 1, 10) >= ?")
        params.append(date_from)
    if date_to:
        where.append("substr(at, 1, 10) <= ?")
        params.append(date_to)
    sql = "SELECT * FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ?"
    rows = conn.execute(sql, [*params, limit]).fetchall()
    return rows[::-1]


def audit_actions(conn: sqlite3.Connection) -> list[str]:
    """The actions the audit log holds, each once."""
    return [r[0] for r in conn.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]
