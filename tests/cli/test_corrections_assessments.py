"""改错 of assessments: ``wbz assess list`` numbers them (A... risk, G... guardianship);
``wbz assess edit`` changes a date, a note or a guardianship result with the checks of the
first entry; ``wbz assess void`` withdraws one with a reason, and a voided risk assessment
takes the risk entry it wrote with it, so the child's risk in force, the report's red count
and the visit cycle fall back to the entry before it; ``wbz assess unvoid`` restores both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.cli.test_corrections import audit_rows, dump, monthly, ok, refused
from tests.conftest import Invoke, due_rows, make_id


@pytest.fixture
def wbz(station: Invoke) -> Invoke:
    """C000001, an orphan registered orange on 2026-10-01, assessed red (a child running
    away) on 2026-11-10 (assessment A000001); today is 2026-11-24."""
    ok(station("register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11),
               "-c", "orphan", "--on", "2026-10-01", "--risk", "orange"))  # fmt: skip
    ok(station("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-05"))
    ok(station("assess", "risk", "C000001", "--item", "running_away=1", "--on", "2026-11-10"))
    return station


def risk_of(wbz: Invoke) -> str:
    return str(ok(wbz("show", "C000001", "-f", "json")).json()["risk"])


def red_count(wbz: Invoke) -> int:
    return int(monthly(wbz)["children"]["by_risk"]["red"])


def visit_due(wbz: Invoke) -> tuple[str, str]:
    rows: list[dict[str, Any]] = due_rows(wbz("due", "-f", "json"))
    return next(
        (r["next_due"], r["reason"])
        for r in rows
        if r["child"] == "C000001" and r["kind"] == "visit"
    )


def test_list_numbers_both_kinds_and_all_shows_the_voided(wbz: Invoke) -> None:
    ok(wbz("assess", "guardianship", "C000001", "--result", "正常", "--on", "2026-11-12"))
    rows = ok(wbz("assess", "list", "C000001", "-f", "json")).json()
    assert [(r["code"], r["kind"], r["result"]) for r in rows] == [
        ("F000001", "风险记录", "orange"),  # the risk given at registration
        ("A000001", "风险评估", "red"),
        ("G000001", "监护评估", "normal"),
    ]
    ok(wbz("assess", "void", "G000001", "--reason", "评错了儿童"))
    assert [r["code"] for r in ok(wbz("assess", "list", "-f", "json")).json()] == [
        "F000001",
        "A000001",
    ]
    listed = ok(wbz("assess", "list", "--all", "-f", "json")).json()
    assert [(r["code"], r["voided"], r["void_reason"]) for r in listed] == [
        ("F000001", False, None),
        ("A000001", False, None),
        ("G000001", True, "评错了儿童"),
    ]
    assert "已作废" in ok(wbz("assess", "list", "--all")).stdout
    shown = ok(wbz("show", "C000001", "-f", "json")).json()
    assert shown["guardianship_assessments"] == []
    assert [r["kind"] for r in shown["voided_records"]] == ["guardianship_assessment"]


def test_voiding_a_risk_assessment_falls_back_to_the_risk_before_it(
    wbz: Invoke, db_path: Path
) -> None:
    assert (risk_of(wbz), red_count(wbz)) == ("red", 1)
    assert visit_due(wbz) == ("2026-11-17", "红色风险每7天（电话/微信不计）")
    done = ok(wbz("assess", "void", "A000001", "--reason", "答错了一项"))
    assert "已作废风险评估 A000001（答错了一项）" in done.stderr + done.stdout
    assert (risk_of(wbz), red_count(wbz)) == ("orange", 0)
    assert monthly(wbz)["children"]["by_risk"]["orange"] == 1
    assert visit_due(wbz) == ("2026-11-19", "橙色风险每14天（电话/微信不计）")
    shown = ok(wbz("show", "C000001", "-f", "json")).json()
    assert shown["assessments"] == []
    assert [r["risk"] for r in shown["risk_history"]] == ["orange"]
    voids = audit_rows(db_path, "void")
    assert [(t, k, a["void_reason"]) for t, k, _, a in voids] == [
        ("risk_assessment", "C000001/1", "答错了一项")
    ]
    assert audit_rows(db_path, "update")[-1][2:] == ({"risk": "red"}, {"risk": "orange"})
    ok(wbz("assess", "unvoid", "A000001"))
    assert (risk_of(wbz), red_count(wbz)) == ("red", 1)
    assert [t for t, *_ in audit_rows(db_path, "unvoid")] == ["risk_assessment"]


def test_the_only_assessment_voided_leaves_the_child_unassessed(wbz: Invoke) -> None:
    ok(wbz("register", "--name", "张小军", "--id-number", make_id("2015-06-01", 13),
           "-c", "orphan", "--on", "2026-10-01"))  # fmt: skip
    ok(wbz("assess", "risk", "C000002", "--item", "active_violence=1", "--on", "2026-11-02"))
    assert red_count(wbz) == 2
    ok(wbz("assess", "void", "a2", "--reason", "重复录入"))
    assert red_count(wbz) == 1
    shown = ok(wbz("show", "C000002", "-f", "json")).json()
    assert [r["risk"] for r in shown["risk_history"]] == [shown["risk"]] == ["unassessed"]
    assert monthly(wbz)["children"]["by_risk"]["unassessed"] == 1


def test_a_voided_risk_entry_stays_voided_when_a_later_entry_exists(wbz: Invoke) -> None:
    ok(wbz("update", "C000001", "--risk", "yellow", "--on", "2026-11-20"))
    ok(wbz("assess", "void", "A000001", "--reason", "答错了一项"))
    assert risk_of(wbz) == "yellow"
    report = monthly(wbz, "2026-11")["children"]["by_risk"]
    assert (report["red"], report["yellow"]) == (0, 1)


def test_editing_the_date_moves_the_risk_entry_and_reruns_the_checks(
    wbz: Invoke, db_path: Path
) -> None:
    ok(wbz("update", "C000001", "--risk", "yellow", "--on", "2026-11-15"))
    assert risk_of(wbz) == "yellow"
    done = ok(wbz("assess", "edit", "A000001", "--on", "2026-11-18", "--notes", "复评"))
    assert "评估日期 2026-11-10 → 2026-11-18" in done.stderr + done.stdout
    assert risk_of(wbz) == "red"  # now the latest by date
    shown = ok(wbz("show", "C000001", "-f", "json")).json()
    assert [(r["risk"], r["effective_on"]) for r in shown["risk_history"]] == [
        ("orange", "2026-10-01"),
        ("yellow", "2026-11-15"),
        ("red", "2026-11-18"),
    ]
    assert shown["assessments"][0]["notes"] == "复评"
    edits = audit_rows(db_path, "edit")
    assert edits[-1][:2] == ("risk_assessment", "C000001/1")
    assert edits[-1][2] == {"assessed_on": "2026-11-10", "notes": None}
    before = dump(db_path)
    refused(wbz("assess", "edit", "A000001", "--on", "2026-09-01"), "早于 C000001 的登记日期")
    refused(wbz("assess", "edit", "A000001", "--on", "2026-12-01"), "评估日期")
    refused(wbz("assess", "edit", "A000001", "--result", "green"), "不能用 --result 修改")
    assert dump(db_path) == before


def test_a_guardianship_result_is_edited_with_its_vocabulary(wbz: Invoke, db_path: Path) -> None:
    ok(wbz("assess", "guardianship", "C000001", "--result", "正常", "--on", "2026-11-12"))
    before = dump(db_path)
    refused(wbz("assess", "edit", "G000001", "--result", "很好"), "很好")
    assert dump(db_path) == before
    ok(wbz("assess", "edit", "G1", "--result", "监护缺失"))
    shown = ok(wbz("show", "C000001", "-f", "json")).json()
    assert shown["guardianship_assessments"][0]["result"] != "normal"
    assert audit_rows(db_path, "edit")[-1][:2] == ("guardianship_assessment", "C000001/1")


def test_numbers_without_their_letter_and_repeat_voids_are_refused(
    wbz: Invoke, db_path: Path
) -> None:
    before = dump(db_path)
    refused(wbz("assess", "void", "1", "--reason", "x"), "风险评估以 A 开头")
    refused(wbz("assess", "void", "A000009", "--reason", "x"), "找不到风险评估 A000009")
    refused(wbz("assess", "void", "A000001", "--reason", " "), "必须写明原因")
    assert dump(db_path) == before
    ok(wbz("assess", "void", "A000001", "--reason", "重复"))
    refused(wbz("assess", "void", "A000001", "--reason", "重复"), "无需再次作废")
    refused(wbz("assess", "edit", "A000001", "--notes", "x"), "已作废，不能修改")
    history = ok(wbz("history", "风险评估", "A000001", "-f", "json")).json()
    assert [h["action"] for h in history] == ["void"]
