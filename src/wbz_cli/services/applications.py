"""Applications (申请、审核): a child's application for a category (身份认定) or a subsidy,
and its decision. An approved category application opens the category on the day it starts,
through the same write as ``wbz update --add-category`` (checks, audit row and all), in the
same transaction as the decision: either both are written or neither."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.children import normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.enums import Category, DifficultSubtype
from wbz_cli.domain.errors import InvalidInput, NotFound, RuleViolation
from wbz_cli.domain.record_vocab import ApplicationKind, ApplicationStatus
from wbz_cli.domain.vocab import SubsidyType
from wbz_cli.store import applications as q
from wbz_cli.store.children import insert, require_child, update
from wbz_cli.store.records import child_of, record, void_marks
from wbz_cli.store.session import Store, now_text
from wbz_cli.store.visits import case_open_on

KIND = "application"


def add_application(
    store: Store,
    key: str,
    today: date,
    *,
    category: str | None,
    subsidy: str | None,
    applied_on: date,
    subtype: str | None = None,
    agency: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    """Record an application for one category or one subsidy type."""
    if (category is None) == (subsidy is None):
        raise InvalidInput("请给出申请的事项：--category 类别 或 --subsidy 补贴类型（二选一）")
    kind = ApplicationKind.CATEGORY if category is not None else ApplicationKind.SUBSIDY
    what = (
        Category.parse(category).value if category is not None else SubsidyType.parse(subsidy).value
    )
    if subtype is not None and what != Category.DIFFICULT.value:
        raise InvalidInput("困境类型（--subtype）只适用于申请困境儿童类别（--category difficult）")
    with store.write() as conn:
        child = require_child(conn, key)
        values = {
            "kind": kind.value,
            "what": what,
            "subtype": DifficultSubtype.parse(subtype).value if subtype else None,
            **_applied(conn, child, None, kind.value, what, applied_on, agency, notes, today),
        }
        aid = insert(conn, "applications", {"child_id": int(child["id"]), **values,
                                            "created_at": now_text()})  # fmt: skip
        store.audit("insert", KIND, f"{child['code']}/{aid}", None, values)
    return {"id": aid, "child": child["code"], "name": child["name"], **values,
            "status": "pending"}  # fmt: skip


def _applied(
    conn: sqlite3.Connection,
    child: sqlite3.Row,
    besides: int | None,
    kind: str,
    what: str,
    applied_on: date,
    agency: object,
    notes: object,
    today: date,
    *,
    pending: bool = True,
) -> dict[str, Any]:
    """The columns of an application as made, after the checks of ``apply add``."""
    check_not_future(applied_on, today, "申请日期")
    day = applied_on.isoformat()
    if not case_open_on(conn, int(child["id"]), day):
        raise RuleViolation(
            f"{child['code']}（{child['name']}）在 {day} 不在册，申请日期须在儿童的在册期间内"
        )
    same = q.pending_same(conn, int(child["id"]), kind, what, besides) if pending else None
    if same is not None:
        raise RuleViolation(
            f"{child['code']} 已有同一事项的申请 {same['id']}（{same['applied_on']}）待审核："
            f"请用 wbz apply decide {same['id']} 登记结果"
        )
    return {
        "applied_on": day,
        "agency": normalise_text(agency, 100) or None,
        "notes": normalise_text(notes, 500) or None,
    }


def decide_application(
    store: Store,
    number: str,
    today: date,
    *,
    approve: bool,
    decided_on: date,
    starts_on: date | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Record the decision on a pending application; an approved category application opens
    the category on ``starts_on``."""
    from wbz_cli.services.children import update_child

    pid = _id(number)
    check_not_future(decided_on, today, "审核日期")
    with store.write() as conn:
        row = record(conn, "applications", pid)
        if row is None or row["voided_at"] is not None:
            raise NotFound(f"找不到申请 {number}：请用 wbz apply list 查看")
        if row["status"] != "pending":
            label = ApplicationStatus.of(row["status"]).label
            raise RuleViolation(
                f"申请 {pid} 已于 {row['decided_on']} 审核（{label}），不能再次审核"
            )
        if decided_on.isoformat() < row["applied_on"]:
            raise InvalidInput(
                f"审核日期 {decided_on.isoformat()} 早于申请日期 {row['applied_on']}，请核对"
            )
        child = child_of(conn, int(row["child_id"]))
        assert child is not None  # an application's child_id references children
        values: dict[str, Any] = {"decided_on": decided_on.isoformat()}
        if approve:
            if row["kind"] == "category" and starts_on is None:
                raise InvalidInput("批准类别申请须写明类别开始日期：请用 --starts-on YYYY-MM-DD")
            values |= {"status": "approved", "starts_on": starts_on.isoformat() if starts_on
                       else None}  # fmt: skip
        else:
            text = normalise_text(reason, 500)
            if not text:
                raise InvalidInput("不予批准须写明原因：请用 --reason 说明")
            values |= {"status": "refused", "refuse_reason": text}
        if approve and row["kind"] == "category" and starts_on is not None:
            sub = DifficultSubtype.of(row["subtype"]) if row["subtype"] else None
            update_child(store, child["code"], today, on=starts_on,
                         add_categories=(Category.of(row["what"]),), subtype=sub)  # fmt: skip
            values["category_id"] = q.opened_category(
                conn, int(child["id"]), row["what"], starts_on.isoformat()
            )
        update(conn, "applications", pid, values)
        store.audit("decide", KIND, f"{child['code']}/{pid}", {"status": "pending"}, values)
    found = q.list_applications(conn, child_id=int(child["id"]))
    return next(application_row(r) for r in found if r["id"] == pid)


