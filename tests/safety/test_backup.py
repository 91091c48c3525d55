"""wbz backup / restore and the automatic backups: consistent copies, encryption, verification."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import Invoke, make_id

from wbz_cli.store import migrations
from wbz_cli.store.backup import AUTO_KEEP, auto_backup, auto_backups
from wbz_cli.store.db import connect

PASS = {"WBZ_BACKUP_PASSPHRASE": "长城-correct-horse"}


def add(station: Invoke, name: str, seq: int) -> str:
    result = station(
        "register", "--name", name, "--id-number", make_id("2015-06-01", seq), "-c", "orphan"
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def count(db: Path, table: str = "children") -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_backup_is_owner_only_and_restores_what_it_held(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    add(station, "王小明", 11)
    out = tmp_path / "copy.db"
    result = station("backup", str(out))
    assert result.exit_code == 0, result.stderr
    assert "1 名儿童" in result.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    add(station, "李小红", 13)
    assert count(db_path) == 2
    restored = station("restore", str(out), "--yes")
    assert restored.exit_code == 0, restored.stderr
    assert count(db_path) == 1
    aside = list(tmp_path.glob("wbz.db.replaced-*"))
    assert len(aside) == 1 and count(aside[0]) == 2
    assert stat.S_IMODE(aside[0].stat().st_mode) == 0o600


def test_backup_and_restore_are_audited(station: Invoke, db_path: Path, tmp_path: Path) -> None:
    add(station, "王小明", 11)
    station("backup", str(tmp_path / "a.db"))
    station("restore", str(tmp_path / "a.db"), "--yes")
    conn = sqlite3.connect(db_path)
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    conn.close()
    # the backup's own audit row is written after the copy, so the restored file ends in restore
    assert actions[-1] == "restore"
    assert "backup" not in actions


def test_backup_into_a_folder_gets_a_dated_name(station: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    assert station("backup", str(folder)).exit_code == 0
    assert len(list(folder.glob("wbz-*.db"))) == 1


def test_backup_refuses_its_own_database_and_missing_folders(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    same = station("backup", str(db_path))
    assert same.exit_code == 1 and "不能是数据库文件本身" in same.stderr
    missing = station("backup", str(tmp_path / "nope" / "x.db"))
    assert missing.exit_code == 1 and "不存在" in missing.stderr


def test_encrypted_backup_hides_the_data_and_needs_the_passphrase(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    add(station, "王小明", 11)
    out = tmp_path / "copy.wbzenc"
    result = station("backup", str(out), "--encrypt", env=PASS)
    assert result.exit_code == 0, result.stderr
    blob = out.read_bytes()
    assert blob.startswith(b"WBZBAK")
    assert "王小明".encode() not in blob and make_id("2015-06-01", 11).encode() not in blob
    assert b"SQLite format 3" not in blob
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    add(station, "李小红", 13)
    wrong = station("restore", str(out), "--yes", env={"WBZ_BACKUP_PASSPHRASE": "not-the-one"})
    assert wrong.exit_code == 1
    assert "备份密码不正确" in wrong.stderr and "Traceback" not in wrong.stderr
    assert count(db_path) == 2
    assert not list(tmp_path.glob("wbz.db.replaced-*"))
    right = station("restore", str(out), "--yes", env=PASS)
    assert right.exit_code == 0, right.stderr
    assert count(db_path) == 1


def test_passphrase_from_a_hidden_prompt_asked_twice(station: Invoke, tmp_path: Path) -> None:
    add(station, "王小明", 11)
    out = tmp_path / "p.wbzenc"
    mismatch = station("backup", str(out), "--encrypt", input="abcdefgh1\nother1234\n\n")
    assert mismatch.exit_code != 0 and not out.exists()
    ok = station("backup", str(out), "--encrypt", input="abcdefgh1\nabcdefgh1\n")
    assert ok.exit_code == 0, ok.stderr
    assert "abcdefgh1" not in ok.stdout + ok.stderr
    restored = station("restore", str(out), input="abcdefgh1\ny\n")
    assert restored.exit_code == 0, restored.stderr


def test_short_passphrase_is_refused(station: Invoke, tmp_path: Path) -> None:
    result = station(
        "backup", str(tmp_path / "x"), "--encrypt", env={"WBZ_BACKUP_PASSPHRASE": "123"}
    )
    assert result.exit_code == 1 and "太短" in result.stderr
    assert not (tmp_path / "x").exists()


def test_restore_asks_and_a_no_changes_nothing(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    add(station, "王小明", 11)
    station("backup", str(tmp_path / "a.db"))
    add(station, "李小红", 13)
    result = station("restore", str(tmp_path / "a.db"), input="n\n")
    assert result.exit_code == 1 and "已取消" in result.stderr
    assert count(db_path) == 2


def damaged(tmp_path: Path, source: Path) -> Path:
    data = bytearray(source.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):
        data[offset + 8 : offset + 4096] = b"\x5a" * 4088
    out = tmp_path / "damaged.db"
    out.write_bytes(bytes(data))
    return out


def test_restore_verifies_before_replacing(station: Invoke, db_path: Path, tmp_path: Path) -> None:
    add(station, "王小明", 11)
    good = tmp_path / "good.db"
    station("backup", str(good))
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    broken_fk = tmp_path / "fk.db"
    good_copy = good.read_bytes()
    broken_fk.write_bytes(good_copy)
    conn = sqlite3.connect(broken_fk)
    conn.execute(
        "INSERT INTO visits (child_id, visited_on, mode, created_at)"
        " VALUES (99, '2026-01-01', 'home', 't')"
    )
    conn.commit()
    conn.close()
    text = tmp_path / "text.db"
    text.write_text("hello")
    for path, message in (
        (damaged(tmp_path, good), "备份文件"),
        (other, "不是 wbz 数据库"),
        (broken_fk, "指向不存在"),
        (text, "不是 wbz 备份文件"),
        (tmp_path / "absent.db", "不存在"),
    ):
        result = station("restore", str(path), "--yes")
        assert result.exit_code == 1, path
        assert message in result.stderr, (path, result.stderr)
        assert "Traceback" not in result.stderr
    assert count(db_path) == 1
    assert not list(tmp_path.glob("wbz.db.replaced-*"))


def test_restore_onto_a_lost_database(wbz: Invoke, db_path: Path, tmp_path: Path) -> None:
    wbz("init")
    add(wbz, "王小明", 11)
    wbz("backup", str(tmp_path / "a.db"))
    db_path.unlink()
    result = wbz("restore", str(tmp_path / "a.db"), "--yes")
    assert result.exit_code == 0, result.stderr
    assert count(db_path) == 1
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


WRITER = """
import sys, time
from pathlib import Path
from wbz_cli.store.session import Store
store = Store.open(Path(sys.argv[1]), "writer")
i = 0
while True:
    i += 1
    with store.write() as conn:
        conn.execute(
            "INSERT INTO resources (kind, name, added_on) VALUES ('expert', ?, '2026-01-01')",
            (f"r{i}",),
        )
        store.audit("insert", "resource", str(i), None, {"name": f"r{i}"})
    if i == 1:  # ready once something is written: a loaded machine may start it slowly
        print("ready", flush=True)
