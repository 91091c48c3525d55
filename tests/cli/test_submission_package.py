"""The station's monthly submission (报送包, issue 21): ``wbz init --district-key`` and ``wbz
report monthly --format package``. The file the station sends holds the month's report as
``--format json`` gives it, and with the district's key the children active at the month's
end as keyed hashes, their categories and risk; it is written through the output guard and
audited without the key or the hashes."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain import submission
from wbz_cli.domain.metrics import flatten
from wbz_cli.store.encryption import decrypt

KEY = bytes(range(32))
OTHER = bytes(range(100, 132))
IDS = {name: make_id(birth, seq) for name, birth, seq in (
    ("甲", "2014-03-01", 1), ("乙", "2012-05-02", 2), ("丙", "2015-07-03", 3),
    ("丁", "2013-01-04", 5), ("戊", "2011-02-05", 7),
)}  # fmt: skip


def key_file(path: Path, key: bytes = KEY) -> Path:
    path.write_text(submission.key_text(key, "长宁区"), encoding="utf-8")
    return path


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def register(wbz: Invoke, name: str, on: str, *cats: str, **opts: str) -> str:
    args = ["register", "--name", name + "小明", "--id-number", IDS[name], "--on", on]
    for cat in cats:
        args += ["--category", cat]
    for key, value in opts.items():
        args += [f"--{key}", value]
    return str(ok(wbz(*args, "--format", "json")).json()["child"])


@pytest.fixture
def october(station: Invoke) -> Invoke:
    """Two children active at October's end (one in two categories), one whose case closed
    on 2026-10-20, one closed and reopened within October, one registered in November."""
    wbz = station
    register(wbz, "甲", "2026-09-15", "left_behind", "difficult", risk="red", community="甲社区")
    register(wbz, "乙", "2026-10-01", "orphan", risk="orange", community="乙社区")
    closed = register(wbz, "丙", "2026-09-01", "migrant", risk="green", community="甲社区")
    ok(wbz("close", closed, "--reason", "moved", "--on", "2026-10-20"))
    back = register(wbz, "丁", "2026-08-01", "disabled", risk="yellow", community="乙社区")
    ok(wbz("close", back, "--reason", "other", "--on", "2026-10-05"))
    ok(wbz("reopen", back, "--on", "2026-10-25"))
    ok(wbz("update", back, "--risk", "red", "--on", "2026-11-02"))  # after the month
    register(wbz, "戊", "2026-11-01", "other", community="乙社区")
    return wbz


@pytest.fixture
def keyed(october: Invoke, tmp_path: Path) -> Invoke:
    ok(october("init", "--district-key", str(key_file(tmp_path / "区县密钥.txt"))))
    return october


def package(wbz: Invoke, out: str = "报送.wbzpkg", *extra: str, **kw: Any) -> Any:
    return wbz("report", "monthly", "--month", "2026-10", "--format", "package", "--out", out,
               *extra, **kw)  # fmt: skip


def body_of(path: str | Path, key: bytes | None = KEY) -> dict[str, Any]:
    return submission.unpack(Path(path).read_bytes(), key)


def test_the_package_holds_the_months_report_as_json_gives_it(keyed: Invoke) -> None:
    ok(package(keyed))
    body = body_of("报送.wbzpkg")
    report = ok(keyed("report", "monthly", "--month", "2026-10", "--format", "json")).json()
    assert body["figures"] == dict(flatten(report))
    by = ok(keyed("report", "monthly", "--month", "2026-10", "--format", "json", "--by",
                  "community")).json()["by_community"]  # fmt: skip
    assert body["by_community"] == {c: dict(flatten(v)) for c, v in by.items()}
    assert set(body["by_community"]) == {"甲社区", "乙社区"}
    assert body["station"]["name"] == "华阳路街道未保站"
    assert body["station"]["district"] == "长宁区"
    assert body["month"] == "2026-10" and body["as_of"] == "2026-10-31"
    from wbz_cli import __version__
    from wbz_cli.store.migrations import available

    assert body["tool_version"] == __version__
    assert body["schema_version"] == available()[-1]
    assert datetime.fromisoformat(body["created_at"]).tzinfo is not None


def test_the_list_is_the_children_active_at_the_months_end(keyed: Invoke) -> None:
    ok(package(keyed))
    children = body_of("报送.wbzpkg")["children"]
    figures = body_of("报送.wbzpkg")["figures"]
    assert len(children) == figures["children.active"] == 3
    hashes = {c["hash"] for c in children}
    assert submission.child_hash(KEY, IDS["丙"]) not in hashes  # closed on 2026-10-20
    assert submission.child_hash(KEY, IDS["戊"]) not in hashes  # registered in November
    assert hashes == {submission.child_hash(KEY, IDS[n]) for n in ("甲", "乙", "丁")}
    categories = Counter(k for c in children for k in c["categories"])
    for key, value in figures.items():
        if key.startswith("children.by_category."):
            assert categories[key.rsplit(".", 1)[1]] == value, key
        if key.startswith("children.by_risk."):
            level = key.rsplit(".", 1)[1]
            assert sum(c["risk"] == level for c in children) == value, key
    first = next(c for c in children if c["hash"] == submission.child_hash(KEY, IDS["甲"]))
    assert first == {"hash": first["hash"], "child": "C000001",
                     "categories": ["difficult", "left_behind"], "risk": "red"}  # fmt: skip
    reopened = next(c for c in children if c["child"] == "C000004")
    assert reopened["risk"] == "yellow"  # its risk on 2026-10-31, not today's


def test_without_a_key_the_package_has_figures_only_and_says_so(october: Invoke) -> None:
    result = ok(package(october))
    assert "未设置区县密钥：报送包只含统计数字，不含儿童名单；请运行 wbz init --district-key" in (
        result.stderr
    )
    body = body_of("报送.wbzpkg", None)
    assert body["children"] == [] and body["figures"]["children.active"] == 3
    with pytest.raises(submission.SubmissionError, match="没有用区县密钥封存"):
        body_of("报送.wbzpkg", KEY)


def test_the_environment_variable_overrides_the_key_set(keyed: Invoke, tmp_path: Path) -> None:
    ok(package(keyed, "a.wbzpkg", env={submission.KEY_ENV: OTHER.hex()}))
    assert len(body_of("a.wbzpkg", OTHER)["children"]) == 3
    with pytest.raises(submission.SubmissionError, match="不属于本区县"):
        body_of("a.wbzpkg", KEY)
    other_file = key_file(tmp_path / "other.key", OTHER)
    ok(package(keyed, "b.wbzpkg", env={submission.KEY_ENV: str(other_file)}))
    assert body_of("b.wbzpkg", OTHER)["children"] == body_of("a.wbzpkg", OTHER)["children"]
    result = package(keyed, "c.wbzpkg", env={submission.KEY_ENV: "no-such-file.key"})
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "环境变量 WBZ_DISTRICT_KEY" in result.stderr and "Traceback" not in result.stderr
    assert not Path("c.wbzpkg").exists()


def test_an_encrypted_package_decrypts_with_the_backup_passphrase(keyed: Invoke) -> None:
    env = {"WBZ_BACKUP_PASSPHRASE": "报送密码-2026"}
    ok(package(keyed, "enc.wbzpkg", "--encrypt", env=env))
    data = Path("enc.wbzpkg").read_bytes()
    assert not submission.is_submission(data[:4])
    body = submission.unpack(decrypt(data, "报送密码-2026"), KEY)
    assert len(body["children"]) == 3
    assert Path("enc.wbzpkg").stat().st_mode & 0o777 == 0o600


def test_the_file_is_guarded_and_other_uses_are_refused(keyed: Invoke, db_path: Path) -> None:
    monthly = ["report", "monthly", "--month", "2026-10"]
    refusals = [
        ([*monthly, "-f", "package", "--out", str(db_path)], "数据库文件本身"),
        ([*monthly, "-f", "package"], "需要 --out"),
        (["report", "range", "--from", "2026-10-01", "--to", "2026-10-31", "-f", "package",
          "--out", "r.wbzpkg"], "报送包按月报送"),
        ([*monthly, "-f", "json", "--out", "x.json", "--encrypt"], "--encrypt 只用于报送包"),
        ([*monthly, "-f", "package", "--out", "p.wbzpkg", "--by", "community"], "请去掉 --by"),
        ([*monthly, "-f", "package", "--out", "p.wbzpkg", "--reveal"], "请去掉 --reveal"),
    ]  # fmt: skip
    for args, words in refusals:
        result = keyed(*args)
        assert result.exit_code == 1, (words, result.stderr)
        assert words in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert not any(Path(n).exists() for n in ("r.wbzpkg", "x.json", "p.wbzpkg"))
    assert db_path.stat().st_size > 0
    ok(package(keyed))
    again = package(keyed)
    assert again.exit_code == 1 and "已存在" in again.stderr
    ok(package(keyed, "报送.wbzpkg", "--force"))
    odd = ok(package(keyed, "报送.zip"))
    assert "通常以 .wbzpkg 结尾" in odd.stderr and body_of("报送.zip")["children"]


def test_the_key_and_the_export_are_audited_without_the_key_or_hashes(
    keyed: Invoke, db_path: Path
) -> None:
    ok(package(keyed))
    ok(keyed("init", "--station", "华阳路街道未成年人保护工作站", "--district", "上海市长宁区"))
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT action, record_type, record_key, coalesce(before, ''), coalesce(after, '')"
        " FROM audit_log"
    ).fetchall()
    text = json.dumps(rows, ensure_ascii=False)
    assert KEY.hex() not in text
    assert not any(submission.child_hash(KEY, n) in text for n in IDS.values())
    key_rows = [r for r in rows if r[2] == "district_key"]
    assert len(key_rows) == 1
    assert json.loads(key_rows[0][4]) == {"note": "区县密钥已设置",
                                          "key_id": submission.key_id(KEY)}  # fmt: skip
    (export,) = [r for r in rows if r[0] == "export"]
    assert export[1:3] == ("submission", "2026-10")
    assert json.loads(export[4]) == {"file": "报送.wbzpkg", "format": "package",
                                     "month": "2026-10", "children_listed": 3,
                                     "encrypted": False}  # fmt: skip
    shown = ok(keyed("audit")).stdout
    assert "区县密钥已设置" in shown and "名单儿童数: 3" in shown and KEY.hex() not in shown


def test_the_key_is_read_from_standard_input_and_a_bad_key_changes_nothing(
    october: Invoke, db_path: Path, tmp_path: Path
) -> None:
    ok(october("init", "--district-key", "-", input=submission.key_text(KEY, "长宁区")))
    ok(package(october))
    assert len(body_of("报送.wbzpkg")["children"]) == 3
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM audit_log").fetchone()
    bad = tmp_path / "bad.key"
    bad.write_text("not a key\n", encoding="utf-8")
    for path in (bad, tmp_path / "missing.key", tmp_path):
        result = october("init", "--district-key", str(path))
        assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
        assert "密钥" in result.stderr
    after = sqlite3.connect(db_path).execute("SELECT count(*) FROM audit_log").fetchone()
    assert before == after
    ok(package(october, "again.wbzpkg"))
    assert body_of("again.wbzpkg")["children"] == body_of("报送.wbzpkg")["children"]


def test_the_station_id_is_made_once_and_survives_backup_and_restore(
    keyed: Invoke, tmp_path: Path
) -> None:
    ok(package(keyed, "a.wbzpkg"))
    first = body_of("a.wbzpkg")["station"]["id"]
    assert len(first) == 36 and first.count("-") == 4
    ok(keyed("init", "--station", "华阳路街道未保站"))
    ok(package(keyed, "b.wbzpkg"))
    assert body_of("b.wbzpkg")["station"]["id"] == first
    ok(keyed("backup", str(tmp_path / "copy.db")))
    ok(keyed("restore", str(tmp_path / "copy.db"), "--yes"))
    ok(package(keyed, "c.wbzpkg"))
    assert body_of("c.wbzpkg")["station"]["id"] == first


def test_a_child_without_an_id_number_is_counted_but_not_listed(
    keyed: Invoke, db_path: Path
) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE children SET id_number = 'ANON-C000002' WHERE code = 'C000002'")
    result = ok(package(keyed))
    assert "1 名在册儿童没有身份证号" in result.stderr
    body = body_of("报送.wbzpkg")
    assert body["figures"]["children.active"] == 3
    assert sorted(c["child"] for c in body["children"]) == ["C000001", "C000004"]


def test_a_month_not_over_is_counted_as_of_today(keyed: Invoke) -> None:
    ok(keyed("report", "monthly", "--month", "2026-11", "--format", "package", "--out",
             "nov.wbzpkg"))  # fmt: skip
    body = body_of("nov.wbzpkg")
    assert body["month"] == "2026-11" and body["as_of"] == "2026-11-24"
    assert len(body["children"]) == body["figures"]["children.active"] == 4
    risks = {c["child"]: c["risk"] for c in body["children"]}
    assert risks["C000004"] == "red"  # changed on 2026-11-02
