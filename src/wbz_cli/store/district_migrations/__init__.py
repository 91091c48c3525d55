"""The district file's migrations (``dNNNN_name.py``, each with ``up(conn)``): run in name
order whenever a district file is opened, each in its own transaction, recorded in the
file's ``schema_migrations`` and counted in ``PRAGMA user_version``, as the station's
(``store/migrations``, whose ``apply`` runs them). The two kinds of file never share one."""

from __future__ import annotations

import pkgutil
import sqlite3

from wbz_cli.store import migrations as station_migrations


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("d"))


def newer(conn: sqlite3.Connection) -> list[str]:
    """The migrations the file records that this version does not know (a newer wbz)."""
    known = set(available())
    return [n for n in station_migrations.applied(conn) if n not in known]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the pending migrations; return their names."""
    names = available()
    if conn.execute("PRAGMA user_version").fetchone()[0] == len(names):
        return []
    done = set(station_migrations.applied(conn))
    todo = [n for n in names if n not in done]
    for name in todo:
        station_migrations.apply(conn, name, package=__name__)
    return todo
