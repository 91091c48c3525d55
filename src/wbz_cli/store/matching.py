"""The register indexed for matching lists: four queries, one pass each, no query per row."""

from __future__ import annotations

import sqlite3

from wbz_cli.domain.matching import RegChild, RegGuardian, Register

_CHILDREN = """
SELECT c.id, c.code, c.name, c.id_number, c.birth_date, c.household_id, h.income_status,
       c.registered_on, c.merged_into
FROM children c LEFT JOIN households h ON h.id = c.household_id
"""
#: Cases open on :d.
_ACTIVE = (
    "SELECT DISTINCT child_id FROM case_periods"
    " WHERE opened_on <= :d AND (closed_on IS NULL OR closed_on > :d)"
)
#: Category periods open on :d: not ended and not past their age limit (as ``wbz update``).
_CATEGORIES = (
    "SELECT child_id, category FROM child_categories"
    " WHERE end_on IS NULL AND (expires_on IS NULL OR expires_on > :d)"
)
_GUARDIANS = """
SELECT g.id, g.household_id, h.code, g.name, g.relation, g.situation, g.id_number
FROM guardians g JOIN households h ON h.id = g.household_id
WHERE g.id_number IS NOT NULL AND g.id_number != ''
"""


def load_register(conn: sqlite3.Connection, on: str) -> Register:
    """Every child by ID number (a merged child's number leads to the child it was merged
    into), guardians by ID number, and each household's children."""
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: the fastest rows sqlite3 gives
    params = {"d": on}
    active = {r[0] for r in cur.execute(_ACTIVE, params)}
    by_id: dict[int, RegChild] = {}
    numbers: dict[str, RegChild] = {}
    merged: list[tuple[str, int]] = []
    households: dict[int, list[RegChild]] = {}
    for cid, code, name, number, birth, hid, income, registered, into in cur.execute(_CHILDREN):
        if into is not None:
            merged.append((number, into))
            continue
        child = RegChild(cid, code, name, birth, hid, income, registered, cid in active)
        by_id[cid] = child
        numbers[number] = child
        if hid is not None:
            households.setdefault(hid, []).append(child)
    for number, into in merged:
        target = by_id.get(into)
        if target is not None:
            numbers[number] = target
    for cid, category in cur.execute(_CATEGORIES, params):
        held = by_id.get(cid)
        if held is not None:
            held.categories.add(category)
    guardians: dict[str, list[RegGuardian]] = {}
    for gid, hid, hcode, name, relation, situation, number in cur.execute(_GUARDIANS):
        guardians.setdefault(number.upper(), []).append(
            RegGuardian(gid, hid, hcode, name, relation, situation)
        )
    return Register(numbers, guardians, households)


def set_guardian_situation(conn: sqlite3.Connection, guardian_id: int, situation: str) -> None:
    conn.execute("UPDATE guardians SET situation = ? WHERE id = ?", (situation, guardian_id))


def guardian(conn: sqlite3.Connection, guardian_id: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT g.*, h.code AS household FROM guardians g JOIN households h"
        " ON h.id = g.household_id WHERE g.id = ?",
        (guardian_id,),
    ).fetchone()
