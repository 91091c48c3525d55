"""Is a file's schema the one wbz's migrations make? Object by object (tables with their
columns, indexes, triggers, views), against the schema the migrations recorded in the file's
``schema_migrations`` create when run on an empty database in memory.

A file from elsewhere can carry code: a trigger runs inside wbz's own writes (copying ID
numbers into a column shown unmasked, deleting audit rows, deleting every visit), and a view
can stand in for a table. Restore accepts only an equal schema; every opening refuses a
trigger or view the migrations did not create; ``wbz doctor`` reports the whole comparison.
"""

from __future__ import annotations

import importlib
import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache

from wbz_cli.store import migrations

#: Object types by their Chinese names.
TYPES = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}
#: Kinds of difference, as a user reads them before the object's type and name.
KINDS = {"extra": "多出的", "missing": "缺少的", "different": "被改动的"}
#: Objects of a type that can run or stand in for data: refused at every opening.
CODE = ("trigger", "view")

_QUOTED = re.compile(r'"(\w+)"|\[(\w+)\]|`(\w+)`')


@dataclass(frozen=True)
class Entry:
    """One object of ``sqlite_master``, its SQL normalised (and as written, ``raw``, for a
    quick look); a table's columns as ``PRAGMA table_xinfo`` gives them (name, type, not
    null, default, key, hidden)."""

    type: str
    name: str
    table: str
    sql: str
    columns: tuple[tuple[object, ...], ...] = ()
    raw: str = field(default="", compare=False)


@dataclass(frozen=True)
class Difference:
    kind: str  # extra | missing | different
    type: str
    name: str
    detail: str = ""

    def describe(self) -> str:
        text = f"{KINDS[self.kind]}{TYPES.get(self.type, self.type)} {self.name}"
        return f"{text}（{self.detail}）" if self.detail else text


Schema = dict[tuple[str, str], Entry]


def normalise(sql: str | None) -> str:
    """The SQL as SQLite may rewrite it (a rename quotes names) with spacing made uniform."""
    text = sql or ""
    if '"' in text or "[" in text or "`" in text:
        text = _QUOTED.sub(lambda m: next(g for g in m.groups() if g), text)
    text = " ".join(text.split())
    for mark in "(),;=":  # str.replace: a regular expression's substitution costs 0.1 ms
        text = text.replace(f" {mark}", mark).replace(f"{mark} ", mark)
    return text


def read(conn: sqlite3.Connection, types: tuple[str, ...] = tuple(TYPES)) -> Schema:
    """The file's objects of ``types``, without SQLite's own (``sqlite_sequence``,
    ``sqlite_stat1``, the indexes behind UNIQUE and PRIMARY KEY)."""
    marks = ", ".join("?" for _ in types)
    rows = conn.execute(
        f"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ({marks})"
        " AND NOT (type = 'table' AND name LIKE 'sqlite\\_%' ESCAPE '\\')"
        " AND NOT (type = 'index' AND sql IS NULL)",
        types,
    ).fetchall()
    schema = {}
    for kind, name, table, sql in rows:
        columns: tuple[tuple[object, ...], ...] = ()
        if kind == "table":
            info = conn.execute("SELECT * FROM pragma_table_xinfo(?)", (name,)).fetchall()
            columns = tuple(tuple(c)[1:] for c in info)
        schema[(kind, name)] = Entry(kind, name, table, normalise(sql), columns, sql or "")
    return schema


def recorded(conn: sqlite3.Connection) -> tuple[str, ...] | None:
    """The migrations the file says it has, in order; None without ``schema_migrations``."""
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone():
        return None
    return tuple(migrations.applied(conn))


def newer(conn: sqlite3.Connection) -> bool:
    """Whether the file records a migration this wbz does not know (a newer wbz made it)."""
    return bool(set(recorded(conn) or ()) - set(migrations.available()))


#: The package of the station file's migrations; a district file's are
#: ``wbz_cli.store.district_migrations`` (``package`` of ``expected`` and ``compare``).
STATION_MIGRATIONS = migrations.__name__


