"""The report keys of projects and gifts (METRICS.md): projects.active, projects.spent_yuan,
gifts.count, gifts.value_yuan at the edges of the period, in every output, and current after
a write following a kept report."""

from __future__ import annotations

import csv
import io

from tests.conftest import Invoke, make_id


def run_all(station: Invoke, steps: list[list[str]]) -> None:
    for args in steps:
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)


def projects(station: Invoke) -> None:
    """Projects around October 2026: X1 ends on 10-31 (active), X2 ended on 10-30, X3 starts on
    10-31 (active), X4 starts on 11-01, X5 has no end (active), X6 voided."""
    periods = [("2026-01-01", "2026-10-31"), ("2026-01-01", "2026-10-30"),
               ("2026-10-31", None), ("2026-11-01", None), ("2025-06-01", None),
               ("2026-01-01", None)]  # fmt: skip
    for n, (start, end) in enumerate(periods, 1):
        args = ["project", "add", "--name", f"项目{n}", "--budget", "10000", "--from", start]
        run_all(station, [args + (["--to", end] if end else [])])
    run_all(station, [
        ["project", "spend", "X000001", "--amount", "100.10", "--on", "2026-10-01"],
        ["project", "spend", "X000002", "--amount", "200.20", "--on", "2026-10-30"],
        ["project", "spend", "X000005", "--amount", "0.01", "--on", "2026-10-31"],
        ["project", "spend", "X000005", "--amount", "999", "--on", "2026-09-30"],
        ["project", "spend", "X000005", "--amount", "888", "--on", "2026-11-01"],
        ["project", "spend", "X000005", "--amount", "777", "--on", "2026-10-15"],
        ["project", "payment", "void", "6", "--reason", "录重了"],
        ["project", "spend", "X000006", "--amount", "555", "--on", "2026-10-15"],
        ["project", "void", "X000006", "--reason", "重复登记"],
    ])  # fmt: skip


def test_project_keys_at_the_edges_of_the_month(station: Invoke) -> None:
    projects(station)
    report = station("report", "monthly", "--month", "2026-10", "--format", "json").json()
    assert report["projects"] == {"active": 3, "spent_yuan": "300.31"}


def test_project_keys_in_a_range_and_when_nothing_happened(station: Invoke) -> None:
    projects(station)
    ranged = station("report", "range", "--from", "2026-09-30", "--to", "2026-10-30",
                     "--format", "json").json()  # fmt: skip
    assert ranged["projects"] == {"active": 3, "spent_yuan": "1299.30"}  # X1, X2, X5
    empty = station("report", "monthly", "--month", "2025-01", "--format", "json").json()
    assert empty["projects"] == {"active": 0, "spent_yuan": "0.00"}


def test_project_keys_in_table_csv_and_by_community(station: Invoke) -> None:
    projects(station)
    rows = {r[0]: r for r in csv.reader(io.StringIO(
        station("report", "monthly", "--month", "2026-10", "--format", "csv").stdout))}  # fmt: skip
    assert rows["projects.active"][1:] == ["在办项目", "3"]
    assert rows["projects.spent_yuan"][1:] == ["项目支出(元)", "300.31"]
    table = station("report", "monthly", "--month", "2026-10").stdout
    assert "在办项目" in table and "300.31" in table
    by = station("report", "monthly", "--month", "2026-10", "--by", "community",
                 "--format", "json").json()  # fmt: skip
    assert by["projects"]["spent_yuan"] == "300.31"


def test_a_write_after_a_kept_report_changes_the_keys(station: Invoke) -> None:
    projects(station)
    month = ["report", "monthly", "--month", "2026-10", "--format", "json"]
    assert station(*month).json()["projects"]["spent_yuan"] == "300.31"
    run_all(station, [["project", "spend", "X000003", "--amount", "1", "--on", "2026-10-31"],
                      ["project", "edit", "X000001", "--to", "2026-10-30"]])  # fmt: skip
    assert station(*month).json()["projects"] == {"active": 2, "spent_yuan": "301.31"}
    run_all(station, [["register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11),
                       "-c", "other", "--on", "2026-10-01"]])  # fmt: skip
    assert station(*month).json()["projects"] == {"active": 2, "spent_yuan": "301.31"}


def gifts(station: Invoke) -> None:
    """Gifts around October 2026: on 09-30 (out), 10-01, 10-31 (in), 11-01 (out), one voided."""
    run_all(station, [
        ["register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "other",
         "--on", "2026-09-01"],
        ["give", "add", "C000001", "--what", "书包", "--kind", "wish", "--value", "50",
         "--on", "2026-09-30"],
        ["give", "add", "C000001", "--what", "温暖包", "--kind", "goods", "--value", "200.25",
         "--on", "2026-10-01"],
        ["give", "add", "H000001", "--what", "棉被", "--kind", "goods", "--value", "0.75",
         "--on", "2026-10-31"],
        ["give", "add", "C000001", "--what", "文具", "--kind", "goods", "--value", "0",
         "--on", "2026-10-15"],
        ["give", "add", "C000001", "--what", "台灯", "--kind", "wish", "--value", "80",
         "--on", "2026-11-01"],
        ["give", "add", "C000001", "--what", "重复", "--kind", "goods", "--value", "999",
         "--on", "2026-10-10"],
        ["give", "void", "6", "--reason", "重复录入"],
    ])  # fmt: skip


def test_gift_keys_at_the_edges_of_the_month_and_in_a_range(station: Invoke) -> None:
    gifts(station)
    month = station("report", "monthly", "--month", "2026-10", "--format", "json").json()
    assert month["gifts"] == {"count": 3, "value_yuan": "201.00"}
    ranged = station("report", "range", "--from", "2026-09-30", "--to", "2026-10-01",
                     "--format", "json").json()  # fmt: skip
    assert ranged["gifts"] == {"count": 2, "value_yuan": "250.25"}
    empty = station("report", "monthly", "--month", "2026-08", "--format", "json").json()
    assert empty["gifts"] == {"count": 0, "value_yuan": "0.00"}
    rows = {r[0]: r for r in csv.reader(io.StringIO(
        station("report", "monthly", "--month", "2026-10", "--format", "csv").stdout))}  # fmt: skip
    assert rows["gifts.count"][1:] == ["物资心愿", "3"]
    assert rows["gifts.value_yuan"][1:] == ["物资价值(元)", "201.00"]
    assert "物资价值(元)" in station("report", "monthly", "--month", "2026-10").stdout


def test_a_gift_voided_or_moved_after_a_kept_report_changes_the_keys(station: Invoke) -> None:
    gifts(station)
    month = ["report", "monthly", "--month", "2026-10", "--format", "json"]
    assert station(*month).json()["gifts"]["count"] == 3
    run_all(station, [["give", "void", "2", "--reason", "录错"],
                      ["give", "edit", "5", "--on", "2026-10-20"]])  # fmt: skip
    assert station(*month).json()["gifts"] == {"count": 3, "value_yuan": "80.75"}
