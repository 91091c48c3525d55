"""Putting assessments right (改错): the checks of ``wbz assess edit`` on a risk assessment,
a guardianship assessment or a risk entry, and what follows an edit, void or unvoid of one
(the risk entry an assessment wrote, and the child's risk in force)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from wbz_cli.domain.care import GuardianshipResult
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.enums import Risk
from wbz_cli.domain.errors import InvalidInput, RuleViolation
from wbz_cli.services.assessments import risk_assessment_code
from wbz_cli.services.care import require_active_child
from wbz_cli.services.risk_scoring import refresh_risk
from wbz_cli.store import records
from wbz_cli.store.children import insert, require_child, risk_entry_from, update
from wbz_cli.store.session import Store


def _only(e: Edit, fields: set[str], what: str) -> None:
    other = set(e.changes) - fields
    if other:
        given = "、".join(f"--{f}" for f in sorted(other))
        allowed = "、".join(f"--{f}" for f in sorted(fields))
        raise InvalidInput(f"{what}不能用 {given} 修改：可改的是 {allowed}")


def assessment_source(entry: Mapping[str, Any]) -> str | None:
    """The number of the risk assessment that wrote the risk entry, if one did."""
    source = str(entry["source"] or "")
    if source.startswith("assessment:") and source[11:].isdigit():
        return risk_assessment_code(int(source[11:]))
    return None


def checked_risk_entry_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of the risk entry with the changes (risk, on) applied, after the checks of
    ``wbz update --risk``; an entry written by a risk assessment is put right through it."""
    _only(e, {"risk", "on"}, "风险记录")
    _not_of_an_assessment(e.row)
    day = parse_date(e.value("on", "effective_on"), "生效日期")
    child = require_child(conn, e.child_key())
    check_not_future(day, e.today, "生效日期")
    if day.isoformat() < child["registered_on"]:
        raise RuleViolation(
            f"生效日期 {day.isoformat()} 早于登记日期 {child['registered_on']}，请核对"
        )
    risk = e.changes.get("risk")
    return {
        "risk": Risk.parse(risk).value if risk else e.row["risk"],
        "effective_on": day.isoformat(),
    }


def _not_of_an_assessment(entry: Mapping[str, Any]) -> None:
    written_by = assessment_source(entry)
    if written_by is not None:
        raise RuleViolation(
            f"这条风险记录由风险评估 {written_by} 写下：请改正或作废该评估"
            f"（wbz assess edit / void {written_by}）"
        )


def follow_risk_entry(store: Store, conn: sqlite3.Connection, entry_id: int) -> None:
    """After an edit, void or unvoid of a risk entry: the child's risk in force follows. One
    written by a risk assessment is refused (the whole change is rolled back)."""
    row = records.record(conn, "risk_history", entry_id)
    assert row is not None
    _not_of_an_assessment(dict(row))
    refresh_risk(store, conn, int(row["child_id"]))


def _checked_day(conn: sqlite3.Connection, e: Edit) -> str:
    day = parse_date(e.value("on", "assessed_on"), "评估日期")
    require_active_child(conn, e.child_key(), day, e.today, "评估")
    return day.isoformat()


def checked_risk_assessment_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of the risk assessment with the changes (on, notes) applied, after the
    checks of ``wbz assess risk``; its score and result stay (a wrong answer: void it and
    assess again)."""
    if "result" in e.changes:
        raise InvalidInput(
            "风险评估的结果由答案算出，不能用 --result 修改：请作废后重新评估（wbz assess risk）"
        )
    _only(e, {"on", "notes"}, "风险评估")
    return {"assessed_on": _checked_day(conn, e), "notes": e.text("notes")}


def checked_guardianship_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of the guardianship assessment with the changes (on, result, notes)
    applied, after the checks of ``wbz assess guardianship``."""
    _only(e, {"on", "result", "notes"}, "监护评估")
    result = e.changes.get("result")
    return {
        "assessed_on": _checked_day(conn, e),
        "result": GuardianshipResult.parse(result).value if result else e.row["result"],
        "notes": e.text("notes"),
    }


def follow_risk_assessment(store: Store, conn: sqlite3.Connection, assessment_id: int) -> None:
    """After an edit, void or unvoid of a risk assessment: the risk entry it wrote takes its
    date and its void marks (written again if a merge left it out), and the child's risk in
    force follows."""
    row = records.record(conn, "assessments", assessment_id)
    assert row is not None
    values = {
        "child_id": row["child_id"],
        "effective_on": row["assessed_on"],
        "voided_at": row["voided_at"],
        "voided_by": row["voided_by"],
        "void_reason": row["void_reason"],
    }
    source = f"assessment:{assessment_id}"
    entry = risk_entry_from(conn, source)
    if entry is not None:
        update(conn, "risk_history", int(entry["id"]), values)
    elif row["voided_at"] is None:
        insert(conn, "risk_history", {**values, "risk": row["result"], "source": source})
    refresh_risk(store, conn, int(row["child_id"]))
