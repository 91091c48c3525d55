"""wbz screen import: a screening sheet (摸排表) read like the other imports — header found
below a title, --sheet, --mapping, --dry-run, the one JSON report of every import — each bad
row refused with one Chinese line naming its row and field, a second import adding nothing,
and the screenings to follow up in ``wbz due`` with their community, under their worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from tests.cli.care_records import BOY, GIRL, child_on_file, ok
from tests.conftest import Invoke, due_rows, make_id

OTHER = make_id("2016-01-01", 33)
HEADERS = ["姓名", "身份证号", "居民区/村", "摸排日期", "摸排人", "来源", "结果", "纳入编号",
           "原因", "跟进期限", "联系电话"]  # fmt: skip
REPORT_KEYS = {"file", "sheet", "header_row", "dry_run", "counts", "changes", "rejected",
               "unrecognised_columns", "warnings", "other_sheets"}  # fmt: skip


def rows(child: str) -> list[list[Any]]:
    return [
        # row 3: enrolled as the child on file, found on a department's list
        ["王小明", BOY, "华阳居民区", "2026-11-01", "张三", "部门名单", "已纳入", child, "", "",
         ""],
        # row 4: to follow up by a day
        ["李小红", GIRL, "新华村", "2026-11-02", "张三", "入户摸排", "待跟进", "", "",
         "2026-11-20", "138"],
        # row 5: no ID number yet, not eligible with the reason
        ["赵五", "", "新华村", "2026-11-02", "李梅", "学校", "不符合条件", "", "已满18周岁", "",
         ""],
        # row 6: not eligible without a reason
        ["钱六", "", "新华村", "2026-11-02", "李梅", "学校", "不符合条件", "", "", "", ""],
        # row 7: a date that does not exist
        ["孙七", OTHER, "", "2026-13-01", "李梅", "学校", "待跟进", "", "", "2026-12-01", ""],
        # row 8: enrolled as a child not on file
        ["周八", OTHER, "", "2026-11-03", "李梅", "学校", "已纳入", "C000404", "", "", ""],
        # row 9: to follow up without a day
        ["吴九", OTHER, "", "2026-11-03", "李梅", "学校", "待跟进", "", "", "", ""],
    ]  # fmt: skip


def workbook(path: Path, data: list[list[Any]], headers: list[str] = HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "封面"
    sheet.append(["说明"])
    sheet = book.create_sheet("摸排")
    sheet.append(["华阳路街道摸排登记表"])
    sheet.append(headers)
    for row in data:
        sheet.append(row)
    book.save(path)
    return path


def screenings(station: Invoke) -> list[dict[str, Any]]:
    return list(station("screen", "list", "--reveal", "--format", "json").json())


def test_good_rows_are_recorded_bad_ones_named_by_row_and_field(
    station: Invoke, tmp_path: Path
) -> None:
    child = child_on_file(station)
    path = workbook(tmp_path / "摸排.xlsx", rows(child))
    result = station("screen", "import", str(path), "--sheet", "摸排", "--format", "json")
    assert result.exit_code == 3, result.stderr
    report = result.json()
    assert set(report) == REPORT_KEYS
    assert (report["file"], report["sheet"], report["header_row"]) == ("摸排.xlsx", "摸排", 2)
    assert report["dry_run"] is False
    assert report["counts"] == {"inserted": 3, "unchanged": 0, "rejected": 4}
    assert [(r["row"], r["field"]) for r in report["rejected"]] == [
        (6, "reason"), (7, "screened_on"), (8, "child"), (9, "follow_up_by")
    ]  # fmt: skip
    reasons = [r["reason"] for r in report["rejected"]]
    assert "原因" in reasons[0] and "2026-13-01" in reasons[1] and "C000404" in reasons[2]
    assert "跟进期限" in reasons[3]
    assert [c["header"] for c in report["unrecognised_columns"]] == ["联系电话"]
    assert [
        (r["name"], r["id_number"], r["community"], r["source"], r["outcome"], r["child"],
         r["worker"], r["reason"], r["follow_up_by"])
        for r in screenings(station)
    ] == [
        ("王小明", BOY, "华阳居民区", "department_list", "enrolled", child, "张三", None, None),
        ("李小红", GIRL, "新华村", "door_to_door", "follow_up", None, "张三", None, "2026-11-20"),
        ("赵五", None, "新华村", "school", "not_eligible", None, "李梅", "已满18周岁", None),
    ]  # fmt: skip
    on_screen = station("screen", "import", str(path), "--sheet", "摸排")
    assert on_screen.exit_code == 3
    assert "被拒绝的行" in on_screen.stdout and "Traceback" not in on_screen.stderr
    assert "结果为不符合条件时须在“原因”列写明原因" in on_screen.stdout


def test_a_second_import_adds_nothing_and_dry_run_writes_nothing(
    station: Invoke, tmp_path: Path
) -> None:
    child = child_on_file(station)
    path = workbook(tmp_path / "摸排.xlsx", rows(child)[:3])
    dry = station("screen", "import", str(path), "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.stderr
    assert dry.json()["dry_run"] is True and dry.json()["counts"]["inserted"] == 3
    assert screenings(station) == []
    ok(station("screen", "import", str(path)))
    again = station("screen", "import", str(path), "--format", "json")
    assert again.exit_code == 0, again.stderr
    assert again.json()["counts"] == {"inserted": 0, "unchanged": 3, "rejected": 0}
    assert len(screenings(station)) == 3


def test_a_csv_with_the_stations_own_headers_through_mapping(
    station: Invoke, tmp_path: Path
) -> None:
    mapping = tmp_path / "对照.json"
    mapping.write_text('{"worker": ["排查人员"], "community": ["所属村居"]}', encoding="utf-8")
    sheet = tmp_path / "摸排.csv"
    sheet.write_text(
        "姓名,身份证号,所属村居,摸排日期,排查人员,来源,结果,原因\n"
        f"李小红,{GIRL},新华村,2026/11/02,张三,入户,不符合,户籍不在本街道\n",
        encoding="gbk",
    )
    refused = station("screen", "import", str(sheet), "--encoding", "gbk")
    assert refused.exit_code == 0  # read, but 所属村居 and 排查人员 left out
    assert "未识别的列" in refused.stderr
    ok(station("screen", "void", "1", "--reason", "列未对照"))
    sheet.write_text(sheet.read_text(encoding="gbk").replace("2026/11/02", "2026/11/03"),
                     encoding="gbk")  # fmt: skip
    ok(station("screen", "import", str(sheet), "--encoding", "gbk", "--mapping", str(mapping)))
    [row] = screenings(station)
    assert (row["community"], row["worker"], row["screened_on"]) == ("新华村", "张三", "2026-11-03")


def test_a_screening_to_follow_up_is_due_in_its_community_under_its_worker(
    station: Invoke, tmp_path: Path
) -> None:
    child = child_on_file(station)
    ok_or_3 = station("screen", "import", str(workbook(tmp_path / "s.xlsx", rows(child)[:3])))
    assert ok_or_3.exit_code == 0, ok_or_3.stderr
    [due] = [r for r in due_rows(station("due", "--format", "json")) if r["kind"] == "screening"]
    assert (due["name"], due["community"], due["worker"]) == ("李小红", "新华村", "张三")
    assert due["days_overdue"] == 4
    mine = due_rows(station("due", "--worker", "张三", "--format", "json"))
    assert [r["name"] for r in mine] == ["李小红"]
    assert (
        due_rows(station("due", "--community", "新华村", "--format", "json"))[0]["name"] == "李小红"
    )
    grouped = station("due", "--by", "worker")
    assert grouped.exit_code == 3
    after = grouped.stdout.split("儿童主任：张三", 1)[1]
    assert "李小红" in after and "新华村" in after
