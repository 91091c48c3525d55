"""Dates as villages write them: a 出生年月 column of year-months (2015.03, 2015-3, 2015年3月,
201503, 2015/03, a date cell formatted as a month) is checked against the ID number's year and
month, through ``wbz import roster``; the same parser reads a subsidy sheet's 发放月份."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
from tests.conftest import Invoke, make_id

MONTHS = ["2015.03", "2015-3", "2015年3月", "201503", "2015/03", "2015年03月份"]


def roster_csv(path: Path, births: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "身份证号", "出生年月", "儿童类别"])
        for seq, birth in enumerate(births, start=1):
            w.writerow([f"儿童{seq}", make_id("2015-03-09", seq), birth, "留守儿童"])
    return path


def report(station: Invoke, path: Path) -> dict:
    result = station("import", "roster", str(path), "--format", "report")
    assert "Traceback" not in result.stderr
    return result.json()


def test_year_months_in_a_birth_month_column_are_accepted(station: Invoke, tmp_path: Path) -> None:
    data = report(station, roster_csv(tmp_path / "出生年月.csv", [*MONTHS, "2015-03-09"]))
    assert data["rejected"] == []
    assert data["counts"]["inserted"] == len(MONTHS) + 1


def test_a_month_that_disagrees_with_the_id_number_is_refused_naming_both(
    station: Invoke, tmp_path: Path
) -> None:
    data = report(station, roster_csv(tmp_path / "错月.csv", ["2015.03", "2015.04", "2014年3月"]))
    assert data["counts"]["inserted"] == 1
    reasons = {r["row"]: r["reason"] for r in data["rejected"]}
    assert set(reasons) == {3, 4}
    assert "出生年月" in reasons[3] and "2015-04" in reasons[3] and "2015-03" in reasons[3]
    assert "2014-03" in reasons[4] and "2015-03" in reasons[4]
    assert all("不是有效日期" not in r for r in reasons.values())


def test_xlsx_month_cells_numbers_and_dates(station: Invoke, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["姓名", "身份证号", "出生年月", "儿童类别"])
    month_cell = [datetime(2015, 3, 1), 201503, 2015.03, "2015.3", datetime(2015, 3, 9)]
    for seq, value in enumerate(month_cell, start=1):
        ws.append([f"儿童{seq}", make_id("2015-03-09", seq), value, "留守儿童"])
    ws["C2"].number_format = "yyyy-mm"  # an Excel date formatted as a month
    ws.append(["错日", make_id("2015-03-09", 9), datetime(2015, 3, 8), "留守儿童"])
    path = tmp_path / "出生年月.xlsx"
    book.save(path)
    data = report(station, path)
    assert data["counts"]["inserted"] == len(month_cell)
    [refused] = data["rejected"]
    assert refused["row"] == 7
    assert "2015-03-08" in refused["reason"] and "2015-03-09" in refused["reason"]


def test_subsidy_months_as_villages_write_them(station: Invoke, tmp_path: Path) -> None:
    number = make_id("2015-06-01", 11)
    result = station(
        "register", "--name", "儿童11", "--id-number", number, "-c", "孤儿", "--on", "2026-01-10"
    )
    assert result.exit_code == 0, result.stderr
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["姓名", "身份证号码", "补贴类型", "发放月份", "金额(元)"])
    months: list[object] = ["2026.03", "2026-4", "2026年5月", 202606, "2026/07", "2026.8.15"]
    for month in months:
        ws.append(["儿童11", number, "孤儿", month, 100])
    ws.append(["儿童11", number, "孤儿", "2026.13", 100])
    path = tmp_path / "补贴.xlsx"
    book.save(path)
    result = station("subsidy", "import", str(path), "--format", "report")
    assert "Traceback" not in result.stderr
    data = result.json()
    assert data["counts"]["inserted"] == len(months)
    [refused] = data["rejected"]
    assert refused["row"] == 8 and "2026.13" in refused["reason"]
    listed = station("subsidy", "list", "--format", "json").json()
    assert sorted(r["month"] for r in listed) == [f"2026-{m:02d}" for m in range(3, 9)]
