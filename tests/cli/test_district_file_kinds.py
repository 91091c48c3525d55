"""A district's file and a station's are two kinds of file: each side's commands refuse the
other's with one Chinese line and leave it byte for byte as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tests.cli.district_files import district, make_district
from tests.conftest import Invoke, Result
from typer.testing import CliRunner

from wbz_cli.cli.app import app
from wbz_cli.store.district_db import file_kind
from wbz_cli.store.district_session import DistrictStore
from wbz_cli.store.session import Store
from wbz_cli.store.sqlite_file import StoreError


def test_a_new_district_file_is_private_in_wal_mode_and_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "district.db"
    store = DistrictStore.open_district(path, "tester", create=True)
    try:
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
        migrations = [r[0] for r in store.conn.execute("SELECT name FROM schema_migrations")]
    finally:
        store.close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert mode == "wal"
    assert migrations == ["d0001_schema"]
    assert file_kind(path) == "district"


def test_the_station_opening_refuses_a_district_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "district.db"
    DistrictStore.open_district(path, "tester", create=True).close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"这是区县汇总数据库.*wbz district"):
        Store.open(path, "tester")
    assert path.read_bytes() == before


def test_the_district_opening_refuses_a_station_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "wbz.db"
    Store.open(path, "tester").close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="这是未保站数据库"):
        DistrictStore.open_district(path, "tester")
    with pytest.raises(StoreError, match="这是未保站数据库"):
        DistrictStore.open_district(path, "tester", create=True)
    assert path.read_bytes() == before


STATION_COMMANDS = [
    ("children",),
    ("report", "monthly", "--month", "2026-10"),
    ("init", "--station", "城厢街道未保站"),
    ("register", "--name", "王小明", "--id-number", "31010520150601011X", "-c", "left_behind"),
    ("doctor",),
]


@pytest.mark.parametrize("args", STATION_COMMANDS, ids=" ".join)
def test_station_commands_refuse_a_district_file_with_one_line(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    db, _key = make_district(tmp_path)
    before = db.read_bytes()
    result = run_wbz(db, *args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"错误：{db} 这是区县汇总数据库，不是未保站数据库，文件未被改动："
        "请用 wbz district 命令打开它（未保站的数据库由 wbz init 创建）"
    ]
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists()


DISTRICT_COMMANDS = [
    ("import", "x.wbzpkg"),
    ("duplicates", "--month", "2026-10"),
    ("stations",),
    ("init", "--name", "莱阳市", "--key-out", "k.key"),
]


@pytest.mark.parametrize("args", DISTRICT_COMMANDS, ids=" ".join)
def test_district_commands_refuse_a_station_file_with_one_line(
    station: Invoke, db_path: Path, args: tuple[str, ...]
) -> None:
    before = db_path.read_bytes()
    result = district(db_path, *args)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误：{db_path} 这是未保站数据库"), lines
    assert db_path.read_bytes() == before
    assert not Path("k.key").exists()


def test_a_district_command_without_a_district_file_says_how_to_make_one(tmp_path: Path) -> None:
    result = district(tmp_path / "district.db", "stations")
    assert result.exit_code == 1 and "wbz district init" in result.stderr
    assert not (tmp_path / "district.db").exists()


def run_wbz(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def test_a_district_file_with_a_trigger_or_from_a_newer_wbz_is_refused_unchanged(
    tmp_path: Path,
) -> None:
    import sqlite3

    trigger, newer = tmp_path / "trigger.db", tmp_path / "newer.db"
    for path in (trigger, newer):
        DistrictStore.open_district(path, "tester", create=True).close()
    conn = sqlite3.connect(trigger)
    conn.execute("CREATE TRIGGER t AFTER INSERT ON submissions BEGIN DELETE FROM audit_log; END")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO schema_migrations VALUES ('d9999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    for path, reason in ((trigger, "触发器或视图（t）"), (newer, "来自更新版本的 wbz")):
        before = path.read_bytes()
        result = district(path, "stations")
        assert result.exit_code == 1 and reason in result.stderr, result.stderr
        assert path.read_bytes() == before
