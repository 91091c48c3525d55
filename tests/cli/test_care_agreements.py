"""Entrusted-care agreements for left-behind children and the rate with a valid one;
guardianship assessments coming due every two years."""

from __future__ import annotations

from datetime import date

from tests.conftest import Invoke, make_id

from wbz_cli.services.assessments import guardianship_reviews_due
from wbz_cli.store.session import Store


def register(station: Invoke, seq: int, *cats: str, birth: str = "2015-06-01") -> None:
    args = [a for c in cats for a in ("-c", c)]
    result = station(
        "register", "--name", f"儿童{seq}", "--id-number", make_id(birth, seq), *args,
        "--on", "2026-01-10", "--community", "华阳居民区",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def agree(station: Invoke, child: str, signed: str, *extra: str):  # type: ignore[no-untyped-def]
    return station(
        "care-agreement", "add", child, "--carer", "王奶奶", "--relation", "祖母",
        "--phone", "13812345678", "--signed-on", signed, *extra,
    )  # fmt: skip


def test_add_and_list(station: Invoke) -> None:
    register(station, 11, "留守")
    result = agree(station, "C000001", "2026-02-01", "--school-notified", "--committee-notified",
                   "--valid-until", "2027-01-31")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    [row] = station("care-agreement", "list", "--format", "json").json()
    assert row["carer_phone"] == "138****5678"
    assert (row["signed_on"], row["valid_until"], row["valid"]) == (
        "2026-02-01",
        "2027-01-31",
        True,
    )
    assert row["school_notified"] and row["committee_notified"]
    shown = station("show", "C000001", "--format", "json", "--reveal").json()
    assert shown["care_agreements"][0]["carer_phone"] == "13812345678"
    assert "王奶奶" in station("care-agreement", "list", "C000001").stdout


def test_refusals(station: Invoke) -> None:
    register(station, 11, "留守")
    register(station, 13, "孤儿")
    cases = [
        ("C000002", ("2026-02-01",), "不属于农村留守儿童"),
        ("C000001", ("2026-12-01",), "晚于今天"),
        ("C000001", ("2026-02-01", "--valid-until", "2026-01-31"), "早于签订日期"),
        ("C000001", ("2026-02-30",), "不是有效日期"),
    ]
    for child, extra, message in cases:
        result = agree(station, child, *extra)
        assert result.exit_code == 1, extra
        assert message in result.stderr, result.stderr
    no_phone = station(
        "care-agreement", "add", "C000001", "--carer", "王奶奶", "--relation", "祖母",
        "--phone", "12", "--signed-on", "2026-02-01",
    )  # fmt: skip
    assert no_phone.exit_code == 1 and "电话号码" in no_phone.stderr
    assert station("care-agreement", "list", "--format", "json").json() == []


def test_rate_counts_active_left_behind_children_with_a_valid_agreement(station: Invoke) -> None:
    register(station, 11, "留守")  # C1 agreement valid
    register(station, 13, "留守")  # C2 agreement expired 2026-10-31
    register(station, 15, "留守")  # C3 none
    register(station, 17, "留守")  # C4 agreement signed later (2026-11-20)
    register(station, 19, "孤儿")  # C5 not left-behind: not counted
    register(station, 21, "留守")  # C6 closed: not counted
    register(station, 23, "留守", birth="2010-11-01")  # C7 turned 16 on 2026-11-01: not counted
    agree(station, "C000001", "2026-02-01")
    agree(station, "C000002", "2026-02-01", "--valid-until", "2026-10-31")
    agree(station, "C000004", "2026-11-20")
    agree(station, "C000007", "2026-02-01")
    station("close", "C000006", "--reason", "moved", "--on", "2026-06-01")

    today = station("care-agreement", "rate", "--format", "json").json()
    assert {k: today[k] for k in ("left_behind", "with_agreement", "rate_percent")} == {
        "left_behind": 4,
        "with_agreement": 2,
        "rate_percent": "50.00",
    }
    assert [m["child"] for m in today["missing"]] == ["C000002", "C000003"]
    october = station("care-agreement", "rate", "--on", "2026-10-31", "--format", "json").json()
    assert (october["left_behind"], october["with_agreement"]) == (5, 3)
    assert october["rate_percent"] == "60.00"
    table = station("care-agreement", "rate", "--missing")
    assert "签订率 50.00%" in table.stdout and "C000003" in table.stdout
    empty = station("care-agreement", "rate", "--on", "2026-01-01", "--format", "json").json()
    assert (empty["left_behind"], empty["rate_percent"]) == (0, None)


def test_guardianship_reviews_due_every_two_years(station: Invoke, db_path) -> None:  # type: ignore[no-untyped-def]
    for seq in (11, 13, 15, 17):
        register(station, seq, "留守")
    station("assess", "guardianship", "C000001", "--result", "监护不足", "--on", "2026-01-10")
    station("assess", "guardianship", "C000002", "--result", "监护正常", "--on", "2026-03-01")
    station("assess", "guardianship", "C000003", "--result", "监护缺失", "--on", "2026-01-10")
    station("assess", "guardianship", "C000003", "--result", "监护正常", "--on", "2026-06-01")
    station("close", "C000004", "--reason", "moved")
    store = Store.open(db_path, "t")
    try:
        due = guardianship_reviews_due(store.conn, date(2028, 3, 1))
        assert [(d["child"], d["next_due"], d["days_overdue"]) for d in due] == [
            ("C000001", "2028-01-10", 51),
            ("C000002", "2028-03-01", 0),
        ]
        assert "监护评估" in due[0]["reason"]
        assert guardianship_reviews_due(store.conn, date(2026, 11, 24)) == []
        soon = guardianship_reviews_due(store.conn, date(2027, 12, 1), within_days=40)
        assert [d["child"] for d in soon] == ["C000001"]
    finally:
        store.close()


def test_rate_as_csv(station: Invoke) -> None:
    register(station, 11, "留守")
    register(station, 13, "留守")
    agree(station, "C000001", "2026-02-01")
    lines = station("care-agreement", "rate", "--format", "csv").stdout.splitlines()
    assert lines == [
        "on,left_behind,with_agreement,without_agreement,rate_percent",
        "2026-11-24,2,1,1,50.00",
    ]
    missing = station("care-agreement", "rate", "--missing", "--format", "csv").stdout
    assert missing.splitlines() == ["child,name,community", "C000002,儿童13,华阳居民区"]
