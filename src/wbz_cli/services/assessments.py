"""Risk assessments (kept with their answers; the latest sets the child's risk) and
guardianship assessments (监护能力评估, due again every 2 years)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from wbz_cli.domain.care import GuardianshipResult, guardianship_next_due
from wbz_cli.domain.children import format_code, normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.enums import Risk
from wbz_cli.domain.errors import InvalidInput, RuleViolation
from wbz_cli.domain.risk_sheet import Sheet, load_sheet, score
from wbz_cli.services.care import require_active_child
from wbz_cli.sheets.limits import check_json_size
from wbz_cli.store import records
from wbz_cli.store.children import (
    ACTIVE_ON,
    insert,
    latest_risk,
    require_child,
    risk_entry_from,
    update,
)
from wbz_cli.store.session import Store, now_text

DEFAULT_SHEET = "risk_assessment.json"


def read_sheet(path: Path | None = None) -> Sheet:
    """The county's own sheet at ``path``, or the one shipped with wbz."""
    if path is None:
        from importlib.resources import files

        text = (files("wbz_cli") / "data" / DEFAULT_SHEET).read_text(encoding="utf-8")
    else:
        text = _read_json_text(path, "评估表")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"评估表不是有效的 JSON（第 {exc.lineno} 行）：{exc.msg}") from None
    return load_sheet(data)


def _read_json_text(path: Path, what: str) -> str:
    if not path.is_file():
        raise InvalidInput(f"{what}文件 {path} 不存在")
    check_json_size(path, f"{what}文件")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{what}文件 {path} 不是 UTF-8 编码，请另存为 UTF-8") from None


def read_answers(path: Path) -> dict[str, Any]:
    """Answers as ``{"item": score, ...}`` or ``{"answers": {...}}``."""
    try:
        data = json.loads(_read_json_text(path, "答案"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"答案文件不是有效的 JSON（第 {exc.lineno} 行）：{exc.msg}") from None
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]
    if not isinstance(data, dict):
        raise InvalidInput('答案文件应为 {"评估项": 分数, ...} 形式的 JSON 对象')
    return data


def parse_items(items: list[str]) -> dict[str, str]:
    """``--item KEY=SCORE`` options."""
    out: dict[str, str] = {}
    for raw in items:
        key, sep, value = raw.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"--item “{raw}” 应写成 评估项=分数，如 --item neglect=2")
        out[key.strip()] = value.strip()
    return out


def assess_risk(
    store: Store,
    key: str,
    today: date,
    answers: dict[str, Any],
    *,
    sheet: Sheet | None = None,
    on: date | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    """Score the answers, keep them, and make the result the child's risk from ``on``."""
    day = on or today
    used = sheet or read_sheet()
    if not answers:
        raise InvalidInput("没有评估答案：请用 --answers FILE.json 或 --item 评估项=分数 给出")
    result = score(used, answers)
    with store.write() as conn:
        child = require_active_child(conn, key, day, today, "评估")
        cid = int(child["id"])
        values = {
            "child_id": cid,
            "assessed_on": day.isoformat(),
            "sheet": used.title,
            "answers": json.dumps(result.answers, ensure_ascii=False),
            "score": result.score,
            "emergency": ",".join(result.emergency) or None,
            "result": result.risk,
            "assessor": store.operator,
            "notes": normalise_text(notes) or None,
            "created_at": now_text(),
        }
        aid = insert(conn, "assessments", values)
        store.audit(
            "assess_risk",
            "child",
            child["code"],
            None,
            {k: v for k, v in values.items() if k not in ("child_id", "created_at")},
        )
        insert(
            conn,
            "risk_history",
            {
                "child_id": cid,
                "risk": result.risk,
                "effective_on": day.isoformat(),
                "source": f"assessment:{aid}",
            },
        )
        current = refresh_risk(store, conn, cid)
    return {
        "id": aid,
        "child": child["code"],
        "name": child["name"],
        "assessed_on": day.isoformat(),
        "sheet": used.title,
        "score": result.score,
        "max_score": result.max_score,
        "by_area": result.by_area,
        "emergency": list(result.emergency),
        "result": result.risk,
        "risk": current,
        "unanswered": list(result.unanswered),
        "answers": result.answers,
    }


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


def refresh_risk(store: Store, conn: sqlite3.Connection, child_id: int) -> str:
    """Make the child's risk the one of its latest risk entry by date that is not voided
    (unassessed when none is left), with an audit row when it changes; returns it."""
    child = records.child_of(conn, child_id)
    assert child is not None
    current = latest_risk(conn, child_id) or "unassessed"
    if current != child["risk"]:
        update(conn, "children", child_id, {"risk": current, "updated_at": now_text()})
        store.audit("update", "child", child["code"], {"risk": child["risk"]}, {"risk": current})
    return current


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


def list_assessments(
    store: Store, child: str | None, *, include_voided: bool = False
) -> list[dict[str, Any]]:
    """Risk and guardianship assessments of one child or all, oldest first, each with its
    number (A... risk, G... guardianship); ``include_voided`` adds the voided ones."""
    from wbz_cli.store.assessments import assessment_rows

    code = str(require_child(store.conn, child)["code"]) if child else None
    out = []
    for r in assessment_rows(store.conn, code, include_voided):
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
        for r in conn.execute(
            "SELECT * FROM assessments WHERE child_id = ? AND voided_at IS NULL"
            " ORDER BY assessed_on, id",
            (child_id,),
        )
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
        for r in conn.execute(
            "SELECT * FROM guardianship_assessments WHERE child_id = ? AND voided_at IS NULL"
            " ORDER BY assessed_on, id",
            (child_id,),
        )
    ]


def guardianship_reviews_due(
    conn: sqlite3.Connection, today: date, within_days: int = 0
) -> list[dict[str, Any]]:
    """Active children whose last guardianship assessment is 2 years old by ``today`` (plus
    ``within_days``), as rows for ``wbz due``: child, name, next_due, days_overdue, reason.
    Children never assessed are not listed here."""
    rows = conn.execute(
        f"SELECT c.code, c.name, max(g.assessed_on) AS last FROM children c"
        f" JOIN guardianship_assessments g ON g.child_id = c.id AND g.voided_at IS NULL"
        f" WHERE {ACTIVE_ON} GROUP BY c.id ORDER BY c.id",
        {"d": today.isoformat()},
    ).fetchall()
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
