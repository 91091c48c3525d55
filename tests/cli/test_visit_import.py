"""wbz visit import: a visit sheet read like a roster, refused rows reported and written out,
the good rows imported once (a second import adds nothing), --dry-run writing nothing."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from tests.conftest import Invoke, make_id

ID_B = make_id("2015-06-01", 13)
HEADERS = [
    "序号", "儿童编号", "公民身份号码", "姓名", "随访日期", "方式", "走访人", "走访情况",
    "存在问题", "采取措施", "联系人",
]  # fmt: skip


def serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


ROWS: list[list[object]] = [
    # row 3: by code, an Excel date cell, findings in one text
    [1, "C000001", "", "王小明", datetime(2026, 11, 20), "入户", "李主任", "家中无人照看",
     "学习、健康", "联系学校老师", ""],
    # row 4: by ID number, a text date
    [2, "", ID_B, "李小红", "2026.11.21", "电话", "", "", "", "", ""],
    # row 5: a Chinese text date, a mode by key
    [3, "c000001", "", "", "2026年11月2日", "home", "", "", "", "", ""],
    # row 6: an Excel serial number without a date format
    [4, "C000002", ID_B, "李 小红", serial(date(2026, 11, 22)), "微信", "", "", "", "", ""],
    # row 7: a closed case
    [5, "C000003", "", "张三", "2026-11-10", "入户", "", "", "", "", ""],
    # row 8: in the future
    [6, "C000002", "", "", datetime(2026, 12, 1), "入户", "", "", "", "", ""],
    # row 9: an unknown child
    [7, "C000404", "", "", "2026-11-20", "入户", "", "", "", "", ""],
    # row 10: a bad mode
    [8, "C000001", "", "", "2026-11-20", "飞鸽传书", "", "", "", "", ""],
    # row 11: the name does not match the code
    [9, "C000002", "", "王小明", "2026-11-20", "入户", "", "", "", "", ""],
    # row 12: blank, row 13: a footer
    [None] * 11,
    ["填表人：李主任", None, None, None, None, None, None, None, None, None, None],
]  # fmt: skip
REFUSED = {
    7: "已于 2026-11-01 结案退出",
    8: "晚于今天 2026-11-24",
    9: "找不到儿童“C000404”",
    10: "走访方式“飞鸽传书”无效",
    11: "姓名“王小明”与 C000002（李小红）的登记姓名不一致",
}


def register(wbz: Invoke, seq: int, name: str) -> str:
    result = wbz(
        "register", "--name", name, "--id-number", make_id("2015-06-01", seq), "-c", "困境",
        "--on", "2026-09-01", "--worker", "王主任",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def children(station: Invoke) -> Invoke:
    assert register(station, 11, "王小明") == "C000001"
    assert register(station, 13, "李小红") == "C000002"
    assert register(station, 15, "张三") == "C000003"
    assert station("close", "C000003", "--reason", "moved", "--on", "2026-11-01").exit_code == 0
    return station


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "十一月走访"
    ws.append(["华阳路街道 2026 年 11 月儿童走访记录表"])
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
    path = tmp_path / "走访.xlsx"
    book.save(path)
    return path


def visits(wbz: Invoke) -> list[tuple[str, str, str]]:
    listed = wbz("visit", "list", "-f", "json").json()
    return [(v["child"], v["visited_on"], v["mode"]) for v in listed]


def test_a_sheet_imports_its_good_rows_and_reports_the_others(
    children: Invoke, sheet: Path, tmp_path: Path
) -> None:
    errors = tmp_path / "refused.csv"
    result = children("visit", "import", str(sheet), "--errors", str(errors), "-f", "json")
    assert result.exit_code == 3, result.stderr
    assert result.json()["counts"] == {"inserted": 4, "unchanged": 0, "rejected": 5}
    assert visits(children) == [
        ("C000001", "2026-11-02", "home"),
        ("C000001", "2026-11-20", "home"),
        ("C000002", "2026-11-21", "phone"),
        ("C000002", "2026-11-22", "wechat"),
    ]
    first = children("visit", "list", "C000001", "-f", "json").json()[1]
    assert first["worker"] == "李主任"
    assert (first["notes"], first["action"]) == ("家中无人照看", "联系学校老师")
    assert first["problems"] == ["study", "health"]
    by_id = children("visit", "list", "C000002", "-f", "json").json()[0]
    assert by_id["worker"] == "王主任"  # no 走访人: the child's 儿童主任
    with errors.open(encoding="utf-8-sig", newline="") as f:
        written = list(csv.reader(f))
    assert written[0] == ["原行号", "原因", *HEADERS]
    assert [int(r[0]) for r in written[1:]] == sorted(REFUSED)
    for row in written[1:]:
        number = int(row[0])
        assert REFUSED[number] in row[1], row
        original = ROWS[number - 3]
        assert row[2] == str(original[0]) and row[3] == original[1], row
    assert "wbz reopen C000003" in written[1][1]


def test_the_table_summary_lists_refused_rows_in_chinese(children: Invoke, sheet: Path) -> None:
    result = children("visit", "import", str(sheet))
    assert result.exit_code == 3
    assert "走访记录导入：走访.xlsx" in result.stdout
    assert "十一月走访（表头在第 2 行）" in result.stdout
    for reason in REFUSED.values():
        assert reason in result.stdout
    assert "联系人" in result.stderr  # an unknown column is named
    assert "可加 --errors" in result.stdout


def test_importing_the_same_sheet_twice_adds_nothing(
    children: Invoke, sheet: Path, db_path: Path
) -> None:
    assert children("visit", "import", str(sheet), "-q").exit_code == 3
    again = children("visit", "import", str(sheet), "-f", "json")
    assert again.exit_code == 3
    assert again.json()["counts"] == {"inserted": 0, "unchanged": 4, "rejected": 5}
    assert len(visits(children)) == 4
    backups = list((db_path.parent / "backups").glob("*-import.db"))
    assert len(backups) == 2  # a copy before each import that wrote


def test_dry_run_writes_nothing(children: Invoke, sheet: Path, db_path: Path) -> None:
    result = children("visit", "import", str(sheet), "--dry-run", "-f", "json")
    assert result.exit_code == 3
    assert result.json()["counts"] == {"inserted": 4, "unchanged": 0, "rejected": 5}
    assert visits(children) == []
    assert not (db_path.parent / "backups").exists()
    assert "试运行" in children("visit", "import", str(sheet), "--dry-run").stdout


def test_a_gb18030_csv_all_good_exits_0(children: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    text = (
        "身份证号码,走访日期,走访方式,走访人,情况记录\n"
        f"{make_id('2015-06-01', 11)},2026/11/3,到校,赵老师,在校表现良好\n"
        f"{ID_B},20261104,视频,,\n"
        f"{ID_B},2026-11-04,视频随访,,同一天同一方式\n"
    )
    path.write_bytes(text.encode("gb18030"))
    result = children("visit", "import", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["counts"] == {"inserted": 2, "unchanged": 1, "rejected": 0}
    assert visits(children) == [
        ("C000001", "2026-11-03", "school"),
        ("C000002", "2026-11-04", "video"),
    ]
    (school,) = children("visit", "list", "C000001", "-f", "json").json()
    assert (school["worker"], school["notes"]) == ("赵老师", "在校表现良好")


def test_a_sheet_without_a_child_column_is_refused(children: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text("姓名,走访日期,走访方式\n王小明,2026-11-03,入户\n", encoding="utf-8")
    result = children("visit", "import", str(path))
    assert result.exit_code == 1
    assert "没有“儿童编号”或“身份证号码”列" in result.stderr
    assert visits(children) == []


def test_mapping_adds_a_column_name(children: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text("档案号,走访日期,走访方式\nC000001,2026-11-03,入户\n", encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text('{"child_code": ["档案号"]}', encoding="utf-8")
    result = children("visit", "import", str(path), "--mapping", str(mapping), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["counts"] == {"inserted": 1, "unchanged": 0, "rejected": 0}
