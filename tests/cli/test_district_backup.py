"""``wbz backup`` and ``wbz restore`` on a district's file (区县汇总数据库), as on a station's:
the same consistent, owner-only (optionally encrypted) copy, the same checks before a
restore, an audit row in the district's own log; and a station's backup is never put in
place of a district's file, nor the other way round (one Chinese line, nothing changed)."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest
from tests.cli.district_files import body, child_ids, district, make_district, rows, write_package
from tests.conftest import Invoke, Result
from typer.testing import CliRunner

from wbz_cli.cli.app import app
from wbz_cli.store.district_db import file_kind

PASS = "长城-correct-horse"
IDS = child_ids(2)


def wbz(*args: str, db: Path | None = None, input: str | None = None) -> Result:
    head = ["--db", str(db)] if db is not None else []
    result = CliRunner().invoke(app, [*head, *args], input=input, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def load(db: Path, key: bytes, folder: Path, station: str) -> None:
    """Import one station's October submission into the district file."""
    folder.mkdir(exist_ok=True)
    b = body(key, station, f"{station}街道", "2026-10", [(IDS[0], "C000001", [], "green")])
    package = write_package(folder / f"{station}.wbzpkg", b, key)
    assert district(db, "import", str(package)).exit_code == 0


def test_a_district_file_is_backed_up_and_restored_with_its_own_audit_rows(
    tmp_path: Path,
) -> None:
    db, key = make_district(tmp_path)
    load(db, key, tmp_path / "inbox", "s1")
    (tmp_path / "备份").mkdir()
    made = wbz("backup", str(tmp_path / "备份"), db=db)
    assert made.exit_code == 0, made.stderr
    [copy] = (tmp_path / "备份").iterdir()
    assert copy.name.startswith("district-") and copy.suffix == ".db"
    assert f"已备份区县数据库到 {copy}（1 份报送包，" in made.stderr + made.stdout
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    action, after = rows(db, "SELECT action, after FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert action == "backup"
    assert json.loads(str(after))["submissions"] == 1

    load(db, key, tmp_path / "inbox", "s2")
    assert rows(db, "SELECT count(*) FROM submissions") == [(2,)]
    back = wbz("restore", str(copy), "--yes", db=db)
    assert back.exit_code == 0, back.stderr
    assert rows(db, "SELECT station_id FROM submissions") == [("s1",)]
    assert file_kind(db) == "district"
    [aside] = tmp_path.glob("district.db.replaced-*")
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert rows(aside, "SELECT count(*) FROM submissions") == [(2,)]
    assert rows(db, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == [("restore",)]
    assert district(db, "stations").exit_code == 0  # the district commands open it


def test_an_encrypted_district_backup_is_restored_only_with_its_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, key = make_district(tmp_path)
    load(db, key, tmp_path / "inbox", "s1")
    monkeypatch.setenv("WBZ_BACKUP_PASSPHRASE", PASS)
    made = wbz("backup", str(tmp_path / "d.wbzenc"), "--encrypt", db=db)
    assert made.exit_code == 0, made.stderr
    assert b"SQLite format 3" not in (tmp_path / "d.wbzenc").read_bytes()
    load(db, key, tmp_path / "inbox", "s2")
    before = db.read_bytes()
    monkeypatch.setenv("WBZ_BACKUP_PASSPHRASE", "another passphrase")
    wrong = wbz("restore", str(tmp_path / "d.wbzenc"), "--yes", db=db)
    assert wrong.exit_code == 1 and len(wrong.stderr.splitlines()) == 1
    assert db.read_bytes() == before
    monkeypatch.setenv("WBZ_BACKUP_PASSPHRASE", PASS)
    right = wbz("restore", str(tmp_path / "d.wbzenc"), "--yes", db=db)
    assert right.exit_code == 0, right.stderr
    assert rows(db, "SELECT station_id FROM submissions") == [("s1",)]


def test_restore_refuses_a_station_backup_onto_a_district_file_and_the_other_way_round(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "区县"
    folder.mkdir()
    district_db, _key = make_district(folder)
    station_copy, district_copy = tmp_path / "station.bak", tmp_path / "district.bak"
    assert station("backup", str(station_copy)).exit_code == 0
    assert wbz("backup", str(district_copy), db=district_db).exit_code == 0
    kept = {path: path.read_bytes() for path in (db_path, district_db)}

    onto_district = wbz("restore", str(station_copy), db=district_db)  # refused before asking
    assert onto_district.exit_code == 1
    assert onto_district.stderr.splitlines() == [
        f"错误：{station_copy} 是未保站数据库的备份，{district_db} 是区县汇总数据库：不能用它恢复，"
        "文件未被改动；恢复未保站数据库请用 --db 指定未保站数据库"
    ]
    onto_station = wbz("restore", str(district_copy), "--yes", db=db_path)
    assert onto_station.exit_code == 1
    assert onto_station.stderr.splitlines() == [
        f"错误：{district_copy} 是区县汇总数据库的备份，{db_path} 是未保站数据库：不能用它恢复，"
        "文件未被改动；恢复区县数据库请用 --db 指定区县数据库（如 --db district.db）"
    ]
    assert {path: path.read_bytes() for path in kept} == kept
    assert not list(tmp_path.rglob("*.replaced-*"))


def test_a_district_backup_without_db_restores_to_district_db_in_this_folder(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "旧电脑"
    folder.mkdir()
    old, key = make_district(folder)
    load(old, key, tmp_path / "inbox", "s1")
    assert wbz("backup", str(tmp_path / "d.bak"), db=old).exit_code == 0
    done = wbz("restore", str(tmp_path / "d.bak"), "--yes")  # cwd: tmp_path (conftest)
    assert done.exit_code == 0, done.stderr
    assert file_kind(tmp_path / "district.db") == "district"
    assert not (tmp_path / "wbz.db").exists()
    assert rows(tmp_path / "district.db", "SELECT station_id FROM submissions") == [("s1",)]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            "CREATE TRIGGER t AFTER INSERT ON submissions BEGIN DELETE FROM audit_log; END",
            "备份文件的表结构与 wbz 创建的不一致，不能用来恢复：多出的触发器 t",
        ),
        (
            "INSERT INTO schema_migrations VALUES ('d9999_future', '2030-01-01')",
            "备份来自更新版本的 wbz（含未知的表结构 d9999_future）",
        ),
        ("DROP TABLE submission_children", "缺少的表 submission_children"),
    ],
    ids=["trigger", "newer", "missing-table"],
)
def test_a_changed_district_backup_is_refused_and_the_file_kept(
    tmp_path: Path, change: str, reason: str
) -> None:
    db, key = make_district(tmp_path)
    load(db, key, tmp_path / "inbox", "s1")
    copy = tmp_path / "d.bak"
    assert wbz("backup", str(copy), db=db).exit_code == 0
    conn = sqlite3.connect(copy)
    conn.execute(change)
    conn.commit()
    conn.close()
    before = db.read_bytes()
    refused = wbz("restore", str(copy), "--yes", db=db)
    assert refused.exit_code == 1
    assert len(refused.stderr.splitlines()) == 1 and reason in refused.stderr, refused.stderr
    assert db.read_bytes() == before
