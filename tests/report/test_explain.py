"""``wbz report explain KEY``: the records behind one figure, in every format, per community,
audited when IDs are shown or a file is written; and the second-wave keys of METRICS.md
explained on a hand-built October with records on the edge days, a voided record, a child in
two categories, an expired agreement and an overdue plan review (counts made by hand)."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from tests.conftest import Invoke, make_id

C1, C2, C3 = make_id("2015-06-01", 11), make_id("2013-03-05", 12), make_id("2012-01-01", 13)


@pytest.fixture
def october(station: Invoke) -> Invoke:
    """C000001 and C000002 (one household, 东村, 张敏), left-behind; C000001 also low-income;
    C000003 an orphan of 西村 (李强). The month's records, and some just outside it."""
    steps = [
        ["register", "--name", "王一", "--id-number", C1, "-c", "left_behind", "-c", "low_income",
         "--community", "东村", "--worker", "张敏", "--on", "2026-01-10"],
        ["register", "--name", "王二", "--id-number", C2, "-c", "left_behind",
         "--household", "H000001", "--community", "东村", "--worker", "张敏", "--on", "2026-01-10"],
        ["register", "--name", "李三", "--id-number", C3, "-c", "orphan", "--community", "西村",
         "--worker", "李强", "--on", "2026-01-10"],
        ["visit", "add", "C000001", "--mode", "home", "--on", "2026-10-01"],
        ["visit", "add", "C000001", "--mode", "phone", "--on", "2026-10-31"],
        ["visit", "add", "C000002", "--mode", "home", "--on", "2026-09-30"],
        ["visit", "add", "C000003", "--mode", "school", "--on", "2026-10-15"],
        ["visit", "add", "C000003", "--mode", "home", "--on", "2026-10-20"],
        ["visit", "void", "5", "--reason", "重复录入"],
        ["service", "add", "C000001", "--type", "education", "--on", "2026-10-05"],
        ["service", "add", "C000001", "--type", "education", "--on", "2026-10-06"],
        ["service", "add", "C000003", "--type", "legal", "--on", "2026-10-31"],
        ["subsidy", "add", "C000003", "--type", "orphan", "--month", "2026-10",
         "--amount", "1900.50"],
        ["subsidy", "add", "C000001", "--type", "study_grant", "--month", "2026-10",
         "--amount", "300"],
        ["subsidy", "add", "C000001", "--type", "study_grant", "--month", "2026-11",
         "--amount", "300"],
        ["subsidy", "add", "C000002", "--type", "study_grant", "--month", "2026-10",
         "--amount", "100"],
        ["subsidy", "void", "4", "--reason", "重复录入"],
        ["activity", "add", "--title", "开学第一课", "--kind", "themed_service",
         "--participants", "30", "--on", "2026-10-01"],
        ["activity", "add", "--title", "防溺水", "--kind", "themed_service",
         "--participants", "20", "--on", "2026-10-31"],
        ["activity", "add", "--title", "儿童主任培训", "--kind", "training",
         "--participants", "40", "--on", "2026-10-15"],
        ["activity", "add", "--title", "十一月培训", "--kind", "training",
         "--participants", "99", "--on", "2026-11-01"],
        ["care-agreement", "add", "C000001", "--carer", "王奶奶", "--relation", "祖母",
         "--phone", "13800138000", "--signed-on", "2026-09-01"],
        ["care-agreement", "add", "C000002", "--carer", "王爷爷", "--relation", "祖父",
         "--phone", "13800138001", "--signed-on", "2026-10-01", "--valid-until", "2026-10-30"],
        ["assess", "guardianship", "C000001", "--result", "normal", "--on", "2026-10-10"],
        ["assess", "guardianship", "C000003", "--result", "normal", "--on", "2026-11-02"],
        ["plan", "add", "C000003", "--goal", "按时上学", "--service", "education",
         "--on", "2026-09-01", "--review-on", "2026-10-20"],
        ["plan", "add", "C000001", "--goal", "心理疏导", "--service", "psychological",
         "--on", "2026-09-01", "--review-on", "2026-10-10"],
        ["plan", "review", "P000002", "--on", "2026-10-09", "--next-review", "2027-01-10"],
        ["refer", "add", "C000001", "--type", "abandonment", "--source", "home_visit",
         "--on", "2026-10-05"],
        ["refer", "add", "--type", "abandonment", "--source", "neighbour", "--summary",
         "邻居反映孩子独自在家", "--on", "2026-10-31"],
    ]  # fmt: skip
    for args in steps:
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return station


