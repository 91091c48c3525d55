"""Issue 24 re-tested by its adversary after the fixes: the variants the first round missed.
Each test runs the CLI as a user would and asserts what the user would notice."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Invoke
from tests.safety.test_hostile_db import file_state, sql
from tests.safety.test_hostile_sheets import wbz_limited  # noqa: F401 (a fixture)

from wbz_cli.store import migrations

#: ``wbz`` in a child process limited to 1 GB (tests/safety/test_hostile_sheets.py)
Limited = Callable[..., subprocess.CompletedProcess[str]]


def no_internal_error(text: str) -> None:
    for bad in ("Traceback", "程序内部错误", "OperationalError", "数据库操作失败"):
        assert bad not in text, text


# -- item 10: a file that only looks like an old wbz database ---------------------------------


@pytest.mark.parametrize("command", [("children",), ("doctor",), ("init", "--station", "某站")])
def test_a_fake_file_of_three_tables_given_as_db_is_refused_and_left_as_it_was(
    wbz: Invoke, tmp_path: Path, command: tuple[str, ...]
) -> None:
    fake = tmp_path / "fake.db"
    sql(
        fake,
        "CREATE TABLE schema_migrations (version)",
        "CREATE TABLE children (id)",
        "CREATE TABLE audit_log (id)",
    )
    before = file_state(fake)
    result = wbz("--db", str(fake), *command)
    assert result.exit_code == 1
    no_internal_error(result.stderr)
    assert "不是 wbz 数据库" in result.stderr and "未被改动" in result.stderr
    assert file_state(fake) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake.db"]


def test_an_old_wbz_file_missing_a_column_is_refused_naming_the_table(
    wbz: Invoke, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    migrations.migrate(conn, upto="m0703_report_parts")
    conn.execute("ALTER TABLE visits DROP COLUMN action")
    conn.close()
    before = file_state(old)
    result = wbz("--db", str(old), "visit", "list")
    assert result.exit_code == 1
    no_internal_error(result.stderr)
    assert "visits" in result.stderr and "未被改动" in result.stderr
    assert file_state(old) == before


# -- item 13: out-of-range values and invalid UTF-8 outside the options ------------------------


@pytest.mark.parametrize(("today", "when"), [("9999-12-31", "太晚"), ("0001-01-01", "太早")])
@pytest.mark.parametrize("command", [("due",), ("report", "monthly", "--month", "2026-10")])
def test_a_today_out_of_range_is_one_clear_message(
    station: Invoke, today: str, when: str, command: tuple[str, ...]
) -> None:
    result = station(*command, env={"WBZ_TODAY": today})
    assert result.exit_code == 1
    no_internal_error(result.stderr)
    assert "WBZ_TODAY" in result.stderr and when in result.stderr


def test_a_count_of_participants_too_large_to_store_is_refused_before_writing(
    station: Invoke, db_path: Path
) -> None:
    result = station(
        "activity", "add", "--title", "宣传", "--kind", "publicity",
        "--participants", "99999999999999999999",
    )  # fmt: skip
    assert result.exit_code == 2
    no_internal_error(result.stderr)
    assert "--participants" in result.stderr
    assert station("activity", "list").stdout.count("宣传") == 0


@pytest.mark.parametrize("command", [("backup", "--encrypt", "b.wbzenc"), ("restore", "b.wbzenc")])
def test_a_backup_passphrase_that_is_not_utf8_is_one_clear_message(
    station: Invoke, tmp_path: Path, command: tuple[str, ...]
) -> None:
    good = {"WBZ_BACKUP_PASSPHRASE": "长城-correct-horse"}
    backup = tmp_path / "b.wbzenc"
    assert station("backup", "--encrypt", str(backup), env=good).exit_code == 0
    if command[0] == "backup":
        backup.unlink()
    args = [str(backup) if a == "b.wbzenc" else a for a in command]
    result = station(*args, "--yes" if command[0] == "restore" else "--force",
                     env={"WBZ_BACKUP_PASSPHRASE": "长城-correct-horse\udcff"})  # fmt: skip
    assert result.exit_code == 1
    no_internal_error(result.stderr)
    assert "WBZ_BACKUP_PASSPHRASE" in result.stderr and "UTF-8" in result.stderr
    assert not backup.exists() if command[0] == "backup" else True


# -- item 7: the small JSON files beside a sheet, and a backup that is not a file -------------


def big_json(path: Path) -> Path:
    path.write_text("{}" + " " * (2 << 20), encoding="utf-8")  # valid JSON of 2 MB
    return path


@pytest.mark.parametrize(
    "command",
    [
        ("import", "roster", "FILE", "--dry-run", "--mapping", "JSON"),
        ("match", "FILE", "-k", "lowincome", "--mapping", "JSON"),
        ("assess", "risk", "C000001", "--answers", "JSON"),
        ("assess", "risk", "C000001", "--sheet", "JSON", "--item", "neglect=1"),
    ],
)
def test_a_side_json_file_far_larger_than_any_real_one_is_refused_unread(
    station: Invoke, tmp_path: Path, command: tuple[str, ...]
) -> None:
    sheet = tmp_path / "名单.csv"
    sheet.write_text("姓名,身份证号码,儿童类别\n", encoding="utf-8")
    side = big_json(tmp_path / "side.json")
    args = [{"FILE": str(sheet), "JSON": str(side)}.get(a, a) for a in command]
    result = station(*args)
    assert result.exit_code == 1
    no_internal_error(result.stderr)
    assert "side.json" in result.stderr and "1 MB" in result.stderr


def test_a_mapping_that_is_not_a_regular_file_is_refused_unread(
    tmp_path: Path,
    wbz_limited: Limited,  # noqa: F811 (the imported fixture)
) -> None:
    sheet = tmp_path / "名单.csv"
    sheet.write_text("姓名,身份证号码,儿童类别\n", encoding="utf-8")
    done = wbz_limited("import", "roster", str(sheet), "--dry-run", "--mapping", "/dev/zero")
    assert done.returncode == 1
    no_internal_error(done.stderr)
    assert "/dev/zero" in done.stderr


def test_restore_from_a_device_is_refused_unread(
    wbz_limited: Limited,  # noqa: F811 (the imported fixture)
) -> None:
    done = wbz_limited("restore", "/dev/zero", "--yes")
    assert done.returncode == 1
    no_internal_error(done.stderr)
    assert "/dev/zero" in done.stderr and "不是 wbz 备份文件" in done.stderr


# -- item 10: restore onto another program's database -----------------------------------------


def test_restore_does_not_replace_another_programs_sqlite_file(
    station: Invoke, tmp_path: Path
) -> None:
    backup = tmp_path / "good.db"
    assert station("backup", str(backup)).exit_code == 0
    places = tmp_path / "places.sqlite"
    sql(places, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    before = file_state(places)
    result = station("--db", str(places), "restore", str(backup), "--yes")
    assert result.exit_code == 1
    no_internal_error(result.stderr)
    assert "不是 wbz 数据库" in result.stderr and "未被改动" in result.stderr
    assert file_state(places) == before
    assert not list(tmp_path.glob("places.sqlite.replaced-*"))
