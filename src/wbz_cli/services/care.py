"""Services delivered to a child (助学、助医、助洁、心理关爱 ...) and activities held."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from wbz_cli.domain.children import format_code, normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.errors import Conflict, InvalidInput, NotFound, RuleViolation
from wbz_cli.domain.vocab import ActivityKind, ServiceType
from wbz_cli.services.pairs import kept_pair, pair_for_record
from wbz_cli.services.projects import link_project, project_code
from wbz_cli.services.resources import resolve_provider
from wbz_cli.store import care as q
from wbz_cli.store import plans
from wbz_cli.store.children import insert, require_child
from wbz_cli.store.projects import list_projects as project_rows
from wbz_cli.store.records import void_marks
from wbz_cli.store.session import Store, now_text
from wbz_cli.store.visits import case_open_on

MAX_HOURS = Decimal(24)
_PLAN_CODE = re.compile(r"^[Pp]?0*(\d{1,9})$")


def plan_code(plan_id: int) -> str:
    return format_code("P", plan_id)


def require_plan(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    m = _PLAN_CODE.match(key.strip())
    row = plans.plan_with_child(conn, int(m.group(1))) if m else None
    if row is None:
        raise NotFound(f"找不到服务计划“{key}”：请用 wbz plan list 查看计划编号（如 P000001）")
    if row["voided_at"] is not None:
        raise RuleViolation(
            f"服务计划 {plan_code(row['id'])} 已作废（{row['void_reason']}）；"
            f"如需使用，请先用 wbz plan unvoid {plan_code(row['id'])}"
        )
    return row


def parse_plan_code(text: str) -> int | None:
    """``P000003``, ``p3`` or ``3`` -> 3; None when ``text`` is not a plan code."""
    m = _PLAN_CODE.match(text.strip())
    return int(m.group(1)) if m else None


def require_active_child(
    conn: sqlite3.Connection, key: str, day: date, today: date, what: str
) -> sqlite3.Row:
    """The child named by ``key`` with an open case on ``day`` (not in the future)."""
    check_not_future(day, today, f"{what}日期")
    row = require_child(conn, key)
    iso = day.isoformat()
    if iso < row["registered_on"]:
        raise RuleViolation(
            f"{what}日期 {iso} 早于 {row['code']} 的登记日期 {row['registered_on']}，请核对"
        )
    if not case_open_on(conn, int(row["id"]), iso):
        raise RuleViolation(
            f"{row['code']}（{row['name']}）在 {iso} 已退出，不能记录{what}；"
            "如需恢复请先用 wbz reopen"
        )
    return row


def parse_hours(raw: object) -> float | None:
    """Hours of a service: a positive number up to 24 with at most two decimals."""
    text = normalise_text(raw, 20)
    if not text:
        return None
    try:
        value = Decimal(text.removesuffix("小时"))
    except InvalidOperation:
        raise InvalidInput(f"服务时长“{text}”不是数字，请填写小时数，如 1.5") from None
    if not value.is_finite() or value <= 0 or value > MAX_HOURS:
        raise InvalidInput(f"服务时长“{text}”应大于 0 且不超过 24 小时")
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(f"服务时长“{text}”最多两位小数")
    return float(value)


def add_service(
    store: Store,
    key: str,
    today: date,
    *,
    service_type: ServiceType,
    on: date | None = None,
    provider: str | None = None,
    hours: object = None,
    plan: str | None = None,
    notes: str | None = None,
    pair: str | None = None,
    project: str | None = None,
) -> dict[str, Any]:
    """Record one service delivered; linked to ``plan`` or to the child's open plan that
    lists this service type, to the pairing ``pair`` (结对) and to ``project`` (a project's
    code) when given."""
    day = on or today
    hours_value = parse_hours(hours)
    notes_text = normalise_text(notes) or None
    with store.write() as conn:
        code, values = _service_values(
            conn, key, today, service_type, day, provider, hours_value, plan, notes_text
        )
        if pair is not None:
            values["pair_id"] = pair_for_record(conn, pair, values["child_id"], values["served_on"])
        sid = insert(conn, "services", {**values, "created_at": now_text()})
        if linked := link_project(conn, "services", sid, project):
            values["project"] = linked
        store.audit("insert", "service", f"{code}/{sid}", None, values)
        [row] = q.list_services(conn, service_id=sid)
    return service_dict(row)


def _service_values(
    conn: sqlite3.Connection,
    key: str,
    today: date,
    service_type: ServiceType,
    day: date,
    provider: str | None,
    hours: float | None,
    plan: str | None,
    notes: str | None,
) -> tuple[str, dict[str, Any]]:
    """The child's code and the columns of a service, after the checks of ``service add``."""
    child = require_active_child(conn, key, day, today, "服务")
    cid = int(child["id"])
    provider_name, resource_id = resolve_provider(conn, provider, day.isoformat())
    plan_id = _plan_for(conn, cid, child["code"], plan, service_type, day)
    return str(child["code"]), {
        "child_id": cid,
        "type": service_type.value,
        "served_on": day.isoformat(),
        "provider": provider_name,
        "resource_id": resource_id,
        "hours": hours,
        "plan_id": plan_id,
        "notes": notes,
    }


