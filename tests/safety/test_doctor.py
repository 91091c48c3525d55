"""wbz doctor: integrity, fixable data problems, exit code 3; consent."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Invoke, make_id


def add(station: Invoke, name: str, birth: str, seq: int, *extra: str) -> str:
    result = station(
        "register", "--name", name, "--id-number", make_id(birth, seq), "-c", "other", *extra
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def sql(db: Path, statement: str, *params: object) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(statement, params)
    conn.commit()
    conn.close()


def findings(station: Invoke) -> dict[str, list[list[str]]]:
    result = station("doctor", "--format", "json")
    assert result.exit_code in (0, 3), result.stderr
    out: dict[str, list[list[str]]] = {}
    for f in result.json():
        assert f["detail"] and f["action"]
        out.setdefault(f["kind"], []).append(f["codes"])
    # Exit 3 for 需处理 findings only; 提示 (routine notes) leave it 0 (stop 30, CLI.md).
    assert (result.exit_code == 3) == bool(set(out) - {"consent_missing", "empty_household"})
    return out


def test_a_clean_database_exits_0(station: Invoke) -> None:
    add(station, "王小明", "2010-06-01", 11)  # 16: no consent needed
    result = station("doctor")
    assert result.exit_code == 0, result.stdout
    assert "没有发现问题" in result.stdout


def test_possible_duplicates_compare_names_after_width_and_spaces(station: Invoke) -> None:
    add(station, "王小明", "2010-06-01", 11)
    add(station, "王　小明", "2010-06-01", 13)
    add(station, "ＡＢＣ", "2010-06-01", 15)
    add(station, "abc", "2010-06-01", 17)
    add(station, "王小明", "2010-06-02", 19)
    assert findings(station) == {
        "possible_duplicate": [["C000001", "C000002"], ["C000003", "C000004"]]
    }


def test_bad_and_duplicate_id_numbers(station: Invoke, db_path: Path) -> None:
    add(station, "王小明", "2010-06-01", 11)
    add(station, "李小红", "2010-07-01", 12)
    add(station, "赵小军", "2010-08-01", 13)
    sql(db_path, "UPDATE children SET id_number = '310105201006010110' WHERE code = 'C000001'")
    number = make_id("2010-07-01", 12)
    sql(db_path, "UPDATE children SET id_number = ? WHERE code = 'C000003'", number.lower() + " ")
    found = findings(station)
    assert found["invalid_id"][0] == ["C000001"]
    assert found["duplicate_id"] == [["C000002", "C000003"]]
    invalid = next(f for f in station("doctor", "-f", "json").json() if f["kind"] == "invalid_id")
    assert "校验位错误" in invalid["detail"] and "wbz close C000001" in invalid["action"]


def test_adults_and_categories_past_their_age(station: Invoke, db_path: Path) -> None:
    add(station, "成年", "2008-11-25", 11, "-c", "orphan")
    add(station, "留守", "2010-06-01", 13)
    sql(
        db_path,
        "INSERT INTO child_categories (child_id, category, start_on) VALUES (2, 'left_behind',"
        " '2026-01-01')",
    )
    assert findings(station) == {"category_over_age": [["C000002"]]}
    later = station("doctor", "--format", "json", env={"WBZ_TODAY": "2026-11-25"})
    assert later.exit_code == 3
    kinds = {(f["kind"], tuple(f["codes"])) for f in later.json()}
    assert ("adult_active", ("C000001",)) in kinds
    assert ("category_over_age", ("C000001",)) in kinds  # orphan holds until 18


def test_orphaned_records_and_empty_households(station: Invoke, db_path: Path) -> None:
    add(station, "王小明", "2010-06-01", 11)
    sql(
        db_path,
        "INSERT INTO visits (child_id, visited_on, mode, created_at)"
        " VALUES (77, '2026-01-01', 'home', 't')",
    )
    sql(
        db_path,
        "INSERT INTO subsidies (child_id, type, month, amount_fen, created_at)"
        " VALUES (78, 'orphan', '2026-01', 100, 't')",
    )
    sql(
        db_path,
        "INSERT INTO leads (code, child_id, type, source, found_on, created_at)"
        " VALUES ('L1', 79, 'x', 'y', '2026-01-01', 't')",
    )
    sql(db_path, "INSERT INTO households (code, created_on) VALUES ('H000009', '2026-01-01')")
    found = findings(station)
    assert found["orphaned"] == [["visits#1"], ["subsidies#1"], ["leads#1"]]
    assert found["empty_household"] == [["H000009"]]
    assert "foreign_key" not in found


def test_a_damaged_file_is_reported(station: Invoke, db_path: Path) -> None:
    for seq in range(1, 60, 2):
        add(station, f"儿童{seq}", "2010-06-01", seq)
    station("backup", str(db_path.with_name("copy.db")))
    copy = db_path.with_name("copy.db")
    data = bytearray(copy.read_bytes())
    root = (
        sqlite3.connect(copy)
        .execute("SELECT rootpage FROM sqlite_master WHERE name = 'children_household'")
        .fetchone()[0]
    )
    start = (root - 1) * 4096
    data[start + 8 : start + 4096] = b"\x00" * 4088
    copy.write_bytes(bytes(data))
    result = station("--db", str(copy), "doctor")
    assert result.exit_code in (1, 3), result.stderr
    assert "Traceback" not in result.stderr
    assert "完整性检查失败" in result.stdout or "已损坏" in result.stderr


def test_children_under_14_need_consent_or_an_exemption(station: Invoke, db_path: Path) -> None:
    add(station, "小", "2015-06-01", 11)
    add(station, "中", "2014-06-01", 13)
    add(station, "大", "2010-06-01", 15)
    assert findings(station) == {"consent_missing": [["C000001"], ["C000002"]]}
    ok = station("consent", "C000001", "--by", "王大山", "--on", "2026-01-05")
    assert ok.exit_code == 0, ok.stderr
    exempt = station("consent", "C000002", "--exempt", "依法履行法定职责（个人信息保护法第十三条）")
    assert exempt.exit_code == 0, exempt.stderr
    assert findings(station) == {}
    shown = station("consent", "C000001", "--format", "json").json()
    assert shown == [
        {
            "child": "C000001",
            "consent_on": "2026-01-05",
            "consent_by": "王大山",
            "consent_exempt_reason": None,
        }
    ]
    conn = sqlite3.connect(db_path)
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log WHERE action = 'consent'")]
    assert actions == ["consent", "consent"]


def test_consent_refusals(station: Invoke) -> None:
    add(station, "小", "2015-06-01", 11)
    for args, message in (
        ([], "二选一"),
        (["--by", "王", "--exempt", "x"], "二选一"),
        (["--by", "王", "--on", "2026-12-01"], "晚于今天"),
        (["--by", "王", "--on", "2015-01-01"], "早于出生日期"),
        (["--exempt", "  "], "依据为空"),
        (["--by", "  "], "为空"),
    ):
        result = (
            station("consent", "C000001", *args)
            if args
            else station("consent", "C000001", "--on", "2026-01-01")
        )
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)
    assert station("consent", "C000404", "--by", "王").exit_code == 1


def test_merged_children_are_no_longer_reported_as_duplicates(station: Invoke) -> None:
    add(station, "王小明", "2010-06-01", 11)
    add(station, "王 小明", "2010-06-01", 13)
    add(station, "王小明", "2010-06-01", 15)
    assert findings(station) == {"possible_duplicate": [["C000001", "C000002", "C000003"]]}
    merged = station("merge", "C000001", "C000002", "--yes")
    assert merged.exit_code == 0, merged.stderr
    assert findings(station) == {"possible_duplicate": [["C000001", "C000003"]]}
    merged = station("merge", "C000001", "C000003", "--yes")
    assert merged.exit_code == 0, merged.stderr
    assert findings(station) == {}


def test_a_merged_childs_own_id_number_is_no_longer_checked(station: Invoke, db_path: Path) -> None:
    add(station, "王小明", "2010-06-01", 11)
    add(station, "王小明", "2010-06-01", 13)
    # the second file was registered with a mistyped number (check digit, birth date, gender)
    sql(db_path, "UPDATE children SET id_number = '310105201006010110' WHERE code = 'C000002'")
    sql(db_path, "UPDATE children SET gender = 'F' WHERE code = 'C000001'")
    found = findings(station)
    assert found["invalid_id"] == [["C000002"]] and found["id_mismatch"] == [["C000001"]]
    merged = station("merge", "C000001", "C000002", "--yes", "--force")
    assert merged.exit_code == 0, merged.stderr
    # the kept file is still checked; the merged one is history
    assert findings(station) == {"id_mismatch": [["C000001"]]}
