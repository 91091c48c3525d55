"""wbz subsidy import: a 补贴发放表 checked row by row, good rows written, refusals explained."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from tests.conftest import Invoke, make_id

ID11 = make_id("2015-06-01", 11)
ID13 = make_id("2016-03-02", 13)
HEADER = ["序号", "姓名", "身份证号码", "补贴类型", "发放月份", "金额(元)"]
ROWS: list[list[object]] = [
    [1, "儿童11", ID11, "孤儿基本生活费", "2026-10", "1,200.50"],  # row 3: new
    [2, "儿童13", ID13, "de_facto_unsupported", "2026年10月", 1500.0],  # row 4: new
    [3, "儿童11", ID11, "助学金", date(2026, 10, 15), "300.25元"],  # row 5: new
    [4, "儿童13", ID13, "临时救助", 202610, 99.99],  # row 6: new
    [5, "张三", make_id("2014-01-01", 21), "孤儿", "2026-10", 100],  # row 7: unknown child
    [6, "儿童11", ID11, "低保", "2026-10", 100],  # row 8: bad type
    [7, "儿童13", ID13, "其他", "2026-10", 1.234],  # row 9: 3 decimals
    [8, "儿童11", ID11, "孤儿", "2026-10", 1200.5],  # row 10: repeats row 3
    [9, "儿童13", ID13, "孤儿", "2026-09", 800],  # row 11: on file, same amount
    [10, "儿童13", ID13, "孤儿", "2026-08", 900],  # row 12: on file with 800
]


def setup(station: Invoke) -> None:
    for name, number in (("儿童11", ID11), ("儿童13", ID13)):
        result = station(
            "register", "--name", name, "--id-number", number, "-c", "孤儿", "--on", "2026-01-10"
        )
        assert result.exit_code == 0, result.stderr
    for month in ("2026-09", "2026-08"):
        result = station(
            "subsidy", "add", "C000002", "--type", "孤儿", "--month", month, "--amount", "800"
        )
        assert result.exit_code == 0, result.stderr


def sheet(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["2026年10月困境儿童补贴发放表"])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws.append(["合计", "", "", "", "", 5000])
    book.save(path)
    return path


def imported(station: Invoke, *args: object) -> tuple[int, dict]:
    result = station("subsidy", "import", *map(str, args), "--format", "json")
    assert "Traceback" not in result.stderr
    return result.exit_code, result.json()["counts"]


def paid(station: Invoke) -> list[tuple[str, str, str, str]]:
    rows = station("subsidy", "list", "--format", "json").json()
    return sorted((r["child"], r["type"], r["month"], r["amount_yuan"]) for r in rows)


BEFORE = [("C000002", "orphan", "2026-08", "800.00"), ("C000002", "orphan", "2026-09", "800.00")]
AFTER = sorted(
    [
        *BEFORE,
        ("C000001", "orphan", "2026-10", "1200.50"),
        ("C000002", "de_facto_unsupported", "2026-10", "1500.00"),
        ("C000001", "study_grant", "2026-10", "300.25"),
        ("C000002", "temporary_relief", "2026-10", "99.99"),
    ]
)
SUMMARY = {"inserted": 4, "unchanged": 1, "rejected": 5, "amount_yuan": "3100.74"}


def test_import_counts_sum_and_error_file(station: Invoke, tmp_path: Path) -> None:
    setup(station)
    errors = tmp_path / "被拒绝.xlsx"
    code, summary = imported(station, sheet(tmp_path / "发放表.xlsx"), "--errors", errors)
    assert code == 3
    assert summary == SUMMARY
    assert paid(station) == AFTER
    rows = list(openpyxl.load_workbook(errors).active.iter_rows(values_only=True))
    assert list(rows[0]) == ["原行号", "原因", *HEADER]
    assert [r[0] for r in rows[1:]] == [7, 8, 9, 10, 12]
    reasons = [str(r[1]) for r in rows[1:]]
    assert "找不到儿童" in reasons[0]
    assert "补贴类型“低保”无效" in reasons[1]
    assert "超过两位小数" in reasons[2]
    assert "与第 3 行重复" in reasons[3]
    assert "已发放 800.00 元，与表中的 900.00 元不一致" in reasons[4]
    assert list(rows[1][2:]) == [5, "张三", make_id("2014-01-01", 21), "孤儿", "2026-10", 100]
    assert rows[3][-1] == 1.234
    # The monthly report counts the imported payments of October.
    report = station("report", "monthly", "--month", "2026-10", "--format", "json").json()
    subsidies = report["subsidies"]
    assert (subsidies["payments"], subsidies["amount_yuan"]) == (4, "3100.74")


def test_importing_twice_adds_nothing(station: Invoke, tmp_path: Path) -> None:
    setup(station)
    path = sheet(tmp_path / "发放表.xlsx")
    assert imported(station, path)[0] == 3
    code, summary = imported(station, path)
    assert code == 3
    assert summary == {"inserted": 0, "unchanged": 5, "rejected": 5, "amount_yuan": "0.00"}
    assert paid(station) == AFTER


def test_dry_run_writes_nothing(station: Invoke, tmp_path: Path) -> None:
    setup(station)
    code, summary = imported(station, sheet(tmp_path / "发放表.xlsx"), "--dry-run")
    assert (code, summary) == (3, SUMMARY)
    assert paid(station) == BEFORE
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


def test_gb18030_csv_with_month_option(station: Invoke, tmp_path: Path) -> None:
    setup(station)
    path = tmp_path / "护理补贴.csv"
    text = '姓名,儿童编号,补贴类型,金额\n儿童11,C000001,护理补贴,"1,000.00"\n合计,,,1000\n'
    path.write_bytes(text.encode("gb18030"))
    code, summary = imported(station, path, "--month", "2026年11月")
    assert (code, summary) == (0, {"inserted": 1, "unchanged": 0, "rejected": 0,
                                   "amount_yuan": "1000.00"})  # fmt: skip
    assert ("C000001", "disability_care", "2026-11", "1000.00") in paid(station)
    # Without a month column or --month the sheet is refused as a whole.
    result = station("subsidy", "import", str(path))
    assert result.exit_code == 1
    assert "--month" in result.stderr


def test_table_output_and_backup(station: Invoke, tmp_path: Path) -> None:
    setup(station)
    result = station("subsidy", "import", str(sheet(tmp_path / "发放表.xlsx")))
    assert result.exit_code == 3
    assert "3,100.74 元" in result.stdout
    assert "找不到儿童" in result.stdout
    assert list((tmp_path / "backups").glob("*import*.db"))


def test_mapping_and_a_name_that_does_not_match(station: Invoke, tmp_path: Path) -> None:
    setup(station)
    mapping = tmp_path / "列名.json"
    mapping.write_text('{"amount": ["实发数"]}', encoding="utf-8")
    path = tmp_path / "发放.csv"
    path.write_text(
        f"姓名,身份证号码,补贴类型,发放月份,实发数\n儿童11,{ID11},临时救助,202611,50\n"
        f"李四,{ID13},临时救助,202611,60\n",
        encoding="utf-8",
    )
    result = station("subsidy", "import", str(path))
    assert result.exit_code == 1
    assert "缺少必需的列" in result.stderr
    code, summary = imported(station, path, "--mapping", mapping)
    assert (code, summary["inserted"], summary["rejected"]) == (3, 1, 1)
    result = station("subsidy", "import", str(path), "--mapping", str(mapping))
    assert "姓名“李四”与 C000002 档案中的“儿童13”不一致" in result.stdout
