"""The care services hold the rules and leave every SQL statement to store/ (issue 23: "no
SQL outside store/"): no ``execute(`` call on a connection and no string that reads as SQL,
plain or f-string, in the modules of the care record. Read with ``ast``, so a comment or a
Chinese message never counts and a query split over several literals still does."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "src" / "wbz_cli" / "services"

#: The service modules of the care record cleaned so far; the rule widens to all of services/.
CLEANED = (
    "care_file.py",
    "agreements.py",
    "care.py",
    "assessments.py",
    "risk_scoring.py",
    "assessment_edits.py",
    "plans.py",
)

#: What marks a string as SQL: the statements the store runs, in SQLite's capitals.
SQL_WORDS = re.compile(
    r"\bSELECT\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bPRAGMA\b|\bBEGIN\b|\bSAVEPOINT\b|\bCOMMIT\b|\bROLLBACK\b"
)
RUNNERS = {"execute", "executemany", "executescript"}


def sql_found(source: str) -> list[str]:
    """Where ``source`` runs SQL itself: ``line: what`` for each execute call and SQL string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RUNNERS
        ):
            found.append(f"{node.lineno}: .{node.func.attr}(")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL_WORDS.search(node.value)
        ):
            found.append(f"{node.lineno}: {node.value.strip()[:60]!r}")
    return found


@pytest.mark.parametrize("name", CLEANED)
def test_the_care_service_runs_no_sql_of_its_own(name: str) -> None:
    source = (SERVICES / name).read_text(encoding="utf-8")
    assert sql_found(source) == [], f"services/{name} should call a named store function"


@pytest.mark.parametrize(
    "source",
    [
        'rows = conn.execute("SELECT 1")\n',
        "store.conn.executemany(sql, rows)\n",
        'SQL = "SELECT * FROM plans" " WHERE id = ?"\n',
        'q = f"SELECT c.code FROM children c WHERE {ACTIVE_ON}"\n',
        'run(conn, "UPDATE plans SET review_on = ? WHERE id = ?")\n',
        'run(conn, "INSERT INTO services (child_id) VALUES (?)")\n',
        'run(conn, "DELETE FROM visits WHERE id = ?")\n',
        'run(conn, "PRAGMA foreign_keys = OFF")\n',
        'run(conn, "BEGIN IMMEDIATE")\n',
        'run(conn, "SAVEPOINT rows")\n',
    ],
)
def test_the_check_sees_sql_however_it_is_written(source: str) -> None:
    assert sql_found(source)


def test_the_check_leaves_messages_and_prose_alone() -> None:
    source = (
        '"""Select the plan, then update it; begin with the child."""\n'
        'raise RuleViolation(f"服务计划 {code} 已作废，请先用 wbz plan unvoid")\n'
        "# conn.execute('SELECT 1') in a comment\n"
    )
    assert sql_found(source) == []
