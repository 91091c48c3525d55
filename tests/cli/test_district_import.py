"""``wbz district init`` and ``wbz district import``: the stations' submission files loaded
once per station and month; a resubmission replaces the earlier one with an audit row, the
same file again changes nothing, and a file that cannot be taken is refused with one line
while the others load."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from tests.cli.district_files import body, child_ids, district, make_district, rows, write_package

from wbz_cli.domain import submission
from wbz_cli.store.encryption import encrypt

IDS = child_ids(6)
CHILDREN = [(IDS[0], "C000001", ["left_behind"], "yellow"), (IDS[1], "C000002", [], "green")]


def test_init_writes_a_private_key_file_and_says_what_to_do_next(tmp_path: Path) -> None:
    db, key_file = tmp_path / "district.db", tmp_path / "laiyang.key"
    result = district(db, "init", "--name", "莱阳市", "--key-out", str(key_file))
    assert result.exit_code == 0, result.stderr
    assert "wbz init --district-key laiyang.key" in result.stdout
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    key = submission.parse_key(key_file.read_text(encoding="utf-8"))
    assert key.hex() not in result.stdout
    assert rows(db, "SELECT value FROM district_settings WHERE key = 'key'") == [(key.hex(),)]
    audit = rows(db, "SELECT action, after FROM audit_log ORDER BY id")
    assert [a for a, _ in audit] == ["district_init", "export"]
    assert all(key.hex() not in str(after) for _, after in audit)


def test_init_refuses_an_existing_district_and_a_key_file_without_force(tmp_path: Path) -> None:
    db, _key = make_district(tmp_path)
    before = db.read_bytes()
    again = district(db, "init", "--name", "莱阳市", "--key-out", str(tmp_path / "new.key"))
    assert again.exit_code == 1 and "已存在" in again.stderr
    assert db.read_bytes() == before and not (tmp_path / "new.key").exists()
    other = tmp_path / "other.db"
    kept = district(other, "init", "--name", "海阳市", "--key-out", str(tmp_path / "district.key"))
    assert kept.exit_code == 1 and "--force" in kept.stderr and not other.exists()
    onto_db = district(other, "init", "--name", "海阳市", "--key-out", str(other), "--force")
    assert onto_db.exit_code == 1 and not other.exists()


def test_district_commands_use_district_db_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from wbz_cli.cli.app import app

    monkeypatch.setenv("WBZ_DB", str(tmp_path / "station.db"))  # the station's, not used here
    made = CliRunner().invoke(app, ["district", "init", "--name", "莱阳市", "--key-out", "k.key"])
    assert made.exit_code == 0, made.stderr
    assert (tmp_path / "district.db").exists() and not (tmp_path / "station.db").exists()
    listed = CliRunner().invoke(app, ["district", "stations"])
    assert listed.exit_code == 0 and "还没有导入任何报送包" in listed.stdout


def test_new_files_load_and_the_same_files_again_change_nothing(tmp_path: Path) -> None:
    db, key = make_district(tmp_path)
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_package(folder / "a.wbzpkg", body(key, "s1", "城厢街道", "2026-10", CHILDREN), key)
    write_package(folder / "b.wbzpkg", body(key, "s2", "古柳街道", "2026-10", CHILDREN[:1]), key)
    (folder / "notes.txt").write_text("not a package")
    first = district(db, "import", str(folder), "--format", "json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout) == {
        "files": 2, "loaded": 2, "replaced": 0, "unchanged": 0, "refused": []
    }  # fmt: skip
    assert rows(db, "SELECT station_name, month, children_count FROM submissions ORDER BY 1") == [
        ("古柳街道", "2026-10", 1),
        ("城厢街道", "2026-10", 2),
    ]
    assert rows(db, "SELECT count(*) FROM submission_children") == [(3,)]
    audit_rows = rows(db, "SELECT count(*) FROM audit_log")
    again = district(db, "import", str(folder / "a.wbzpkg"), str(folder / "b.wbzpkg"))
    assert again.exit_code == 0, again.stderr
    assert "未变" in again.stdout
    assert rows(db, "SELECT count(*) FROM submission_children") == [(3,)]
    assert rows(db, "SELECT count(*) FROM audit_log") == audit_rows  # nothing written


def test_a_resubmission_replaces_the_earlier_one_with_an_audit_row(tmp_path: Path) -> None:
    db, key = make_district(tmp_path)
    old = body(key, "s1", "城厢街道", "2026-10", CHILDREN, {"children.active": 2, "leads.found": 5})
    write_package(tmp_path / "old.wbzpkg", old, key)
    assert district(db, "import", str(tmp_path / "old.wbzpkg")).exit_code == 0
    more = [*CHILDREN, (IDS[2], "C000003", ["orphan"], "red")]
    new = body(key, "s1", "城厢街道", "2026-10", more, {"children.active": 3, "leads.found": 5})
    write_package(tmp_path / "new.wbzpkg", new, key)
    result = district(db, "import", str(tmp_path / "new.wbzpkg"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["replaced"] == 1 and result.json()["loaded"] == 0
    assert rows(db, "SELECT count(*), max(children_count) FROM submissions") == [(1, 3)]
    assert rows(db, "SELECT count(*) FROM submission_children") == [(3,)]
    ((before, after),) = rows(
        db, "SELECT before, after FROM audit_log WHERE action = 'submission_replace'"
    )
    assert json.loads(str(before)) == {
        "file": "old.wbzpkg", "figures.children.active": 2, "children_count": 2
    }  # fmt: skip
    assert json.loads(str(after)) == {
        "file": "new.wbzpkg", "figures.children.active": 3, "children_count": 3
    }  # fmt: skip


def tampered(data: bytes) -> bytes:
    env = json.loads(gzip.decompress(data))
    env["body"] = env["body"].replace('"children.active":2', '"children.active":20')
    env["body_sha256"] = hashlib.sha256(env["body"].encode()).hexdigest()
    return gzip.compress(json.dumps(env, ensure_ascii=False).encode())


def test_bad_files_are_refused_one_line_each_and_the_others_load(tmp_path: Path) -> None:
    db, key = make_district(tmp_path)
    good = write_package(tmp_path / "good.wbzpkg", body(key, "s1", "城厢街道", "2026-10"), key)
    other_key = bytes(range(32))
    foreign = write_package(
        tmp_path / "foreign.wbzpkg", body(other_key, "s9", "外县", "2026-10"), other_key
    )
    newer = write_package(
        tmp_path / "newer.wbzpkg",
        body(key, "s2", "古柳街道", "2026-10", schema_version="m9999_future"),
        key,
    )
    changed = tmp_path / "changed.wbzpkg"
    changed.write_bytes(
        tampered(submission.pack(body(key, "s3", "凤凰", "2026-10", CHILDREN), key))
    )
    damaged = tmp_path / "damaged.wbzpkg"
    damaged.write_bytes(submission.pack(body(key, "s4", "龙旺庄", "2026-10"), key)[:-20])
    unsealed = write_package(
        tmp_path / "unsealed.wbzpkg", body(key, "s5", "沐浴店", "2026-10"), None
    )
    missing = tmp_path / "missing.wbzpkg"
    bad = [foreign, newer, changed, damaged, unsealed, missing]
    result = district(db, "import", str(good), *map(str, bad), "--format", "json")
    assert result.exit_code == 3, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(bad)
    for path, line in zip(bad, lines, strict=True):
        assert line.startswith(f"错误：{path}：")
    assert "不属于本区县" in lines[0] and "更新版本" in lines[1] and "改动" in lines[2]
    assert "损坏" in lines[3] and "没有用区县密钥封存" in lines[4] and "不存在" in lines[5]
    summary = result.json()
    assert summary["loaded"] == 1 and [r["file"] for r in summary["refused"]] == list(map(str, bad))
    assert rows(db, "SELECT station_id FROM submissions") == [("s1",)]
    assert "Traceback" not in result.stderr


def test_nothing_loaded_and_something_refused_exits_1(tmp_path: Path) -> None:
    db, _key = make_district(tmp_path)
    junk = tmp_path / "junk.wbzpkg"
    junk.write_bytes(b"hello")
    result = district(db, "import", str(junk))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"错误：{junk}：不是 wbz 报送包，或文件已损坏（无法解压读取）：请让未保站重新生成并发送"
    ]
    assert rows(db, "SELECT count(*) FROM submissions") == [(0,)]


def test_an_encrypted_package_is_read_with_the_restore_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, key = make_district(tmp_path)
    secret = tmp_path / "secret.wbzpkg"
    plain = submission.pack(body(key, "s1", "城厢街道", "2026-10", CHILDREN), key)
    secret.write_bytes(encrypt(plain, "correct horse"))
    monkeypatch.setenv("WBZ_BACKUP_PASSPHRASE", "wrong passphrase")
    wrong = district(db, "import", str(secret))
    assert wrong.exit_code == 1 and "无法解密" in wrong.stderr
    monkeypatch.setenv("WBZ_BACKUP_PASSPHRASE", "correct horse")
    right = district(db, "import", str(secret))
    assert right.exit_code == 0, right.stderr
    assert rows(db, "SELECT children_count FROM submissions") == [(2,)]


def test_a_file_over_the_size_limit_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    from wbz_cli.domain.district_submission import MAX_FILE_BYTES

    db, _key = make_district(tmp_path)
    big = tmp_path / "big.wbzpkg"
    with open(big, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    result = district(db, "import", str(big))
    assert result.exit_code == 1 and "超过" in result.stderr


def test_a_sealed_file_with_a_malformed_body_is_refused_naming_the_field(tmp_path: Path) -> None:
    db, key = make_district(tmp_path)
    good_child = body(key, "s1", "城厢街道", "2026-10", CHILDREN)["children"][0]
    cases = {
        "month": {"month": "2026-13"},
        "station.id": {"station": {"name": "城厢街道"}},
        "figures": {"figures": [1, 2]},
        "children 的 hash": {"children": [{**good_child, "hash": "ABC"}]},
        "children 的 child": {"children": [{**good_child, "child": ""}]},
        "children 的 categories": {"children": [{**good_child, "categories": "orphan"}]},
        "children": {"children": [{"hash": good_child["hash"]}]},
    }
    files = []
    for n, extra in enumerate(cases.values()):
        b = body(key, f"s{n}", "城厢街道", "2026-10", CHILDREN)
        b.update(extra)
        files.append(write_package(tmp_path / f"bad{n}.wbzpkg", b, key))
    result = district(db, "import", *map(str, files))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for field, line in zip(cases, lines, strict=True):
        assert f"报送包内容不完整（{field} 缺失或格式不对）" in line, line
    assert rows(db, "SELECT count(*) FROM submissions") == [(0,)]


def test_a_child_listed_twice_by_one_station_is_stored_once(tmp_path: Path) -> None:
    db, key = make_district(tmp_path)
    twice = [*CHILDREN, (IDS[0], "C000009", ["orphan"], "red")]
    write_package(tmp_path / "a.wbzpkg", body(key, "s1", "城厢街道", "2026-10", twice), key)
    assert district(db, "import", str(tmp_path / "a.wbzpkg")).exit_code == 0
    assert rows(db, "SELECT child FROM submission_children ORDER BY child") == [
        ("C000001",),
        ("C000002",),
    ]


def test_a_large_import_commits_in_batches_and_counts_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wbz_cli.services import district_import

    monkeypatch.setattr(district_import, "BATCH_FILES", 4)
    db, key = make_district(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    ids = child_ids(30)
    for n in range(10):
        listed = [(ids[n + k], f"C{k + 1:06d}", ["left_behind"], "yellow") for k in range(3)]
        write_package(
            inbox / f"{n:02d}.wbzpkg", body(key, f"s{n}", f"站{n}", "2026-10", listed), key
        )
    (inbox / "05.wbzpkg").write_bytes(b"damaged")
    result = district(db, "import", str(inbox), "-f", "json")
    assert result.exit_code == 3, result.stderr
    assert {k: v for k, v in result.json().items() if k != "refused"} == {
        "files": 10, "loaded": 9, "replaced": 0, "unchanged": 0
    }  # fmt: skip
    assert rows(db, "SELECT count(*), sum(children_count) FROM submissions") == [(9, 27)]
    assert rows(db, "SELECT count(*) FROM submission_children") == [(27,)]
    assert rows(db, "SELECT count(*) FROM audit_log WHERE action = 'district_import'") == [(1,)]
