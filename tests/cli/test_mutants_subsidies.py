"""Which subsidy payments are refused (issue 26: mutants of services/subsidies.py).

A child registered on the month's last day may be paid that month by hand; a second payment of
one type and month is refused naming the one on file, unless ``--again`` says it was paid
twice."""

from __future__ import annotations

from tests.conftest import Invoke, make_id


def _register_orphan(wbz: Invoke, on: str) -> None:
    done = wbz("register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11),
               "-c", "孤儿", "--on", on)  # fmt: skip
    assert done.exit_code == 0, done.stderr


def _add(wbz: Invoke, month: str, amount: str, *extra: str) -> tuple[int, str]:
    done = wbz("subsidy", "add", "C000001", "--type", "孤儿", "--month", month, "--amount", amount,
               *extra)  # fmt: skip
    return done.exit_code, done.stdout + done.stderr


def _paid(wbz: Invoke, month: str) -> list[str]:
    rows = wbz("subsidy", "list", "--month", month, "--format", "json").json()
    return [r["amount_yuan"] for r in rows]


def test_registered_on_the_last_day_is_paid_that_month_by_hand(station: Invoke) -> None:
    _register_orphan(station, "2026-10-31")

    assert _add(station, "2026-10", "1500")[0] == 0
    code, said = _add(station, "2026-09", "1500")
    assert code == 1 and "于 2026-10-31 登记，不能发放此前 2026-09 的补贴" in said
    assert _paid(station, "2026-10") == ["1500.00"]


def test_a_second_payment_names_the_first_and_needs_again(station: Invoke) -> None:
    _register_orphan(station, "2026-01-05")
    assert _add(station, "2026-10", "1500")[0] == 0

    code, said = _add(station, "2026-10", "300")
    assert code == 1
    assert "2026-10 的孤儿基本生活费已发放（1,500.00 元，补贴记录号 1）" in said
    assert _paid(station, "2026-10") == ["1500.00"]

    assert _add(station, "2026-10", "300", "--again")[0] == 0
    assert _paid(station, "2026-10") == ["1500.00", "300.00"]
