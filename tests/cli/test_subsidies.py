"""wbz subsidy: payments in exact 元, rates, and the monthly run's eligibility edges."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain.vocab import SubsidyType


def register(station: Invoke, birth: str, seq: int, *cats: str, on: str = "2026-01-10") -> str:
    args = [a for c in cats for a in ("-c", c)]
    result = station(
        "register", "--name", f"儿童{seq}", "--id-number", make_id(birth, seq), *args, "--on", on
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def run(station: Invoke, month: str, *extra: str) -> dict:
    result = station("subsidy", "run", "--month", month, "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return result.json()


def paid(station: Invoke, month: str) -> list[tuple[str, str, str]]:
    rows = station("subsidy", "list", "--month", month, "--format", "json").json()
    return [(r["child"], r["type"], r["amount_yuan"]) for r in rows]


@pytest.mark.parametrize("kind", list(SubsidyType))
def test_add_every_type_by_key_and_label(station: Invoke, kind: SubsidyType) -> None:
    register(station, "2015-06-01", 11, "孤儿")
    assert (
        station(
            "subsidy", "add", "C000001", "--type", kind.value, "--month", "2026-09", "--amount", "1"
        ).exit_code
        == 0
    )
    result = station(
        "subsidy", "add", "C000001", "--type", kind.label, "--month", "2026-10",
        "--amount", "1,234.56元",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "1,234.56 元" in result.stdout
    assert paid(station, "2026-10") == [("C000001", kind.value, "1234.56")]


def test_add_refusals_say_why_and_change_nothing(station: Invoke) -> None:
    register(station, "2008-10-15", 11, "孤儿")  # 18 on 2026-10-15
    register(station, "2015-06-01", 13, "孤儿", on="2026-03-05")
    station("subsidy", "add", "C000002", "--type", "孤儿", "--month", "2026-10", "--amount", "1500")
    cases = [
        ("C000002", "孤儿", "2026-10", "1500", "同一儿童同一类型每月只能发放一次"),
        ("C000002", "孤儿", "2026-11", "1.234", "超过两位小数"),
        ("C000002", "孤儿", "2026-11", "-1500", "负数"),
        ("C000002", "孤儿", "2026-11", "0", "必须大于 0"),
        ("C000002", "孤儿", "2026-11", "一千五", "不是金额"),
        ("C000002", "孤儿", "2026-12", "1500", "还没有到"),
        ("C000002", "孤儿", "2026-13", "1500", "月份“2026-13”无效"),
        ("C000002", "孤儿", "2026-02", "1500", "2026-03-05 登记"),
        ("C000002", "低保", "2026-11", "1500", "补贴类型“低保”无效"),
        ("C000009", "孤儿", "2026-11", "1500", "找不到儿童"),
        ("C000001", "孤儿", "2026-11", "1500", "年满 18 周岁的次月停发"),
    ]
    for child, kind, month, amount, message in cases:
        result = station(
            "subsidy", "add", child, "--type", kind, "--month", month, "--amount", amount
        )
        assert result.exit_code == 1, (child, month, amount)
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert paid(station, "2026-10") == [("C000002", "orphan", "1500.00")]
    assert station("subsidy", "list", "--format", "json").json()[1:] == []
    # The birthday month itself is still paid; a study grant goes on after 18.
    assert (
        station(
            "subsidy", "add", "C000001", "--type", "孤儿", "--month", "2026-10", "--amount", "1500"
        ).exit_code
        == 0
    )
    assert (
        station(
            "subsidy", "add", "C000001", "--type", "助学金", "--month", "2026-11", "--amount", "500"
        ).exit_code
        == 0
    )


def test_a_closed_case_gets_nothing_for_later_months(station: Invoke) -> None:
    register(station, "2015-06-01", 11, "孤儿")
    station("close", "C000001", "--reason", "moved", "--on", "2026-09-15")
    refused = station(
        "subsidy", "add", "C000001", "--type", "孤儿", "--month", "2026-10", "--amount", "1500"
    )
    assert refused.exit_code == 1 and "在 2026-10 不在册" in refused.stderr
    september = station(
        "subsidy", "add", "C000001", "--type", "孤儿", "--month", "2026-09", "--amount", "1500"
    )
    assert september.exit_code == 0, september.stderr


def test_rates_by_month(station: Invoke) -> None:
    assert station("subsidy", "rate", "set", "孤儿", "1,400", "--from", "2026-01").exit_code == 0
    assert station("subsidy", "rate", "set", "orphan", "1500.5", "--from", "2026-07").exit_code == 0
    assert station("subsidy", "rate", "set", "事实无人抚养").exit_code == 2
    assert station("subsidy", "rate", "set", "事实无人抚养", "1500.505").exit_code == 1
    assert station("subsidy", "rate", "set", "事实无人抚养", "1500").exit_code == 0
    rates = station("subsidy", "rate", "list", "--format", "json").json()
    assert [(r["type"], r["from_month"], r["amount_yuan"], r["current"]) for r in rates] == [
        ("de_facto_unsupported", "2026-11", "1500.00", True),
        ("orphan", "2026-01", "1400.00", False),
        ("orphan", "2026-07", "1500.50", True),
    ]
    # Setting the same month again replaces the amount.
    station("subsidy", "rate", "set", "orphan", "1600", "--from", "2026-07")
    register(station, "2015-06-01", 11, "孤儿")
    run(station, "2026-06")
    run(station, "2026-07")
    assert paid(station, "2026-06") == [("C000001", "orphan", "1400.00")]
    assert paid(station, "2026-07") == [("C000001", "orphan", "1600.00")]
    assert "合计 2 人次，3,000.00 元" in station("subsidy", "list").stdout


def test_run_pays_by_category_and_skips_with_counts(station: Invoke) -> None:
    for kind, amount in (("孤儿", "1500"), ("事实无人抚养", "1500"), ("护理补贴", "300.50")):
        station("subsidy", "rate", "set", kind, amount, "--from", "2026-01")
    register(station, "2015-06-01", 11, "孤儿")  # C1 paid
    register(station, "2015-06-01", 13, "事实无人抚养", "残疾")  # C2 paid twice
    register(station, "2015-06-01", 15, "留守")  # C3 no subsidy category
    register(station, "2008-10-15", 17, "孤儿")  # C4 18 on 2026-10-15: October paid
    register(station, "2008-09-30", 19, "孤儿")  # C5 18 on 2026-09-30: October not
    register(station, "2015-06-01", 21, "孤儿")  # C6 closed on 2026-10-01: not open on the 1st
    register(station, "2015-06-01", 23, "孤儿")  # C7 closed on 2026-10-02: still paid
    register(station, "2015-06-01", 25, "孤儿")  # C8 orphan ended on 2026-10-01
    register(station, "2015-06-01", 27, "孤儿")  # C9 orphan ended on 2026-10-02: paid
    register(station, "2015-06-01", 29, "孤儿", on="2026-10-09")  # C10 registered mid-month
    register(station, "2015-06-01", 31, "孤儿", on="2026-11-02")  # C11 later: not a candidate
    station("close", "C000006", "--reason", "moved", "--on", "2026-10-01")
    station("close", "C000007", "--reason", "moved", "--on", "2026-10-02")
    station("update", "C000008", "--end-category", "孤儿", "--on", "2026-10-01")
    station("update", "C000009", "--end-category", "孤儿", "--on", "2026-10-02")

    trial = run(station, "2026-10", "--dry-run")
    assert trial["dry_run"] is True and trial["payments"] == 6
    assert paid(station, "2026-10") == []

    first = run(station, "2026-10")
    assert first["payments"] == 6
    assert first["amount_yuan"] == "7800.50"  # 5 x 1500 + 300.50
    assert first["skipped"] == {
        "duplicate": 0,
        "aged_out": 1,
        "not_open": 2,
        "category_ended": 1,
    }
    assert first["no_rate"] == ["disability_living"]
    assert first["by_type"]["disability_care"] == {
        "payments": 1,
        "amount_yuan": "300.50",
        "rate_yuan": "300.50",
    }
    assert sorted(paid(station, "2026-10")) == [
        ("C000001", "orphan", "1500.00"),
        ("C000002", "de_facto_unsupported", "1500.00"),
        ("C000002", "disability_care", "300.50"),
        ("C000004", "orphan", "1500.00"),
        ("C000007", "orphan", "1500.00"),
        ("C000009", "orphan", "1500.00"),
    ]

    again = run(station, "2026-10")
    assert again["payments"] == 0 and again["skipped"]["duplicate"] == 6
    assert len(paid(station, "2026-10")) == 6

    # A child registered during the month is paid by hand for that month.
    hand = station(
        "subsidy", "add", "C000010", "--type", "孤儿", "--month", "2026-10", "--amount", "1500"
    )
    assert hand.exit_code == 0, hand.stderr

    november = run(station, "2026-11", "--type", "孤儿")
    assert sorted(c for c, _, _ in paid(station, "2026-11")) == ["C000001", "C000010"]
    assert november["skipped"]["aged_out"] == 2  # C4 and C5


def test_run_refusals(station: Invoke) -> None:
    register(station, "2015-06-01", 11, "孤儿")
    none = station("subsidy", "run", "--month", "2026-10")
    assert none.exit_code == 1 and "wbz subsidy rate set" in none.stderr
    station("subsidy", "rate", "set", "孤儿", "1500", "--from", "2026-01")
    future = station("subsidy", "run", "--month", "2026-12")
    assert future.exit_code == 1 and "还没有到" in future.stderr
    manual = station("subsidy", "run", "--month", "2026-10", "--type", "助学金")
    assert manual.exit_code == 1 and "wbz subsidy add" in manual.stderr
    table = station("subsidy", "run", "--month", "2026-10", "--dry-run")
    assert table.exit_code == 0 and "试算" in table.stdout and "1,500.00" in table.stdout
    as_csv = station("subsidy", "run", "--month", "2026-10", "--dry-run", "--format", "csv")
    assert as_csv.stdout.splitlines() == [
        "month,type,rate_yuan,payments,amount_yuan",
        "2026-10,orphan,1500.00,1,1500.00",
    ]
    assert paid(station, "2026-10") == []


# --- exact sums over a big month -----------------------------------------------------------


def bulk_children(db: Path, rows: list[tuple[str, str]]) -> None:
    """Insert children directly (category, birth date), each with an open case since 2026-01-01."""
    conn = sqlite3.connect(db)
    with conn:
        start = conn.execute("SELECT coalesce(max(id), 0) FROM children").fetchone()[0]
        for n, (category, birth) in enumerate(rows, start=start + 1):
            conn.execute(
                "INSERT INTO children (id, code, name, id_number, birth_date, gender,"
                " registered_on, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, 'M', '2026-01-01', 't', 't')",
                (
                    n,
                    f"C{n:06d}",
                    f"儿童{n}",
                    make_id(birth, n % 1000, f"{310000 + n // 1000}"),
                    birth,
                ),
            )
            conn.execute(
                "INSERT INTO case_periods (child_id, opened_on) VALUES (?, '2026-01-01')", (n,)
            )
            conn.execute(
                "INSERT INTO child_categories (child_id, category, start_on)"
                " VALUES (?, ?, '2026-01-01')",
                (n, category),
            )
    conn.close()


def test_3297_payments_sum_to_exactly_4696300_yuan(station: Invoke, db_path: Path) -> None:
    bulk_children(
        db_path,
        [("orphan", "2012-03-04")] * 2000
        + [("de_facto_unsupported", "2013-05-06")] * 797
        + [("disabled", "2014-07-08")] * 250
        + [("orphan", "2008-09-30")] * 5,  # 18 in September: not paid in October
    )
    for kind, amount in (
        ("孤儿", "1,500.00"),
        ("事实无人抚养", "1500"),
        ("困难残疾人生活补贴", "1133.33"),
        ("重度残疾人护理补贴", "869.87"),
    ):
        assert station("subsidy", "rate", "set", kind, amount, "--from", "2026-01").exit_code == 0
    result = run(station, "2026-10")
    assert result["payments"] == 3297
    assert result["amount_yuan"] == "4696300.00"
    assert result["skipped"]["aged_out"] == 5
    assert result["by_type"]["disability_living"]["amount_yuan"] == "283332.50"
    totals = station("subsidy", "list", "--month", "2026-10", "--totals", "-f", "json").json()
    assert totals["payments"] == 3297
    assert totals["amount_yuan"] == "4696300.00"
    assert totals["by_type"]["disability_care"] == {"payments": 250, "amount_yuan": "217467.50"}
    table = station("subsidy", "list", "--month", "2026-10", "--totals").stdout
    assert [line.split() for line in table.splitlines() if "合计" in line] == [
        ["合计", "3297", "4696300.00"]
    ]
    again = run(station, "2026-10")
    assert again["payments"] == 0 and again["skipped"]["duplicate"] == 3297
    conn = sqlite3.connect(db_path)
    assert conn.execute(
        "SELECT sum(amount_fen), typeof(sum(amount_fen)) FROM subsidies"
    ).fetchone() == (
        469630000,
        "integer",
    )
    audit = conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'subsidy_run' AND record_key = '2026-10'"
    ).fetchone()
    assert audit == (1,)
    conn.close()