def _id(number: str) -> int:
    text = str(number).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise InvalidInput(f"“{number}”不是申请的编号：请用 wbz apply list 查看")
    return int(text)


def checked_application_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of the application with the changes (applied_on, agency, notes) applied,
    after the checks of ``apply add``; the decision is not edited (void and record again)."""
    child = require_child(conn, e.child_key())
    applied_on = parse_date(e.value("applied_on"), "申请日期")
    if e.row["decided_on"] and applied_on.isoformat() > e.row["decided_on"]:
        raise InvalidInput(f"申请日期 {applied_on.isoformat()} 晚于审核日期 {e.row['decided_on']}")
    pending = e.row["status"] == "pending"
    return _applied(conn, child, int(e.row["id"]), e.row["kind"], e.row["what"], applied_on,
                    e.text("agency"), e.text("notes"), e.today, pending=pending)  # fmt: skip


def list_applications(
    store: Store,
    key: str | None,
    *,
    status: ApplicationStatus | None = None,
    include_voided: bool = False,
) -> list[dict[str, Any]]:
    child_id = int(require_child(store.conn, key)["id"]) if key else None
    rows = q.list_applications(
        store.conn,
        child_id=child_id,
        status=status.value if status else None,
        include_voided=include_voided,
    )
    return [{**application_row(r), **(void_marks(r) if include_voided else {})} for r in rows]


def application_row(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"],
        "child": r["child"],
        "name": r["name"],
        "kind": r["kind"],
        "what": r["what"],
        "subtype": r["subtype"],
        "applied_on": r["applied_on"],
        "agency": r["agency"],
        "status": r["status"],
        "decided_on": r["decided_on"],
        "starts_on": r["starts_on"],
        "refuse_reason": r["refuse_reason"],
        "notes": r["notes"],
    }


def _undone_by(application_id: int) -> str:
    """The void reason of a category voided with the approval that opened it."""
    return f"随申请 {application_id} 作废"


def follow_application(store: Store, conn: sqlite3.Connection, application_id: int) -> None:
    """What follows voiding or restoring an approved category application (in the same
    transaction): the category period its approval opened is voided with it, and restored
    with it. A period since ended is left alone and the void refused in one line, as is a void
    that would leave a payment outside the category; a period voided by hand stays voided."""
    from wbz_cli.services.category_voids import unvoid_period, void_period

    row = record(conn, "applications", application_id)
    assert row is not None
    period = record(conn, "child_categories", row["category_id"]) if row["category_id"] else None
    if period is None:
        return
    child = child_of(conn, int(row["child_id"]))
    assert child is not None
    label = Category.of(period["category"]).label
    opened = f"申请 {application_id} 批准时开启的{label}类别（自 {period['start_on']} 起）"
    if row["voided_at"] is None:
        if (period["void_reason"] or "").startswith(_undone_by(application_id)):
            unvoid_period(store, conn, child, period)
        return
    if period["voided_at"] is not None:
        return
    if period["end_on"] is not None:
        raise RuleViolation(
            f"{opened}已于 {period['end_on']} 结束，作废申请不会撤销这段类别：如该类别也是误登，"
            f"请先用 wbz category void {child['code']} {period['category']}={period['start_on']}"
            " 作废，再作废申请；未作任何修改"
        )
    reason = f"{_undone_by(application_id)}：{row['void_reason']}"
    void_period(store, conn, child, period, reason, f"作废{opened}")
