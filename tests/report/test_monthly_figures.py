"""Every figure of METRICS.md on a small station whose October 2026 is known by hand.

Children are registered, closed, reopened and recategorised through the CLI; the dated care
records (visits, leads, services, subsidies, activities, resources) are written into their
tables directly, as those commands' own tests cover how they get there.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Invoke, make_id

NOW = "2026-11-24T00:00:00"


def register(wbz: Invoke, name: str, birth: str, seq: int, on: str, *cats: str, **opts: str) -> str:
    args = ["register", "--name", name, "--id-number", make_id(birth, seq), "--on", on]
    for cat in cats:
        args += ["--category", cat]
    for key, value in opts.items():
        args += [f"--{key.replace('_', '-')}", value]
    result = wbz(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return str(result.json()["child"])


def first_wave(section: dict[str, Any]) -> dict[str, Any]:
    """A section's keys of METRICS.md's first table (the second wave's are tested in
    test_second_wave_figures.py)."""
    return {k: v for k, v in section.items() if k not in ("children", "by_type", "by_kind")}


def ok(result: Any) -> None:
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def october(station: Invoke, db_path: Path) -> Invoke:
    wbz = station
    a = register(
        wbz,
        "甲一",
        "2014-03-01",
        1,
        "2026-09-15",
        "left_behind",
        "difficult",
        risk="red",
        community="甲社区",
        worker="王主任",
        address="甲路1号",
    )
    household = wbz("show", a, "--format", "json").json()["household"]
    b = register(
        wbz,
        "乙二",
        "2012-05-02",
        2,
        "2026-10-01",
        "orphan",
        risk="orange",
        community="乙社区",
        worker="李主任",
        household=household,
    )
    register(
        wbz, "丙三", "2015-07-03", 3, "2026-10-31", "migrant", community="甲社区", worker="王主任"
    )
    register(wbz, "丁四", "2013-01-04", 5, "2026-11-01", "other", community="乙社区")
    e = register(
        wbz,
        "戊五",
        "2011-02-05",
        7,
        "2026-08-01",
        "low_income",
        risk="green",
        community="乙社区",
        worker="李主任",
    )
    ok(wbz("close", e, "--reason", "moved", "--on", "2026-10-31"))
    f = register(
        wbz,
        "己六",
        "2010-06-06",
        9,
        "2026-08-01",
        "disabled",
        risk="yellow",
        community="甲社区",
        worker="王主任",
    )
    ok(wbz("close", f, "--reason", "other", "--on", "2026-10-10"))
    ok(wbz("reopen", f, "--on", "2026-10-20"))
    g = register(
        wbz,
        "庚七",
        "2014-08-07",
        11,
        "2026-05-01",
        "left_behind",
        "other",
        risk="green",
        community="乙社区",
        worker="李主任",
    )
    ok(wbz("update", g, "--end-category", "left_behind", "--on", "2026-10-15"))
    # 16 on 2026-10-20: left_behind has expired by the month's end.
    register(
        wbz,
        "辛八",
        "2010-10-20",
        13,
        "2026-03-01",
        "left_behind",
        "other",
        community="甲社区",
        worker="王主任",
    )
    # A's risk changes after the month: October still counts it red.
    ok(wbz("update", a, "--risk", "yellow", "--on", "2026-11-05"))

    # Leads through the refer commands: L1 transferred in October and done in November, L2 a
    # mandatory report done within October, L3 received without a child, L4 unfounded.
    lead_moves = [
        (
            a,
            "schooling",
            "school",
            "2026-09-28",
            [
                ("verified", "2026-09-29", None),
                ("transferred", "2026-10-02", "区教育局"),
                ("accepted", "2026-10-03", None),
                ("done", "2026-11-02", None),
            ],
        ),
        (
            b,
            "violence_injury",
            "neighbour",
            "2026-10-05",
            [
                ("transferred", "2026-10-05", "华阳路派出所"),
                ("accepted", "2026-10-06", None),
                ("done", "2026-10-09", None),
            ],
        ),
        (None, "other", "hotline", "2026-10-31", []),
        (g, "medical", "hospital", "2026-10-10", [("unfounded", "2026-10-12", None)]),
    ]
    for child, kind, source, found, moves in lead_moves:
        args = ["refer", "add", *([child] if child else ["--summary", "匿名来电反映"])]
        result = wbz(*args, "--type", kind, "--source", source, "--on", found)
        assert result.exit_code == 0, result.stderr
        lead = result.stdout.strip().split()[-1]
        for status, on, agency in moves:
            extra = ["--agency", agency] if agency else []
            ok(wbz("refer", "move", lead, "--status", status, "--on", on, *extra))

    conn = sqlite3.connect(db_path)
    ids = dict(conn.execute("SELECT code, id FROM children"))
    ca, cb, cc = ids[a], ids[b], ids["C000003"]
    conn.executemany(
        "INSERT INTO visits (child_id, visited_on, mode, worker, created_at) VALUES (?,?,?,?,?)",
        [
            (ca, "2026-09-30", "home", "王主任", NOW),
            (ca, "2026-10-01", "home", "王主任", NOW),
            (ca, "2026-10-31", "phone", "王主任", NOW),
            (cb, "2026-10-15", "wechat", "李主任", NOW),
            (ca, "2026-11-01", "home", "王主任", NOW),
        ],
    )
    conn.executemany(
        "INSERT INTO services (child_id, type, served_on, created_at) VALUES (?,?,?,?)",
        [
            (ca, "education", "2026-10-01", NOW),
            (ca, "medical", "2026-10-20", NOW),
            (cb, "education", "2026-10-31", NOW),
            (cc, "legal", "2026-11-01", NOW),
        ],
    )
    conn.executemany(
        "INSERT INTO subsidies (child_id, type, month, amount_fen, created_at) VALUES (?,?,?,?,?)",
        [
            (cb, "orphan", "2026-10", 120050, NOW),
            (cb, "orphan", "2026-09", 120050, NOW),
            (ca, "de_facto_unsupported", "2026-10", 100025, NOW),
        ],
    )
    conn.executemany(
        "INSERT INTO activities (title, kind, held_on, participants, created_at)"
        " VALUES (?,?,?,?,?)",
        [
            ("国庆主题活动", "themed_service", "2026-10-01", 30, NOW),
            ("家长课堂", "training", "2026-10-31", 12, NOW),
            ("十一月宣传", "publicity", "2026-11-01", 50, NOW),
        ],
    )
    conn.executemany(
        "INSERT INTO resources (kind, name, added_on, removed_on) VALUES (?,?,?,?)",
        [
            ("expert", "张教授", "2026-01-01", None),
            ("lawyer", "李律师", "2026-10-31", None),
            ("social_worker", "王社工", "2026-01-01", "2026-10-31"),
            ("volunteer", "赵志愿者", "2026-11-01", None),
        ],
    )
    conn.commit()
    conn.close()
    return wbz


def monthly(wbz: Invoke, month: str = "2026-10", *extra: str) -> dict[str, Any]:
    result = wbz("report", "monthly", "--month", month, "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return dict(result.json())


def test_children_figures_at_month_end(october: Invoke) -> None:
    report = monthly(october)
    assert report["month"] == "2026-10"
    assert report["station"] == "华阳路街道未保站"
    # Active on 10-31: A, B, C (registered that day), F (reopened), G, H. E closed on 10-31.
    assert report["children"]["active"] == 6
    # Opened in October: B (1st), C (31st), F's reopened case.
    assert report["children"]["new"] == 3
    # Closed in October: E (31st) and F (10th).
    assert report["children"]["closed"] == 2
    assert report["children"]["by_category"] == {
        "orphan": 1,
        "de_facto_unsupported": 0,
        "difficult": 1,
        "low_income": 0,
        "left_behind": 1,  # A only: G's ended on the 15th, H turned 16 on the 20th
        "migrant": 1,
        "disabled": 1,
        "other": 2,
    }
    assert report["children"]["by_risk"] == {
        "red": 1,  # A: the change to yellow is dated November
        "orange": 1,
        "yellow": 1,
        "green": 1,
        "unassessed": 2,
    }
    # A and B share a household; C, F, G, H have their own.
    assert report["households"]["active"] == 5


def test_visit_lead_service_subsidy_activity_resource_figures(october: Invoke) -> None:
    report = monthly(october)
    assert report["visits"]["total"] == 3
    assert report["visits"]["by_mode"] == {
        "home": 1,
        "phone": 1,
        "wechat": 1,
        "video": 0,
        "school": 0,
        "station": 0,
    }
    assert report["visits"]["children_reached"] == 2
    # Due on or before 10-31 and not done: A (red: last home visit 10-01, the phone call on
    # 10-31 does not count), B (orange: only a WeChat call since 10-01), F (reopened 10-20,
    # first visit due within 5 working days), G and H (never visited). C was registered on
    # Saturday 10-31: its first visit is due on Friday 11-06.
    assert report["visits"]["overdue"] == 5
    referrals = report["referrals"]
    assert referrals["found"] == 3
    assert referrals["transferred"] == 2
    assert referrals["done"] == 1
    assert referrals["open"] == 2  # L1 accepted, L3 new; L4 unfounded, L2 done
    # L1: accepted by the education bureau on 10-03, feedback due 15 working days later.
    assert referrals["overdue"] == 1
    assert referrals["mandatory"] == 1
    assert referrals["children_helped"] == 1
    assert report["services"]["total"] == 3
    assert report["services"]["by_type"]["education"] == 2
    assert report["services"]["by_type"]["medical"] == 1
    assert report["services"]["by_type"]["legal"] == 0
    assert report["services"]["children_served"] == 2
    assert first_wave(report["subsidies"]) == {"payments": 2, "amount_yuan": "2200.75"}
    assert first_wave(report["activities"]) == {"count": 2, "participants": 42}
    kinds = report["resources"]["by_kind"]
    assert (kinds["expert"], kinds["lawyer"], kinds["social_worker"], kinds["volunteer"]) == (
        1,
        1,
        0,
        0,
    )


def test_every_metrics_key_is_present_on_an_empty_station(station: Invoke) -> None:
    report = monthly(station, "2026-10")
    assert report["children"]["by_category"]["orphan"] == 0
    assert report["subsidies"]["amount_yuan"] == "0.00"
    assert set(report) == {
        "month",
        "station",
        "as_of",
        "children",
        "households",
        "visits",
        "referrals",
        "services",
        "subsidies",
        "activities",
        "resources",
        "care",
        "plans",
        "placements",
        "applications",
        "pairs",
        "screening",
        "projects",
        "gifts",
    }
    assert set(report["resources"]["by_kind"]) == {
        "expert",
        "growth_officer",
        "advisor",
        "social_worker",
        "lawyer",
        "organization",
        "volunteer",
        "child_director",
        "child_supervisor",
    }


def test_a_past_month_is_reproducible_after_later_changes(october: Invoke) -> None:
    before = monthly(october, "2026-09")
    # Later work: a December registration, closing A, ending B's category, a new risk.
    register(october, "壬九", "2013-03-09", 15, "2026-11-20", "orphan")
    ok(october("update", "C000002", "--end-category", "orphan", "--on", "2026-11-10"))
    ok(october("close", "C000001", "--reason", "moved", "--on", "2026-11-15"))
    assert monthly(october, "2026-09") == before
    assert before["children"]["active"] == 5  # A, E, F, G, H on 09-30
    assert before["children"]["by_risk"]["red"] == 1


def test_breakdown_by_community_adds_up(october: Invoke) -> None:
    report = monthly(october, "2026-10", "--by", "community")
    groups = report["by_community"]
    assert set(groups) == {"甲社区", "乙社区", "（未关联儿童）"}
    assert groups["甲社区"]["children"]["active"] == 4  # A, C, F, H
    assert groups["乙社区"]["children"]["active"] == 2  # B, G
    assert groups["甲社区"]["visits"]["total"] == 2
    assert groups["甲社区"]["visits"]["overdue"] == 3  # A, F, H
    assert groups["乙社区"]["visits"]["overdue"] == 2  # B, G
    assert groups["（未关联儿童）"]["referrals"]["found"] == 1
    for key in ("active", "new", "closed"):
        assert sum(g["children"][key] for g in groups.values()) == report["children"][key]


def test_breakdown_by_worker(october: Invoke) -> None:
    report = monthly(october, "2026-10", "--by", "worker")
    workers = report["by_worker"]
    assert workers["王主任"]["children"]["active"] == 4
    assert workers["李主任"]["subsidies"]["amount_yuan"] == "1200.50"


def test_range_report_for_a_quarter(october: Invoke) -> None:
    result = october(
        "report", "range", "--from", "2026-08-01", "--to", "2026-10-31", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert (report["period"], report["start"], report["end"]) == (
        "2026-08-01/2026-10-31",
        "2026-08-01",
        "2026-10-31",
    )
    assert "month" not in report
    # Opened: E and F (August), A (September), B, C and F's reopened case (October).
    assert report["children"]["new"] == 6
    assert report["visits"]["total"] == 4
    assert first_wave(report["subsidies"]) == {"payments": 3, "amount_yuan": "3401.25"}


def test_csv_has_every_key_with_its_label(october: Invoke) -> None:
    result = october("report", "monthly", "--month", "2026-10", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "key,label,value"
    assert "children.active,在册儿童,6" in lines
    assert "visits.by_mode.home,方式·入户,1" in lines
    assert "subsidies.amount_yuan,补贴发放金额(元),2200.75" in lines


def test_table_shows_chinese_labels_and_the_twelve_month_bars(october: Invoke) -> None:
    result = october("report", "monthly", "--month", "2026-10")
    assert result.exit_code == 0, result.stderr
    assert "在册儿童" in result.stdout
    assert "近12个月走访与线索" in result.stdout
    assert "2025-11" in result.stdout and "2026-10" in result.stdout
    assert "█" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "月份"),
        (["--month", "2027-01"], "还没有开始"),
        (["--month", "0001-01"], "太早"),
        (["--month", "2026-10", "--format", "xlsx"], "--out"),
    ],
)
def test_bad_requests_are_refused_in_chinese(
    station: Invoke, args: list[str], message: str
) -> None:
    result = station("report", "monthly", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_range_from_year_one_is_refused(station: Invoke) -> None:
    result = station("report", "range", "--from", "0001-01-01", "--to", "2026-10-31")
    assert result.exit_code == 1
    assert "太早" in result.stderr
