"""Queries over children, their case periods, category periods, risk history and households.

The SQL fragments ``ACTIVE_ON``, ``IN_CATEGORY_ON`` and ``RISK_ON`` read the register as of a
day bound to the named parameter ``:d`` (an ISO date); reports reuse them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from wbz_cli.domain import child_names
from wbz_cli.domain.children import unknown_child

#: The child ``c`` has an open case on day :d.
ACTIVE_ON = (
    "EXISTS (SELECT 1 FROM case_periods p WHERE p.child_id = c.id AND p.opened_on <= :d"
    " AND (p.closed_on IS NULL OR p.closed_on > :d) AND p.voided_at IS NULL)"
)
#: Category period ``k`` holds on day :d.
CATEGORY_HOLDS_ON = (
    "k.start_on <= :d AND (k.end_on IS NULL OR k.end_on > :d)"
    " AND (k.expires_on IS NULL OR k.expires_on > :d) AND k.voided_at IS NULL"
)
#: The child ``c``'s risk on day :d.
RISK_ON = (
    "coalesce((SELECT r.risk FROM risk_history r WHERE r.child_id = c.id"
    " AND r.effective_on <= :d AND r.voided_at IS NULL"
    " ORDER BY r.effective_on DESC, r.id DESC LIMIT 1), 'unassessed')"
)


def in_category_on(param: str = ":category") -> str:
    return (
        f"EXISTS (SELECT 1 FROM child_categories k WHERE k.child_id = c.id"
        f" AND k.category = {param} AND {CATEGORY_HOLDS_ON})"
    )


_LIST_SQL = f"""
SELECT c.id, c.code, c.name, c.id_number, c.gender, c.birth_date, c.community, c.worker,
       c.registered_on, c.closed_on, c.close_reason, c.household_id,
       h.code AS household, h.address, h.income_status,
       {RISK_ON} AS risk,
       CASE WHEN {ACTIVE_ON} THEN 'active' ELSE 'closed' END AS status,
       (SELECT group_concat(k.category, ',') FROM child_categories k
         WHERE k.child_id = c.id AND {CATEGORY_HOLDS_ON}) AS categories,
       g.name AS guardian, g.relation AS guardian_relation, g.phone AS guardian_phone
FROM children c
LEFT JOIN households h ON h.id = c.household_id
LEFT JOIN guardians g ON g.id = (SELECT g2.id FROM guardians g2
    WHERE g2.household_id = c.household_id ORDER BY g2.is_primary DESC, g2.id LIMIT 1)
WHERE c.registered_on <= :d AND c.merged_into IS NULL
"""


def list_children(
    conn: sqlite3.Connection,
    as_of: str,
    *,
    category: str | None = None,
    community: str | None = None,
    worker: str | None = None,
    risk: str | None = None,
    status: str | None = None,
    code: str | None = None,
    name: str | None = None,
) -> list[sqlite3.Row]:
    """The register as of ``as_of``; ``name``: part of the name (as ``children_named``)."""
    sql = _LIST_SQL
    params: dict[str, Any] = {"d": as_of}
    if code:
        sql += " AND c.code = :code"
        params["code"] = code
    if category:
        sql += f" AND {in_category_on()}"
        params["category"] = category
    if community:
        sql += " AND c.community = :community"
        params["community"] = community
    if worker:
        sql += " AND c.worker = :worker"
        params["worker"] = worker
    if risk:
        sql += f" AND {RISK_ON} = :risk"
        params["risk"] = risk
    if status == "active":
        sql += f" AND {ACTIVE_ON}"
    elif status == "closed":
        sql += f" AND NOT {ACTIVE_ON}"
    sql += " ORDER BY c.id"
    rows = conn.execute(sql, params).fetchall()
    if name is not None:
        key = child_names.search_key(name)
        rows = [r for r in rows if key in child_names.search_key(r["name"])]
    return rows


def find_child(conn: sqlite3.Connection, key: str, *, follow: bool = True) -> sqlite3.Row | None:
    """A child by code (``C000123``, any case) or by full ID number; a child merged into
    another (``wbz merge``) leads to that one unless ``follow`` is False."""
    key = key.strip().upper()
    column = "code" if key.startswith("C") else "id_number"
    row = conn.execute(f"SELECT * FROM children WHERE {column} = ?", (key,)).fetchone()
    return _followed(conn, row) if follow else row


def child_by_id_number(conn: sqlite3.Connection, number: str) -> sqlite3.Row | None:
    row = conn.execute("SELECT * FROM children WHERE id_number = ?", (number,)).fetchone()
    return _followed(conn, row)


def _followed(conn: sqlite3.Connection, row: sqlite3.Row | None) -> sqlite3.Row | None:
    if row is None or row["merged_into"] is None:
        return row
    target = conn.execute("SELECT * FROM children WHERE id = ?", (row["merged_into"],)).fetchone()
    return target or row


def merged_codes(conn: sqlite3.Connection, child_id: int) -> list[str]:
    """Codes of the children merged into this one."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT code FROM children WHERE merged_into = ? ORDER BY id", (child_id,)
        )
    ]