@lru_cache(maxsize=8)
def expected(names: tuple[str, ...], package: str = STATION_MIGRATIONS) -> Schema:
    """What the migrations ``names`` (those this wbz knows) of ``package`` create, run in
    name order on an empty database in memory."""
    known = set(importlib.import_module(package).available())
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for name in sorted(set(names) & known):
            migrations.apply(conn, name, package=package)
        return read(conn)
    finally:
        conn.close()


def built_code(names: tuple[str, ...]) -> tuple[tuple[str, str, str, str], ...]:
    """The triggers and views the migrations ``names`` create, built in memory (some 15 ms),
    as SQLite keeps them: (type, name, table, SQL as written), by type and name."""
    code = [e for e in expected(names).values() if e.type in CODE]
    return tuple(sorted((e.type, e.name, e.table, e.raw) for e in code))


def written_code(names: tuple[str, ...]) -> dict[tuple[str, str], tuple[str, str]]:
    """The triggers and views the migrations ``names`` create, as SQLite keeps them:
    (type, name) -> (table, SQL). For the migration list ``expected_schema`` was generated
    for (an up-to-date file, the usual case) its constant; for another (an older file about
    to be migrated, a newer one) built in memory. Imported here, so that ``make schema``
    can write that module again whatever state it is in (a merge's conflict marks)."""
    from wbz_cli.store import expected_schema

    rows = expected_schema.CODE if names == expected_schema.MIGRATIONS else built_code(names)
    return {(kind, name): (table, sql) for kind, name, table, sql in rows}


def compare(
    conn: sqlite3.Connection,
    types: tuple[str, ...] = tuple(TYPES),
    package: str = STATION_MIGRATIONS,
) -> list[Difference]:
    """Every object of ``types`` that is extra, missing or different, against what the file's
    recorded migrations (of ``package``: a district file's are its own) create; no
    ``schema_migrations`` at all: everything is extra."""
    actual = read(conn, types)
    names = recorded(conn) or ()
    wanted = {key: e for key, e in expected(names, package).items() if key[0] in types}
    found = [_extra(entry) for key, entry in sorted(actual.items()) if key not in wanted]
    found += [
        _changed(entry, actual[key])
        for key, entry in sorted(wanted.items())
        if key in actual and actual[key] != entry
    ]
    found += [Difference("missing", t, n) for (t, n) in sorted(wanted) if (t, n) not in actual]
    return found


def foreign_code(conn: sqlite3.Connection) -> list[Difference]:
    """Triggers and views that are extra or changed: what every opening refuses. One read
    of ``sqlite_master``; when each object's SQL is exactly what the migrations wrote (the
    usual case), nothing more."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')"
    ).fetchall()
    if not rows:
        return []
    written = written_code(recorded(conn) or ())
    if all(written.get((kind, name)) == (table, sql) for kind, name, table, sql in rows):
        return []
    return [d for d in compare(conn, CODE) if d.kind != "missing"]


def summary(found: list[Difference], limit: int = 10) -> str:
    """The first ``limit`` differences by name, and how many there are in all."""
    text = "；".join(d.describe() for d in found[:limit])
    return f"{text}……共 {len(found)} 处" if len(found) > limit else text


def _extra(entry: Entry) -> Difference:
    detail = f"属于表 {entry.table}" if entry.type in ("index", "trigger") else ""
    return Difference("extra", entry.type, entry.name, detail)


def _changed(want: Entry, have: Entry) -> Difference:
    if want.type != "table":
        return Difference("different", want.type, want.name, "定义与 wbz 创建的不同")
    wanted = {c[0]: c for c in want.columns}
    present = {c[0]: c for c in have.columns}
    parts = [f"缺少列 {n}" for n in wanted if n not in present]
    parts += [f"多出列 {n}" for n in present if n not in wanted]
    parts += [f"列 {n} 的定义不同" for n in wanted if n in present and present[n] != wanted[n]]
    detail = "，".join(parts) or "定义与 wbz 创建的不同"
    return Difference("different", want.type, want.name, detail)
