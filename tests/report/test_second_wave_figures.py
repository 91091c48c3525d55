"""METRICS.md "Added (second wave)" on a hand-built station whose October 2026 is counted by
hand: records on the first and last day of the month and just outside it, voided records, a
child merged into another, a child in two categories, a closed case, a payment of each type.

Children are registered, merged and closed through the CLI; the dated records are written
into their tables directly (their own commands' tests cover how they get there)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Invoke
from tests.report.test_monthly_figures import ok, register

from wbz_cli.domain.report import agreement_rate

NOW = "2026-11-24T00:00:00"
VOID = {"voided_at": NOW, "voided_by": "test", "void_reason": "录错"}


def insert(conn: sqlite3.Connection, table: str, **values: Any) -> int:
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", [*values.values()])
    return int(cursor.lastrowid or 0)


@pytest.fixture
def second_wave(station: Invoke, db_path: Path) -> Invoke:
    wbz = station
    gan = {"community": "甲社区", "worker": "王主任"}
    yi = {"community": "乙社区", "worker": "李主任"}
    a = register(wbz, "甲一", "2014-03-01", 1, "2026-10-01", "left_behind", "difficult", **gan)
    household = wbz("show", a, "--format", "json").json()["household"]
    b = register(wbz, "乙二", "2012-05-02", 2, "2026-10-31", "orphan", household=household, **yi)
    c = register(wbz, "丙三", "2015-07-03", 3, "2026-10-15", "migrant", **gan)  # from a roster
    d = register(wbz, "丁四", "2013-01-04", 5, "2026-10-12", "other", **yi)  # after a lead
    register(wbz, "戊五", "2011-02-05", 7, "2026-09-30", "other", **yi)  # before the month
    f = register(wbz, "己六", "2012-06-06", 9, "2026-01-10", "left_behind", **gan)
    ok(wbz("close", f, "--reason", "moved", "--on", "2026-10-20"))  # a closed case
    g = register(wbz, "庚七", "2014-08-07", 11, "2026-10-20", "other", **yi)  # voided case
    h = register(wbz, "辛八", "2013-10-20", 13, "2026-02-01", "left_behind", **yi)
    i = register(wbz, "壬九", "2012-11-11", 15, "2026-02-01", "left_behind", **gan)
    # 甲一 registered twice: the second record is merged into the first below.
    m = register(wbz, "甲一", "2014-03-01", 17, "2026-10-05", "left_behind", **gan)

    conn = sqlite3.connect(db_path)
    ids = dict(conn.execute("SELECT code, id FROM children"))
    A, B, C, D, F, G, H, J, M = (ids[x] for x in (a, b, c, d, f, g, h, i, m))
    with conn:
        conn.execute("UPDATE risk_history SET source = 'import' WHERE child_id = ?", (C,))
        conn.execute("UPDATE case_periods SET voided_at = ? WHERE child_id = ?", (NOW, G))
        insert(conn, "leads", code="L900001", child_id=D, type="guardianship", source="police",
               found_on="2026-10-10", created_at=NOW)  # fmt: skip
        for child, on, mode, void in (
            (A, "2026-10-01", "home", {}),
            (A, "2026-10-31", "phone", {}),
            (M, "2026-10-15", "home", {}),  # the merged record's visit: still 甲一
            (B, "2026-10-31", "home", {}),
            (C, "2026-10-20", "home", VOID),
            (D, "2026-11-01", "home", {}),
            (F, "2026-10-10", "home", {}),  # before the case closed, left-behind then
            (H, "2026-09-30", "home", {}),
        ):
            insert(conn, "visits", child_id=child, visited_on=on, mode=mode, created_at=NOW,
                   **void)  # fmt: skip
        for child, kind, on, void in (
            (A, "education", "2026-10-01", {}),
            (A, "education", "2026-10-02", {}),
            (M, "education", "2026-10-15", {}),
            (C, "psychological", "2026-10-31", {}),
            (B, "education", "2026-10-10", VOID),
            (B, "medical", "2026-11-01", {}),
        ):
            insert(conn, "services", child_id=child, type=kind, served_on=on, created_at=NOW,
                   **void)  # fmt: skip
        for child, kind, month, fen, void in (
            (B, "orphan", "2026-10", 100000, {}),
            (A, "de_facto_unsupported", "2026-10", 80050, {}),
            (C, "disability_living", "2026-10", 10000, {}),
            (C, "disability_care", "2026-10", 20000, {}),
            (A, "study_grant", "2026-10", 5000, {}),
            (B, "study_grant", "2026-10", 5000, {}),
            (D, "temporary_relief", "2026-10", 30000, VOID),
            (D, "other", "2026-10", 1000, {}),
            (M, "other", "2026-10", 2000, {}),
            (B, "orphan", "2026-11", 100000, {}),
            (H, "orphan", "2026-09", 100000, {}),
        ):
            insert(conn, "subsidies", child_id=child, type=kind, month=month, amount_fen=fen,
                   created_at=NOW, **void)  # fmt: skip
        for kind, on, n, void in (
            ("themed_service", "2026-10-01", 30, {}),
            ("themed_service", "2026-10-31", 20, {}),
            ("training", "2026-10-15", 100, VOID),
            ("training", "2026-09-30", 40, {}),
        ):
            insert(conn, "activities", title="活动", kind=kind, held_on=on, participants=n,
                   created_at=NOW, **void)  # fmt: skip
        for child, signed, until, void in (
            (A, "2026-10-31", None, {}),
            (F, "2026-03-01", None, {}),  # its case is closed
            (H, "2026-03-01", "2026-10-30", {}),  # expired the day before month end
            (J, "2026-03-01", None, VOID),
        ):
            insert(conn, "care_agreements", child_id=child, carer="祖母", relation="祖母",
                   signed_on=signed, valid_until=until, created_at=NOW, **void)  # fmt: skip
        for child, on, void in (
            (A, "2026-10-01", {}),
            (B, "2026-10-31", {}),
            (C, "2026-10-15", VOID),
            (D, "2026-11-01", {}),
        ):
            insert(conn, "guardianship_assessments", child_id=child, assessed_on=on,
                   result="normal", created_at=NOW, **void)  # fmt: skip
        for child, on, void in ((A, "2026-10-15", {}), (B, "2026-10-20", VOID)):
            insert(conn, "assessments", child_id=child, assessed_on=on, sheet="s", answers="{}",
                   score=1, result="green", created_at=NOW, **void)  # fmt: skip

        def plan(child: int, opened: str, review: str, **more: Any) -> int:
            return insert(conn, "plans", child_id=child, goal="目标", opened_on=opened,
                          review_on=review, created_at=NOW, **more)  # fmt: skip

        def review(plan_id: int, on: str, previous: str, nxt: str, **more: Any) -> None:
            insert(conn, "plan_reviews", plan_id=plan_id, reviewed_on=on, next_review_on=nxt,
                   previous_review_on=previous, created_at=NOW, **more)  # fmt: skip
            conn.execute("UPDATE plans SET review_on = ? WHERE id = ?", (nxt, plan_id))

        # 甲一's review was due on the month's last day and done only in November.
        review(plan(A, "2026-09-01", "2026-10-31"), "2026-11-05", "2026-10-31", "2027-05-05")
        review(plan(B, "2026-10-01", "2026-12-01"), "2026-10-20", "2026-12-01", "2027-01-20")
        plan(H, "2026-10-31", "2026-11-30")
        plan(F, "2026-05-01", "2026-08-01")  # its child's case is closed
        plan(C, "2026-05-01", "2026-08-01", status="closed", closed_on="2026-10-25")
        review(plan(D, "2026-10-01", "2026-10-05", **VOID), "2026-10-10", "2026-10-05",
               "2027-04-10")  # a voided plan's review  # fmt: skip
    conn.close()
    ok(wbz("merge", a, m, "--yes"))
    return wbz


def monthly(wbz: Invoke, *args: str) -> dict[str, Any]:
    result = wbz("report", "monthly", "--month", "2026-10", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = result.json()
    return data


def nonzero(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v}


def test_new_cases_by_source(second_wave: Invoke) -> None:
    report = monthly(second_wave)
    # 甲一 (merged with its second record: one case), 乙二 on the last day; 丙三 from a
    # roster, 丁四 after a lead; 戊五 a day early; 庚七's case voided.
    assert report["children"]["new_by_source"] == {
        "roster": 1,
        "register": 2,
        "match": 0,
        "referral": 1,
    }
    assert sum(report["children"]["new_by_source"].values()) == report["children"]["new"]


def test_children_reached_by_category(second_wave: Invoke) -> None:
    reached = monthly(second_wave)["visits"]["children_reached_by_category"]
    # 甲一 (left-behind and difficult: both; its merged record's visit no second time),
    # 己六 visited before its case closed, 乙二 on the last day; 丙三's visit voided.
    assert nonzero(reached) == {"left_behind": 2, "difficult": 1, "orphan": 1}


def test_households_served(second_wave: Invoke) -> None:
    # 甲一 and 乙二 share a household; 丙三 and 丁四 have their own; 己六 was visited.
    report = monthly(second_wave, "--by", "community")
    assert report["households"]["served"] == 4
    groups = report["by_community"]
    assert groups["甲社区"]["households"]["served"] == 3  # 甲一, 丙三, 己六
    assert groups["乙社区"]["households"]["served"] == 2  # 乙二 (甲一's household), 丁四


def test_leads_by_type_and_source(second_wave: Invoke) -> None:
    ok(second_wave("refer", "add", "C000001", "--type", "schooling", "--source", "school",
                   "--on", "2026-10-01"))  # fmt: skip
    ok(second_wave("refer", "add", "--type", "medical", "--source", "hotline", "--on",
                   "2026-10-31", "--summary", "热线来电"))  # fmt: skip
    ok(second_wave("refer", "add", "--type", "medical", "--source", "hotline", "--on",
                   "2026-09-30", "--summary", "热线来电"))  # fmt: skip
    referrals = monthly(second_wave)["referrals"]
    assert nonzero(referrals["by_type"]) == {"schooling": 1, "medical": 1, "guardianship": 1}
    assert nonzero(referrals["by_source"]) == {"school": 1, "hotline": 1, "police": 1}
    assert sum(referrals["by_type"].values()) == referrals["found"] == 3


def test_children_per_service_type(second_wave: Invoke) -> None:
    services = monthly(second_wave)["services"]
    assert services["by_type"]["education"] == 3
    assert nonzero(services["children_by_type"]) == {"education": 1, "psychological": 1}


def test_subsidies_by_type_with_a_payment_of_each_type(second_wave: Invoke) -> None:
    subsidies = monthly(second_wave)["subsidies"]
    assert subsidies["children"] == 4  # 甲一 (with its merged record), 乙二, 丙三, 丁四
    assert subsidies["by_type"] == {
        "orphan": {"payments": 1, "amount_yuan": "1000.00", "children": 1},
        "de_facto_unsupported": {"payments": 1, "amount_yuan": "800.50", "children": 1},
        "disability_living": {"payments": 1, "amount_yuan": "100.00", "children": 1},
        "disability_care": {"payments": 1, "amount_yuan": "200.00", "children": 1},
        "study_grant": {"payments": 2, "amount_yuan": "100.00", "children": 2},
        "temporary_relief": {"payments": 0, "amount_yuan": "0.00", "children": 0},
        "other": {"payments": 2, "amount_yuan": "30.00", "children": 2},
    }
    assert subsidies["payments"] == 8 and subsidies["amount_yuan"] == "2230.50"


def test_activities_by_kind(second_wave: Invoke) -> None:
    activities = monthly(second_wave)["activities"]
    assert activities["by_kind"]["themed_service"] == {"count": 2, "participants": 50}
    assert activities["by_kind"]["training"] == {"count": 0, "participants": 0}
    assert (activities["count"], activities["participants"]) == (2, 50)


def test_care_agreements_and_assessments(second_wave: Invoke) -> None:
    care = monthly(second_wave)["care"]
    # Left-behind and active on the 31st: 甲一 (signed that day), 辛八 (expired on the
    # 30th), 壬九 (its agreement voided); 己六's case is closed.
    assert care == {
        "agreements_in_force": 1,
        "agreement_rate": "33.3%",
        "guardianship_assessments": 2,
        "risk_assessments": 1,
    }


def test_agreement_rate_rounds_to_one_decimal_and_says_none() -> None:
    assert agreement_rate(2, 3) == "66.7%"
    assert agreement_rate(3, 3) == "100.0%"
    assert agreement_rate(0, 0) == "—"


def test_plans(second_wave: Invoke) -> None:
    # Open on the 31st: 甲一's (due that day, reviewed only in November), 乙二's (reviewed
    # on the 20th), 辛八's (opened that day); 己六's child is closed, 丙三's plan closed,
    # 丁四's voided (with its review).
    assert monthly(second_wave)["plans"] == {"active": 3, "reviews": 1, "reviews_overdue": 1}


def test_a_range_and_the_workbook(second_wave: Invoke, tmp_path: Path) -> None:
    result = second_wave("report", "range", "--from", "2026-09-01", "--to", "2026-10-31",
                         "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert report["children"]["new_by_source"]["register"] == 3  # 戊五 on 09-30 too
    assert report["activities"]["by_kind"]["training"] == {"count": 1, "participants": 40}
    assert report["subsidies"]["by_type"]["orphan"]["payments"] == 2  # 辛八's in September
    out = tmp_path / "月报.xlsx"
    ok(second_wave("report", "monthly", "--month", "2026-10", "-f", "xlsx", "-o", str(out)))
    from openpyxl import load_workbook

    rows = {row[1]: row[2] for row in load_workbook(out)["月报"].iter_rows(values_only=True)}
    assert rows["协议签订率"] == "33.3%"
    assert rows["分类型人数·助学金"] == 2
    assert rows["分类型金额(元)·事实无人抚养儿童基本生活补贴"] == 800.5
    trend = list(load_workbook(out)["近12个月"].iter_rows(values_only=True))
    assert trend[0][3:] == (
        "服务次数",
        "补贴发放人次",
        "活动场次",
        "监护评估",
        "风险评估",
        "计划复核",
    )
    october = next(row for row in trend if row[0] == "2026-10")
    assert october[3:] == (4, 8, 2, 2, 1, 1)


def test_the_trend_table_shows_the_monthly_counts(second_wave: Invoke) -> None:
    text = second_wave("report", "monthly", "--month", "2026-10").stdout
    trend = text[text.index("近12个月走访与线索") :]
    october = next(line for line in trend.splitlines() if line.strip().startswith("2026-10"))
    # visits (4 in October, one voided), leads (one), then the monthly counts
    assert october.split()[-6:] == ["4", "8", "2", "2", "1", "1"]


def test_a_write_to_the_care_record_makes_the_kept_report_stale(
    second_wave: Invoke, db_path: Path
) -> None:
    assert monthly(second_wave)["care"]["guardianship_assessments"] == 2  # parts kept now
    conn = sqlite3.connect(db_path)
    with conn:
        insert(conn, "guardianship_assessments", child_id=2, assessed_on="2026-10-20",
               result="normal", created_at=NOW)  # fmt: skip
        conn.execute("UPDATE plan_reviews SET voided_at = ? WHERE reviewed_on = '2026-10-20'",
                     (NOW,))  # fmt: skip
    conn.close()
    report = monthly(second_wave)
    assert report["care"]["guardianship_assessments"] == 3
    assert report["plans"]["reviews"] == 0
