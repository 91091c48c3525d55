"""The monthly report's referral figures and the late leads, read from the history of moves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.conftest import Invoke, make_id

from wbz_cli.domain.leads import DEFAULT_POLICY, Rule
from wbz_cli.services.lead_report import FIGURE_KEYS, lead_figures, overdue_leads
from wbz_cli.store.session import Store

D = date


def run(wbz: Invoke, *args: str) -> str:
    result = wbz(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def figures(db: Path, first: date, last: date, **kw: object) -> dict[str, int]:
    store = Store.open(db, "test", create=False)
    try:
        return lead_figures(store.conn, first, last, **kw)  # type: ignore[arg-type]
    finally:
        store.close()


def month(db: Path, m: int, **kw: object) -> dict[str, int]:
    last = {9: 30, 10: 31, 11: 30}[m]
    return figures(db, D(2026, m, 1), D(2026, m, last), **kw)


def build_until_october(wbz: Invoke) -> dict[str, str]:
    c1 = run(
        wbz,
        "register",
        "--name",
        "王小明",
        "--id-number",
        make_id("2015-06-01", 11),
        "-c",
        "orphan",
        "--on",
        "2026-01-05",
    )
    c2 = run(
        wbz,
        "register",
        "--name",
        "李小红",
        "--id-number",
        make_id("2014-03-01", 12),
        "-c",
        "left_behind",
        "--on",
        "2026-01-05",
    )
    refer = ("refer", "add")
    mv = ("refer", "move")
    # L1: mandatory, September; done in October
    l1 = run(
        wbz,
        *refer,
        c1,
        "--type",
        "missing",
        "--source",
        "home_visit",
        "--on",
        "2026-09-28",
        "--to",
        "华阳路派出所",
    )
    run(wbz, *mv, l1, "--status", "accepted", "--on", "2026-09-29")
    run(wbz, *mv, l1, "--status", "done", "--on", "2026-10-02")
    # L2: found and transferred in October, accepted and done in November
    l2 = run(wbz, *refer, c2, "--type", "schooling", "--source", "school", "--on", "2026-10-05")
    run(wbz, *mv, l2, "--status", "verified", "--on", "2026-10-06")
    run(wbz, *mv, l2, "--status", "transferred", "--agency", "区教育局", "--on", "2026-10-30")
    # L3: mandatory, no child, not reported to the police in October
    l3 = run(
        wbz,
        *refer,
        "--type",
        "暴力伤害",
        "--source",
        "neighbour",
        "--summary",
        "邻居反映",
        "--on",
        "2026-10-10",
    )
    # L4: unfounded within October
    l4 = run(wbz, *refer, c2, "--type", "medical", "--source", "hospital", "--on", "2026-10-15")
    run(wbz, *mv, l4, "--status", "unfounded", "--on", "2026-10-20")
    # L5: incoming from the procuratorate, transferred, rejected: still open
    l5 = run(
        wbz,
        *refer,
        c1,
        "--type",
        "guardianship",
        "--source",
        "procuratorate",
        "--reference",
        "检移1号",
        "--on",
        "2026-10-20",
    )
    run(wbz, *mv, l5, "--status", "transferred", "--agency", "区民政局", "--on", "2026-10-21")
    run(wbz, *mv, l5, "--status", "rejected", "--on", "2026-10-25")
    return {"c1": c1, "c2": c2, "l1": l1, "l2": l2, "l3": l3, "l4": l4, "l5": l5}


def add_november(wbz: Invoke, codes: dict[str, str]) -> None:
    mv = ("refer", "move")
    run(wbz, *mv, codes["l2"], "--status", "accepted", "--on", "2026-11-03")
    run(wbz, *mv, codes["l2"], "--status", "done", "--on", "2026-11-10")
    run(
        wbz,
        *mv,
        codes["l3"],
        "--status",
        "transferred",
        "--agency",
        "华阳路派出所",
        "--on",
        "2026-11-05",
    )
    run(wbz, *mv, codes["l3"], "--status", "accepted", "--on", "2026-11-06")
    l6 = run(
        wbz,
        "refer",
        "add",
        "--type",
        "other",
        "--source",
        "self",
        "--summary",
        "x",
        "--on",
        "2026-11-02",
    )
    run(wbz, *mv, l6, "--status", "withdrawn", "--on", "2026-11-03")


OCTOBER = {
    "found": 4,
    "transferred": 2,
    "done": 1,
    "open": 3,
    "overdue": 1,
    "mandatory": 1,
    "children_helped": 1,
}


def test_figures_by_month_from_history(station: Invoke, db_path: Path) -> None:
    codes = build_until_october(station)
    assert month(db_path, 10) == OCTOBER
    add_november(station, codes)
    assert month(db_path, 10) == OCTOBER  # a past month is counted the same way later
    assert month(db_path, 9) == {
        "found": 1,
        "transferred": 1,
        "done": 0,
        "open": 1,
        "overdue": 0,
        "mandatory": 1,
        "children_helped": 0,
    }
    assert month(db_path, 11) == {
        "found": 1,
        "transferred": 1,
        "done": 1,
        "open": 2,
        "overdue": 1,  # L3 accepted by the police 11-06, no feedback by 11-09
        "mandatory": 0,
        "children_helped": 1,
    }
    assert set(month(db_path, 11)) == set(FIGURE_KEYS)


def test_policy_passed_in_is_used(station: Invoke, db_path: Path) -> None:
    build_until_october(station)
    lenient = {**DEFAULT_POLICY, "transfer_mandatory": Rule(30)}
    assert month(db_path, 10, policy=lenient)["overdue"] == 0


def test_a_lead_moved_twice_to_transferred_in_a_month_counts_once(
    station: Invoke, db_path: Path
) -> None:
    code = run(
        station,
        "refer",
        "add",
        "--type",
        "child_labour",
        "--source",
        "neighbour",
        "--summary",
        "x",
        "--on",
        "2026-11-02",
        "--to",
        "区教育局",
    )
    run(station, "refer", "move", code, "--status", "rejected", "--on", "2026-11-03")
    run(
        station,
        "refer",
        "move",
        code,
        "--status",
        "transferred",
        "--agency",
        "区人社局",
        "--on",
        "2026-11-04",
    )
    got = month(db_path, 11)
    assert (got["found"], got["transferred"], got["open"]) == (1, 1, 1)
    assert month(db_path, 10) == dict.fromkeys(FIGURE_KEYS, 0)


def test_overdue_leads_for_the_due_list(station: Invoke, db_path: Path) -> None:
    codes = build_until_october(station)
    add_november(station, codes)
    store = Store.open(db_path, "test", create=False)
    try:
        late = overdue_leads(store.conn, D(2026, 11, 24))
        assert late == [
            {
                "lead": codes["l3"],
                "child": None,
                "name": "邻居反映",
                "deadline": "done",
                "reason": "受理后未反馈办结",
                "due_on": "2026-11-09",
                "days_overdue": 15,
                "status": "accepted",
                "agency": "华阳路派出所",
                "mandatory": True,
            }
        ]
        assert overdue_leads(store.conn, D(2026, 11, 9)) == []
    finally:
        store.close()


def test_a_later_policy_change_leaves_past_months_alone(station: Invoke, db_path: Path) -> None:
    codes = build_until_october(station)
    assert codes["l3"] in [r["lead"] for r in overdue_leads_now(db_path)]
    run(station, "refer", "policy", "set", "transfer_mandatory", "60", "--on", "2026-11-15")
    assert month(db_path, 10) == OCTOBER
    # as of today the new rule holds: L3 (found 10-10, due 12-09) is not late any more
    assert codes["l3"] not in [r["lead"] for r in overdue_leads_now(db_path)]
    run(station, "refer", "policy", "set", "transfer_mandatory", "30", "--on", "2026-10-01")
    assert month(db_path, 10)["overdue"] == 0


def overdue_leads_now(db: Path) -> list[dict]:
    store = Store.open(db, "test", create=False)
    try:
        return overdue_leads(store.conn, D(2026, 11, 24))
    finally:
        store.close()
