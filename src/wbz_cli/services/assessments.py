"""Guardianship assessments (监护能力评估, due again every 2 years), the numbers of
assessments and risk entries (A..., G..., F...), and the assessments as ``wbz assess list``,
the child's file and ``wbz due`` show them. Scoring a risk assessment is
services/risk_scoring.py; putting one right, services/assessment_edits.py."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from wbz_cli.domain.care import GuardianshipResult, guardianship_next_due
from wbz_cli.domain.children import format_code, normalise_text
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.services.care import require_active_child
from wbz_cli.store import assessments as q
from wbz_cli.store import records
from wbz_cli.store.children import insert, require_child
from wbz_cli.store.session import Store, now_text


def assess_guardianship(
    store: Store,
    key: str,
    today: date,
    result: GuardianshipResult,
    *,
    on: date | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    day = on or today
    with store.write() as conn:
        child = require_active_child(conn, key, day, today, "评估")
        values = {
            "child_id": int(child["id"]),
            "assessed_on": day.isoformat(),
            "result": result.value,
            "notes": normalise_text(notes) or None,
            "assessor": store.operator,
            "created_at": now_text(),
        }
        gid = insert(conn, "guardianship_assessments", values)
        store.audit(
            "assess_guardianship",
            "child",
            child["code"],
            None,
            {k: v for k, v in values.items() if k not in ("child_id", "created_at")},
        )
    return {
        "id": gid,
        "child": child["code"],
        "name": child["name"],
        "assessed_on": day.isoformat(),
        "result": result.value,
        "next_due": guardianship_next_due(day).isoformat(),
    }


def risk_assessment_code(assessment_id: int) -> str:
    return format_code("A", assessment_id)


def guardianship_assessment_code(assessment_id: int) -> str:
    return format_code("G", assessment_id)


def _code_parser(prefix: str) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        text = text.strip()
        digits = text[1:] if text[:1].upper() == prefix else ""
        if digits.isascii() and digits.isdigit() and len(digits) <= 9:
            return int(digits)
        return None

    return parse


#: ``A000012`` / ``a12`` -> 12; None when not a risk assessment's number.
parse_risk_assessment_code = _code_parser("A")
#: ``G000012`` / ``g12`` -> 12; None when not a guardianship assessment's number.
parse_guardianship_assessment_code = _code_parser("G")


def risk_entry_code(entry_id: int) -> str:
    return format_code("F", entry_id)


#: ``F000012`` / ``f12`` -> 12; None when not a risk entry's number.
parse_risk_entry_code = _code_parser("F")


def assessment_kind(number: str) -> str:
    """The kind of record numbered ``number``: A... is a risk assessment, G... a
    guardianship assessment, F... a risk entry (风险记录; their ids overlap, so the letter
    is required)."""
    if parse_risk_assessment_code(number) is not None:
        return "risk_assessment"
    if parse_guardianship_assessment_code(number) is not None:
        return "guardianship_assessment"
    if parse_risk_entry_code(number) is not None:
        return "risk_entry"
    raise InvalidInput(
        f"“{number}”不是评估编号：风险评估以 A 开头（如 A000012），监护评估以 G 开头"
        "（如 G000003），风险记录以 F 开头；请用 wbz assess list --all 查看"
    )


#: Where a risk entry not written by an assessment came from, as ``wbz assess list`` says.
ENTRY_SOURCES = {"register": "登记时填写", "import": "名册导入", "update": "wbz update --risk"}
#: ``wbz assess list``'s kinds: how each is numbered and named.
LISTED: dict[str, tuple[Callable[[int], str], str]] = {
    "risk": (risk_assessment_code, "风险评估"),
    "guardianship": (guardianship_assessment_code, "监护评估"),
    "entry": (risk_entry_code, "风险记录"),
}


def list_assessments(
    store: Store, child: str | None, *, include_voided: bool = False
) -> list[dict[str, Any]]:
    """Risk and guardianship assessments of one child or all, oldest first, each with its
    number (A... risk, G... guardianship); ``include_voided`` adds the voided ones."""
    code = str(require_child(store.conn, child)["code"]) if child else None
    out = []
    for r in q.assessment_rows(store.conn, code, include_voided):
        coded, kind = LISTED[r["kind"]]
        out.append(
            {
                "code": coded(r["id"]),
                "kind": kind,
                "child": r["child"],
                "name": r["name"],
                "assessed_on": r["assessed_on"],
                "result": r["result"],
                "score": r["score"],
                "assessor": r["assessor"],
                "notes": ENTRY_SOURCES.get(r["notes"], r["notes"])
                if r["kind"] == "entry"
                else r["notes"],
                **records.void_marks(r),
            }
        )
    return out


def risk_assessments(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "code": risk_assessment_code(r["id"]),
            "assessed_on": r["assessed_on"],
            "result": r["result"],
            "score": r["score"],
            "emergency": r["emergency"].split(",") if r["emergency"] else [],
            "sheet": r["sheet"],
            "assessor": r["assessor"],
            "notes": r["notes"],
            "answers": json.loads(r["answers"]),
        }
        for r in q.risk_assessments_of_child(conn, child_id)
    ]


def guardianship_assessments(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "code": guardianship_assessment_code(r["id"]),
            "assessed_on": r["assessed_on"],
            "result": r["result"],
            "notes": r["notes"],
            "assessor": r["assessor"],
            "next_due": guardianship_next_due(date.fromisoformat(r["assessed_on"])).isoformat(),
        }
        for r in q.guardianship_assessments_of_child(conn, child_id)
    ]


def guardianship_reviews_due(
    conn: sqlite3.Connection, today: date, within_days: int = 0
) -> list[dict[str, Any]]:
    """Active children whose last guardianship assessment is 2 years old by ``today`` (plus
    ``within_days``), as rows for ``wbz due``: child, name, next_due, days_overdue, reason.
    Children never assessed are not listed here."""
    rows = q.last_guardianship_assessed(conn, today.isoformat())
    out = []
    for r in rows:
        due = guardianship_next_due(date.fromisoformat(r["last"]))
        if (due - today).days <= within_days:
            out.append(
                {
                    "child": r["code"],
                    "name": r["name"],
                    "next_due": due.isoformat(),
                    "days_overdue": max((today - due).days, 0),
                    "reason": f"监护评估满两年需复评（上次 {r['last']}）",
                }
            )
    out.sort(key=lambda x: (x["next_due"], x["child"]))
    return out
