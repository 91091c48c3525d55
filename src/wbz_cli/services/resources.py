"""The resource libraries (资源库): experts, social workers, lawyers, organisations ..."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.children import check_name, format_code, normalise_phone, normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.errors import Conflict, InvalidInput, NotFound, RuleViolation
from wbz_cli.domain.vocab import ResourceKind
from wbz_cli.store import care as q
from wbz_cli.store.children import insert, update
from wbz_cli.store.records import void_marks
from wbz_cli.store.session import Store

_CODE = re.compile(r"^[Rr]?0*(\d{1,9})$")


def resource_code(resource_id: int) -> str:
    return format_code("R", resource_id)


def parse_resource_code(text: str) -> int | None:
    """``R000003``, ``r3`` or ``3`` -> 3; None when ``text`` is not a resource code."""
    m = _CODE.match(text.strip())
    return int(m.group(1)) if m else None


def resource_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "code": resource_code(int(row["id"])),
        "kind": row["kind"],
        "name": row["name"],
        "phone": row["phone"],
        "specialty": row["specialty"],
        "notes": row["notes"],
        "added_on": row["added_on"],
        "removed_on": row["removed_on"],
    }


def _listed(row: sqlite3.Row) -> dict[str, Any]:
    """A row of ``resource list --all``: marked when voided."""
    return {**resource_dict(row), **void_marks(row)}


def add_resource(
    store: Store,
    today: date,
    *,
    kind: ResourceKind,
    name: str,
    phone: str | None = None,
    specialty: str | None = None,
    notes: str | None = None,
    on: date | None = None,
) -> dict[str, Any]:
    day = on or today
    check_not_future(day, today, "入库日期")
    values = {
        "kind": kind.value,
        "name": check_name(name, "名称"),
        "phone": normalise_phone(phone),
        "specialty": normalise_text(specialty, 200) or None,
        "notes": normalise_text(notes) or None,
        "added_on": day.isoformat(),
    }
    with store.write() as conn:
        _refuse_same_resource(conn, kind, str(values["name"]), today, None)
        rid = insert(conn, "resources", values)
        store.audit("insert", "resource", resource_code(rid), None, values)
        row = q.resource(conn, rid)
    assert row is not None
    return resource_dict(row)


def _refuse_same_resource(
    conn: sqlite3.Connection, kind: ResourceKind, name: str, today: date, besides: int | None
) -> None:
    for same in q.resources_named(conn, name, today.isoformat()):
        if same["kind"] == kind.value and same["id"] != besides:
            raise Conflict(
                f"{kind.label}“{name}”已在资源库中（{resource_code(same['id'])}），无需重复添加"
            )


def checked_resource_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of resource with the changes (kind, name, phone, specialty, notes,
    on) applied, after the checks of ``wbz resource add``."""
    kind = ResourceKind.parse(e.value("kind"))
    day = (
        parse_date(e.changes["on"], "入库日期")
        if "on" in e.changes
        else parse_date(e.row["added_on"])
    )
    check_not_future(day, e.today, "入库日期")
    if e.row["removed_on"] and day.isoformat() > e.row["removed_on"]:
        raise RuleViolation(
            f"入库日期 {day.isoformat()} 晚于移除日期 {e.row['removed_on']}，请核对"
        )
    values = {
        "kind": kind.value,
        "name": check_name(e.value("name"), "名称"),
        "phone": normalise_phone(e.changes["phone"]) if "phone" in e.changes else e.row["phone"],
        "specialty": e.text("specialty", 200),
        "notes": e.text("notes"),
        "added_on": day.isoformat(),
    }
    if not e.again:
        _refuse_same_resource(conn, kind, str(values["name"]), e.today, int(e.row["id"]))
    return values


def list_resources(
    store: Store, today: date, *, kind: ResourceKind | None = None, include_removed: bool = False
) -> list[dict[str, Any]]:
    rows = q.list_resources(
        store.conn,
        today.isoformat(),
        kind=kind.value if kind else None,
        include_removed=include_removed,
    )
    return [_listed(r) if include_removed else resource_dict(r) for r in rows]


def require_resource(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    rid = parse_resource_code(key)
    row = q.resource(conn, rid) if rid is not None else None
    if row is None:
        raise NotFound(f"找不到资源“{key}”：请用 wbz resource list 查看资源编号（如 R000003）")
    _refuse_voided(row)
    return row


def _refuse_voided(row: sqlite3.Row) -> None:
    if row["voided_at"] is not None:
        raise RuleViolation(
            f"资源 {resource_code(row['id'])} 已作废（{row['void_reason']}）；"
            f"如需使用，请先用 wbz resource unvoid {resource_code(row['id'])}"
        )


def remove_resource(store: Store, key: str, today: date, on: date | None = None) -> dict[str, Any]:
    """Take a resource off file from ``on``; it stays in history and in earlier months' counts."""
    day = on or today
    check_not_future(day, today, "移除日期")
    with store.write() as conn:
        row = require_resource(conn, key)
        if row["removed_on"]:
            raise RuleViolation(f"{resource_code(row['id'])} 已于 {row['removed_on']} 移出资源库")
        if day.isoformat() < row["added_on"]:
            raise RuleViolation(
                f"移除日期 {day.isoformat()} 早于入库日期 {row['added_on']}，请核对"
            )
        update(conn, "resources", int(row["id"]), {"removed_on": day.isoformat()})
        store.audit(
            "remove",
            "resource",
            resource_code(row["id"]),
            {"removed_on": None},
            {"removed_on": day.isoformat()},
        )
        updated = q.resource(conn, int(row["id"]))
    assert updated is not None
    return resource_dict(updated)


def resolve_provider(
    conn: sqlite3.Connection, provider: str | None, on: str
) -> tuple[str | None, int | None]:
    """A provider typed as a resource code, a resource's name, or free text.

    Returns the name to store and the resource id when it names exactly one resource on file.
    """
    text = normalise_text(provider, 200)
    if not text:
        return None, None
    if text[:1] in "Rr" and (rid := parse_resource_code(text)) is not None:
        row = q.resource(conn, rid)
        if row is None:
            raise NotFound(f"找不到资源“{text}”：请用 wbz resource list 查看资源编号")
        _refuse_voided(row)
        return str(row["name"]), rid
    matches = q.resources_named(conn, text, on)
    if len(matches) > 1:
        codes = "、".join(resource_code(m["id"]) for m in matches)
        raise InvalidInput(f"资源库中有多个“{text}”（{codes}），请在 --provider 中写资源编号")
    if matches:
        return text, int(matches[0]["id"])
    return text, None