def rows(wbz: Invoke, key: str, *more: str) -> list[dict[str, Any]]:
    result = wbz("report", "explain", key, "--month", "2026-10", *more, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return list(result.json())


def made(wbz: Invoke, key: str, *more: str) -> Any:
    """What the rows add up to, by the key's kind."""
    found = rows(wbz, key, *more)
    if key.endswith("amount_yuan"):
        return f"{sum(float(r['amount_yuan']) for r in found):.2f}"
    if key.endswith("participants"):
        return sum(r["participants"] for r in found)
    return len(found)


def test_visits_of_a_mode_are_listed_one_row_each(october: Invoke) -> None:
    found = rows(october, "visits.by_mode.home")
    assert [(r["child"], r["date"], r["record"]) for r in found] == [("C000001", "2026-10-01", "1")]
    assert found[0]["name"] == "王一" and found[0]["id_number"] != C1
    assert found[0]["id_number"].endswith(C1[-1]) and "*" in found[0]["id_number"]
    assert made(october, "visits.total") == 3  # the voided visit and September's left out


def test_distinct_children_keys_list_one_row_per_child(october: Invoke) -> None:
    found = rows(october, "visits.children_reached")
    assert [r["child"] for r in found] == ["C000001", "C000003"]
    assert found[0]["date"] == "2026-10-01"  # the child's first visit of the month


def test_money_rows_sum_to_the_figure(october: Invoke) -> None:
    found = rows(october, "subsidies.amount_yuan")
    assert sorted(r["amount_yuan"] for r in found) == ["1900.50", "300.00"]
    assert {r["date"] for r in found} == {"2026-10"}
    report = october("report", "monthly", "--month", "2026-10", "--format", "json").json()
    assert made(october, "subsidies.amount_yuan") == report["subsidies"]["amount_yuan"]


def test_second_wave_keys_on_the_hand_counted_october(october: Invoke) -> None:
    expected = {
        "visits.children_reached_by_category.left_behind": 1,  # C2's visit is in September
        "visits.children_reached_by_category.low_income": 1,
        "visits.children_reached_by_category.orphan": 1,  # C3's voided visit left out
        "visits.children_reached_by_category.migrant": 0,
        "households.served": 2,  # C1 and C2 share one household
        "referrals.by_type.abandonment": 2,  # one linked to no child
        "referrals.by_source.home_visit": 1,
        "referrals.by_source.neighbour": 1,
        "services.children_by_type.education": 1,  # C1 served twice
        "services.children_by_type.legal": 1,  # on the last day
        "subsidies.children": 2,  # C2's payment voided
        "subsidies.by_type.study_grant.payments": 1,  # November's left out
        "subsidies.by_type.study_grant.amount_yuan": "300.00",
        "subsidies.by_type.study_grant.children": 1,
        "subsidies.by_type.orphan.amount_yuan": "1900.50",
        "activities.by_kind.themed_service.count": 2,  # the first and the last day
        "activities.by_kind.themed_service.participants": 50,
        "activities.by_kind.training.count": 1,
        "activities.by_kind.training.participants": 40,
        "care.agreements_in_force": 1,  # C2's ended on 10-30
        "care.guardianship_assessments": 1,
        "plans.active": 2,
        "plans.reviews": 1,
        "plans.reviews_overdue": 1,  # C3's plan, due 10-20; C1's reviewed in time
    }
    assert {key: made(october, key) for key in expected} == expected
    overdue = rows(october, "plans.reviews_overdue")
    assert [(r["child"], r["record"], r["date"]) for r in overdue] == [
        ("C000003", "P000001", "2026-10-20")
    ]


def test_a_rate_lists_its_numerator_and_denominator(october: Invoke) -> None:
    found = rows(october, "care.agreement_rate")
    parts = sorted((r["part"], r["child"]) for r in found)
    assert parts == [("denominator", "C000001"), ("denominator", "C000002"),
                     ("numerator", "C000001")]  # fmt: skip
    table = october("report", "explain", "care.agreement_rate", "--month", "2026-10")
    assert "50.0%" in table.stdout and "分母" in table.stdout


def test_one_community_s_figure(october: Invoke) -> None:
    east = rows(october, "visits.total", "--by", "community", "--group", "东村")
    assert [r["child"] for r in east] == ["C000001", "C000001"]
    report = october("report", "monthly", "--month", "2026-10", "--by", "community", "-f", "json")
    assert report.json()["by_community"]["东村"]["visits"]["total"] == 2
    unlinked = rows(october, "referrals.found", "--by", "worker", "--group", "（未关联儿童）")
    assert [r["name"] for r in unlinked] == ["邻居反映孩子独自在家"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["visits.toal", "--month", "2026-10"], "visits.total"),
        (["activities.count", "--month", "2026-10", "--by", "community", "--group", "东村"],
         "全站"),
        (["visits.total", "--month", "2026-10", "--by", "community", "--group", "北村"], "东村"),
        (["visits.total", "--month", "2026-10", "--by", "community"], "--group"),
        (["visits.total", "--month", "2026-10", "--from", "2026-10-01"], "--month"),
        (["visits.total"], "--month"),
        (["station", "--month", "2026-10"], "填报单位"),
    ],
)  # fmt: skip
def test_refusals_are_one_chinese_line(october: Invoke, args: list[str], says: str) -> None:
    result = october("report", "explain", *args)
    assert result.exit_code == 1
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_range_uses_its_days(october: Invoke) -> None:
    found = october("report", "explain", "visits.total", "--from", "2026-09-30",
                    "--to", "2026-10-01", "-f", "json").json()  # fmt: skip
    assert [r["date"] for r in found] == ["2026-09-30", "2026-10-01"]


