"""A month or range not yet over is counted as of today: ``as_of`` in every format, and its
overdue figures are exactly what ``wbz due --overdue`` and ``wbz refer list --overdue`` list
that day. The parts kept for such a day are never served later as the whole month."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from tests.conftest import Invoke, Result, due_rows, make_id

MID = "2026-11-16"  # a Monday, mid-November
LAST = "2026-11-30"
AFTER = "2026-12-01"

#: (name, risk, the last visit before mid-month, its mode): the visit falls due on
#: A 11-08 (red, 7 days), B 11-12, C 11-16 (today: not yet overdue), D 11-21, E 11-24,
#: F 11-30 (yellow, 30 days): two overdue mid-month, four more by the month's end.
CHILDREN = (
    ("甲一", "red", "2026-11-01", "home"),
    ("乙二", "red", "2026-11-05", "home"),
    ("丙三", "red", "2026-11-09", "home"),
    ("丁四", "red", "2026-11-14", "home"),
    ("戊五", "yellow", "2026-10-25", "phone"),
    ("己六", "yellow", "2026-10-31", "phone"),
)
#: Leads transferred on these days, to be accepted within 3 days: overdue from 11-09,
#: 11-16 (today), 11-17 and 11-20.
TRANSFERS = ("2026-11-05", "2026-11-12", "2026-11-13", "2026-11-16")


def on(wbz: Invoke, day: str, *args: str) -> Result:
    return wbz(*args, env={"WBZ_TODAY": day})


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stderr
    return result


def report_on(wbz: Invoke, day: str, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = ok(on(wbz, day, "report", *args, "-f", "json")).json()
    return data


def overdue_listed(wbz: Invoke, day: str) -> tuple[int, int]:
    """How many children ``wbz due --overdue`` lists for a visit, and how many leads ``wbz
    refer list --overdue`` lists (the same leads as the due list's)."""
    due = due_rows(on(wbz, day, "due", "--overdue", "-f", "json"))
    leads = on(wbz, day, "refer", "list", "--overdue", "-f", "json")
    assert leads.exit_code in (0, 3), leads.stderr
    assert len(leads.json()) == sum(1 for row in due if row["kind"] == "lead")
    return sum(1 for row in due if row["kind"] == "visit"), len(leads.json())


def overdue_reported(report: dict[str, Any]) -> tuple[int, int]:
    return report["visits"]["overdue"], report["referrals"]["overdue"]


@pytest.fixture
def november(station: Invoke) -> Invoke:
    """Children and leads falling overdue one after another through November 2026."""
    for seq, (name, risk, visited, mode) in enumerate(CHILDREN, 1):
        registered = on(station, MID, "register", "--name", name, "--id-number",
                        make_id("2014-03-01", seq), "--category", "difficult", "--risk", risk,
                        "--on", "2026-09-01", "-f", "json")  # fmt: skip
        code = ok(registered).json()["child"]
        ok(on(station, MID, "visit", "add", code, "--mode", mode, "--on", visited))
    for n, day in enumerate(TRANSFERS, 1):
        ok(on(station, MID, "refer", "add", "--summary", f"线索{n}", "--type", "schooling",
              "--source", "school", "--to", "区教育局", "--on", day))  # fmt: skip
    return station


def test_a_month_not_over_is_counted_as_of_today_like_the_due_lists(november: Invoke) -> None:
    report = report_on(november, MID, "monthly", "--month", "2026-11")
    assert report["as_of"] == MID
    assert overdue_reported(report) == overdue_listed(november, MID) == (2, 2)


def test_a_range_not_over_is_counted_as_of_today(november: Invoke) -> None:
    report = report_on(november, MID, "range", "--from", "2026-10-01", "--to", "2026-12-31")
    assert report["as_of"] == MID
    assert overdue_reported(report) == overdue_listed(november, MID)


def test_on_its_last_day_a_month_is_still_counted_like_the_due_lists(november: Invoke) -> None:
    report = report_on(november, LAST, "monthly", "--month", "2026-11")
    assert report["as_of"] == LAST
    # 己六 falls due on 11-30 itself: not yet overdue that day.
    assert overdue_reported(report) == overdue_listed(november, LAST) == (5, 4)


def test_a_day_kept_for_an_unfinished_month_is_not_served_as_the_whole_month(
    november: Invoke,
) -> None:
    during = report_on(november, MID, "monthly", "--month", "2026-11")
    on_last_day = report_on(november, LAST, "monthly", "--month", "2026-11")
    whole = report_on(november, AFTER, "monthly", "--month", "2026-11")
    again = report_on(november, AFTER, "monthly", "--month", "2026-11", "--recompute")
    assert whole == again
    assert whole["as_of"] == LAST
    assert overdue_reported(during) == (2, 2)
    assert overdue_reported(on_last_day) == (5, 4)
    assert overdue_reported(whole) == (6, 4) == overdue_listed(november, AFTER)
    # A range over the same days, asked once the days are over, is not the running month.
    days = report_on(november, AFTER, "range", "--from", "2026-11-01", "--to", MID)
    assert overdue_reported(days) == (3, 2)  # 丙三, due on 11-16, counts once the day is over


def test_a_month_over_carries_its_last_day(november: Invoke) -> None:
    assert report_on(november, MID, "monthly", "--month", "2026-10")["as_of"] == "2026-10-31"


def test_every_format_says_as_of(november: Invoke, tmp_path: Path) -> None:
    table = ok(on(november, MID, "report", "monthly", "--month", "2026-11")).stdout
    assert f"截至      {MID}（本期尚未结束，按今天统计）" in table
    csv = ok(on(november, MID, "report", "monthly", "--month", "2026-11", "-f", "csv")).stdout
    assert f"as_of,截至日期,{MID}" in csv.splitlines()
    grouped = ok(on(november, MID, "report", "monthly", "--month", "2026-11", "-f", "json",
                    "--by", "community")).json()  # fmt: skip
    assert {g["as_of"] for g in grouped["by_community"].values()} == {MID}
    out = tmp_path / "月报.xlsx"
    ok(on(november, MID, "report", "monthly", "--month", "2026-11", "-f", "xlsx", "-o", str(out)))
    assert load_workbook(out)["月报"]["D1"].value == f"截至 {MID}"
    template = tmp_path / "模板.xlsx"
    book = Workbook()
    book.active["A1"] = "统计至{{as_of}}"
    book.save(template)
    filled = tmp_path / "填报.xlsx"
    ok(on(november, MID, "report", "monthly", "--month", "2026-11", "-t", str(template),
          "-o", str(filled)))  # fmt: skip
    assert load_workbook(filled).active["A1"].value == f"统计至{MID}"


@pytest.mark.parametrize(
    ("args", "refusal"),
    [
        (("monthly", "--month", "2026-12"), "请选择本月或以前的月份，本月按今天统计"),
        (("range", "--from", "2026-11-17", "--to", "2026-12-31"), "未结束的部分按今天统计"),
    ],
)
def test_a_period_all_in_the_future_is_refused_saying_what_can_be_asked(
    november: Invoke, args: tuple[str, ...], refusal: str
) -> None:
    result = on(november, MID, "report", *args, "-f", "json")
    assert result.exit_code == 1
    assert refusal in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
