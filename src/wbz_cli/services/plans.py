"""Service plans (一对一服务计划): a goal, the planned services, and reviews on schedule.

A plan's ``review_on`` is its next review date; a review moves it on (by default three
months). An open plan whose review date has passed is overdue and shows in ``wbz due``."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.care import PLAN_REVIEW_MONTHS, add_months
from wbz_cli.domain.children import normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.errors import InvalidInput, RuleViolation
from wbz_cli.domain.vocab import ServiceType
from wbz_cli.services.care import plan_code, require_active_child, require_plan
from wbz_cli.store import plans as q
from wbz_cli.store.children import insert, require_child, update
from wbz_cli.store.records import void_marks
from wbz_cli.store.session import Store, now_text


def add_plan(
    store: Store,
    key: str,
    today: date,
    *,
    goal: str,
    services: tuple[ServiceType, ...],
    review_on: date,
    on: date | None = None,
) -> dict[str, Any]:
    day = on or today
    goal_text = normalise_text(goal, 1000)
    if not goal_text:
        raise InvalidInput("计划目标为空，请用 --goal 填写")
    if review_on <= day:
        raise InvalidInput(f"复核日期 {review_on.isoformat()} 应晚于计划开始日期 {day.isoformat()}")
    with store.write() as conn:
        child = require_active_child(conn, key, day, today, "计划")
        values = {
            "child_id": int(child["id"]),
            "goal": goal_text,
            "services": json.dumps([s.value for s in services]),
            "opened_on": day.isoformat(),
            "review_on": review_on.isoformat(),
            "status": "open",
            "created_at": now_text(),
        }
        pid = insert(conn, "plans", values)
        audit = {k: v for k, v in values.items() if k not in ("child_id", "created_at")}
        store.audit("insert", "plan", plan_code(pid), None, {"child": child["code"], **audit})
    return plan_dict(require_plan(store.conn, str(pid)), today)


def review_plan(
    store: Store,
    key: str,
    today: date,
    *,
    on: date | None = None,
    next_review: date | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    day = on or today
    check_not_future(day, today, "复核日期")
    nxt = next_review or add_months(day, PLAN_REVIEW_MONTHS)
    if nxt <= day:
        raise InvalidInput(f"下次复核日期 {nxt.isoformat()} 应晚于本次复核日期 {day.isoformat()}")
    with store.write() as conn:
        plan = _open_plan(conn, key, day)
        last = q.last_review_on(conn, int(plan["id"]))
        if last and day.isoformat() < last:
            raise RuleViolation(f"复核日期 {day.isoformat()} 早于上次复核 {last}，请核对")
        insert(
            conn,
            "plan_reviews",
            {
                "plan_id": plan["id"],
                "reviewed_on": day.isoformat(),
                "next_review_on": nxt.isoformat(),
                "note": normalise_text(note) or None,
                "operator": store.operator,
                "created_at": now_text(),
                "previous_review_on": plan["review_on"],  # restored if this review is voided
            },
        )
        update(conn, "plans", int(plan["id"]), {"review_on": nxt.isoformat()})
        store.audit(
            "review",
            "plan",
            plan_code(plan["id"]),
            {"review_on": plan["review_on"]},
            {"review_on": nxt.isoformat(), "reviewed_on": day.isoformat()},
        )
    return plan_dict(require_plan(store.conn, key), today)


def close_plan(
    store: Store, key: str, today: date, *, on: date | None = None, note: str | None = None
) -> dict[str, Any]:
    day = on or today
    check_not_future(day, today, "结束日期")
    with store.write() as conn:
        plan = _open_plan(conn, key, day)
        after = {
            "status": "closed",
            "closed_on": day.isoformat(),
            "close_note": normalise_text(note) or None,
        }
        update(conn, "plans", int(plan["id"]), after)
        store.audit("close", "plan", plan_code(plan["id"]), {"status": "open"}, after)
    return plan_dict(require_plan(store.conn, key), today)


def _open_plan(conn: sqlite3.Connection, key: str, day: date) -> sqlite3.Row:
    plan = require_plan(conn, key)
    if plan["status"] != "open":
        raise RuleViolation(f"服务计划 {plan_code(plan['id'])} 已于 {plan['closed_on']} 结束")
    if day.isoformat() < plan["opened_on"]:
        raise RuleViolation(f"日期 {day.isoformat()} 早于计划开始日期 {plan['opened_on']}，请核对")
    return plan


def plan_dict(row: sqlite3.Row, today: date) -> dict[str, Any]:
    overdue = row["status"] == "open" and row["review_on"] < today.isoformat()
    return {
        "code": plan_code(row["id"]),
        "child": row["child"],
        "name": row["name"],
        "goal": row["goal"],
        "services": json.loads(row["services"]),
        "opened_on": row["opened_on"],
        "review_on": row["review_on"],
        "status": row["status"],
        "closed_on": row["closed_on"],
        "overdue": overdue,
        "days_overdue": (today - date.fromisoformat(row["review_on"])).days if overdue else 0,
    }


def list_plans(
    store: Store,
    today: date,
    *,
    child: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    include_voided: bool = False,
) -> list[dict[str, Any]]:
    rows = q.list_plans(
        store.conn,
        today.isoformat(),
        child_id=int(require_child(store.conn, child)["id"]) if child else None,
        status=status,
        overdue=overdue,
        include_voided=include_voided,
    )
    return [{**plan_dict(r, today), **(void_marks(r) if include_voided else {})} for r in rows]


def checked_plan_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of the plan with the changes (goal, services, on, review_on) applied,
    after the checks of ``wbz plan add``."""
    day = parse_date(e.value("on", "opened_on"), "计划开始日期")
    review_on = parse_date(e.value("review_on"), "复核日期")
    goal = normalise_text(e.value("goal"), 1000)
    if not goal:
        raise InvalidInput("计划目标为空，请用 --goal 填写")
    if review_on <= day:
        raise InvalidInput(f"复核日期 {review_on.isoformat()} 应晚于计划开始日期 {day.isoformat()}")
    if e.row["closed_on"] and day.isoformat() > e.row["closed_on"]:
        raise RuleViolation(f"计划开始日期 {day.isoformat()} 晚于结束日期 {e.row['closed_on']}")
    require_active_child(conn, e.child_key(), day, e.today, "计划")
    services = e.changes.get("services")
    return {
        "goal": goal,
        "services": json.dumps([ServiceType.parse(s).value for s in services])
        if services
        else e.row["services"],
        "opened_on": day.isoformat(),
        "review_on": review_on.isoformat(),
    }


def plan_reviews_due(
    conn: sqlite3.Connection, today: date, within_days: int = 0
) -> list[dict[str, Any]]:
    """Open plans of active children due for review by ``today`` (plus ``within_days``), as
    rows for ``wbz due``: child, name, next_due, days_overdue, reason, plan."""
    from datetime import timedelta

    horizon = (today + timedelta(days=within_days)).isoformat()
    rows = q.plans_due_for_review(conn, horizon, today.isoformat())
    return [
        {
            "child": r["code"],
            "name": r["name"],
            "next_due": r["review_on"],
            "days_overdue": max((today - date.fromisoformat(r["review_on"])).days, 0),
            "reason": f"服务计划 {plan_code(r['id'])} 到期复核",
            "plan": plan_code(r["id"]),
        }
        for r in rows
    ]
