"""Reading the audit log, and logging every disclosure of unmasked data (reveal, export)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.store import children as cq
from wbz_cli.store import safety as q
from wbz_cli.store.district_session import DistrictStore
from wbz_cli.store.session import Store

ACTION_LABELS = {
    "init": "初始化",
    "register": "登记",
    "insert": "新增",
    "update": "修改",
    "close": "结案",
    "reopen": "恢复在册",
    "add_category": "新增类别",
    "end_category": "结束类别",
    "reveal": "查看完整号码",
    "export": "导出",
    "backup": "备份",
    "restore": "恢复数据库",
    "consent": "监护人同意",
    "consent_withdraw": "撤回同意",
    "purge": "匿名化",
    "edit": "改错",
    "void": "作废",
    "unvoid": "恢复作废",
    "enrol": "加入项目",
    "unenrol": "移出项目",
    "move": "线索办理",
    "undo_move": "撤销办理",
    "link": "关联儿童",
    "import": "导入",
    "merge": "合并",
    "merged_into": "并入",
    "unmerge": "撤销合并",
    "unmerged": "撤销并入",
    "set_rate": "设定补贴标准",
    "subsidy_run": "批量发放补贴",
    "match_apply": "按名单更新",
    "assess_risk": "风险评估",
    "assess_guardianship": "监护评估",
    "review": "计划复核",
    "remove": "移出资源库",
    "correct": "更正",
    "district_init": "建立区县数据库",
    "district_import": "导入报送包",
    "submission_import": "新的报送",
    "submission_replace": "替换报送",
}
MAX_CODES = 50


def action_keys(store: Store, given: Iterable[str]) -> tuple[str, ...]:
    """``--action`` values as keys: an English key or its Chinese label (登记 is register);
    a value that is neither a known action nor one in the log is refused, naming them all."""
    by_label = {label: key for key, label in ACTION_LABELS.items()}
    known = {*ACTION_LABELS, *q.audit_actions(store.conn)}
    keys = []
    for value in (v.strip() for v in given):
        if not value:
            continue
        key = by_label.get(value, value)
        if key not in known:
            choices = "、".join(
                f"{k}（{ACTION_LABELS[k]}）" if k in ACTION_LABELS else k for k in sorted(known)
            )
            raise InvalidInput(f"没有“{value}”这种动作：--action 可用 {choices}")
        keys.append(key)
    return tuple(keys)


def list_audit(
    store: Store,
    *,
    record: str | None = None,
    operator: str | None = None,
    actions: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    if date_from and date_to and date_from > date_to:
        raise InvalidInput(
            f"起始日期 {date_from.isoformat()} 晚于截止日期 {date_to.isoformat()}，请核对"
        )
    rows = q.audit_rows(
        store.conn,
        record=_record_key(store, record),
        operator=(operator or "").strip() or None,
        actions=action_keys(store, actions),
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        limit=limit,
    )
    return [
        {
            "id": r["id"],
            "at": r["at"],
            "operator": r["operator"],
            "action": r["action"],
            "record_type": r["record_type"],
            "record_key": r["record_key"],
            "before": _load(r["before"]),
            "after": _load(r["after"]),
        }
        for r in rows
    ]


def _record_key(store: Store, record: str | None) -> str | None:
    """``--record`` as the log keys it: on a station's file a child's ID number or name gives
    the child's code; a district's file keys its rows by station and month (``s1 2026-10``),
    taken as given."""
    key = (record or "").strip() or None
    if key is None or isinstance(store, DistrictStore):
        return key
    key = key.upper()
    if not key.startswith(("C", "H", "L")):
        child = cq.find_child(store.conn, key)  # an ID number: find the child's code
        key = child["code"] if child is not None else key
    named = cq.named_child(store.conn, str(record))  # a child's name (several: refused)
    return named["code"] if named is not None else key


def _load(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def record_disclosure(
    store: Store,
    action: str,
    what: str,
    codes: Iterable[str],
    **details: Any,
) -> None:
    """Log that unmasked personal data left the database: ``action`` is ``reveal`` (shown on
    screen) or ``export`` (written to a file; pass ``path=...``). One row per disclosure."""
    keys = list(codes)
    with store.write():
        store.audit(
            action,
            what,
            keys[0] if len(keys) == 1 else None,
            None,
            {"count": len(keys), "codes": keys[:MAX_CODES], **details},
        )


def record_file_disclosure(store: Store, what: str, path: Path, rows: int, command: str) -> None:
    """Log that ``command`` wrote ``rows`` rows holding full ID and phone numbers (as read
    from a spreadsheet, not yet children's files) to ``path``: one ``export`` row."""
    with store.write():
        store.audit(
            "export", what, path.name, None, {"file": str(path), "rows": rows, "command": command}
        )


def record_list_export(
    store: Store, command: str, path: Path, fmt: str, rows: int, *, reveal: bool = False
) -> None:
    """Log that ``command`` (``children``, ``visit list``) wrote what it prints to ``path``
    (``--out``): one ``export`` row naming the command, the file, its format and rows."""
    with store.write():
        store.audit(
            "export",
            command,
            path.name,
            None,
            {"file": str(path), "format": fmt, "rows": rows, "reveal": reveal},
        )
