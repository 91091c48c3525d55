"""The four imports (wbz import roster, visit import, subsidy import, match) are one framework:
the same sheet options behave the same, the same kind of bad file gives a report with the same
keys, the --errors file has the same columns, and -q means one thing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import Invoke, Result, make_id

REGISTERED = make_id("2015-06-01", 11)
NEW_CHILD = make_id("2016-03-02", 13)
BAD_ID = "310105201"  # too short: refused by every import
EXTRA = "自定义列"  # a column no import knows

# import -> (its command, its header, a good row, a bad row); the ID column comes second
SHEETS: dict[str, tuple[tuple[str, ...], list[str], list[object], list[object]]] = {
    "roster": (
        ("import", "roster"),
        ["姓名", "身份证号码", "儿童类别", EXTRA],
        ["王小明", NEW_CHILD, "留守儿童", "甲"],
        ["李四", BAD_ID, "留守儿童", "乙"],
    ),
    "visit": (
        ("visit", "import"),
        ["姓名", "身份证号码", "走访日期", "走访方式", EXTRA],
        ["儿童11", REGISTERED, "2026-11-01", "入户", "甲"],
        ["李四", BAD_ID, "2026-11-01", "入户", "乙"],
    ),
    "subsidy": (
        ("subsidy", "import"),
        ["姓名", "身份证号码", "补贴类型", "发放月份", "金额(元)", EXTRA],
        ["儿童11", REGISTERED, "孤儿基本生活费", "2026-10", "100.00", "甲"],
        ["李四", BAD_ID, "孤儿基本生活费", "2026-10", "100.00", "乙"],
    ),
    "match": (
        ("match", "--kind", "lowincome"),
        ["姓名", "身份证号码", EXTRA],
        ["儿童11", REGISTERED, "甲"],
        ["李四", BAD_ID, "乙"],
    ),
}
KINDS = list(SHEETS)
REPORT_KEYS = {
    "file",
    "sheet",
    "header_row",
    "dry_run",
    "counts",
    "changes",
    "rejected",
    "unrecognised_columns",
    "warnings",
    "other_sheets",  # issue 19: a workbook's other sheets with a header, not imported
}


@pytest.fixture
def town(station: Invoke) -> Invoke:
    child = ("--name", "儿童11", "--id-number", REGISTERED, "-c", "孤儿", "--on", "2026-01-10")
    result = station("register", *child)
    assert result.exit_code == 0, result.stderr
    return station


def rows_of(kind: str, *, good: bool = True) -> list[list[object]]:
    _, header, good_row, bad_row = SHEETS[kind]
    return [header, *([good_row] if good else []), bad_row]


def workbook(path: Path, rows: list[list[object]]) -> Path:
    """A cover sheet first, then the list on sheet 名单 below a title row (header on row 2)."""
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "说明"
    cover.append(["本表由村（居）儿童主任填写"])
    ws = book.create_sheet("名单")
    ws.append(["2026年11月名单"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def run(wbz: Invoke, kind: str, path: Path, *args: object) -> Result:
    result = wbz(*SHEETS[kind][0], str(path), *map(str, args))
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_bad_file_gives_the_same_report_keys(
    town: Invoke, kind: str, tmp_path: Path
) -> None:
    path = workbook(tmp_path / f"{kind}.xlsx", rows_of(kind))
    result = run(town, kind, path, "--sheet", "名单", "--format", "report")
    assert result.exit_code == (0 if kind == "match" else 3), result.stderr
    report = result.json()
    assert set(report) == REPORT_KEYS
    assert (report["file"], report["sheet"], report["header_row"]) == (path.name, "名单", 2)
    # each column left out with its letter and its non-empty cells (issue 19: nothing dropped)
    [left_out] = report["unrecognised_columns"]
    assert (left_out["header"], left_out["non_empty"]) == (EXTRA, 2)
    assert left_out["column"] == "ABCDEFG"[len(SHEETS[kind][1]) - 1]
    assert report["warnings"] == [] and isinstance(report["changes"], list)
    assert isinstance(report["dry_run"], bool)
    [refused] = report["rejected"]
    assert set(refused) == {"row", "field", "reason"}
    assert refused["row"] == 4 and refused["reason"]
    assert report["counts"]["rejected"] == 1 if kind != "match" else report["counts"]["rows"] == 2


@pytest.mark.parametrize("kind", KINDS)
def test_sheet_names_the_sheet_and_a_missing_one_is_refused_alike(
    town: Invoke, kind: str, tmp_path: Path
) -> None:
    path = workbook(tmp_path / f"{kind}.xlsx", rows_of(kind))
    missing = run(town, kind, path, "--sheet", "没有这张表")
    assert missing.exit_code == 1
    assert "找不到工作表“没有这张表”，文件中的工作表有：说明、名单" in missing.stderr
    found = run(town, kind, path, "--sheet", "名单", "--format", "report")
    assert found.json()["sheet"] == "名单"


@pytest.mark.parametrize("kind", KINDS)
def test_encoding_reads_a_gb18030_csv_and_a_wrong_one_is_refused_alike(
    town: Invoke, kind: str, tmp_path: Path
) -> None:
    path = tmp_path / f"{kind}.csv"
    with path.open("w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows(rows_of(kind))
    wrong = run(town, kind, path, "--encoding", "utf-8")
    assert wrong.exit_code == 1
    assert f"“{path.name}”第 1 行不是 utf-8 编码" in wrong.stderr
    read = run(town, kind, path, "--encoding", "gb18030", "--format", "report")
    report = read.json()
    assert (report["sheet"], report["header_row"]) == (kind, 1)
    assert [r["row"] for r in report["rejected"]] == [3]


@pytest.mark.parametrize("kind", KINDS)
def test_mapping_names_a_column_the_import_does_not_know(
    town: Invoke, kind: str, tmp_path: Path
) -> None:
    rows = rows_of(kind)
    rows[0] = [("证件号X" if h == "身份证号码" else h) for h in rows[0]]
    path = workbook(tmp_path / f"{kind}.xlsx", rows)
    without = run(town, kind, path)
    assert without.exit_code == 1 and "--mapping" in without.stderr
    mapping = tmp_path / "对照.json"
    mapping.write_text(json.dumps({"id_number": ["证件号X"]}), encoding="utf-8")
    with_it = run(town, kind, path, "--mapping", mapping, "--format", "report")
    report = with_it.json()
    assert [r["row"] for r in report["rejected"]] == [4]
    assert "证件号X" not in [c["header"] for c in report["unrecognised_columns"]]


@pytest.mark.parametrize("kind", KINDS)
def test_the_errors_file_has_the_same_columns(town: Invoke, kind: str, tmp_path: Path) -> None:
    path = workbook(tmp_path / f"{kind}.xlsx", rows_of(kind))
    errors = tmp_path / "被拒绝.csv"
    result = run(town, kind, path, "--errors", errors)
    assert result.exit_code in (0, 3), result.stderr
    with errors.open(encoding="utf-8-sig", newline="") as f:
        written = list(csv.reader(f))
    header = SHEETS[kind][1]
    assert written[0] == ["原行号", "原因", *header]
    [row] = written[1:]
    assert row[0] == "4" and row[1] and row[2:] == [str(c) for c in SHEETS[kind][3]]


@pytest.mark.parametrize("kind", ["roster", "visit", "subsidy"])
def test_quiet_hides_the_progress_bar_and_nothing_else(
    town: Invoke, kind: str, tmp_path: Path
) -> None:
    path = workbook(tmp_path / f"{kind}.xlsx", [SHEETS[kind][1], SHEETS[kind][2]])
    result = run(town, kind, path, "-q", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "（试运行，未写入）" in result.stdout  # the summary, as without -q
    assert "名单（表头在第 2 行）" in result.stdout and "新增" in result.stdout


def test_matchs_errors_file_is_an_audited_export(town: Invoke, tmp_path: Path) -> None:
    path = workbook(tmp_path / "低保名单.xlsx", rows_of("match"))
    result = run(town, "match", path, "--errors", "无法匹配.csv")
    assert result.exit_code == 0, result.stderr
    assert BAD_ID in Path("无法匹配.csv").read_text(encoding="utf-8-sig")
    [row] = town("audit", "--action", "export", "-f", "json").json()
    assert (row["record_type"], row["record_key"]) == ("rejected_rows", "无法匹配.csv")
    assert row["after"] == {"file": "无法匹配.csv", "rows": 1, "command": "match"}


@pytest.mark.parametrize(
    ("kind", "column", "value", "field"),
    [
        ("subsidy", 4, "12.345", "amount"),
        ("subsidy", 3, "2026-13", "month"),
        ("subsidy", 2, "低保金", "type"),
        ("subsidy", 1, make_id("2014-01-01", 21), "id_number"),
        ("visit", 2, "2026-02-30", "visited_on"),
        ("visit", 3, "", "mode"),
    ],
)
def test_a_refused_row_names_the_field_to_blame(
    town: Invoke, kind: str, column: int, value: str, field: str, tmp_path: Path
) -> None:
    _, header, good, _ = SHEETS[kind]
    bad = list(good)
    bad[column] = value
    path = workbook(tmp_path / f"{kind}.xlsx", [header, bad])
    result = run(town, kind, path, "--format", "report")
    assert result.exit_code == 3, result.stderr
    [refused] = result.json()["rejected"]
    assert (refused["row"], refused["field"]) == (3, field), refused
