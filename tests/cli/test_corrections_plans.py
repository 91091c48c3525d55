"""改错 for service plans: edited with the checks of ``plan add``, voided (it leaves the plan
list, the reviews due in ``wbz due``, the linking of new services and the child's file) and
restored, each step audited under the plan's code."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_corrections import audit_rows, dump, ok, refused
from tests.cli.test_plans import add, child  # noqa: F401  (fixture)
from tests.conftest import Invoke


def due_plans(wbz: Invoke) -> list[str]:
    rows = wbz("due", "--within", "30", "-f", "json").json()
    return [r["plan"] for r in rows if r.get("plan")]


def test_a_plan_is_edited_voided_and_restored(child: Invoke, db_path: Path) -> None:  # noqa: F811
    wbz = child
    ok(add(wbz, "C000001", "2026-08-01", "--service", "助学", "--on", "2026-05-01"))
    assert due_plans(wbz) == ["P000001"]

    ok(wbz("plan", "edit", "P000001", "--review-on", "2027-02-01", "--service", "心理关爱"))
    assert due_plans(wbz) == []
    [plan] = ok(wbz("plan", "list", "-f", "json")).json()
    assert (plan["review_on"], plan["services"]) == ("2027-02-01", ["psychological"])
    [(kind, key, old, new)] = audit_rows(db_path, "edit")
    assert (kind, key) == ("plan", "P000001")
    assert old == {"review_on": "2026-08-01", "services": '["education"]'}
    assert new == {"review_on": "2027-02-01", "services": '["psychological"]'}
    before = dump(db_path)
    refused(wbz("plan", "edit", "P1", "--review-on", "2026-04-01"), "应晚于计划开始日期")
    refused(wbz("plan", "edit", "P1", "--goal", " "), "计划目标为空")
    refused(wbz("plan", "edit", "P1", "--on", "2025-01-01"), "早于")
    assert dump(db_path) == before

    ok(wbz("plan", "void", "P000001", "--reason", "计划建错了儿童"))
    assert ok(wbz("plan", "list", "-f", "json")).json() == []
    [listed] = ok(wbz("plan", "list", "--all", "-f", "json")).json()
    assert (listed["code"], listed["voided"]) == ("P000001", True)
    refused(wbz("plan", "review", "P000001"), "已作废", "wbz plan unvoid P000001")
    ok(wbz("service", "add", "C000001", "--type", "心理关爱", "--on", "2026-11-01"))
    [service] = ok(wbz("service", "list", "-f", "json")).json()
    assert service["plan"] is None  # a voided plan takes no new services
    assert ok(wbz("show", "C000001", "-f", "json")).json()["plans"] == []

    ok(wbz("plan", "unvoid", "P1"))
    assert [p["code"] for p in ok(wbz("plan", "list", "-f", "json")).json()] == ["P000001"]
    actions = [h["action"] for h in ok(wbz("history", "计划", "P000001", "-f", "json")).json()]
    assert actions == ["insert", "edit", "void", "unvoid"]
