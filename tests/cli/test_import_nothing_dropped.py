"""Issue 19, "drop nothing silently": every non-empty cell of an imported sheet either lands in
the database or is reported: columns nobody knows (with how many cells they hold), a phone
without a guardian's name (kept as the household's phone), two-row headers (监护人信息 above
姓名 / 联系电话) read by their joined names, and other sheets that look like rosters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from tests.conftest import Invoke, Result, make_id

BOY = make_id("2015-06-01", 11)
GIRL = make_id("2013-02-03", 22)
MIGRANT = make_id("2018-04-05", 33)
PHONE = "13812345678"


def xlsx(path: Path, sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for area in merges.get(name, []):
            ws.merge_cells(area)
    book.save(path)
    return path


def csv_file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def roster(wbz: Invoke, path: Path, *args: str) -> Result:
    result = wbz("import", "roster", str(path), *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def child(wbz: Invoke, id_number: str) -> dict[str, Any]:
    [found] = [
        c for c in wbz("children", "-f", "json", "--reveal").json() if c["id_number"] == id_number
    ]
    return found


def household(wbz: Invoke, id_number: str) -> dict[str, Any]:
    code = child(wbz, id_number)["household"]
    shown = wbz("household", "show", code, "-f", "json", "--reveal")
    assert shown.exit_code == 0, shown.stderr
    return shown.json()


# --- unrecognised columns -------------------------------------------------------------------


def test_a_column_nobody_knows_is_named_with_its_cells_in_the_summary_and_the_report(
    station: Invoke, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path / "名单.csv",
        f"姓名,身份证号码,儿童类别,爱好,空列\n王小明,{BOY},孤儿,画画,\n李小红,{GIRL},留守儿童,,\n",
    )
    shown = roster(station, path, "--dry-run")
    assert shown.exit_code == 0, shown.stderr
    assert "未识别的列：爱好（1 个非空单元格）" in shown.stderr
    assert "--mapping" in shown.stderr
    assert "空列（0 个非空单元格）" in shown.stderr
    report = roster(station, path, "--format", "report").json()
    assert report["unrecognised_columns"] == [
        {"column": "D", "header": "爱好", "non_empty": 1},
        {"column": "E", "header": "空列", "non_empty": 0},
    ]


def test_cells_without_a_header_are_reported_too(station: Invoke, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "名单.csv",
        f"姓名,身份证号码,儿童类别\n王小明,{BOY},孤儿,父亲在外地\n李小红,{GIRL},孤儿\n",
    )
    result = roster(station, path, "--format", "report")
    assert result.exit_code == 0, result.stderr
    assert result.json()["unrecognised_columns"] == [{"column": "D", "header": "", "non_empty": 1}]
    table = roster(station, path, "--dry-run")
    assert "未识别的列：第 D 列（无表头）（1 个非空单元格）" in table.stderr


def test_visit_subsidy_and_match_imports_report_them_alike(station: Invoke, tmp_path: Path) -> None:
    registered = station("register", "--name", "王小明", "--id-number", BOY, "-c", "孤儿")
    assert registered.exit_code == 0, registered.stderr
    sheets = {
        (
            "visit",
            "import",
        ): f"姓名,身份证号码,走访日期,走访方式,陪同人\n王小明,{BOY},2026-11-01,入户,张三\n",
        ("subsidy", "import"): (
            "姓名,身份证号码,补贴类型,发放月份,金额(元),经办人\n"
            f"王小明,{BOY},孤儿基本生活费,2026-10,100.00,张三\n"
        ),
        ("match", "--kind", "lowincome"): f"姓名,身份证号码,陪同人\n王小明,{BOY},张三\n",
    }
    for command, text in sheets.items():
        path = csv_file(tmp_path / f"{command[0]}.csv", text)
        table = station(*command, str(path), *(["--dry-run"] if command[0] != "match" else []))
        assert "Traceback" not in table.stderr, table.stderr
        assert "（1 个非空单元格）" in table.stderr, (command, table.stderr)
        report = station(*command, str(path), "--format", "report").json()
        [left_out] = report["unrecognised_columns"]
        assert left_out["non_empty"] == 1 and left_out["header"] in ("陪同人", "经办人"), command


# --- a phone without a guardian's name ------------------------------------------------------


def test_a_phone_without_a_guardians_name_is_kept_as_the_households_and_said_per_row(
    station: Invoke, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path / "名单.csv",
        "姓名,身份证号码,儿童类别,监护人,联系电话\n"
        f"王小明,{BOY},孤儿,,{PHONE}\n"
        f"李小红,{GIRL},孤儿,李大山,13900001111\n",
    )
    result = roster(station, path)
    assert result.exit_code == 0, result.stderr
    assert "第 2 行：没有监护人姓名，联系电话 138****5678 已保存到家庭档案" in result.stderr
    assert "第 3 行" not in result.stderr  # a named guardian: nothing to say
    [contact] = household(station, BOY)["guardians"]
    assert (contact["name"], contact["phone"], contact["primary"]) == ("", PHONE, True)
    assert "（姓名待补）" in station("household", "show", child(station, BOY)["household"]).stdout
    assert child(station, BOY)["guardian_phone"] == PHONE
    report = roster(station, path, "--dry-run", "--format", "report").json()
    assert any(w.startswith("第 2 行：没有监护人姓名") for w in report["warnings"])


def test_a_phone_without_a_name_reaches_a_child_on_file_and_spares_a_named_guardian(
    station: Invoke, tmp_path: Path
) -> None:
    for name, number, guardian in (("王小明", BOY, ()), ("李小红", GIRL, ("--guardian", "李大山"))):
        registered = station("register", "--name", name, "--id-number", number, "-c", "孤儿",
                             *guardian)  # fmt: skip
        assert registered.exit_code == 0, registered.stderr
    path = csv_file(
        tmp_path / "名单.csv",
        "姓名,身份证号码,儿童类别,联系电话\n"
        f"王小明,{BOY},孤儿,{PHONE}\n"
        f"李小红,{GIRL},孤儿,13900001111\n",
    )
    report = roster(station, path, "--format", "report").json()
    assert report["counts"]["updated"] == 1
    assert [(c["row"], c["field"], c["new"]) for c in report["changes"]] == [
        (2, "guardian_phone", "138****5678")
    ]
    assert household(station, BOY)["guardians"][0]["phone"] == PHONE
    assert (
        "第 3 行：没有监护人姓名，联系电话 139****1111 未保存（家庭已有监护人 李大山）"
        in (report["warnings"])[1]
    )
    assert household(station, GIRL)["guardians"][0]["phone"] is None


# --- two-row headers ------------------------------------------------------------------------

TWO_ROWS = [
    ["2026年红星村儿童花名册"],
    ["序号", "儿童信息", None, "儿童类别", "监护人信息", None],
    [None, "姓名", "身份证号", None, "姓名", "联系电话"],
    [1, "王小明", BOY, "孤儿", "王大山", PHONE],
    [2, "李小红", GIRL, "留守儿童", "李大山", "13900001111"],
]
TWO_ROW_MERGES = ["A1:F1", "A2:A3", "B2:C2", "D2:D3", "E2:F2"]


def test_a_two_row_header_in_a_workbook_is_read_by_its_joined_names(
    station: Invoke, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "名单.xlsx", {"名单": TWO_ROWS}, {"名单": TWO_ROW_MERGES})
    result = roster(station, path)
    assert result.exit_code == 0, result.stderr
    assert "名单（表头在第 3 行）" in result.stdout  # the lower row of the header
    assert "未识别" not in result.stderr
    [guardian] = household(station, BOY)["guardians"]
    assert (guardian["name"], guardian["phone"]) == ("王大山", PHONE)
    assert child(station, GIRL)["guardian"] == "李大山"
    assert child(station, BOY)["name"] == "王小明"


def test_the_same_two_row_header_in_a_csv(station: Invoke, tmp_path: Path) -> None:
    text = "\n".join(",".join("" if c is None else str(c) for c in row) for row in TWO_ROWS)
    path = csv_file(tmp_path / "名单.csv", text + "\n")
    report = roster(station, path, "--format", "report").json()
    assert (report["header_row"], report["counts"]["inserted"]) == (3, 2)
    assert report["unrecognised_columns"] == []
    assert child(station, BOY)["guardian"] == "王大山"
    assert child(station, BOY)["guardian_phone"] == PHONE


def test_a_guardians_id_number_under_its_group_is_not_taken_for_the_childs(
    station: Invoke, tmp_path: Path
) -> None:
    guardian_id = make_id("1985-01-01", 41)
    path = csv_file(
        tmp_path / "名单.csv",
        "监护人信息,,,儿童信息,,\n"
        "姓名,身份证号,联系电话,姓名,身份证号,类别\n"
        f"王大山,{guardian_id},{PHONE},王小明,{BOY},孤儿\n",
    )
    report = roster(station, path, "--format", "report").json()
    assert report["counts"]["inserted"] == 1, report
    assert child(station, BOY)["guardian"] == "王大山"
    assert report["unrecognised_columns"] == [
        {"column": "B", "header": "监护人信息/身份证号", "non_empty": 1}
    ]


def test_a_header_complete_in_its_upper_row_still_reads_its_lower_row(
    station: Invoke, tmp_path: Path
) -> None:
    rows = [
        ["姓名", "身份证号", "类别", "监护人信息", None],
        [None, None, None, "姓名", "联系电话"],
        ["王小明", BOY, "孤儿", "王大山", PHONE],
    ]
    merges = ["A1:A2", "B1:B2", "C1:C2", "D1:E1"]
    path = xlsx(tmp_path / "名单.xlsx", {"名单": rows}, {"名单": merges})
    report = roster(station, path, "--format", "report").json()
    assert (report["header_row"], report["counts"]["inserted"], report["rejected"]) == (2, 1, [])
    assert child(station, BOY)["guardian"] == "王大山"


# --- other sheets that look like rosters ----------------------------------------------------

BOOK = {
    "说明": [["本表由村（居）儿童主任填写"]],
    "留守儿童": [["姓名", "身份证号码", "儿童类别"], ["王小明", BOY, "留守儿童"]],
    "流动儿童": [
        ["流动儿童名单"],
        ["姓名", "身份证号码", "儿童类别", "联系电话"],
        ["李小红", GIRL, "流动儿童", "13900001111"],
        ["赵小刚", MIGRANT, "流动儿童", None],
        ["合计", None, None, None],
    ],
}


def test_other_sheets_that_look_like_rosters_are_named_with_how_to_import_them(
    station: Invoke, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "名单.xlsx", BOOK, {})
    result = roster(station, path)
    assert result.exit_code == 0, result.stderr
    assert "工作簿中另有相似的工作表未导入：“流动儿童”（2 行）" in result.stderr
    assert "--sheet 流动儿童" in result.stderr and "--all-sheets" in result.stderr
    report = roster(station, path, "--dry-run", "--format", "report").json()
    assert report["other_sheets"] == [{"sheet": "流动儿童", "rows": 2}]
    chosen = roster(station, path, "--sheet", "流动儿童", "--format", "report").json()
    assert chosen["other_sheets"] == [{"sheet": "留守儿童", "rows": 1}]
    assert chosen["counts"]["inserted"] == 2


def test_all_sheets_imports_every_roster_sheet_in_one_go_rows_named_by_sheet(
    station: Invoke, tmp_path: Path
) -> None:
    book = {**BOOK, "流动儿童": [*BOOK["流动儿童"][:3], ["赵小刚", "310105201", "流动儿童"]]}
    path = xlsx(tmp_path / "名单.xlsx", book, {})
    dry = roster(station, path, "--all-sheets", "--dry-run", "--format", "report").json()
    assert (dry["counts"]["inserted"], dry["dry_run"]) == (2, True)
    assert station("children", "-f", "json").json() == []  # a dry run writes nothing
    result = roster(station, path, "--all-sheets")
    assert result.exit_code == 3, result.stderr  # a row refused
    assert "留守儿童、流动儿童" in result.stdout
    assert "流动儿童!4" in result.stdout  # the refused row, named by its sheet
    assert "工作簿中另有" not in result.stderr
    assert {child(station, n)["name"] for n in (BOY, GIRL)} == {"王小明", "李小红"}
    again = roster(station, path, "--all-sheets", "--format", "report").json()
    assert (again["counts"]["unchanged"], again["other_sheets"]) == (2, [])
    assert [r["row"] for r in again["rejected"]] == ["流动儿童!4"]


def test_all_sheets_reads_a_child_on_two_sheets_once(station: Invoke, tmp_path: Path) -> None:
    book = {
        "一": [["姓名", "身份证号码", "儿童类别"], ["王小明", BOY, "留守儿童"]],
        "二": [["姓名", "身份证号码", "儿童类别", "联系电话"], ["王小明", BOY, "孤儿", PHONE]],
    }
    path = xlsx(tmp_path / "名单.xlsx", book, {})
    dry = roster(station, path, "--all-sheets", "--dry-run", "--format", "report").json()
    real = roster(station, path, "--all-sheets", "--format", "report").json()
    assert dry["counts"] == real["counts"]
    assert (real["counts"]["inserted"], real["counts"]["updated"]) == (1, 1)
    assert sorted(child(station, BOY)["categories"]) == ["left_behind", "orphan"]


def test_sheet_and_all_sheets_together_is_a_usage_error(station: Invoke, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "名单.xlsx", BOOK, {})
    result = roster(station, path, "--sheet", "流动儿童", "--all-sheets")
    assert result.exit_code == 2
    assert "--sheet 和 --all-sheets 不能同时使用" in result.stderr
    assert station("children", "-f", "json").json() == []


def test_all_sheets_names_rows_and_columns_left_out_by_sheet_in_the_errors_file_too(
    station: Invoke, tmp_path: Path
) -> None:
    book = {
        "一": [["姓名", "身份证号码", "儿童类别", "爱好"], ["王小明", BOY, "留守儿童", "画画"]],
        "二": [["姓名", "身份证号码", "儿童类别"], ["李四", "310105201", "孤儿"]],
    }
    path = xlsx(tmp_path / "名单.xlsx", book, {})
    errors = tmp_path / "被拒绝.csv"
    result = roster(station, path, "--all-sheets", "--errors", str(errors), "--format", "report")
    assert result.exit_code == 3, result.stderr
    report = result.json()
    assert report["unrecognised_columns"] == [{"column": "一!D", "header": "爱好", "non_empty": 1}]
    assert [r["row"] for r in report["rejected"]] == ["二!2"]
    written = errors.read_text(encoding="utf-8-sig").splitlines()
    assert written[1].startswith("二!2,")


def test_a_later_roster_naming_the_guardian_fills_in_the_contacts_name(
    station: Invoke, tmp_path: Path
) -> None:
    first = csv_file(
        tmp_path / "一.csv", f"姓名,身份证号码,儿童类别,联系电话\n王小明,{BOY},孤儿,{PHONE}\n"
    )
    assert roster(station, first).exit_code == 0
    second = csv_file(
        tmp_path / "二.csv",
        f"姓名,身份证号码,儿童类别,监护人,与儿童关系\n王小明,{BOY},孤儿,王大山,父亲\n",
    )
    report = roster(station, second, "--format", "report").json()
    assert [(c["field"], c["old"], c["new"]) for c in report["changes"]] == [
        ("guardian", "", "王大山"),
        ("relation", None, "父亲"),
    ]
    [guardian] = household(station, BOY)["guardians"]
    assert (guardian["name"], guardian["relation"], guardian["phone"]) == ("王大山", "父亲", PHONE)
