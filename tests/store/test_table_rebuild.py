"""A future migration can change a table with sqlite-utils' ``transform()``
(store/migrations/rebuild.py) without losing what the schema relies on: the CHECK lists of
allowed values, the indexes, the report's tracking triggers, the rows and the foreign keys
pointing at the table; and wbz never imports sqlite-utils unless such a migration runs."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.store.db import connect
from wbz_cli.store.migrations.rebuild import transform_table

CHECK = re.compile(r"CHECK \((?:[^()]|\([^()]*\))*\)")


def schema_of(conn: sqlite3.Connection, table: str) -> tuple[list[str], dict[str, str]]:
    """The table's CHECK constraints, and its indexes and triggers by name with their SQL."""
    [sql] = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    others = {
        name: text
        for name, text in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
            " AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        )
    }
    return CHECK.findall(sql), others


def rebuilt(conn: sqlite3.Connection, table: str, **changes: object) -> None:
    """``transform_table`` as a migration runs it: inside the runner's transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        transform_table(conn, table, **changes)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@pytest.fixture
def with_a_visit(station: Invoke, db_path: Path) -> Path:
    result = station(
        "register", "--name", "儿童一", "--id-number", make_id("2015-06-01", 11),
        "-c", "留守", "--on", "2026-01-10", "--community", "华阳居民区",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    result = station("visit", "add", "C000001", "--mode", "入户", "--on", "2026-02-01")
    assert result.exit_code == 0, result.stderr
    return db_path


def test_a_rebuilt_table_keeps_its_checks_indexes_triggers_and_rows(with_a_visit: Path) -> None:
    conn = connect(with_a_visit)
    checks, others = schema_of(conn, "children")
    assert len(checks) == 3  # gender, risk (m0801's chain of ORs) and status
    assert any(name.startswith("report_track_children") for name in others)
    rows = conn.execute("SELECT * FROM children").fetchall()

    rebuilt(conn, "children", column_order=["id", "code", "name", "gender", "id_number"])

    assert schema_of(conn, "children") == (checks, others)
    assert [dict(r) for r in conn.execute("SELECT * FROM children")] == [dict(r) for r in rows]
    columns = [c[1] for c in conn.execute("PRAGMA table_info(children)")]
    assert columns[:5] == ["id", "code", "name", "gender", "id_number"]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        conn.execute("UPDATE children SET risk = 'purple'")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        conn.execute("UPDATE children SET gender = 'X'")
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute("UPDATE visits SET child_id = 999")
    conn.close()


def test_the_file_opens_again_after_a_rebuild(with_a_visit: Path, station: Invoke) -> None:
    """Opening checks the triggers against the shipped ones (store/expected_schema.py)."""
    conn = connect(with_a_visit)
    rebuilt(conn, "subsidies", column_order=["id", "child_id", "month"])
    conn.close()
    result = station("show", "C000001", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["visit_count"] == 1


def test_wbz_opens_and_migrates_a_file_without_importing_sqlite_utils(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from wbz_cli.cli.app import app\n"
        "from wbz_cli.store.db import connect\n"
        "import wbz_cli.store.migrations.rebuild\n"
        f"connect(__import__('pathlib').Path({str(tmp_path / 'new.db')!r})).close()\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
