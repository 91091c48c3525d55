"""改错 of a category period: ``wbz category void C... orphan --reason`` withdraws a category
added by mistake, so the child's categories and the report's figures by category move (the
kept parts equal a recomputed report); it is refused, listing the payments, while a payment
of 孤儿 would be left outside its category; ``wbz category unvoid`` brings it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.cli.test_corrections import audit_rows, dump, monthly, ok, refused
from tests.conftest import Invoke, make_id


@pytest.fixture
def wbz(station: Invoke) -> Invoke:
    """C000001, registered 2026-10-01 as left behind, and added as an orphan by mistake on
    2026-10-05; today is 2026-11-24."""
    ok(station("register", "--name", "王小明", "--id-number", make_id("2012-06-01", 11),
               "-c", "left_behind", "--on", "2026-10-01"))  # fmt: skip
    ok(station("update", "C000001", "--add-category", "orphan", "--on", "2026-10-05"))
    return station


def by_category(wbz: Invoke) -> dict[str, Any]:
    report = monthly(wbz)
    fresh = ok(wbz("report", "monthly", "--month", "2026-11", "-f", "json", "--recompute"))
    assert fresh.json() == report  # the kept parts follow the void
    return dict(report["children"]["by_category"])


def categories(wbz: Invoke) -> str:
    return str(ok(wbz("children", "-f", "json")).json()[0]["categories"])


def test_voiding_a_category_moves_the_figures_and_unvoid_restores_them(
    wbz: Invoke, db_path: Path
) -> None:
    assert by_category(wbz).get("orphan") == 1
    assert "orphan" in categories(wbz)
    done = ok(wbz("category", "void", "C000001", "orphan", "--reason", "误登孤儿"))
    assert "已作废 C000001 自 2026-10-05 起的孤儿类别" in done.stdout
    assert not by_category(wbz).get("orphan")
    assert by_category(wbz).get("left_behind") == 1
    assert "orphan" not in categories(wbz)
    [(kind, key, _, after)] = audit_rows(db_path, "void")
    assert (kind, key, after["void_reason"]) == ("category", "C000001/2", "误登孤儿")
    assert "误登孤儿" in ok(wbz("history", "C000001")).stdout
    [voided] = ok(wbz("show", "C000001", "-f", "json")).json()["voided_records"]
    assert (voided["kind"], voided["day"], voided["what"]) == ("category", "2026-10-05", "orphan")
    assert "已作废的记录" in ok(wbz("show", "C000001")).stdout
    ok(wbz("category", "unvoid", "C000001", "orphan=2026-10-05"))
    assert by_category(wbz).get("orphan") == 1
    assert "orphan" in categories(wbz)
    assert len(audit_rows(db_path, "unvoid")) == 1


def test_a_void_leaving_an_orphan_payment_outside_its_category_is_refused(
    wbz: Invoke, db_path: Path
) -> None:
    ok(wbz("subsidy", "add", "C000001", "--type", "orphan", "--month", "2026-11",
           "--amount", "1900"))  # fmt: skip
    before = dump(db_path)
    refused(
        wbz("category", "void", "C000001", "orphan", "--reason", "误登"),
        "不能作废孤儿类别（自 2026-10-05 起）",
        "2026-11",
        "请先更正或作废这些记录",
    )
    assert dump(db_path) == before
    ok(wbz("subsidy", "void", "1", "--reason", "随类别一并作废"))
    ok(wbz("category", "void", "C000001", "orphan", "--reason", "误登"))
    assert not by_category(wbz).get("orphan")


def test_refusals_change_nothing(wbz: Invoke, db_path: Path) -> None:
    before = dump(db_path)
    for args, message in (
        (["void", "C000001", "orphan", "--reason", "  "], "写明原因"),
        (["void", "C000001", "migrant", "--reason", "x"], "没有"),
        (["void", "C000001", "orphan=2026-10-06", "--reason", "x"], "自 2026-10-06 起"),
        (["void", "C000001", "nonsense", "--reason", "x"], "nonsense"),
        (["void", "C000404", "orphan", "--reason", "x"], "C000404"),
        (["unvoid", "C000001", "orphan"], "已作废的"),
    ):
        refused(wbz("category", *args), message)
    assert dump(db_path) == before


def test_unvoid_is_refused_when_the_category_was_added_again(wbz: Invoke) -> None:
    ok(wbz("category", "void", "C000001", "orphan", "--reason", "日期错"))
    ok(wbz("update", "C000001", "--add-category", "orphan", "--on", "2026-10-08"))
    refused(wbz("category", "unvoid", "C000001", "orphan"), "重叠")
    assert by_category(wbz).get("orphan") == 1
