"""wbz update corrects a child's particulars: the registration date (what was recorded with
the registration follows), the latest case's start, a category's start and the ID number
(birth date and gender follow). A correction that would leave records standing where the
rules forbid is refused with the list of those records, and changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import Invoke, make_id

BOY = make_id("2015-06-01", 11)


def _register(wbz: Invoke, *extra: str, id_number: str = BOY, name: str = "王小明") -> str:
    done = wbz("register", "--name", name, "--id-number", id_number, *extra)
    assert done.exit_code == 0, done.stderr
    return done.stdout.strip()


def _show(wbz: Invoke, code: str) -> dict[str, Any]:
    shown = wbz("show", code, "--format", "json", "--reveal")
    assert shown.exit_code == 0, shown.stderr
    return shown.json()


def _ok(wbz: Invoke, *args: str) -> None:
    done = wbz(*args)
    assert done.exit_code == 0, done.stderr


def _dump(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        tables = ("children", "case_periods", "child_categories", "risk_history", "visits",
                  "subsidies", "audit_log")  # fmt: skip
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    finally:
        conn.close()


def test_a_child_registered_today_by_mistake_gets_its_real_registration_date(
    station: Invoke,
) -> None:
    code = _register(station, "-c", "orphan", "--risk", "orange")  # no --on: today, 11-24
    october = station("visit", "add", code, "--mode", "home", "--on", "2026-10-05")
    assert october.exit_code == 1 and "早于" in october.stderr

    _ok(station, "update", code, "--registered-on", "2026-09-01")

    child = _show(station, code)
    assert child["registered_on"] == "2026-09-01"
    assert [c["opened_on"] for c in child["case_history"]] == ["2026-09-01"]
    assert [(c["category"], c["start_on"]) for c in child["category_history"]] == [
        ("orphan", "2026-09-01")
    ]
    assert [(r["risk"], r["effective_on"]) for r in child["risk_history"]] == [
        ("orange", "2026-09-01")
    ]
    _ok(station, "visit", "add", code, "--mode", "home", "--on", "2026-10-05")
    september = station("report", "monthly", "--month", "2026-09", "--format", "json").json()
    assert september["children"]["by_category"]["orphan"] == 1
    fresh = station("report", "monthly", "--month", "2026-09", "--format", "json", "--recompute")
    assert fresh.json()["children"] == september["children"]


def test_a_later_registration_date_is_refused_with_the_records_before_it(
    station: Invoke, db_path: Path
) -> None:
    code = _register(station, "-c", "orphan", "--on", "2026-09-01")
    _ok(station, "visit", "add", code, "--mode", "home", "--on", "2026-09-10")
    _ok(station, "visit", "add", code, "--mode", "phone", "--on", "2026-10-02")
    _ok(station, "update", code, "--risk", "red", "--on", "2026-09-20")
    before = _dump(db_path)

    refused = station("update", code, "--registered-on", "2026-10-01")

    assert refused.exit_code == 1
    message = refused.stderr
    assert "不能把登记日期改为 2026-10-01" in message
    assert "走访（编号 1，2026-09-10）" in message
    assert "风险等级记录" in message and "2026-09-20" in message
    assert "2026-10-02" not in message  # the visit after the new date still stands
    assert "作废" in message and "更早" in message
    assert "Traceback" not in message
    assert _dump(db_path) == before


def test_the_latest_case_start_moves_within_its_gap(station: Invoke, db_path: Path) -> None:
    code = _register(station, "-c", "orphan", "--on", "2026-03-01")
    _ok(station, "close", code, "--reason", "moved", "--on", "2026-05-01")
    _ok(station, "reopen", code, "--on", "2026-10-20")

    _ok(station, "update", code, "--case-start", "2026-08-01")
    _ok(station, "visit", "add", code, "--mode", "home", "--on", "2026-08-15")

    child = _show(station, code)
    assert [(c["opened_on"], c["closed_on"]) for c in child["case_history"]] == [
        ("2026-03-01", "2026-05-01"), ("2026-08-01", None),
    ]  # fmt: skip
    assert child["registered_on"] == "2026-03-01"
    before = _dump(db_path)
    overlap = station("update", code, "--case-start", "2026-04-01")
    late = station("update", code, "--case-start", "2026-09-01")
    assert overlap.exit_code == 1 and "上一次退出日期 2026-05-01" in overlap.stderr
    assert late.exit_code == 1 and "走访（编号 1，2026-08-15）" in late.stderr
    assert _dump(db_path) == before


def test_a_category_start_moves_and_payments_before_it_are_listed(
    station: Invoke, db_path: Path
) -> None:
    code = _register(station, "-c", "orphan", "-c", "disabled", "--on", "2026-06-01")
    _ok(station, "update", code, "--category-start", "孤儿=2026-07-01",
        "--category-start", "disabled=2026-06-15")  # fmt: skip
    child = _show(station, code)
    assert {c["category"]: c["start_on"] for c in child["category_history"]} == {
        "orphan": "2026-07-01", "disabled": "2026-06-15",
    }  # fmt: skip

    _ok(station, "subsidy", "add", code, "--type", "orphan", "--month", "2026-08",
        "--amount", "1200")  # fmt: skip
    before = _dump(db_path)
    refused = station("update", code, "--category-start", "orphan=2026-09-01")
    too_early = station("update", code, "--category-start", "orphan=2026-05-01")
    bad = station("update", code, "--category-start", "orphan")
    assert refused.exit_code == 1
    assert "孤儿基本生活费（编号 1，2026-08）" in refused.stderr
    assert too_early.exit_code == 1 and "早于登记日期 2026-06-01" in too_early.stderr
    assert bad.exit_code == 1 and "类别=日期" in bad.stderr
    assert _dump(db_path) == before


def test_a_wrong_id_number_is_corrected_with_birth_date_and_gender(station: Invoke) -> None:
    code = _register(station, "-c", "left_behind", "--on", "2026-09-01")
    girl = make_id("2014-02-03", 22)

    _ok(station, "update", code, "--id-number", girl)

    child = _show(station, code)
    assert (child["id_number"], child["birth_date"], child["gender"]) == (girl, "2014-02-03", "F")
    history = station("show", code, "--format", "json").json()["category_history"]
    assert history[0]["end_on"] == "2030-02-03"  # left-behind ends on the new 16th birthday
    assert station("show", BOY).exit_code == 1  # the old number no longer finds the child
    assert _show(station, girl)["child"] == code


def test_an_id_number_on_file_is_refused_naming_its_holder(station: Invoke, db_path: Path) -> None:
    code = _register(station, "-c", "orphan", "--on", "2026-09-01")
    other = make_id("2016-01-01", 33)
    holder = _register(station, "-c", "orphan", "--on", "2026-09-01", id_number=other,
                       name="李小红")  # fmt: skip
    before = _dump(db_path)

    refused = station("update", code, "--id-number", other)
    invalid = station("update", code, "--id-number", other[:-1] + "0")

    assert refused.exit_code == 1 and f"已登记为 {holder}（李小红）" in refused.stderr
    assert other not in refused.stderr
    assert invalid.exit_code == 1 and "校验" in invalid.stderr
    assert _dump(db_path) == before


def test_an_id_number_whose_birth_date_breaks_records_is_refused_with_them(
    station: Invoke, db_path: Path
) -> None:
    code = _register(station, "-c", "orphan", "-c", "left_behind", "--on", "2026-09-01")
    _ok(station, "subsidy", "add", code, "--type", "orphan", "--month", "2026-11",
        "--amount", "1200")  # fmt: skip
    before = _dump(db_path)

    older = make_id("2008-10-15", 11)  # 18 in October 2026: no payment for November
    refused = station("update", code, "--id-number", older)

    assert refused.exit_code == 1
    assert "孤儿基本生活费（编号 1，2026-11）" in refused.stderr
    assert "类别“农村留守儿童”（编号 2，2026-09-01）" in refused.stderr  # 17: not under 16
    assert "核对新的身份证号" in refused.stderr
    assert _dump(db_path) == before
    too_old = station("update", code, "--id-number", make_id("2007-01-01", 11))
    assert too_old.exit_code == 1 and "18 周岁" in too_old.stderr
    assert _dump(db_path) == before


def test_a_roster_imported_without_its_dates_takes_the_october_visit_sheet_once_corrected(
    station: Invoke, tmp_path: Path
) -> None:
    roster = tmp_path / "花名册.csv"
    roster.write_text(f"姓名,身份证号,类别\n王小明,{BOY},孤儿\n", encoding="utf-8")
    sheet = tmp_path / "十月走访.csv"
    sheet.write_text("儿童编号,姓名,随访日期,方式\nC000001,王小明,2026-10-05,入户\n", "utf-8")
    _ok(station, "import", "roster", str(roster))  # no --on: registered today, 11-24
    refused = station("visit", "import", str(sheet))
    assert refused.exit_code == 3 and "早于" in refused.stdout

    _ok(station, "update", "C000001", "--registered-on", "2026-09-01")

    imported = station("visit", "import", str(sheet), "--format", "json")
    assert imported.exit_code == 0, imported.stdout + imported.stderr
    child = _show(station, "C000001")
    assert child["category_history"][0]["start_on"] == "2026-09-01"
    assert child["risk_history"][0]["effective_on"] == "2026-09-01"
    assert [v["visited_on"] for v in station("visit", "list", "-f", "json").json()] == [
        "2026-10-05"
    ]
