"""Queries over leads (线索), their history of moves (lead_events) and the deadline policy.

``leads.status``, ``leads.agency`` and ``leads.agency_type`` hold the current state; the
history in ``lead_events`` (one row per move, the first being how the lead started) is what
reports read, so a past month is always counted the same way. A move taken back by
``wbz refer undo`` stays in the history with the undo (``reverses`` = the move's id) after it;
deadlines and reports read only the moves in force (``IN_FORCE``).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from wbz_cli.store.children import insert, next_id, update

__all__ = ["insert", "next_id", "update"]

_LIST_SQL = """
SELECT l.*, c.code AS child, c.name AS name
FROM leads l LEFT JOIN children c ON c.id = l.child_id
WHERE 1 = 1
"""


#: A ``lead_events`` row that is neither an undo nor a move undone.
IN_FORCE = (
    "reverses IS NULL AND id NOT IN (SELECT reverses FROM lead_events WHERE reverses IS NOT NULL)"
)


def find_lead(conn: sqlite3.Connection, code: str) -> sqlite3.Row | None:
    return conn.execute(_LIST_SQL + " AND l.code = ?", ((code or "").strip().upper(),)).fetchone()


def lead_by_reference(conn: sqlite3.Connection, source: str, reference: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM leads WHERE source = ? AND reference = ?", (source, reference)
    ).fetchone()


def events(conn: sqlite3.Connection, lead_id: int) -> list[sqlite3.Row]:
    """The lead's whole history in date order, undone moves and undos included."""
    return conn.execute(
        "SELECT * FROM lead_events WHERE lead_id = ? ORDER BY on_date, id", (lead_id,)
    ).fetchall()


def events_in_force(conn: sqlite3.Connection, lead_id: int) -> list[sqlite3.Row]:
    """The lead's moves in force in date order: no undo, no move undone."""
    return conn.execute(
        f"SELECT * FROM lead_events WHERE lead_id = ? AND {IN_FORCE} ORDER BY on_date, id",
        (lead_id,),
    ).fetchall()


def list_leads(
    conn: sqlite3.Connection,
    *,
    status: str | None = None,
    lead_type: str | None = None,
    agency: str | None = None,
    agency_type: str | None = None,
    child_id: int | None = None,
    found_from: str | None = None,
    found_to: str | None = None,
    mandatory: bool | None = None,
    open_only: bool = False,
    final_statuses: frozenset[str] = frozenset(),
) -> list[sqlite3.Row]:
    sql = _LIST_SQL
    params: dict[str, Any] = {}
    if status:
        sql += " AND l.status = :status"
        params["status"] = status
    if lead_type:
        sql += " AND l.type = :type"
        params["type"] = lead_type
    if agency:
        sql += " AND (instr(l.agency, :agency) > 0 OR instr(l.source_agency, :agency) > 0)"
        params["agency"] = agency
    if agency_type:
        sql += " AND l.agency_type = :agency_type"
        params["agency_type"] = agency_type
    if child_id is not None:
        sql += " AND l.child_id = :child_id"
        params["child_id"] = child_id
    if found_from:
        sql += " AND l.found_on >= :found_from"
        params["found_from"] = found_from
    if found_to:
        sql += " AND l.found_on <= :found_to"
        params["found_to"] = found_to
    if mandatory is not None:
        sql += " AND l.mandatory = :mandatory"
        params["mandatory"] = int(mandatory)
    if open_only and final_statuses:
        marks = ", ".join(f":f{i}" for i in range(len(final_statuses)))
        sql += f" AND l.status NOT IN ({marks})"
        params.update({f"f{i}": s for i, s in enumerate(sorted(final_statuses))})
    sql += " ORDER BY l.found_on, l.id"
    return conn.execute(sql, params).fetchall()


EventTuple = tuple[str, str, str | None]  # status, on_date, agency_type


def events_by_lead(
    conn: sqlite3.Connection,
    lead_ids: list[int] | None = None,
    upto: str | None = None,
    among: tuple[str, bool] | None = None,
) -> dict[int, list[EventTuple]]:
    """(status, on_date, agency_type) of each lead's moves in date order: all leads or
    ``lead_ids``, up to the day ``upto``; ``among`` (a table of child_id, whether leads linked
    to no child count too): only the leads of those children."""
    sql = f"SELECT lead_id, status, on_date, agency_type FROM lead_events WHERE {IN_FORCE}"
    params: list[Any] = []
    if upto:
        sql += " AND on_date <= ?"
        params.append(upto)
    if among is not None:
        sql += f" AND lead_id IN (SELECT id FROM leads WHERE {_leads_among(*among)})"
    wanted: set[int] | None = None
    if lead_ids is not None:
        if not lead_ids:
            return {}
        if len(lead_ids) <= 500:
            sql += f" AND lead_id IN ({', '.join('?' for _ in lead_ids)})"
            params.extend(lead_ids)
        else:
            wanted = set(lead_ids)
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: this reads every move of every lead
    grouped: dict[int, list[EventTuple]] = defaultdict(list)
    for lead_id, status, on_date, agency_type in cur.execute(
        sql + " ORDER BY lead_id, on_date, id", params
    ):
        if wanted is None or lead_id in wanted:
            grouped[lead_id].append((status, on_date, agency_type))
    return grouped


def leads_found_by(
    conn: sqlite3.Connection, day: str, among: tuple[str, bool] | None = None
) -> list[sqlite3.Row]:
    """Leads found by ``day``; ``among`` as for ``events_by_lead``."""
    sql = "SELECT id, child_id, type, source, mandatory, found_on FROM leads WHERE found_on <= ?"
    if among is not None:
        sql += f" AND {_leads_among(*among)}"
    return conn.execute(sql, (day,)).fetchall()


def _leads_among(among: str, unlinked: bool) -> str:
    orphans = " OR child_id IS NULL" if unlinked else ""
    return f"(child_id IN (SELECT child_id FROM {among}){orphans})"


def policy_rows(conn: sqlite3.Connection, as_of: str) -> list[sqlite3.Row]:
    """The rule of each key in force on ``as_of`` (its latest row not after that day)."""
    return conn.execute(
        "SELECT p.key, p.days, p.working, p.effective_on FROM lead_policy p"
        " WHERE p.effective_on = (SELECT max(p2.effective_on) FROM lead_policy p2"
        " WHERE p2.key = p.key AND p2.effective_on <= ?) ORDER BY p.rowid",
        (as_of,),
    ).fetchall()


def set_policy(
    conn: sqlite3.Connection, key: str, effective_on: str, days: int, working: bool
) -> None:
    conn.execute(
        "INSERT INTO lead_policy (key, effective_on, days, working) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (key, effective_on) DO UPDATE"
        " SET days = excluded.days, working = excluded.working",
        (key, effective_on, days, int(working)),
    )
