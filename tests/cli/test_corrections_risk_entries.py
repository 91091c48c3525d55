"""改错 of risk entries (风险记录, F...): the risk written at registration, by an import or by
``wbz update --risk`` is listed by ``wbz assess list`` and ``wbz show`` with its number,
edited (level, date) with the checks of ``update --risk``, voided with a reason (the risk in
force falls back to the previous entry by date, and the red count and the visit cycle
follow) and restored; the entry a risk assessment wrote is put right through the assessment."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.test_corrections import audit_rows, dump, monthly, ok, refused
from tests.cli.test_corrections_assessments import red_count, risk_of, visit_due
from tests.conftest import Invoke, make_id


@pytest.fixture
def wbz(station: Invoke) -> Invoke:
    """C000001 registered orange on 2026-10-01 (F000001), visited 2026-11-05, raised to red
    by mistake on 2026-11-10 (F000002); today is 2026-11-24."""
    ok(station("register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11),
               "-c", "orphan", "--on", "2026-10-01", "--risk", "orange"))  # fmt: skip
    ok(station("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-05"))
    ok(station("update", "C000001", "--risk", "red", "--on", "2026-11-10"))
    return station


def test_entries_are_listed_with_their_numbers(wbz: Invoke) -> None:
    rows = ok(wbz("assess", "list", "C000001", "-f", "json")).json()
    assert [(r["code"], r["kind"], r["result"], r["notes"]) for r in rows] == [
        ("F000001", "风险记录", "orange", "登记时填写"),
        ("F000002", "风险记录", "red", "wbz update --risk"),
    ]
    shown = ok(wbz("show", "C000001", "-f", "json")).json()
    assert [r["code"] for r in shown["risk_history"]] == ["F000001", "F000002"]


def test_voiding_a_wrong_raise_falls_back_to_the_entry_before(wbz: Invoke, db_path: Path) -> None:
    assert (risk_of(wbz), red_count(wbz)) == ("red", 1)
    assert visit_due(wbz) == ("2026-11-17", "红色风险每7天（电话/微信不计）")
    ok(wbz("assess", "void", "F000002", "--reason", "等级填错"))
    assert (risk_of(wbz), red_count(wbz)) == ("orange", 0)
    assert monthly(wbz)["children"]["by_risk"]["orange"] == 1
    assert visit_due(wbz) == ("2026-11-19", "橙色风险每14天（电话/微信不计）")
    voids = audit_rows(db_path, "void")
    assert [(t, k, a["void_reason"]) for t, k, _, a in voids] == [
        ("risk_entry", "C000001/2", "等级填错")
    ]
    assert audit_rows(db_path, "update")[-1][2:] == ({"risk": "red"}, {"risk": "orange"})
    listed = ok(wbz("assess", "list", "--all", "-f", "json")).json()
    assert [(r["code"], r["voided"]) for r in listed] == [("F000001", False), ("F000002", True)]
    ok(wbz("assess", "unvoid", "F2"))
    assert (risk_of(wbz), red_count(wbz)) == ("red", 1)


def test_an_entry_is_edited_with_the_checks_of_update(wbz: Invoke, db_path: Path) -> None:
    done = ok(wbz("assess", "edit", "F000002", "--risk", "黄"))
    assert "风险等级 red → yellow" in done.stdout + done.stderr
    assert (risk_of(wbz), red_count(wbz)) == ("yellow", 0)
    assert audit_rows(db_path, "edit")[-1][:3] == ("risk_entry", "C000001/2", {"risk": "red"})
    before = dump(db_path)
    refused(wbz("assess", "edit", "F000002", "--on", "2026-09-01"), "早于登记日期 2026-10-01")
    refused(wbz("assess", "edit", "F000002", "--on", "2026-12-01"), "生效日期")
    refused(wbz("assess", "edit", "F000002", "--risk", "紫"), "紫")
    refused(wbz("assess", "edit", "F000002", "--notes", "x"), "风险记录不能用 --notes 修改")
    assert dump(db_path) == before


def test_the_entry_of_an_assessment_is_put_right_through_the_assessment(
    wbz: Invoke, db_path: Path
) -> None:
    ok(wbz("assess", "risk", "C000001", "--item", "running_away=1", "--on", "2026-11-12"))
    before = dump(db_path)
    refused(wbz("assess", "void", "F000003", "--reason", "x"), "由风险评估 A000001 写下")
    refused(wbz("assess", "edit", "F000003", "--risk", "绿"), "由风险评估 A000001 写下")
    assert dump(db_path) == before
    codes = [r["code"] for r in ok(wbz("assess", "list", "-f", "json")).json()]
    assert codes == ["F000001", "F000002", "A000001"]
