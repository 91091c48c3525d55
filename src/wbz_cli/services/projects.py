"""``wbz project``: projects and purchased services (项目、购买服务) run by an organisation of
the resource library, with a budget, a period, the children enrolled and the payments made
against them. Services and activities name the project they belong to (``--project``)."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.children import format_code, normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.errors import InvalidInput, NotFound, RuleViolation
from wbz_cli.domain.money import format_fen, parse_yuan
from wbz_cli.services.resources import resolve_provider
from wbz_cli.store import projects as q
from wbz_cli.store.children import insert, require_child
from wbz_cli.store.records import void_marks
from wbz_cli.store.session import Store, now_text

_CODE = re.compile(r"^[Xx]?0*(\d{1,9})$")


def project_code(project_id: int) -> str:
    return format_code("X", project_id)


def parse_project_code(text: str) -> int | None:
    m = _CODE.match(text.strip())
    return int(m.group(1)) if m else None


def require_project(conn: sqlite3.Connection, key: str, *, voided_ok: bool = False) -> sqlite3.Row:
    found = parse_project_code(key)
    row = q.project(conn, found) if found else None
    if row is None:
        raise NotFound(f"找不到项目“{key}”：请用 wbz project list 查看项目编号（如 X000001）")
    if row["voided_at"] is not None and not voided_ok:
        raise RuleViolation(
            f"项目 {project_code(row['id'])} 已作废（{row['void_reason']}）；"
            f"如需使用，请先用 wbz project unvoid {project_code(row['id'])}"
        )
    return row


def _organisation(conn: sqlite3.Connection, text: str | None, on: str) -> int | None:
    """The resource id of the organisation named (code or name in the resource library)."""
    if not normalise_text(text, 200):
        return None
    _, resource_id = resolve_provider(conn, text, on)
    if resource_id is None:
        raise NotFound(
            f"资源库中没有“{text}”：承接项目的机构须先用 wbz resource add 登记，"
            "再以资源编号（如 R000001）或名称填写 --org"
        )
    return resource_id


def _values(
    conn: sqlite3.Connection,
    name: object,
    organisation: str | None,
    resource_id: int | None,
    budget_fen: int,
    start: date,
    end: date | None,
    notes: object,
) -> dict[str, Any]:
    """A project's columns after the checks of ``project add``."""
    text = normalise_text(name, 200, "项目名称")
    if not text:
        raise InvalidInput("项目名称为空：请用 --name 填写，如 --name 童心守护")
    if end is not None and end < start:
        raise InvalidInput(f"项目结束日期 {end} 早于开始日期 {start}，请检查 --from 和 --to")
    if organisation is not None:
        resource_id = _organisation(conn, organisation, start.isoformat())
    return {
        "name": text,
        "resource_id": resource_id,
        "budget_fen": budget_fen,
        "start_on": start.isoformat(),
        "end_on": end.isoformat() if end else None,
        "notes": normalise_text(notes) or None,
    }


def add_project(
    store: Store,
    *,
    name: str,
    organisation: str | None,
    budget: str,
    start: date,
    end: date | None,
    notes: str | None,
) -> dict[str, Any]:
    budget_fen = parse_yuan(budget, "预算")
    with store.write() as conn:
        values = _values(conn, name, organisation, None, budget_fen, start, end, notes)
        pid = insert(conn, "projects", {**values, "created_at": now_text()})
        store.audit("insert", "project", project_code(pid), None, values)
        row = q.project(conn, pid)
    assert row is not None
    return project_dict(row)


def project_dict(row: sqlite3.Row, include_voided: bool = False) -> dict[str, Any]:
    spent = int(row["spent_fen"])
    out = {
        "code": project_code(int(row["id"])),
        "name": row["name"],
        "organisation": row["organisation"],
        "budget_yuan": format_fen(int(row["budget_fen"])),
        "spent_yuan": format_fen(spent),
        "balance_yuan": format_fen(int(row["budget_fen"]) - spent),
        "start_on": row["start_on"],
        "end_on": row["end_on"],
        "children": int(row["children"]),
        "services": int(row["services"]),
        "activities": int(row["activities"]),
        "notes": row["notes"],
    }
    if include_voided:
        out.update(void_marks(row))
    return out


def list_projects(
    store: Store, *, active_on: date | None = None, include_voided: bool = False
) -> list[dict[str, Any]]:
    rows = q.list_projects(
        store.conn,
        active_on=active_on.isoformat() if active_on else None,
        include_voided=include_voided,
    )
    return [project_dict(r, include_voided) for r in rows]