def next_id(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def insert(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> int:
    columns = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    cur = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
    return int(cur.lastrowid or 0)


def update(conn: sqlite3.Connection, table: str, row_id: int, values: dict[str, Any]) -> None:
    if not values:
        return
    sets = ", ".join(f"{k} = :{k}" for k in values)
    conn.execute(f"UPDATE {table} SET {sets} WHERE id = :_id", {**values, "_id": row_id})


def category_periods(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM child_categories WHERE child_id = ? AND voided_at IS NULL"
        " ORDER BY start_on, id",
        (child_id,),
    ).fetchall()


def voided_category_periods(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's category periods voided as added by mistake (``wbz category void``)."""
    return conn.execute(
        "SELECT * FROM child_categories WHERE child_id = ? AND voided_at IS NOT NULL"
        " ORDER BY start_on, id",
        (child_id,),
    ).fetchall()


def open_category_periods(conn: sqlite3.Connection, child_id: int, on: str) -> list[sqlite3.Row]:
    """Category periods that hold on ``on`` or start later and have not been ended."""
    return conn.execute(
        "SELECT * FROM child_categories WHERE child_id = :c AND end_on IS NULL"
        " AND (expires_on IS NULL OR expires_on > :d) AND voided_at IS NULL ORDER BY id",
        {"c": child_id, "d": on},
    ).fetchall()


def case_periods(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM case_periods WHERE child_id = ? AND voided_at IS NULL"
        " ORDER BY opened_on, id",
        (child_id,),
    ).fetchall()


def open_case_period(conn: sqlite3.Connection, child_id: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM case_periods WHERE child_id = ? AND closed_on IS NULL AND voided_at IS NULL"
        " ORDER BY id DESC LIMIT 1",
        (child_id,),
    ).fetchone()


def risk_history(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's risk entries in force (not voided), by date."""
    return conn.execute(
        "SELECT * FROM risk_history WHERE child_id = ? AND voided_at IS NULL"
        " ORDER BY effective_on, id",
        (child_id,),
    ).fetchall()


def risk_entry_from(conn: sqlite3.Connection, source: str) -> sqlite3.Row | None:
    """The risk entry written by ``source`` (``assessment:12``), voided or not."""
    return conn.execute(
        "SELECT * FROM risk_history WHERE source = ? ORDER BY id DESC LIMIT 1", (source,)
    ).fetchone()


def latest_risk(conn: sqlite3.Connection, child_id: int) -> str | None:
    """The risk of the child's latest entry by date that is not voided (None: never assessed)."""
    row = conn.execute(
        "SELECT risk FROM risk_history WHERE child_id = ? AND voided_at IS NULL"
        " ORDER BY effective_on DESC, id DESC LIMIT 1",
        (child_id,),
    ).fetchone()
    return row[0] if row else None


def household(conn: sqlite3.Connection, code_or_id: str | int) -> sqlite3.Row | None:
    if isinstance(code_or_id, int):
        return conn.execute("SELECT * FROM households WHERE id = ?", (code_or_id,)).fetchone()
    return conn.execute(
        "SELECT * FROM households WHERE code = ?", (code_or_id.strip().upper(),)
    ).fetchone()


def guardians(conn: sqlite3.Connection, household_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM guardians WHERE household_id = ? ORDER BY is_primary DESC, id",
        (household_id,),
    ).fetchall()


def has_primary_guardian(conn: sqlite3.Connection, household_id: int) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM guardians WHERE household_id = ? AND is_primary = 1", (household_id,)
        ).fetchone()
    )


def clear_primary_guardian(conn: sqlite3.Connection, household_id: int) -> None:
    """No guardian of the household is the primary one any more (another is about to be)."""
    conn.execute("UPDATE guardians SET is_primary = 0 WHERE household_id = ?", (household_id,))


def code_of(conn: sqlite3.Connection, child_id: int) -> str:
    """The code of the child with this id (which must exist)."""
    return str(conn.execute("SELECT code FROM children WHERE id = ?", (child_id,)).fetchone()[0])


def ids_by_code(conn: sqlite3.Connection) -> dict[str, int]:
    """{code: id} of every child on file (merged ones included)."""
    return dict(conn.execute("SELECT code, id FROM children").fetchall())


def count_children(conn: sqlite3.Connection) -> int:
    """How many children's rows the file holds (merged and anonymised ones included)."""
    return int(conn.execute("SELECT count(*) FROM children").fetchone()[0])


def places_and_risks(conn: sqlite3.Connection, codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """{code: {"community", "worker", "risk"}} of the children with these codes."""
    rows = conn.execute(
        "SELECT c.code, c.community, c.worker, c.risk FROM json_each(?) j"
        " JOIN children c ON c.code = j.value",
        (json.dumps(sorted(set(codes))),),
    )
    return {r[0]: {"community": r[1], "worker": r[2], "risk": r[3]} for r in rows}


def household_members(conn: sqlite3.Connection, household_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM children WHERE household_id = ? AND merged_into IS NULL ORDER BY id",
        (household_id,),
    ).fetchall()


def list_households(conn: sqlite3.Connection, community: str | None = None) -> list[sqlite3.Row]:
    sql = (
        "SELECT h.*, (SELECT count(*) FROM children c WHERE c.household_id = h.id"
        " AND c.merged_into IS NULL) AS children,"
        " (SELECT count(*) FROM children c WHERE c.household_id = h.id AND c.status = 'active')"
        " AS active_children,"
        " (SELECT g.name FROM guardians g WHERE g.household_id = h.id"
        "  ORDER BY g.is_primary DESC, g.id LIMIT 1) AS guardian,"
        " (SELECT g.phone FROM guardians g WHERE g.household_id = h.id"
        "  ORDER BY g.is_primary DESC, g.id LIMIT 1) AS guardian_phone"
        " FROM households h"
    )
    params: Sequence[Any] = ()
    if community:
        sql += " WHERE h.community = ?"
        params = (community,)
    return conn.execute(sql + " ORDER BY h.id", params).fetchall()


def row_dict(row: sqlite3.Row | None, drop: Iterable[str] = ()) -> dict[str, Any]:
    if row is None:
        return {}
    skip = set(drop)
    return {k: row[k] for k in row.keys() if k not in skip}  # noqa: SIM118 (sqlite3.Row)


def require_child(conn: sqlite3.Connection, key: str, *, follow: bool = True) -> sqlite3.Row:
    """The child a CHILD argument names: a code, an ID number, or a name only one child has
    (a name several children share is refused, listing them); ``follow`` as in
    ``find_child``."""
    row = find_child(conn, key, follow=follow) or named_child(conn, key)
    if row is not None:
        return row
    if not child_names.is_name(key):
        raise unknown_child(key)
    raise child_names.nobody_named(key, children_named(conn, key, part=True))


def named_child(conn: sqlite3.Connection, key: str) -> sqlite3.Row | None:
    """The one child whose name ``key`` is (spaces and width ignored); None when ``key`` is
    no name (``child_names.is_name``) or no child has it. A name several children share is
    refused, listing them (code, masked ID number, community)."""
    if not child_names.is_name(key):
        return None
    named = children_named(conn, key)
    if len(named) > 1:
        raise child_names.several_named(key, named)
    if not named:
        return None
    found: sqlite3.Row | None = conn.execute(
        "SELECT * FROM children WHERE id = ?", (named[0]["id"],)
    ).fetchone()
    return found


def children_named(conn: sqlite3.Connection, name: str, *, part: bool = False) -> list[Any]:
    """Children (not merged into another, not anonymised) whose name is ``name``, or contains
    it with ``part``; spaces, middle dots and full/half width ignored."""
    key = child_names.search_key(name)
    rows = conn.execute(
        "SELECT id, code, name, id_number, community FROM children"
        " WHERE merged_into IS NULL AND anonymised_on IS NULL ORDER BY id"
    ).fetchall()
    search = child_names.search_key
    if part:
        return [r for r in rows if key in search(r["name"])]
    return [r for r in rows if search(r["name"]) == key]
