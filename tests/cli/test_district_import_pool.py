"""``wbz district import`` of many files: worker processes read and check them while the
command writes, and what is stored, counted and refused is what one process alone gives
(issue 21: a year's 18,000 files in under a minute)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli.district_files import body, child_ids, district, make_district, write_package

from wbz_cli.services import district_read
from wbz_cli.store.encryption import encrypt

STORED = (
    "SELECT s.station_id, s.station_name, s.month, s.file_name, s.file_sha256, s.figures,"
    " s.by_community, s.children_count, c.hash, c.child, c.categories, c.risk"
    " FROM submissions AS s LEFT JOIN submission_children AS c ON c.submission_id = s.id"
    " ORDER BY s.id, c.hash"
)


def inbox_of(folder: Path, key: bytes, files: int = 40) -> Path:
    """``files`` stations' files for 2026-10, one encrypted, two damaged, one a copy."""
    inbox = folder / "inbox"
    inbox.mkdir()
    ids = child_ids(3 * files)
    for n in range(files):
        listed = [
            (ids[3 * n + k], f"C{k + 1:06d}", ["left_behind", "poor"], "red") for k in (2, 0, 1)
        ]
        b = body(key, f"s{n:02d}", f"站{n}", "2026-10", listed, {"children.active": n, "名": "甲"})
        write_package(inbox / f"{n:02d}.wbzpkg", b, key)
    plain = (inbox / "07.wbzpkg").read_bytes()
    (inbox / "07.wbzpkg").write_bytes(encrypt(plain, "correct horse"))
    (inbox / "13.wbzpkg").write_bytes(b"damaged")
    (inbox / "14.wbzpkg").write_bytes(plain[:-9])
    (inbox / "16.wbzpkg").write_bytes((inbox / "17.wbzpkg").read_bytes())  # s17 twice
    return inbox


def stored(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(STORED)]
    finally:
        conn.close()


def test_files_checked_by_workers_load_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WBZ_BACKUP_PASSPHRASE", "correct horse")
    db, key = make_district(tmp_path)
    inbox = inbox_of(tmp_path, key)
    alone = tmp_path / "alone.db"
    alone.write_bytes(db.read_bytes())
    monkeypatch.setattr(district_read, "_workers", lambda files: 2)
    pooled = district(db, "import", str(inbox), "-f", "json")
    monkeypatch.setattr(district_read, "_workers", lambda files: 1)
    serial = district(alone, "import", str(inbox), "-f", "json")
    assert pooled.exit_code == serial.exit_code == 3, pooled.stderr
    assert pooled.json() == serial.json()
    assert {k: v for k, v in pooled.json().items() if k != "refused"} == {
        "files": 40, "loaded": 37, "replaced": 0, "unchanged": 1
    }  # fmt: skip
    assert pooled.stderr == serial.stderr and len(pooled.stderr.splitlines()) == 2
    assert stored(db) == stored(alone) and len(stored(db)) == 37 * 3
    again = district(db, "import", str(inbox), "-f", "json")
    assert again.json()["unchanged"] == 38 and stored(db) == stored(alone)


def test_figures_and_communities_are_stored_as_compact_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(district_read, "_workers", lambda files: 2)
    db, key = make_district(tmp_path)
    inbox = inbox_of(tmp_path, key, files=20)
    assert district(db, "import", str(inbox)).exit_code == 3
    conn = sqlite3.connect(db)
    figures, communities = conn.execute(
        "SELECT figures, by_community FROM submissions WHERE station_id = 's03'"
    ).fetchone()
    conn.close()
    assert figures == '{"children.active":3,"名":"甲"}'
    assert communities == '{"红星村":{"children.active":3}}'


def test_python_m_wbz_cli_loads_many_files(tmp_path: Path) -> None:
    db, key = make_district(tmp_path)
    inbox = inbox_of(tmp_path, key, files=24)
    env = {**os.environ, "WBZ_BACKUP_PASSPHRASE": "correct horse", "WBZ_OPERATOR": "测试"}
    done = subprocess.run(
        [sys.executable, "-m", "wbz_cli", "--db", str(db), "district", "import", str(inbox)],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 2
    assert len(stored(db)) == 21 * 3


def test_after_an_import_the_file_is_in_wal_mode_with_its_foreign_keys_kept(
    tmp_path: Path,
) -> None:
    """The import writes in rollback-journal mode with foreign keys off; afterwards the file
    is as every command leaves it (WAL: a report runs beside the next import), and removing a
    submission still removes its children."""
    db, key = make_district(tmp_path)
    inbox = inbox_of(tmp_path, key, files=20)
    assert district(db, "import", str(inbox)).exit_code == 3
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert not Path(f"{db}-journal").exists()
    finally:
        conn.close()
    assert district(db, "report", "monthly", "--month", "2026-10", "-f", "json").exit_code == 0
