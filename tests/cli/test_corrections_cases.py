"""改错 of a case period: ``wbz case void C... DAY --reason`` withdraws the latest case period
(a reopen of the wrong child), so the child is closed again as before and the report's
active, new and closed counts move (the kept parts equal a recomputed report); refused,
listing the records, while a visit falls in the period; ``wbz case unvoid`` brings it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.cli.test_corrections import audit_rows, dump, monthly, ok, refused
from tests.conftest import Invoke, make_id


@pytest.fixture
def wbz(station: Invoke) -> Invoke:
    """C000001, registered 2026-09-01, moved out on 2026-10-10 and reopened by mistake on
    2026-11-02; today is 2026-11-24."""
    ok(station("register", "--name", "王小明", "--id-number", make_id("2012-06-01", 11),
               "-c", "left_behind", "--on", "2026-09-01"))  # fmt: skip
    ok(station("close", "C000001", "--reason", "moved", "--on", "2026-10-10"))
    ok(station("reopen", "C000001", "--on", "2026-11-02"))
    return station


def children(wbz: Invoke) -> dict[str, Any]:
    report = monthly(wbz)
    fresh = ok(wbz("report", "monthly", "--month", "2026-11", "-f", "json", "--recompute"))
    assert fresh.json() == report  # the kept parts follow the void
    return dict(report["children"])


def status(wbz: Invoke) -> tuple[str, str | None]:
    shown = ok(wbz("show", "C000001", "-f", "json")).json()
    return shown["status"], shown["closed_on"]


def test_voiding_a_mistaken_reopen_closes_the_child_again(wbz: Invoke, db_path: Path) -> None:
    assert (children(wbz)["active"], children(wbz)["new"]) == (1, 1)
    assert status(wbz) == ("active", None)
    done = ok(wbz("case", "void", "C000001", "2026-11-02", "--reason", "误恢复在册"))
    assert "已作废 C000001 自 2026-11-02 起的立案期间" in done.stdout
    assert (children(wbz)["active"], children(wbz)["new"]) == (0, 0)
    assert status(wbz) == ("closed", "2026-10-10")
    [(kind, key, _, after)] = audit_rows(db_path, "void")
    assert (kind, key, after["void_reason"]) == ("case", "C000001/case/2", "误恢复在册")
    assert "误恢复在册" in ok(wbz("history", "C000001")).stdout
    [voided] = ok(wbz("show", "C000001", "-f", "json")).json()["voided_records"]
    assert (voided["kind"], voided["day"]) == ("case", "2026-11-02")
    ok(wbz("case", "unvoid", "C000001", "2026-11-02"))
    assert (children(wbz)["active"], children(wbz)["new"]) == (1, 1)
    assert status(wbz) == ("active", None)


def test_a_void_leaving_a_visit_outside_any_case_is_refused(wbz: Invoke, db_path: Path) -> None:
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-05"))
    before = dump(db_path)
    refused(
        wbz("case", "void", "C000001", "2026-11-02", "--reason", "误"),
        "不能作废自 2026-11-02 起的立案期间",
        "走访",
        "2026-11-05",
    )
    assert dump(db_path) == before


def test_refusals_change_nothing(wbz: Invoke, db_path: Path) -> None:
    before = dump(db_path)
    for args, message in (
        (["void", "C000001", "2026-11-02", "--reason", " "], "写明原因"),
        (["void", "C000001", "2026-09-01", "--reason", "x"], "最近的一段"),
        (["void", "C000001", "2026-11-03", "--reason", "x"], "没有 2026-11-03 立案"),
        (["void", "C000001", "2026-13-01", "--reason", "x"], "2026-13-01"),
        (["unvoid", "C000001", "2026-11-02"], "已作废"),
    ):
        refused(wbz("case", *args), message)
    assert dump(db_path) == before


def test_the_registration_period_cannot_be_voided(wbz: Invoke) -> None:
    ok(wbz("register", "--name", "李", "--id-number", make_id("2012-06-01", 13),
           "-c", "other", "--on", "2026-09-01"))  # fmt: skip
    refused(wbz("case", "void", "C000002", "2026-09-01", "--reason", "x"), "唯一")


def test_unvoid_is_refused_after_the_case_was_reopened_again(wbz: Invoke) -> None:
    ok(wbz("case", "void", "C000001", "2026-11-02", "--reason", "日期错"))
    ok(wbz("reopen", "C000001", "--on", "2026-11-03"))
    refused(wbz("case", "unvoid", "C000001", "2026-11-02"), "不能恢复")
    assert children(wbz)["active"] == 1
