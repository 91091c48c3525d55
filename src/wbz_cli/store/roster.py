"""Bulk SQL of the roster import and export: the register indexed by ID number in one query,
and batched writes: new children go through one temporary table from which their households,
guardians, case periods, risk rows and audit rows are inserted in SQL; categories and the
updates of children on file are written with executemany."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wbz_cli.domain.children import UNDER_16_CATEGORIES, format_code
from wbz_cli.domain.enums import Category, Risk

if TYPE_CHECKING:
    from wbz_cli.domain.roster import RosterChild

BATCH = 5000
STAGE_ROWS = 1000  # rows per INSERT into temp.roster_new


@dataclass(slots=True)
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
    categories: tuple[str, ...] = ()  # open on the import's date


_INDEX_SQL = """
SELECT c.id, c.code, c.id_number, c.name, c.community, c.worker, c.risk, c.household_id,
       h.code, h.address, h.income_status, g.id, g.name, g.relation, g.phone,
       (SELECT group_concat(k.category, ',') FROM child_categories k
         WHERE k.child_id = c.id AND k.end_on IS NULL AND k.voided_at IS NULL
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
    shared: dict[Any, Any] = {}  # one copy of each repeated value (communities, risks ...)
    one = shared.setdefault
    for r in conn.execute(_INDEX_SQL, {"d": on}):
        index[r[2]] = Existing(
            id=r[0],
            code=r[1],
            name=r[3],
            community=one(r[4], r[4]),
            worker=one(r[5], r[5]),
            risk=one(r[6], r[6]),
            household_id=r[7],
            household_code=r[8],
            address=r[9],
            income_status=one(r[10], r[10]),
            guardian_id=r[11],
            guardian=r[12],
            relation=one(r[13], r[13]),
            guardian_phone=r[14],
            categories=one(("categories", r[15]), tuple(r[15].split(",")) if r[15] else ()),
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

    guardians: list[tuple[Any, ...]] = field(default_factory=list)
    risks: list[tuple[Any, ...]] = field(default_factory=list)
    categories: list[tuple[Any, ...]] = field(default_factory=list)
    child_updates: list[tuple[Any, ...]] = field(default_factory=list)
    household_updates: list[tuple[Any, ...]] = field(default_factory=list)
    guardian_updates: list[tuple[Any, ...]] = field(default_factory=list)
    demote_guardians: list[tuple[Any, ...]] = field(default_factory=list)
    #: (name, relation, phone, situation, id): a guardian on file without a name given one
    named_guardians: list[tuple[Any, ...]] = field(default_factory=list)
    new_children: list[Any] = field(default_factory=list)  # NEW_COLUMNS of each, one after another
    stamp: str = ""  # the new children's created_at and updated_at
    file: str | None = None  # the roster's file name, for the new children's audit rows


#: One row per new child; the inserts into households, guardians, children, case_periods,
#: risk_history and audit_log are made from it in SQL (INSERT ... SELECT), far faster than
#: binding seven statements per child from Python. The codes (C000001, H000001) are made in
#: Python: binding two short texts costs less than four printf() calls per child in SQL.
NEW_COLUMNS = (
    "cid", "hid", "code", "hcode", "name", "id_number", "birth_date", "gender", "community",
    "worker", "risk", "registered_on", "income_status", "address", "guardian", "relation",
    "guardian_phone", "guardian_situation", "categories", "subtype", "row",
)  # fmt: skip
_UNASSESSED = Risk.UNASSESSED.value


def new_child_row(cid: int, hid: int, c: RosterChild, row: int) -> tuple[Any, ...]:
    """A new child's row of ``temp.roster_new`` (NEW_COLUMNS; ``row``: its first row in the
    sheet; its categories as a JSON array, in the roster's order). The enums' keys are read
    from ``_value_``: the same text as ``.value``, a twentieth of its cost (47 ns, not 1 µs)."""
    info = c.info
    return (
        cid, hid, format_code("C", cid), format_code("H", hid), c.name, info.number,
        info.birth_date.isoformat(), info.gender._value_, c.community, c.worker,
        c.risk._value_ if c.risk else _UNASSESSED, c.registered_on.isoformat(),
        c.income_status._value_ if c.income_status else "none", c.address, c.guardian,
        c.relation, c.guardian_phone,
        c.guardian_situation._value_ if c.guardian_situation else None,
        '["' + '","'.join(c.categories) + '"]', c.subtype._value_ if c.subtype else None, row,
    )  # fmt: skip


_NEW_TABLE = f"CREATE TEMP TABLE IF NOT EXISTS roster_new ({', '.join(NEW_COLUMNS)})"
_UNDER_16 = ", ".join(f"'{c.value}'" for c in sorted(UNDER_16_CATEGORIES))
_FAN_OUT = (
    "INSERT INTO households (id, code, address, community, income_status, created_on)"
    " SELECT hid, hcode, address, community, income_status, registered_on FROM roster_new",
    # a row without the guardian's name but with a phone (or relation, situation): the
    # household's contact, a guardian row without a name
    "INSERT INTO guardians (household_id, name, relation, phone, situation, is_primary)"
    " SELECT hid, coalesce(guardian, ''), relation, guardian_phone, guardian_situation, 1"
    " FROM roster_new WHERE guardian IS NOT NULL OR guardian_phone IS NOT NULL"
    " OR relation IS NOT NULL OR guardian_situation IS NOT NULL",
    "INSERT INTO children (id, code, name, id_number, birth_date, gender, household_id,"
    " community, worker, risk, status, registered_on, created_at, updated_at)"
    " SELECT cid, code, name, id_number, birth_date, gender, hid, community, worker, risk,"
    " 'active', registered_on, :stamp, :stamp FROM roster_new",
    "INSERT INTO case_periods (child_id, opened_on) SELECT cid, registered_on FROM roster_new",
    "INSERT INTO risk_history (child_id, risk, effective_on, source)"
    " SELECT cid, risk, registered_on, 'import' FROM roster_new",
    # one row per category; left_behind and migrant end on the 16th birthday (SQLite's
    # '+16 years' turns 29 February into 1 March in a common year, as add_years does), in
    # the staged order: children by cid, each one's categories as listed
    "INSERT INTO child_categories (child_id, category, subtype, start_on, expires_on)"
    f" SELECT cid, k.value, CASE WHEN k.value = '{Category.DIFFICULT.value}' THEN subtype END,"
    f" registered_on, CASE WHEN k.value IN ({_UNDER_16}) THEN date(birth_date, '+16 years')"
    " END FROM roster_new, json_each(roster_new.categories) AS k",
    # the audit row of each registration (keys sorted, as Store.audit writes them) says which
    # child and household were made, from which file and row; the child's particulars are in
    # the register and in that row, and are not copied into the log (see services.roster)
    "INSERT INTO audit_log (at, operator, action, record_type, record_key, before, after)"
    " SELECT :at, :operator, 'register', 'child', code, NULL, json_object('code', code,"
    " 'file', :file, 'household', hcode, 'id_number', id_number, 'row', row,"
    " 'source', 'import') FROM roster_new",
)


def _stage(conn: sqlite3.Connection, values: list[Any]) -> None:
    """Fill ``temp.roster_new`` from the flat ``values``: many rows per INSERT (one call binds
    thousands of values, quicker than executemany's call per row)."""
    width = len(NEW_COLUMNS)
    per = min(STAGE_ROWS, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width)
    step = per * width
    for start in range(0, len(values), step):
        part = values[start : start + step]
        conn.execute(_stage_sql(len(part) // width), part)


@lru_cache(maxsize=4)
def _stage_sql(rows: int) -> str:
    row = "(" + ", ".join("?" for _ in NEW_COLUMNS) + ")"
    return f"INSERT INTO temp.roster_new VALUES {', '.join([row] * rows)}"


def write_batch(conn: sqlite3.Connection, b: Batch, operator: str) -> None:
    if b.new_children:
        conn.execute(_NEW_TABLE)
        conn.execute("DELETE FROM temp.roster_new")
        _stage(conn, b.new_children)
        at = datetime.now().astimezone().isoformat(timespec="seconds")
        values = {"at": at, "operator": operator, "stamp": b.stamp, "file": b.file}
        for sql in _FAN_OUT:
            conn.execute(sql, {k: v for k, v in values.items() if f":{k}" in sql})
        conn.execute("DELETE FROM temp.roster_new")
    _many(conn, "UPDATE guardians SET is_primary = 0 WHERE household_id = ?", b.demote_guardians)
    _many(
        conn,
        "INSERT INTO guardians (household_id, name, relation, phone, situation, is_primary)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        b.guardians,
    )
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
    _many(
        conn,
        "UPDATE guardians SET name = ?, relation = ?, phone = ?,"
        " situation = coalesce(?, situation) WHERE id = ?",
        b.named_guardians,
    )


def last_visits(conn: sqlite3.Connection) -> dict[int, str]:
    """Each child's latest visit date."""
    return dict(
        conn.execute(
            "SELECT child_id, max(visited_on) FROM visits WHERE voided_at IS NULL GROUP BY child_id"
        ).fetchall()
    )
