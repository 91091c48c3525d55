"""``wbz history``: every version of one child, household or record, from the audit log, in
order: when, who, what was done, and which fields went from what to what."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from wbz_cli.domain.errors import NotFound
from wbz_cli.services.corrections import KINDS, kind_of, load_record, record_id_of
from wbz_cli.store import children as cq
from wbz_cli.store import records as q
from wbz_cli.store.session import Store


def history(store: Store, target: str, number: str | None = None) -> list[dict[str, Any]]:
    """The audit rows of a child (code or ID number) or household (code), or, with
    ``number``, of the record of kind ``target`` (visit, service, subsidy, activity,
    resource) with that number."""
    conn = store.conn
    if number is not None:
        return [_entry(r) for r in _record_rows(conn, target, number)]
    key = target.strip().upper()
    household = cq.household(conn, key) if key.startswith("H") else None
    if household is not None:
        return [_entry(r) for r in q.audit_rows_under(conn, str(household["code"]))]
    child = cq.find_child(conn, key, follow=False) or cq.named_child(conn, target)
    if child is None:
        raise NotFound(
            f"找不到“{target}”：请给出儿童编号、身份证号或姓名、家庭编号（H 开头），"
            "或记录类型和记录号，如 wbz history visit 12"
        )
    return [_entry(r) for r in q.audit_rows_under(conn, str(child["code"]))]


def _record_rows(conn: sqlite3.Connection, kind_name: str, number: str) -> list[sqlite3.Row]:
    kind = kind_of(kind_name)
    record_id = record_id_of(kind, number)
    found = load_record(conn, kind, record_id)
    if kind.logged_by_code:  # a plan: with its reviews' (P000001/review/3)
        under = q.audit_rows_under(conn, kind.code(record_id))
        return [r for r in under if r["record_type"] in (kind.key, f"{kind.key}_review")]
    if not kind.child_linked:
        return q.audit_rows(conn, (kind.key,), [kind.code(record_id)], None)
    rows = q.audit_rows(conn, (kind.key,), [], f"/{record_id}")
    if kind is not KINDS["subsidy"]:
        return rows
    # A payment's insert is logged under child/type/month (it has no id yet): every
    # child, type and month the payment has had names its insert.
    versions = [dict(found.row) | {"child": found.child}]
    versions += [json.loads(r["before"] or "{}") for r in rows if r["action"] == "edit"]
    child, kind_, month = found.child, found.row["type"], found.row["month"]
    keys = []
    for v in reversed(versions):
        child, kind_, month = v.get("child", child), v.get("type", kind_), v.get("month", month)
        keys.append(f"{child}/{kind_}/{month}")
    return q.audit_rows(conn, (kind.key,), keys, f"/{record_id}")


def _entry(row: sqlite3.Row) -> dict[str, Any]:
    before, after = _fields(row["before"]), _fields(row["after"])
    return {
        "id": row["id"],
        "at": row["at"],
        "operator": row["operator"],
        "action": row["action"],
        "record_type": row["record_type"],
        "record_key": row["record_key"],
        "changes": [
            {"field": k, "before": before.get(k), "after": after.get(k)}
            for k in [*after, *(k for k in before if k not in after)]
        ],
    }


def _fields(text: str | None) -> dict[str, Any]:
    value = json.loads(text) if text else None
    if value is None:
        return {}
    return value if isinstance(value, dict) else {"value": value}