def checked_service_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of service with the changes (child, type, on, provider, hours, plan,
    notes) applied, after the checks of ``wbz service add`` (``e.again``: no duplicate rule)."""
    resource = format_code("R", e.row["resource_id"]) if e.row["resource_id"] else None
    plan = plan_code(e.row["plan_id"]) if e.row["plan_id"] else None
    _, values = _service_values(
        conn,
        e.child_key(),
        e.today,
        ServiceType.parse(e.value("type")),
        parse_date(e.changes["on"], "服务日期")
        if "on" in e.changes
        else parse_date(e.row["served_on"]),
        e.changes.get("provider", resource or e.row["provider"]),
        parse_hours(e.changes["hours"]) if "hours" in e.changes else e.row["hours"],
        e.changes.get("plan", plan),
        e.text("notes"),
    )
    pair = kept_pair(e)
    values["pair_id"] = (
        pair_for_record(conn, pair, values["child_id"], values["served_on"]) if pair else None
    )
    return values


def _plan_for(
    conn: sqlite3.Connection,
    child_id: int,
    child_code: str,
    plan: str | None,
    service_type: ServiceType,
    day: date,
) -> int | None:
    iso = day.isoformat()
    if plan:
        row = require_plan(conn, plan)
        if int(row["child_id"]) != child_id:
            raise RuleViolation(
                f"服务计划 {plan_code(row['id'])} 属于 {row['child']}，不是 {child_code}"
            )
        if row["opened_on"] > iso or (row["closed_on"] and row["closed_on"] < iso):
            raise RuleViolation(
                f"服务计划 {plan_code(row['id'])} 在 {iso} 不在执行期内"
                f"（{row['opened_on']} 至 {row['closed_on'] or '今'}）"
            )
        return int(row["id"])
    return plans.plan_listing_service(conn, child_id, service_type.value, iso)


def service_dict(row: sqlite3.Row, include_voided: bool = False) -> dict[str, Any]:
    return {
        "id": row["id"],
        "child": row["child"],
        "name": row["name"],
        "type": row["type"],
        "served_on": row["served_on"],
        "provider": row["provider"],
        "resource": format_code("R", row["resource_id"]) if row["resource_id"] else None,
        "hours": row["hours"],
        "plan": plan_code(row["plan_id"]) if row["plan_id"] else None,
        "notes": row["notes"],
        "pair": row["pair_id"],
        "project": project_code(row["project_id"]) if row["project_id"] else None,
        **(void_marks(row) if include_voided else {}),
    }


def list_services(
    store: Store,
    key: str | None = None,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    service_type: ServiceType | None = None,
    include_voided: bool = False,
) -> list[dict[str, Any]]:
    child_id = int(require_child(store.conn, key)["id"]) if key else None
    if date_from and date_to and date_from > date_to:
        raise InvalidInput(f"起始日期 {date_from} 晚于结束日期 {date_to}，请核对")
    rows = q.list_services(
        store.conn,
        child_id=child_id,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        service_type=service_type.value if service_type else None,
        include_voided=include_voided,
    )
    return [service_dict(r, include_voided) for r in rows]


def with_project_names(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Service rows for a table: ``project`` the project's name instead of its code."""
    names = {project_code(int(r["id"])): str(r["name"])
             for r in project_rows(store.conn, include_voided=True)}  # fmt: skip
    return [{**r, "project": names.get(r["project"], r["project"])} for r in rows]


