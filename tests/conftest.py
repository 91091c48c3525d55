"""Shared fixtures: an isolated database per test, a fixed today, a fixed terminal, no colour."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wbz_cli.cli.app import app

TODAY = "2026-11-24"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WBZ_TODAY", TODAY)
    monkeypatch.setenv("WBZ_OPERATOR", "tester")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("WBZ_DB", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wbz.db"


Invoke = Callable[..., Result]


@pytest.fixture
def wbz(db_path: Path) -> Invoke:
    """Run ``wbz --db <tmp db> ARGS...``; returns exit code, stdout and stderr."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        result = runner.invoke(
            app,
            ["--db", str(db_path), *map(str, args)],
            input=input,
            env=env,
            catch_exceptions=False,
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def station(wbz: Invoke) -> Invoke:
    """A database initialised for 华阳路街道未保站."""
    result = wbz("init", "--station", "华阳路街道未保站", "--district", "长宁区")
    assert result.exit_code == 0, result.stderr
    return wbz


def due_rows(result: Result) -> list[Any]:
    """The JSON rows of ``wbz due``, after checking its exit code: 3 ("done, and something
    needs attention") when any item is overdue, else 0 (CLI.md, exit codes)."""
    rows: list[Any] = result.json() if result.exit_code in (0, 3) else []
    expected = 3 if any((r["days_overdue"] or 0) > 0 for r in rows) else 0
    assert result.exit_code == expected, result.stderr
    return rows


def make_id(birth: str, seq: int = 1, area: str = "310105") -> str:
    """A valid ID number: ``birth`` as YYYY-MM-DD; an odd ``seq`` is a boy, even a girl."""
    from wbz_cli.domain.idnumber import check_digit

    first17 = f"{area}{birth.replace('-', '')}{seq:03d}"
    return first17 + check_digit(first17)
