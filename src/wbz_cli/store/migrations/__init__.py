"""Named, ordered schema migrations, applied whenever the database is opened.

Each migration is a module ``mNNNN_name.py`` in this package with a function
``up(conn)``; modules run in name order, each inside its own transaction, and the name is
recorded in ``schema_migrations``. ``PRAGMA user_version`` holds how many have run, so an
up-to-date file costs one pragma read on open. Before migrating a file that already holds
data, ``before_change`` is called: ``store/db.connect`` keeps a copy in ``backups/`` beside
it (``store/backup.py``). This package imports neither, so the store's modules form no loop.
"""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from wbz_cli.store.sqlite_file import begin_immediate


def available() -> list[str]:
    names = [m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("m")]
    return sorted(names)


def applied(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if not exists:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]


def pending(conn: sqlite3.Connection) -> list[str]:
    names = available()
    if conn.execute("PRAGMA user_version").fetchone()[0] == len(names):
        return []
    done = set(applied(conn))
    return [n for n in names if n not in done]


def migrate(
    conn: sqlite3.Connection,
    upto: str | None = None,
    *,
    before_change: Callable[[sqlite3.Connection], object] | None = None,
) -> list[str]:
    """Apply pending migrations (up to and including ``upto``); return their names.
    ``before_change(conn)`` runs first when a file already migrated is about to change."""
    todo = pending(conn)
    if upto is not None:
        todo = [n for n in todo if n <= upto]
    if todo and applied(conn) and before_change is not None:
        before_change(conn)
    for name in todo:
        apply(conn, name)
    return todo


def apply(conn: sqlite3.Connection, name: str, *, package: str = __name__) -> None:
    """Run migration ``name`` of ``package`` (the district file's migrations name theirs,
    ``store/district_migrations``) in its own transaction and record it; nothing if
    recorded."""
    module = importlib.import_module(f"{package}.{name}")
    begin_immediate(conn)
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
            conn.execute("ROLLBACK")
            return
        module.up(conn)
        conn.execute(
            "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
            (name, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        count = conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {int(count)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
