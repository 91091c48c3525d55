"""wbz duplicates / wbz merge: same normalised name and birth date, merging keeps history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

A_ID = make_id("2015-06-01", 11)
B_ID = make_id("2015-06-01", 13, "320506")  # same birth and gender, another area
OTHER_ID = make_id("2015-06-02", 15)


def sql(db: Path, query: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        with conn:
            return conn.execute(query, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def pair(station: Invoke, db_path: Path) -> Invoke:
    for name, number, cat, on in (
        ("王小明", A_ID, "left_behind", "2026-01-05"),
        ("王　小 明", B_ID, "low_income", "2026-03-01"),
        ("王小明", OTHER_ID, "other", "2026-03-01"),
    ):
        result = station("register", "--name", name, "--id-number", number, "-c", cat, "--on", on)
        assert result.exit_code == 0, result.stderr
    assert station("update", "C000002", "--risk", "red", "--on", "2026-04-01").exit_code == 0
    # history of B written straight into the care-record tables
    sql(
        db_path,
        "INSERT INTO visits (child_id, visited_on, mode, created_at) VALUES (2, '2026-05-01',"
        " 'home', 'x')",
    )
    sql(
        db_path,
        "INSERT INTO subsidies (child_id, type, month, amount_fen, created_at)"
        " VALUES (2, 'living', '2026-05', 120000, 'x'), (1, 'living', '2026-04', 120000, 'x')",
    )
    sql(
        db_path,
        "INSERT INTO leads (code, child_id, type, source, found_on, created_at)"
        " VALUES ('L000001', 2, 'schooling', 'visit', '2026-05-02', 'x')",
    )
    return station


def test_duplicates_lists_both_codes_ignoring_width_and_spaces(pair: Invoke) -> None:
    result = pair("duplicates", "--format", "json")
    assert result.exit_code == 0, result.stderr
    [group] = result.json()
    assert group["codes"] == ["C000001", "C000002"]  # C000003 has another birth date
    assert group["children"][0]["id_number"].startswith("310105****")
    table = pair("duplicates")
    assert "C000001" in table.stdout and "C000002" in table.stdout


def test_merge_moves_all_history_and_keeps_b_findable(pair: Invoke, db_path: Path) -> None:
    result = pair("merge", "C000001", "C000002", "--yes", "--format", "json")
    assert result.exit_code == 0, result.stderr
    done = result.json()
    assert done["kept"] == "C000001" and done["merged"] == "C000002"
    assert done["moved"]["visits"] == 1 and done["moved"]["subsidies"] == 1
    assert done["moved"]["leads"] == 1
    a = pair("show", "C000001", "--format", "json").json()
    assert a["categories"] == ["low_income", "left_behind"]
    assert a["risk"] == "red"
    assert a["case_history"] == [
        {"opened_on": "2026-01-05", "closed_on": None, "close_reason": None}
    ]
    assert a["merged_from"] == ["C000002"]
    # B's code and ID number lead to A; listings show A only
    assert pair("show", "C000002", "--format", "json").json()["child"] == "C000001"
    assert pair("show", B_ID, "--format", "json").json()["child"] == "C000001"
    listed = [c["child"] for c in pair("children", "--format", "json").json()]
    assert listed == ["C000001", "C000003"]
    assert sql(db_path, "SELECT count(*) FROM subsidies WHERE child_id = 1") == [(2,)]
    assert sql(db_path, "SELECT merged_into, status FROM children WHERE id = 2") == [(1, "closed")]
    audit = sql(db_path, "SELECT action, record_key FROM audit_log ORDER BY id DESC LIMIT 2")
    assert audit == [("merged_into", "C000002"), ("merge", "C000001")]
    again = pair("register", "--name", "王小明", "--id-number", B_ID, "-c", "other")
    assert again.exit_code == 1 and "C000001" in again.stderr
    assert pair("duplicates", "--format", "json").json() == []
    twice = pair("merge", "C000001", "C000002", "--yes")
    assert twice.exit_code == 1 and "已于 2026-11-24 合并到 C000001" in twice.stderr


def test_subsidy_clash_is_refused_listing_it(pair: Invoke, db_path: Path) -> None:
    sql(
        db_path,
        "INSERT INTO subsidies (child_id, type, month, amount_fen, created_at)"
        " VALUES (1, 'living', '2026-05', 120000, 'x')",
    )
    result = pair("merge", "C000001", "C000002", "--yes")
    assert result.exit_code == 1
    assert "living 2026-05" in result.stderr and "Traceback" not in result.stderr
    assert sql(db_path, "SELECT count(*) FROM visits WHERE child_id = 2") == [(1,)]
    assert sql(db_path, "SELECT merged_into FROM children WHERE id = 2") == [(None,)]


def test_different_birth_date_needs_force(pair: Invoke) -> None:
    refused = pair("merge", "C000001", "C000003", "--yes")
    assert refused.exit_code == 1 and "--force" in refused.stderr
    forced = pair("merge", "C000001", "C000003", "--yes", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "other" in pair("show", "C000001", "--format", "json").json()["categories"]


def test_merge_asks_first(pair: Invoke, db_path: Path) -> None:
    declined = pair("merge", "C000001", "C000002", input="n\n")
    assert declined.exit_code == 1 and "已取消" in declined.stdout
    assert sql(db_path, "SELECT merged_into FROM children WHERE id = 2") == [(None,)]
    accepted = pair("merge", "C000001", "C000002", input="y\n")
    assert accepted.exit_code == 0, accepted.stderr
    assert "已把 C000002 合并到 C000001" in accepted.stdout


def test_match_finds_a_merged_child_under_its_old_number(pair: Invoke, tmp_path: Path) -> None:
    assert pair("merge", "C000001", "C000002", "--yes").exit_code == 0
    path = tmp_path / "list.csv"
    path.write_text(f"姓名,身份证号码\n王小明,{B_ID}\n", encoding="utf-8")
    report = pair("match", path, "--kind", "lowincome", "-f", "json").json()
    assert report["candidates"] == []
    assert report["confirmed"][0]["code"] == "C000001"


def test_overlapping_periods_are_joined_and_link_tables_deduplicated(
    pair: Invoke, db_path: Path
) -> None:
    assert (
        pair("update", "C000001", "--add-category", "low_income", "--on", "2026-02-01").exit_code
        == 0
    )
    # a link table as the care-record branch adds it: one row per activity and child
    sql(
        db_path,
        "CREATE TABLE IF NOT EXISTS activity_children (activity_id INTEGER NOT NULL,"
        " child_id INTEGER NOT NULL REFERENCES children (id), PRIMARY KEY (activity_id, child_id))",
    )
    sql(db_path, "INSERT INTO activity_children VALUES (7, 1), (7, 2), (8, 2)")
    result = pair("merge", "C000001", "C000002", "--yes", "--format", "json")
    assert result.exit_code == 0, result.stderr
    history = pair("show", "C000001", "--format", "json").json()["category_history"]
    low = [h for h in history if h["category"] == "low_income"]
    assert [(h["start_on"], h["end_on"]) for h in low] == [("2026-02-01", None)]
    assert sql(db_path, "SELECT activity_id FROM activity_children ORDER BY 1") == [(7,), (8,)]
    assert sql(db_path, "SELECT DISTINCT child_id FROM activity_children") == [(1,)]


def test_roster_import_of_a_merged_number_updates_the_kept_child(
    pair: Invoke, tmp_path: Path, db_path: Path
) -> None:
    assert pair("merge", "C000001", "C000002", "--yes").exit_code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(f"姓名,身份证号码,儿童类别\n王小明,{B_ID},孤儿\n", encoding="utf-8")
    result = pair("import", "roster", roster, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["counts"]["inserted"] == 0
    assert "orphan" in pair("show", "C000001", "--format", "json").json()["categories"]
    assert sql(db_path, "SELECT count(*) FROM children") == [(3,)]