# --- activities ----------------------------------------------------------------------------


def add_activity(
    store: Store,
    today: date,
    *,
    title: str,
    kind: ActivityKind,
    participants: int,
    on: date | None = None,
    place: str | None = None,
    children: tuple[str, ...] = (),
    notes: str | None = None,
    again: bool = False,
    project: str | None = None,
) -> dict[str, Any]:
    """Record an activity (主题服务、培训、宣传 ...) and, optionally, the children who took part.
    An activity of the same title on the same day as one on file is refused, unless
    ``again``."""
    day = on or today
    title_text = _check_activity(title, participants, day, today)
    with store.write() as conn:
        if not again:
            _refuse_same_activity(conn, title_text, day.isoformat(), None)
        child_rows: dict[int, sqlite3.Row] = {}
        for key in children:
            row = require_child(conn, key)
            if row["registered_on"] > day.isoformat():
                raise RuleViolation(
                    f"{row['code']} 在活动日期 {day.isoformat()} 还未登记（{row['registered_on']}）"
                )
            child_rows[int(row["id"])] = row
        if len(child_rows) > participants:
            raise InvalidInput(
                f"列出的儿童有 {len(child_rows)} 名，多于参加人数 {participants}，"
                "请核对 --participants"
            )
        values = {
            "title": title_text,
            "kind": kind.value,
            "held_on": day.isoformat(),
            "place": normalise_text(place, 200) or None,
            "participants": participants,
            "notes": normalise_text(notes) or None,
            "created_at": now_text(),
        }
        aid = insert(conn, "activities", values)
        for cid in child_rows:
            insert(conn, "activity_children", {"activity_id": aid, "child_id": cid})
        audit = {k: v for k, v in values.items() if k != "created_at"}
        audit["children"] = [r["code"] for r in child_rows.values()]
        if linked := link_project(conn, "activities", aid, project):
            audit["project"] = linked
        store.audit("insert", "activity", str(aid), None, audit)
    return {"id": aid, **audit}


def _check_activity(title: object, participants: int, day: date, today: date) -> str:
    """The activity's title, after the checks of ``activity add``."""
    check_not_future(day, today, "活动日期")
    title_text = normalise_text(title, 200)
    if not title_text:
        raise InvalidInput("活动名称为空，请用 --title 填写")
    if participants < 0:
        raise InvalidInput("参加人数不能为负数")
    return title_text


def _refuse_same_activity(
    conn: sqlite3.Connection, title: str, day: str, besides: int | None
) -> None:
    same = q.same_activity(conn, title, day, besides)
    if same is not None:
        raise Conflict(
            f"{day} 的活动“{title}”已有记录（活动记录号 {same}），未重复登记；"
            "如确实又办了一场，请加 --again"
        )


def checked_activity_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of activity with the changes (title, kind, on, participants, place,
    notes) applied, after the checks of ``wbz activity add``."""
    day = (
        parse_date(e.changes["on"], "活动日期")
        if "on" in e.changes
        else parse_date(e.row["held_on"])
    )
    participants = int(e.value("participants"))
    title = _check_activity(e.value("title"), participants, day, e.today)
    linked = q.activity_child_count(conn, int(e.row["id"]))
    if linked > participants:
        raise InvalidInput(
            f"该活动登记了 {linked} 名参加儿童，多于参加人数 {participants}，请核对 --participants"
        )
    if not e.again:
        _refuse_same_activity(conn, title, day.isoformat(), int(e.row["id"]))
    return {
        "title": title,
        "kind": ActivityKind.parse(e.value("kind")).value,
        "held_on": day.isoformat(),
        "participants": participants,
        "place": e.text("place", 200),
        "notes": e.text("notes"),
    }


def list_activities(
    store: Store,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    kind: ActivityKind | None = None,
    include_voided: bool = False,
) -> list[dict[str, Any]]:
    rows = q.list_activities(
        store.conn,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        kind=kind.value if kind else None,
        include_voided=include_voided,
    )
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "kind": r["kind"],
            "held_on": r["held_on"],
            "place": r["place"],
            "participants": r["participants"],
            "children": sorted((r["children"] or "").split(",")) if r["children"] else [],
            "notes": r["notes"],
            **(void_marks(r) if include_voided else {}),
        }
        for r in rows
    ]
