"""What the tests of issue 25's records share: a station with one child on file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Invoke, Result, make_id

BOY = make_id("2014-05-06", 11)
GIRL = make_id("2015-07-08", 22)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stderr
    return result


def refused(result: Result, *words: str) -> str:
    """The one Chinese line of a refused command, after checking it names ``words``."""
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def child_on_file(station: Invoke, on: str = "2026-01-05", id_number: str = BOY) -> str:
    """Register a child (orphan, 华阳居民区) on ``on``; its code."""
    ok(station("register", "--name", "王小明", "--id-number", id_number, "-c", "orphan",
               "--community", "华阳居民区", "--on", on))  # fmt: skip
    return str(station("children", "--format", "json").json()[-1]["child"])


def file_text(db: Path) -> str:
    """Every value of every table, as text (what a purge must have removed)."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(
            str(v) for t in tables for row in conn.execute(f"SELECT * FROM {t}") for v in row
        )
    finally:
        conn.close()
