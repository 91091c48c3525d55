"""Reading a database file without touching it, for shell completion: no creation, no
migration, no WAL switch, no change of mode, no -wal or -shm file left behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from wbz_cli.store.sqlite_file import SQLITE_MAGIC


def child_codes(path: Path, prefix: str = "", limit: int = 500) -> list[str]:
    """The children's codes in the file at ``path`` that start with ``prefix`` (case as
    stored), in order; none when the file is missing, not a wbz database, or busy."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return []
        wal = Path(f"{path}-wal").exists()
        # Without a -wal file everything is in the main file and ``immutable`` reads it with
        # no lock and no -shm; with one, another program has it open and a read-only
        # connection shares its -shm.
        flags = "mode=ro" if wal else "mode=ro&immutable=1"
        uri = f"file:{quote(str(Path(path).resolve()))}?{flags}"
        conn = sqlite3.connect(uri, uri=True, timeout=0.2)
        try:
            like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = conn.execute(
                "SELECT code FROM children WHERE code LIKE ? ESCAPE '\\' ORDER BY code LIMIT ?",
                (like, limit),
            ).fetchall()
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return []
    return [str(code) for (code,) in rows]
