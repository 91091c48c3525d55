"""Hostile files and careless paths: a database carrying foreign triggers, views or a changed
schema, a foreign SQLite file given as --db, and a crafted encrypted-backup header."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke

from wbz_cli.store import encryption

PASS = {"WBZ_BACKUP_PASSPHRASE": "长城-correct-horse"}


def crafted_backup(path: Path, log2_n: int, r: int, p: int) -> Path:
    header = encryption.HEADER.pack(
        encryption.MAGIC, encryption.VERSION, log2_n, r, p, os.urandom(16), os.urandom(12)
    )
    path.write_bytes(header + os.urandom(64))
    return path


@pytest.mark.parametrize(("log2_n", "r", "p"), [(22, 8, 16), (16, 8, 1), (15, 8, 2)])
def test_an_encrypted_header_asking_other_scrypt_costs_is_refused_before_deriving(
    station: Invoke,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    log2_n: int,
    r: int,
    p: int,
) -> None:
    derived: list[object] = []

    def no_derivation(*args: object) -> bytes:
        derived.append(args)
        raise AssertionError("the key must not be derived from this header")

    monkeypatch.setattr(encryption, "_key", no_derivation)
    before = db_path.read_bytes()
    source = crafted_backup(tmp_path / "crafted.wbzenc", log2_n, r, p)
    result = station("restore", str(source), "--yes", env=PASS)
    assert result.exit_code == 1
    assert f"N=2^{log2_n}, r={r}, p={p}" in result.stderr and "拒绝解密" in result.stderr
    assert derived == []
    assert db_path.read_bytes() == before


def file_state(path: Path) -> tuple[bytes, int, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_size, st.st_mtime_ns, st.st_mode


def browser_history(path: Path, journal: str = "DELETE") -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
    conn.execute("INSERT INTO moz_places (url, title) VALUES ('https://example.org', 'x')")
    conn.commit()
    conn.close()
    path.chmod(0o644)
    return path


@pytest.mark.parametrize(
    ("command", "journal"),
    [
        (("children",), "DELETE"),
        (("init", "--station", "某站"), "DELETE"),
        (("doctor",), "DELETE"),
        (("children",), "WAL"),
    ],
)
def test_a_foreign_sqlite_file_is_refused_and_left_as_it_was(
    wbz: Invoke, tmp_path: Path, command: tuple[str, ...], journal: str
) -> None:
    foreign = browser_history(tmp_path / "places.sqlite", journal)
    before = file_state(foreign)
    result = wbz("--db", str(foreign), *command)
    assert result.exit_code == 1
    assert "不是 wbz 数据库" in result.stderr and "未被改动" in result.stderr
    assert "Traceback" not in result.stderr
    assert file_state(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was(
    wbz: Invoke, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes("家访笔记：不是数据库\n".encode() * 200)
    before = file_state(notes)
    result = wbz("--db", str(notes), "children")
    assert result.exit_code == 1
    assert "不是有效的 wbz 数据库" in result.stderr and "未被改动" in result.stderr
    assert file_state(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_an_empty_file_still_becomes_a_new_database(wbz: Invoke, tmp_path: Path) -> None:
    empty = tmp_path / "new.db"
    empty.touch()
    result = wbz("--db", str(empty), "init", "--station", "某站")
    assert result.exit_code == 0, result.stderr
    assert wbz("--db", str(empty), "children").exit_code == 0
