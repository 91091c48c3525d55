"""The part of the register a list touches, in a few set-based queries (no query per row).

The list's ID numbers are passed once, as one JSON array read by SQLite's ``json_each``;
children and guardians are found by joining it on their indexed ID-number columns, and the
children involved (their own rows, the households of listed guardians, and with a complete
list every child holding the category) come with their open case and categories.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from wbz_cli.domain.match_report import RegChild, RegGuardian, Register

#: A child's columns (0-6: only those the match uses), whether its case is open on :d (7),
#: and its category periods open on :d (8: not ended, not past their age limit, as
#: ``wbz update`` sees them), found by the indexes on case_periods (child_id, opened_on) and
#: child_categories (child_id, category).
_CHILD = (
    "c.id, c.code, c.name, c.id_number, c.household_id, h.income_status, c.merged_into,"
    " EXISTS (SELECT 1 FROM case_periods p WHERE p.child_id = c.id AND p.opened_on <= :d"
    "  AND (p.closed_on IS NULL OR p.closed_on > :d) AND p.voided_at IS NULL),"
    " (SELECT group_concat(k.category) FROM child_categories k WHERE k.child_id = c.id"
    "  AND k.end_on IS NULL AND (k.expires_on IS NULL OR k.expires_on > :d)"
    "  AND k.voided_at IS NULL)"
)
#: Every query gives its rows as one JSON array of arrays (``json_group_array``): a single
#: step of SQLite, which leaves Python free while it runs (``fetch_register`` runs beside the
#: parsing of the list), and quicker than 30,000 rows handed over to Python one by one.
_ROWS = "SELECT json_group_array(json_array({})) "
#: The listed children are found by the ID-number index first and read in rowid order
#: (``c.id IN``), so that their rows, case periods and categories are read page after page
#: rather than all over the file: half the time on a register of 100,000.
_LISTED_CHILDREN = (
    _ROWS.format(_CHILD)
    + """FROM children c
LEFT JOIN households h ON h.id = c.household_id
WHERE c.id IN (SELECT b.id FROM json_each(:numbers) m JOIN children b ON b.id_number = m.value)
"""
)
_MERGED_TARGETS = (
    _ROWS.format(_CHILD + ", b.id_number")
    + """FROM json_each(:numbers) m
JOIN children b ON b.id_number = m.value AND b.merged_into IS NOT NULL
JOIN children c ON c.id = b.merged_into
LEFT JOIN households h ON h.id = c.household_id
"""
)
_GUARDIANS = (
    _ROWS.format("g.id, g.household_id, h.code, g.name, g.relation, g.situation, g.id_number")
    + """FROM guardians g JOIN households h ON h.id = g.household_id
WHERE g.id IN (SELECT b.id FROM json_each(:numbers) m JOIN guardians b ON b.id_number = m.value)
"""
)
_HOUSEHOLD_CHILDREN = (
    _ROWS.format(_CHILD)
    + """FROM children c
LEFT JOIN households h ON h.id = c.household_id
WHERE c.merged_into IS NULL AND c.household_id IN (SELECT value FROM json_each(:households))
"""
)
_HOLDERS = (
    _ROWS.format(_CHILD)
    + """FROM child_categories k
JOIN children c ON c.id = k.child_id
LEFT JOIN households h ON h.id = c.household_id
WHERE k.category = :category AND k.end_on IS NULL AND (k.expires_on IS NULL OR k.expires_on > :d)
  AND k.voided_at IS NULL AND c.merged_into IS NULL
