"""The triggers and views the migrations make, kept in the user's cache folder.

Every opening compares the file's triggers and views with what the migrations create
(``schema_check``). Running the migrations on an empty database in memory takes some 15 ms
(and more to import them) on every command; the result depends only on the migrations'
files and SQLite's version, so it is kept in ``$XDG_CACHE_HOME/wbz`` (``~/.cache/wbz``)
under a name made from both, and read back in well under a millisecond. A file that cannot
be written or read is no error: the triggers and views are then made in memory again.
Whoever can write that folder can make wbz accept a trigger: it is the user's own.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import zlib
from pathlib import Path
from typing import Any

from wbz_cli.store import migrations

#: Raised when what is kept changes: rows of (type, name, table, SQL as written).
FORMAT = "1"


def cache_file(names: tuple[str, ...]) -> Path | None:
    """Where what the migrations ``names`` create is kept; None when one cannot be found.
    The name holds a CRC of the migrations' sizes and times (zlib is loaded anyway; hashlib
    would add 3 ms, reading the sources 0.5 ms)."""
    key = f"{FORMAT}\0{sqlite3.sqlite_version}\0{chr(0).join(names)}"
    folder = Path(migrations.__file__).parent
    try:
        for name in names:
            stat = os.stat(folder / f"{name}.py")
            key += f"\0{stat.st_size}\0{stat.st_mtime_ns}"
    except OSError:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    crc = zlib.crc32(key.encode())
    return Path(base) / "wbz" / f"expected-schema-{len(names)}-{crc:08x}.json"


def load(path: Path) -> list[list[Any]] | None:
    """The rows kept at ``path``, or None when there are none or they are not readable."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(rows, list) or not all(
        isinstance(r, list) and len(r) == 4 and all(isinstance(v, str) for v in r) for r in rows
    ):
        return None
    return rows


def save(path: Path, rows: list[list[Any]]) -> None:
    """Keep ``rows`` at ``path`` (0600, written whole then renamed); failure is ignored."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