def payment_dict(row: sqlite3.Row, include_voided: bool = False) -> dict[str, Any]:
    out = {
        "id": int(row["id"]),
        "project": project_code(int(row["project_id"])),
        "paid_on": row["paid_on"],
        "amount_yuan": format_fen(int(row["amount_fen"])),
        "note": row["note"],
    }
    if include_voided:
        out.update(void_marks(row))
    return out


def project_file(store: Store, key: str) -> dict[str, Any]:
    """The project with the children enrolled, its payments, and the services and activities
    that belong to it (``wbz project show``)."""
    conn = store.conn
    row = require_project(conn, key, voided_ok=True)
    out = project_dict(row, include_voided=True)
    out["enrolled"] = [{"child": c["code"], "name": c["name"]} for c in q.enrolled(conn, row["id"])]
    out["payments"] = [payment_dict(p) for p in q.payments(conn, int(row["id"]))]
    out["service_records"] = [dict(r) for r in q.services_of(conn, int(row["id"]))]
    out["activity_records"] = [dict(r) for r in q.activities_of(conn, int(row["id"]))]
    return out


def enrol(store: Store, key: str, children: list[str], *, remove: bool = False) -> list[str]:
    """Enrol the children in the project (``remove``: take them out); the codes changed."""
    if not children:
        raise InvalidInput("请至少给出一名儿童（编号、身份证号或姓名）")
    done = []
    with store.write() as conn:
        project = require_project(conn, key)
        code = project_code(int(project["id"]))
        for child_key in children:
            child = require_child(conn, child_key)
            changed = (q.unenrol if remove else q.enrol)(conn, int(project["id"]), int(child["id"]))
            if not changed:
                state = "不在" if remove else "已在"
                raise RuleViolation(f"{child['code']} {state}项目 {code} 中，未作修改")
            done.append(str(child["code"]))
            action = "unenrol" if remove else "enrol"
            store.audit(
                action, "project", f"{code}/{child['code']}", None, {"child": child["code"]}
            )
    return done


def spend(
    store: Store, key: str, amount: str, on: date, note: str | None, today: date
) -> dict[str, Any]:
    """Record a payment made against the project."""
    fen = parse_yuan(amount, "支出金额")
    with store.write() as conn:
        project = require_project(conn, key)
        values = _payment_values(project, fen, on, note, today)
        pid = insert(conn, "project_payments", {**values, "created_at": now_text()})
        store.audit("insert", "project_payment", str(pid), None, values)
        [row] = [p for p in q.payments(conn, int(project["id"])) if p["id"] == pid]
    return payment_dict(row)


def _payment_values(
    project: sqlite3.Row, fen: int, on: date, note: object, today: date
) -> dict[str, Any]:
    if fen <= 0:
        raise InvalidInput("支出金额须大于 0，请检查 --amount")
    check_not_future(on, today, "支出日期")
    if on.isoformat() < project["start_on"]:
        raise RuleViolation(
            f"支出日期 {on} 早于项目 {project_code(project['id'])} 的开始日期"
            f" {project['start_on']}，请检查 --on"
        )
    return {
        "project_id": int(project["id"]),
        "amount_fen": fen,
        "paid_on": on.isoformat(),
        "note": normalise_text(note) or None,
    }


def link_project(conn: sqlite3.Connection, table: str, row_id: int, key: str | None) -> str | None:
    """Name the project a new service or activity belongs to; its code, or None."""
    if not key:
        return None
    project = require_project(conn, key)
    q.set_project_of(conn, table, row_id, int(project["id"]))
    return project_code(int(project["id"]))


def checked_project_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """A project's columns with the changes (name, org, budget, from, to, notes) applied,
    after the checks of ``wbz project add``."""
    start = parse_date(e.changes["from"], "开始日期") if "from" in e.changes else None
    end_text = e.changes.get("to")
    end = parse_date(end_text, "结束日期") if end_text not in (None, "-") else None
    budget = parse_yuan(e.changes["budget"], "预算") if "budget" in e.changes else None
    return _values(
        conn,
        e.value("name"),
        e.changes.get("org"),
        e.row["resource_id"],
        e.row["budget_fen"] if budget is None else budget,
        start or date.fromisoformat(e.row["start_on"]),
        end if "to" in e.changes else (day_or_none(e.row["end_on"])),
        e.text("notes"),
    )


def day_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def checked_project_payment_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """A payment's columns with the changes (amount, on, note) applied."""
    project = require_project(conn, str(e.row["project_id"]))
    fen = (
        parse_yuan(e.changes["amount"], "支出金额")
        if "amount" in e.changes
        else e.row["amount_fen"]
    )
    on = (
        parse_date(e.changes["on"], "支出日期")
        if "on" in e.changes
        else date.fromisoformat(e.row["paid_on"])
    )
    return _payment_values(project, int(fen), on, e.text("note"), e.today)