"""
)
#: The listed children, their households' children and guardians are spread over the whole
#: file: read through a memory map, SQLite reads each page in place instead of copying it
#: into its 2 MB page cache, again and again (0.5 -> 0.3 s on a register of 100,000).
MMAP_BYTES = 1 << 30


@dataclass
class RegisterRows:
    """What the register queries return for a set of ID numbers, before it is sorted out."""

    listed: list[list[Any]]
    merged: list[list[Any]]
    guardians: list[list[Any]]
    household_children: list[list[Any]]
    holders: list[list[Any]]


def load_register(
    conn: sqlite3.Connection, on: str, numbers: Collection[str], category: str | None = None
) -> Register:
    """The children and guardians whose ID numbers are in ``numbers`` (a merged child's
    number leads to the child it was merged into), the children of those guardians'
    households, and with ``category`` every child holding it on ``on``."""
    return build_register(fetch_register(conn, on, numbers, category), numbers)


def fetch_register(
    conn: sqlite3.Connection, on: str, numbers: Collection[str], category: str | None = None
) -> RegisterRows:
    """The rows for ``load_register``; ``numbers`` may hold more numbers than are finally
    wanted (``build_register`` keeps those of the numbers it is given). Uses nothing but
    ``conn``, so that it can run in a thread while the list is read."""
    mmap = conn.execute("PRAGMA mmap_size").fetchone()[0]
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    try:
        cur = conn.cursor()
        cur.row_factory = None
        params = {"d": on, "category": category, "numbers": json.dumps(sorted(numbers))}

        def rows(query: str) -> list[list[Any]]:
            return json.loads(cur.execute(query, params).fetchone()[0])

        merged = cur.execute("SELECT 1 FROM children WHERE merged_into IS NOT NULL LIMIT 1")
        any_merged = merged.fetchone() is not None
        listed = rows(_LISTED_CHILDREN)
        targets = rows(_MERGED_TARGETS) if any_merged else []
        guardians = rows(_GUARDIANS)
        # The listed guardians' households, as found: not by the list's numbers again
        params["households"] = json.dumps(sorted({g[1] for g in guardians}))
        return RegisterRows(
            listed,
            targets,
            guardians,
            rows(_HOUSEHOLD_CHILDREN),
            rows(_HOLDERS) if category is not None else [],
        )
    finally:
        conn.execute(f"PRAGMA mmap_size = {int(mmap)}")


def build_register(found: RegisterRows, numbers: Collection[str]) -> Register:
    """The register as ``match`` needs it, from the rows of ``fetch_register``, for the ID
    numbers in ``numbers`` only (the rows of other numbers are left out)."""
    by_id: dict[int, RegChild] = {}
    children: dict[str, RegChild] = {}
    households: dict[int, list[RegChild]] = {}

    def add(row: list[Any]) -> RegChild:
        child = by_id.get(row[0])
        if child is None:
            cats = set(row[8].split(",")) if row[8] else set()
            child = RegChild(row[0], row[1], row[2], row[4], row[5], bool(row[7]), cats)
            by_id[row[0]] = child
            children[row[3]] = child
        return child

    for row in found.listed:
        if row[6] is None and row[3] in numbers:
            add(row)
    for row in found.merged:
        if row[9] in numbers:
            children[row[9]] = add(row)
    guardians: dict[str, list[RegGuardian]] = {}
    for gid, hid, hcode, name, relation, situation, number in found.guardians:
        if number in numbers:
            guardians.setdefault(number, []).append(
                RegGuardian(gid, hid, hcode, name, relation, situation)
            )
    listed_households = {g.household_id for gs in guardians.values() for g in gs}
    for row in found.household_children:
        if row[4] in listed_households:
            child = add(row)
            households.setdefault(row[4], []).append(child)
    for row in found.holders:
        add(row)
    for kids in households.values():
        kids.sort(key=lambda c: c.id)
    return Register(children, guardians, households)


def set_guardian_situation(conn: sqlite3.Connection, guardian_id: int, situation: str) -> None:
    conn.execute("UPDATE guardians SET situation = ? WHERE id = ?", (situation, guardian_id))


def guardian(conn: sqlite3.Connection, guardian_id: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT g.*, h.code AS household FROM guardians g JOIN households h"
        " ON h.id = g.household_id WHERE g.id = ?",
        (guardian_id,),
    ).fetchone()