def _audit(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT action, record_type FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()


def test_reveal_shows_full_ids_and_is_audited(october: Invoke, db_path: Path) -> None:
    before = len(_audit(db_path))
    found = rows(october, "children.by_category.left_behind", "--reveal")
    assert [r["id_number"] for r in found] == [C1, C2]
    assert _audit(db_path)[before:] == [("reveal", "report_explain")]


def test_csv_and_xlsx_files(october: Invoke, db_path: Path, tmp_path: Path) -> None:
    before = len(_audit(db_path))
    result = october("report", "explain", "subsidies.amount_yuan", "--month", "2026-10",
                     "-f", "csv", "--out", "s.csv")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    raw = (tmp_path / "s.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["amount_yuan"] for r in table] == ["300.00", "1900.50"]
    assert "*" in table[0]["id_number"]
    on_screen = october("report", "explain", "subsidies.amount_yuan", "--month", "2026-10",
                        "-f", "csv").stdout  # fmt: skip
    assert not on_screen.startswith("\ufeff") and on_screen.startswith("child,")
    result = october("report", "explain", "visits.total", "--month", "2026-10",
                     "-f", "xlsx", "--out", "v.xlsx")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "v.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("儿童编号", "身份证号", "姓名/名称") and len(values) == 4
    assert _audit(db_path)[before:] == [("export", "report_explain")] * 2
    assert october("report", "explain", "visits.total", "--month", "2026-10",
                   "-f", "xlsx").exit_code == 1  # fmt: skip


def test_new_cases_by_how_the_child_came(october: Invoke, tmp_path: Path) -> None:
    """November: one child from a roster import, one registered after a lead about it was
    found (and linked), one registered by hand; a case opened in October is not November's."""
    roster = tmp_path / "花名册.csv"
    roster.write_text(f"姓名,身份证号码,儿童类别\n赵四,{make_id('2014-04-04', 15)},孤儿\n",
                      encoding="utf-8")  # fmt: skip
    steps = [
        ["import", "roster", str(roster), "--on", "2026-11-02"],
        ["refer", "add", "--type", "abandonment", "--source", "neighbour", "--summary", "独居",
         "--on", "2026-11-03"],
        ["register", "--name", "钱五", "--id-number", make_id("2014-05-05", 17), "-c", "other",
         "--on", "2026-11-04"],
        ["refer", "link", "L000003", "C000005"],
        ["register", "--name", "孙六", "--id-number", make_id("2014-06-06", 19), "-c", "other",
         "--on", "2026-11-24"],
    ]  # fmt: skip
    for args in steps:
        result = october(*args)
        assert result.exit_code == 0, (args, result.stderr)

    def came(source: str) -> list[str]:
        found = october("report", "explain", f"children.new_by_source.{source}",
                        "--month", "2026-11", "-f", "json").json()  # fmt: skip
        return [r["child"] for r in found]

    assert (came("roster"), came("referral"), came("register"), came("match")) == (
        ["C000004"],
        ["C000005"],
        ["C000006"],
        [],
    )


def test_a_month_not_yet_over_is_counted_as_of_today(october: Invoke) -> None:
    """Today is 2026-11-24: an agreement valid until 11-25 is in force today (it would not be
    on 11-30), and the table says up to which day it counted."""
    added = october("care-agreement", "add", "C000002", "--carer", "王爷爷", "--relation", "祖父",
                    "--phone", "13800138001", "--signed-on", "2026-11-01",
                    "--valid-until", "2026-11-25")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    found = rows(october, "care.agreements_in_force")  # October: C000001 only
    assert [r["child"] for r in found] == ["C000001"]
    november = october("report", "explain", "care.agreements_in_force", "--month", "2026-11",
                       "-f", "json").json()  # fmt: skip
    assert [r["child"] for r in november] == ["C000001", "C000002"]
    table = october("report", "explain", "care.agreements_in_force", "--month", "2026-11")
    assert "截至2026-11-24" in "".join(table.stdout.split())  # the title may be folded
