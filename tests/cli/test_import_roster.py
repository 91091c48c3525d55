"""wbz import roster on the sample rosters: every row's outcome exactly as its .expect.json says,
in .xlsx, .csv (GB18030) and the .xls and .ods LibreOffice made from the .xlsx."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain.enums import Category
from wbz_cli.services.roster import header_fields
from wbz_cli.sheets.reader import open_table

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLES = {
    "roster_gbk.csv": "roster_gbk.expect.json",
    "roster_titled.xlsx": "roster_titled.expect.json",
    "roster_titled.xls": "roster_titled.expect.json",
    "roster_titled.ods": "roster_titled.expect.json",
}
GENDER = {"男": "M", "女": "F"}


def expected(name: str) -> list[dict]:
    return json.loads((FIXTURES / SAMPLES[name]).read_text(encoding="utf-8"))


def data_row_numbers(path: Path) -> list[int]:
    """The sheet row of each data row, in file order (what --errors reports)."""
    table = open_table(path, fields=header_fields(), required=("name", "id_number"))
    return [row.number for row in table.rows()]


def register_by_id(wbz: Invoke) -> dict[str, dict]:
    listed = wbz("children", "--format", "json", "--reveal").json()
    return {c["id_number"]: c for c in listed}


def errors_by_row(path: Path) -> dict[int, list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["原行号", "原因"]
    return {int(r[0]): r for r in rows[1:]}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_sample_row_has_its_expected_outcome(
    station: Invoke, name: str, tmp_path: Path
) -> None:
    entries = expected(name)
    numbers = data_row_numbers(FIXTURES / name)
    assert len(numbers) == len(entries)
    errors = tmp_path / "errors.csv"
    result = station(
        "import", "roster", str(FIXTURES / name), "--errors", str(errors), "--format", "json"
    )
    assert result.exit_code == 3, result.stderr  # done, with refused rows to look at
    kept = [e for e in entries if e["outcome"] in ("accept", "merge")]
    merge_ids = {e["id_number"] for e in entries if e["outcome"] == "merge"}
    merge_rows = sum(e["outcome"] == "merge" for e in entries)
    assert result.json()["counts"] == {
        "inserted": len({e["id_number"] for e in kept}),
        "updated": 0,
        "unchanged": 0,
        "merged": merge_rows - len(merge_ids),
        "rejected": sum(e["outcome"] == "reject" for e in entries),
        "moved": 0,
    }
    on_file = register_by_id(station)
    refused = errors_by_row(errors)
    for number, entry in zip(numbers, entries, strict=True):
        if entry["outcome"] == "reject":
            assert entry["id_number"] not in on_file, entry
            assert number in refused, entry
            assert refused[number][1], "a refused row says why"
            continue
        assert number not in refused, (entry, refused.get(number))
        child = on_file[entry["id_number"]]
        assert child["name"] == entry["name"]
        assert child["birth_date"] == entry["birth"]
        assert child["gender"] == GENDER[entry["gender"]]
        assert child["community"] == entry["community"]
        assert set(child["categories"]) == {Category.parse(c).value for c in entry["categories"]}
        assert child["registered_on"] == "2026-11-24"
    assert len(on_file) == len({e["id_number"] for e in kept})
    assert len(refused) == sum(e["outcome"] == "reject" for e in entries)


def test_refused_rows_say_why_in_chinese(station: Invoke, tmp_path: Path) -> None:
    errors = tmp_path / "errors.csv"
    station("import", "roster", str(FIXTURES / "roster_gbk.csv"), "--errors", str(errors))
    entries = expected("roster_gbk.csv")
    numbers = data_row_numbers(FIXTURES / "roster_gbk.csv")
    reasons = {
        e["fault"]: errors_by_row(errors)[n][1]
        for n, e in zip(numbers, entries, strict=True)
        if e["outcome"] == "reject"
    }
    assert "Excel" in reasons["id_as_number"] and "文本" in reasons["id_as_number"]
    assert "校验位" in reasons["bad_checksum"]
    assert "18 周岁" in reasons["adult"]
    assert "16 周岁" in reasons["category_age"]
    assert "姓名为空" in reasons["missing_name"]
    assert "出生日期" in reasons["birth_mismatch"] and "不一致" in reasons["birth_mismatch"]
    row = errors_by_row(errors)[numbers[120]]  # the ID Excel wrote as 3.70682E+17
    assert row[2:6] == ["121", "任轩宇", "女", "3.70682E+17"]


def test_the_table_summary_lists_the_refused_rows(station: Invoke) -> None:
    result = station("import", "roster", str(FIXTURES / "roster_titled.xlsx"))
    assert result.exit_code == 3
    assert "新增" in result.stdout and "189" in result.stdout
    assert "被拒绝的行" in result.stdout and "校验位错误" in result.stdout
    assert "--errors" in result.stdout


def table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "children",
                "households",
                "guardians",
                "case_periods",
                "child_categories",
                "risk_history",
                "audit_log",
            )
        }
    finally:
        conn.close()


def test_importing_the_same_file_twice_changes_nothing(station: Invoke, db_path: Path) -> None:
    first = station("import", "roster", str(FIXTURES / "roster_titled.xlsx"), "-f", "json")
    listed = station("children", "--format", "json", "--reveal").json()
    before = table_counts(db_path)
    second = station("import", "roster", str(FIXTURES / "roster_titled.xlsx"), "-f", "json")
    assert second.json()["counts"] == {
        "inserted": 0,
        "updated": 0,
        "unchanged": first.json()["counts"]["inserted"],
        "merged": 1,
        "rejected": 11,
        "moved": 0,
    }
    after = table_counts(db_path)
    assert after == {**before, "audit_log": before["audit_log"] + 1}  # the import itself
    assert station("children", "--format", "json", "--reveal").json() == listed


def test_dry_run_reports_and_writes_nothing(station: Invoke, db_path: Path) -> None:
    before = table_counts(db_path)
    dry = station("import", "roster", str(FIXTURES / "roster_gbk.csv"), "--dry-run", "-f", "json")
    assert dry.exit_code == 3
    assert table_counts(db_path) == before
    real = station("import", "roster", str(FIXTURES / "roster_gbk.csv"), "-f", "json")
    assert dry.json() == {**real.json(), "dry_run": True}
    table = station("import", "roster", str(FIXTURES / "roster_gbk.csv"), "--dry-run")
    assert "试运行，未写入" in table.stdout


def test_every_new_child_has_an_audit_row(station: Invoke, db_path: Path) -> None:
    station("import", "roster", str(FIXTURES / "roster_gbk.csv"))
    conn = sqlite3.connect(db_path)
    try:
        registered = conn.execute(
            "SELECT count(DISTINCT record_key) FROM audit_log WHERE action = 'register'"
        ).fetchone()[0]
        summary = conn.execute(
            "SELECT operator, record_key, after FROM audit_log WHERE action = 'import'"
        ).fetchone()
    finally:
        conn.close()
    assert registered == 192
    assert summary[0] == "tester" and summary[1] == "roster_gbk.csv"
    assert json.loads(summary[2])["inserted"] == 192


def test_a_new_childs_audit_row_names_the_child_the_file_and_the_row(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    number = make_id("2016-02-29", 7)
    address = '长宁路 "8" 号\\后楼\t2 室'
    path = tmp_path / 'one "新" 名单.csv'  # quotes in the file name: JSON escapes
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [
                ["姓名", "身份证号码", "儿童类别", "所在社区", "家庭住址", "监护人", "监护人电话"],
                [],
                ["林小雨", number, "留守儿童、残疾儿童", "华阳", address, "林大山", "13812345678"],
            ]
        )
    assert station("import", "roster", str(path)).exit_code == 0
    conn = sqlite3.connect(db_path)
    try:
        (after,) = conn.execute(
            "SELECT after FROM audit_log WHERE action = 'register' AND record_key = 'C000001'"
        ).fetchone()
    finally:
        conn.close()
    values = json.loads(after)
    assert values == {
        "code": "C000001", "file": path.name, "household": "H000001", "id_number": number,
        "row": 3, "source": "import",
    }  # fmt: skip
    assert list(values) == sorted(values)  # keys sorted as in every other audit row
    for particular in ("林小雨", "林大山", "13812345678", "长宁路"):  # in the register, not here
        assert particular not in after
    shown = station("audit", "--record", number, "-f", "json").json()
    assert [r["action"] for r in shown] == ["register"] and shown[0]["after"]["row"] == 3


def test_the_demo_roster_imports_with_its_planted_faults(station: Invoke, tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[2] / "data" / "demo" / "roster.xlsx"
    errors = tmp_path / "errors.csv"
    result = station("import", "roster", str(demo), "-f", "json", "--errors", str(errors))
    assert result.json()["counts"] == {
        "inserted": 46,
        "updated": 0,
        "unchanged": 0,
        "merged": 1,
        "rejected": 4,
        "moved": 0,
    }
    reasons = [row[1] for row in errors_by_row(errors).values()]
    assert ["Excel" in reasons[0], "校验位" in reasons[1], "18 周岁" in reasons[2]] == [True] * 3
    assert "不一致" in reasons[3]
    listed = station("children", "-f", "json").json()
    assert len({c["community"] for c in listed}) == 6
    october = [c for c in listed if c["registered_on"].startswith("2026-10")]
    assert len(october) >= 5
    assert listed[4]["name"] == "徐一怡"  # the full-width space is gone


def test_an_import_leaves_every_reference_whole(station: Invoke, db_path: Path) -> None:
    """The import's transaction runs without SQLite's foreign-key checks (they cost a lookup
    per row): every row it writes must still point at a row that exists."""
    station("import", "roster", str(FIXTURES / "roster_gbk.csv"))
    station("import", "roster", str(FIXTURES / "roster_titled.xlsx"))  # new children, updates
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute(
            "SELECT count(*) FROM children c LEFT JOIN households h ON h.id = c.household_id"
            " WHERE h.id IS NULL"
        ).fetchone()[0]
    finally:
        conn.close()
    assert orphans == 0


def test_blank_cells_are_stored_as_nothing_not_as_empty_text(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """A blank cell leaves its field empty (NULL), as ``wbz register`` without the option does:
    no community, worker, address, guardian, phone or subtype made of empty text."""
    roster = tmp_path / "blanks.csv"
    roster.write_text(
        "姓名,身份证号码,儿童类别,所在社区,儿童主任,家庭住址,监护人,与儿童关系,监护人电话\n"
        f"空白,{make_id('2015-03-01', 11)},困境儿童,,,,,,\n"
        f"齐全,{make_id('2015-03-02', 12)},困境儿童,华阳,李四,华阳路1号,王五,母亲,13812345678\n",
        encoding="utf-8",
    )
    assert station("import", "roster", str(roster), "-f", "json").json()["counts"]["inserted"] == 2
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT c.name, c.community, c.worker, h.address, h.community, g.name, g.relation,"
            " g.phone, k.subtype FROM children c JOIN households h ON h.id = c.household_id"
            " LEFT JOIN guardians g ON g.household_id = h.id"
            " JOIN child_categories k ON k.child_id = c.id ORDER BY c.id"
        ).fetchall()
    finally:
        conn.close()
    assert rows == [
        ("空白", None, None, None, None, None, None, None, None),
        ("齐全", "华阳", "李四", "华阳路1号", "华阳", "王五", "母亲", "13812345678", None),
    ]
