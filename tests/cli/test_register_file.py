"""The register read back: listings, masking, history as of a past date, updates, close, audit."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Invoke, make_id

BOY = make_id("2015-06-01", 11)
GIRL = make_id("2013-02-03", 22)


def seed(station: Invoke) -> None:
    for args in (
        [
            "--name",
            "王小明",
            "--id-number",
            BOY,
            "-c",
            "留守儿童",
            "-c",
            "孤儿",
            "--community",
            "华阳居民区",
            "--guardian",
            "王大山",
            "--guardian-phone",
            "13812345678",
            "--risk",
            "橙",
            "--on",
            "2026-01-10",
            "--worker",
            "张老师",
        ],
        [
            "--name",
            "李小红",
            "--id-number",
            GIRL,
            "-c",
            "disabled",
            "--community",
            "飞乐居民区",
            "--on",
            "2026-03-05",
        ],
    ):
        result = station("register", *args)
        assert result.exit_code == 0, result.stderr


def audit(db: Path) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY id")]
    finally:
        conn.close()


def test_listing_masks_ids_and_phones_in_every_format(station: Invoke) -> None:
    seed(station)
    table = station("children").stdout
    assert BOY[:6] + "*" * 11 + BOY[-1] in table
    assert BOY not in table
    as_json = station("children", "--format", "json").json()
    assert as_json[0]["id_number"] == BOY[:6] + "*" * 11 + BOY[-1]
    assert as_json[0]["guardian_phone"] == "138****5678"
    as_csv = station("children", "--format", "csv").stdout
    assert BOY not in as_csv and "13812345678" not in as_csv
    revealed = station("children", "--format", "json", "--reveal").json()
    assert revealed[0]["id_number"] == BOY
    assert revealed[0]["guardian_phone"] == "13812345678"


def test_reveal_is_written_to_the_audit_log(station: Invoke, db_path: Path) -> None:
    seed(station)
    station("children", "--reveal", "--format", "json")
    station("show", "C000002", "--reveal")
    reveals = [r for r in audit(db_path) if r["action"] == "reveal"]
    assert [r["record_type"] for r in reveals] == ["children", "child"]
    assert json.loads(reveals[0]["after"])["count"] == 2
    assert all(r["operator"] == "tester" for r in reveals)


def test_filters(station: Invoke) -> None:
    seed(station)

    def codes(*args: str) -> list[str]:
        return [c["child"] for c in station("children", *args, "--format", "json").json()]

    assert codes("--community", "飞乐居民区") == ["C000002"]
    assert codes("--risk", "orange") == ["C000001"]
    assert codes("--risk", "未评估") == ["C000002"]
    assert codes("--category", "orphan") == ["C000001"]
    assert codes("--worker", "张老师") == ["C000001"]
    assert codes("--status", "closed") == []


def test_category_history_read_as_of_a_past_date(station: Invoke) -> None:
    seed(station)
    ended = station("update", "C000001", "--end-category", "orphan", "--on", "2026-06-15")
    assert ended.exit_code == 0, ended.stderr
    station("update", "C000001", "--add-category", "困境儿童", "--on", "2026-07-01")

    def categories(as_of: str) -> dict[str, list[str]]:
        listed = station("children", "--as-of", as_of, "--format", "json").json()
        return {c["child"]: c["categories"] for c in listed}

    assert categories("2026-02-01") == {"C000001": ["orphan", "left_behind"]}
    assert categories("2026-06-14")["C000001"] == ["orphan", "left_behind"]
    assert categories("2026-06-15")["C000001"] == ["left_behind"]
    assert categories("2026-07-01")["C000001"] == ["difficult", "left_behind"]
    history = station("show", "C000001", "--format", "json").json()["category_history"]
    assert [(h["category"], h["start_on"], h["end_on"]) for h in history] == [
        ("left_behind", "2026-01-10", "2031-06-01"),
        ("orphan", "2026-01-10", "2026-06-15"),
        ("difficult", "2026-07-01", None),
    ]


def test_left_behind_ends_by_itself_on_the_16th_birthday(station: Invoke) -> None:
    number = make_id("2010-12-20", 11)
    station(
        "register",
        "--name",
        "赵小军",
        "--id-number",
        number,
        "-c",
        "left_behind",
        "-c",
        "other",
        "--on",
        "2026-01-05",
    )
    before = station("children", "--as-of", "2026-12-19", "--format", "json").json()
    after = station("children", "--as-of", "2026-12-20", "--format", "json").json()
    assert before[0]["categories"] == ["left_behind", "other"]
    assert after[0]["categories"] == ["other"]


def test_update_changes_fields_and_audits_before_and_after(station: Invoke, db_path: Path) -> None:
    seed(station)
    result = station("update", "C000002", "--risk", "red", "--community", "大西居民区")
    assert result.exit_code == 0, result.stderr
    child = station("show", "C000002", "--format", "json").json()
    assert (child["risk"], child["community"]) == ("red", "大西居民区")
    row = [r for r in audit(db_path) if r["action"] == "update"][-1]
    assert row["record_key"] == "C000002"
    assert json.loads(row["before"]) == {"community": "飞乐居民区", "risk": "unassessed"}
    assert json.loads(row["after"]) == {"community": "大西居民区", "risk": "red"}
    assert row["operator"] == "tester"


def test_update_refusals_change_nothing(station: Invoke, db_path: Path) -> None:
    seed(station)
    count = len(audit(db_path))
    for args, message in (
        (["--add-category", "orphan"], "已属于孤儿"),
        (["--end-category", "migrant"], "当前不属于流动儿童"),
        (["--risk", "purple"], "风险等级“purple”无效"),
        ([], "没有要修改的内容"),
        (["--add-category", "difficult", "--on", "2025-12-31"], "早于登记日期"),
    ):
        result = station("update", "C000001", *args)
        assert result.exit_code == 1, args
        assert message in result.stderr
    assert len(audit(db_path)) == count
    assert station("update", "C999999", "--risk", "red").exit_code == 1


def test_close_and_reopen_keep_the_history(station: Invoke) -> None:
    seed(station)
    closed = station("close", "C000002", "--reason", "moved", "--on", "2026-08-31")
    assert closed.exit_code == 0, closed.stderr
    assert "已于 2026-08-31 退出" in closed.stdout
    assert (
        station("children", "--status", "active", "--format", "json").json()[0]["child"]
        == "C000001"
    )
    again = station("close", "C000002", "--reason", "迁出")
    assert again.exit_code == 1
    assert "wbz reopen" in again.stderr
    assert station("reopen", "C000002", "--on", "2026-08-30").exit_code == 1
    assert station("reopen", "C000002", "--on", "2026-10-01").exit_code == 0
    child = station("show", "C000002", "--format", "json").json()
    assert child["status"] == "active"
    assert child["case_history"] == [
        {"opened_on": "2026-03-05", "closed_on": "2026-08-31", "close_reason": "moved"},
        {"opened_on": "2026-10-01", "closed_on": None, "close_reason": None},
    ]
    in_september = station("children", "--as-of", "2026-09-15", "--format", "json").json()
    assert {c["child"]: c["status"] for c in in_september} == {
        "C000001": "active",
        "C000002": "closed",
    }


def test_close_reason_must_be_known(station: Invoke) -> None:
    seed(station)
    result = station("close", "C000001", "--reason", "bored")
    assert result.exit_code == 1
    assert "退出原因" in result.stderr


def test_every_write_leaves_an_audit_row(station: Invoke, db_path: Path) -> None:
    seed(station)
    actions = [(r["action"], r["record_type"], r["record_key"]) for r in audit(db_path)]
    assert ("init", "settings", "station") in actions
    assert ("register", "child", "C000001") in actions
    assert ("register", "child", "C000002") in actions
    assert ("insert", "household", "H000001") in actions
    registered = next(r for r in audit(db_path) if r["action"] == "register")
    assert registered["before"] is None
    assert json.loads(registered["after"])["id_number"] == BOY


def test_operator_comes_from_the_option(station: Invoke, db_path: Path) -> None:
    station(
        "--operator",
        "刘主任",
        "register",
        "--name",
        "孙小",
        "--id-number",
        make_id("2016-01-01", 31),
        "-c",
        "other",
    )
    assert audit(db_path)[-1]["operator"] == "刘主任"


def test_show_unknown_child_is_one_clear_line(station: Invoke) -> None:
    result = station("show", "C000404")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "找不到儿童“C000404”" in result.stderr


def test_bad_wbz_today_is_refused(station: Invoke) -> None:
    result = station("children", env={"WBZ_TODAY": "yesterday"})
    assert result.exit_code == 1
    assert "WBZ_TODAY" in result.stderr
