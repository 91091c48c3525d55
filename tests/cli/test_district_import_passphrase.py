"""``wbz district import`` asks an encrypted package's passphrase before it writes anything:
the clerk typing it does not hold the district file's write lock (a station's report or
another import would wait on it). Asked once for all the files; a wrong or missing
passphrase still refuses only the encrypted files, each with its one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.cli.district_files import body, child_ids, district, make_district, write_package

from wbz_cli.cli import backup
from wbz_cli.domain import submission
from wbz_cli.store.encryption import encrypt

IDS = child_ids(3)


def write_lock_held(db: Path) -> bool:
    """Whether another connection holds the file's write lock now."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return True
    finally:
        conn.close()  # rolls back the probe's own transaction
    return False


def packages(folder: Path, key: bytes, plain: int) -> tuple[Path, Path]:
    """``plain`` plain packages, then one encrypted with "correct horse" and one with another
    passphrase; the two encrypted ones returned."""
    folder.mkdir()
    for n in range(plain):
        b = body(key, f"s{n:02d}", f"站{n:02d}", "2026-10", [(IDS[0], "C000001", [], "green")])
        write_package(folder / f"{n:02d}.wbzpkg", b, key)
    sealed = submission.pack(body(key, "secret", "城厢街道", "2026-10"), key)
    right, other = folder / "zz-right.wbzpkg", folder / "zz-other.wbzpkg"
    right.write_bytes(encrypt(sealed, "correct horse"))
    another = submission.pack(body(key, "x", "古柳街道", "2026-10"), key)
    other.write_bytes(encrypt(another, "another passphrase"))
    return right, other


@pytest.mark.parametrize("plain", [1, 20], ids=["read-here", "read-by-workers"])
def test_the_passphrase_is_asked_once_before_any_write_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plain: int
) -> None:
    db, key = make_district(tmp_path)
    _right, other = packages(tmp_path / "inbox", key, plain)
    asked: list[bool] = []

    def typed(*, twice: bool) -> str:
        asked.append(write_lock_held(db))
        return "correct horse"

    monkeypatch.setattr(backup, "passphrase", typed)
    result = district(db, "import", str(tmp_path / "inbox"), "--format", "json")
    assert asked == [False]  # once, and nothing held while the clerk types
    assert result.exit_code == 3
    assert result.json() == {
        "files": plain + 2,
        "loaded": plain + 1,
        "replaced": 0,
        "unchanged": 0,
        "refused": [{"file": str(other), "reason": result.json()["refused"][0]["reason"]}],
    }
    assert result.stderr.count("错误：") == 1 and "无法解密" in result.stderr


def test_no_passphrase_typed_refuses_each_encrypted_file_with_its_line_and_loads_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WBZ_BACKUP_PASSPHRASE", raising=False)
    db, key = make_district(tmp_path)
    right, other = packages(tmp_path / "inbox", key, 1)
    result = district(db, "import", str(tmp_path / "inbox"), "--format", "json", input="")
    assert result.exit_code == 3
    refused = result.json()["refused"]
    assert [r["file"] for r in refused] == [str(other), str(right)]  # in name order
    assert all("没有输入备份密码" in r["reason"] for r in refused)
    assert result.json()["loaded"] == 1
    assert result.stderr.count("备份密码:") == 1  # the prompt, once


def test_plain_files_only_never_ask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, key = make_district(tmp_path)
    (tmp_path / "inbox").mkdir()
    write_package(tmp_path / "inbox" / "a.wbzpkg", body(key, "s1", "城厢街道", "2026-10"), key)

    def never(*, twice: bool) -> str:
        raise AssertionError("asked for a passphrase with no encrypted file")

    monkeypatch.setattr(backup, "passphrase", never)
    assert district(db, "import", str(tmp_path / "inbox")).exit_code == 0
