"""The station's submission (报送包, issue 21) reads the month's figures and the list of
children active at its end in ONE read transaction: a write another program commits while
the package is being built is in both or in neither, so the district never receives a
package whose ``children.active`` disagrees with its own list."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain import submission
from wbz_cli.services import submission as submission_service
from wbz_cli.services.children import reopen_child
from wbz_cli.store.session import Store

KEY = bytes(range(32))


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def register(wbz: Invoke, name: str, seq: int, on: str) -> str:
    args = ["register", "--name", name, "--id-number", make_id("2014-03-01", seq), "--on", on,
            "--category", "left_behind", "--format", "json"]  # fmt: skip
    return str(ok(wbz(*args)).json()["child"])


def package_body(wbz: Invoke, out: str) -> dict[str, Any]:
    ok(wbz("report", "monthly", "--month", "2026-10", "--format", "package", "--out", out))
    return submission.unpack(Path(out).read_bytes(), KEY)


def test_a_case_reopened_while_the_package_is_built_is_in_its_figures_and_list_or_neither(
    station: Invoke, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "区县密钥.txt"
    key_file.write_text(submission.key_text(KEY, "长宁区"), encoding="utf-8")
    ok(station("init", "--district-key", str(key_file)))
    register(station, "甲小明", 1, "2026-09-15")
    register(station, "乙小明", 2, "2026-10-01")
    closed = register(station, "丙小明", 3, "2026-09-01")
    ok(station("close", closed, "--reason", "moved", "--on", "2026-10-20"))

    read_schema = submission_service.latest_migration

    def another_program_reopens(conn: sqlite3.Connection) -> str:
        """Between the figures and the list: another wbz reopens 丙 within October."""
        other = Store.open(db_path, "另一台电脑", create=False)
        try:
            reopen_child(other, closed, date(2026, 10, 25), date(2026, 11, 24))
        finally:
            other.close()
        return read_schema(conn)

    with monkeypatch.context() as patched:
        patched.setattr(submission_service, "latest_migration", another_program_reopens)
        first = package_body(station, "报送.wbzpkg")
    assert first["figures"]["children.active"] == len(first["children"]) == 2

    # the reopening was committed: the next package has it in both
    again = package_body(station, "报送-更正.wbzpkg")
    assert again["figures"]["children.active"] == len(again["children"]) == 3
    assert closed in {c["child"] for c in again["children"]}
