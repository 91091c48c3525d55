"""Risk assessment by the county's sheet (风险评估表): reading the sheet and the answers,
scoring them, keeping the assessment with its answers, and the child's risk in force, which
the latest risk entry by date sets (an assessment writes one)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from wbz_cli.domain.children import normalise_text
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.risk_sheet import Sheet, load_sheet, score
from wbz_cli.services.care import require_active_child
from wbz_cli.sheets.limits import check_json_size
from wbz_cli.store import records
from wbz_cli.store.children import insert, latest_risk, update
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