"""


def test_backup_is_consistent_while_another_process_writes(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(0.2)
        for n in range(3):
            out = tmp_path / f"live{n}.db"
            result = station("backup", str(out))
            assert result.exit_code == 0, result.stderr
            conn = sqlite3.connect(out)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            resources = conn.execute("SELECT count(*) FROM resources").fetchone()[0]
            audited = conn.execute(
                "SELECT count(*) FROM audit_log WHERE record_type = 'resource'"
            ).fetchone()[0]
            conn.close()
            assert resources == audited > 0
    finally:
        writer.kill()
        writer.wait()


def old_database(path: Path) -> None:
    old = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(old, upto="m0001_initial")
    old.execute("INSERT INTO settings VALUES ('station', '旧站')")
    old.execute(
        "INSERT INTO audit_log (at, operator, action, record_type) VALUES ('t', 'x', 'init', 's')"
    )
    old.close()


def test_a_migration_of_a_file_with_data_keeps_a_copy_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_database(path)
    connect(path).close()
    copies = auto_backups(path)
    assert len(copies) == 1 and "-migrate" in copies[0].name
    assert stat.S_IMODE(copies[0].parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
    conn = sqlite3.connect(copies[0])
    assert [r[0] for r in conn.execute("SELECT name FROM schema_migrations")] == ["m0001_initial"]
    conn.close()
    connect(path).close()  # up to date: no new copy
    assert len(auto_backups(path)) == 1


def test_a_new_or_empty_file_gets_no_automatic_copy(tmp_path: Path) -> None:
    connect(tmp_path / "new.db").close()
    assert auto_backups(tmp_path / "new.db") == []
    assert auto_backup(tmp_path / "new.db", "import") is None


def test_only_the_last_automatic_backups_are_kept(station: Invoke, db_path: Path) -> None:
    add(station, "王小明", 11)
    made = [auto_backup(db_path, "import") for _ in range(AUTO_KEEP + 3)]
    kept = auto_backups(db_path)
    assert len(kept) == AUTO_KEEP
    assert kept == made[-AUTO_KEEP:]
    assert all(count(p) == 1 for p in kept[-2:])


def test_a_copied_live_file_is_restored_with_its_wal(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    add(station, "王小明", 11)
    keep = sqlite3.connect(db_path)  # holds the WAL open, as a running wbz would
    keep.execute("PRAGMA wal_autocheckpoint = 0")
    keep.execute("SELECT count(*) FROM children").fetchall()
    add(station, "李小红", 13)
    copy = tmp_path / "copied.db"
    copy.write_bytes(db_path.read_bytes())
    Path(f"{copy}-wal").write_bytes(Path(f"{db_path}-wal").read_bytes())
    keep.close()
    add(station, "赵小军", 15)
    result = station("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    assert count(db_path) == 2
