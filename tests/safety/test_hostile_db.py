"""Hostile files and careless paths: a database carrying foreign triggers, views or a changed
schema, a foreign SQLite file given as --db, and a crafted encrypted-backup header."""

from __future__ import annotations

import os
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
