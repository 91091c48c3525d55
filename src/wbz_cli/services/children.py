"""Registering children and keeping their files: update, close, reopen (reading a file is
services/child_file.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from wbz_cli.domain.child_record import ChildFile
from wbz_cli.domain.children import (
    category_expires_on,
    check_age_for_case,
    check_category_age,
    check_name,
    format_code,
    normalise_text,
)
from wbz_cli.domain.dates import check_not_future
from wbz_cli.domain.enums import Category, CloseReason, DifficultSubtype, Risk
from wbz_cli.domain.errors import Conflict, InvalidInput, NotFound, RuleViolation
from wbz_cli.services.child_file import child_file
from wbz_cli.services.placements import check_none_open_at_close
from wbz_cli.store import children as q
from wbz_cli.store.children import require_child
from wbz_cli.store.session import Store, now_text

if TYPE_CHECKING:  # pydantic stays out of the listings' start-up
    from wbz_cli.domain.inputs import ChildInput
    from wbz_cli.services.particulars import Corrections

CHILD_FIELDS = ("name", "community", "worker", "risk", "status", "household_id")


@dataclass(frozen=True)
class Registered:
    code: str
    household: str
    name: str


def register(store: Store, child: ChildInput, today: date) -> Registered:
    """Open a case for a new child (with a new household, or attached to an existing one)."""
    info = child.id_number
    check_not_future(child.on, today, "登记日期")
    if info.birth_date > child.on:
        raise RuleViolation(
            f"出生日期 {info.birth_date.isoformat()} 晚于登记日期 {child.on.isoformat()}，请核对"
        )
    check_age_for_case(info.birth_date, child.on)
    for cat in child.categories:
        check_category_age(cat, info.birth_date, child.on)
    with store.write() as conn:
        existing = q.child_by_id_number(conn, info.number)
        if existing is not None:
            raise Conflict(
                f"该身份证号已登记为 {existing['code']}（{existing['name']}），"
                f"请用 wbz show {existing['code']} 查看或 wbz update 修改"
            )
        household_id, household_code = _household_for(store, conn, child)
        return Registered(
            _insert_child(store, conn, child, household_id), household_code, child.name
        )


def _household_for(store: Store, conn: sqlite3.Connection, child: ChildInput) -> tuple[int, str]:
    on = child.on.isoformat()
    if child.household:
        row = q.household(conn, child.household)
        if row is None:
            raise NotFound(f"找不到家庭“{child.household}”：请用 wbz household list 查看家庭编号")
        if child.guardian:
            add_guardian_row(
                store,
                conn,
                row,
                child.guardian,
                child.relation,
                child.guardian_phone,
                child.guardian_situation,
                None,
            )
        return int(row["id"]), str(row["code"])
    hid = q.next_id(conn, "households")
    values = {
        "id": hid,
        "code": format_code("H", hid),
        "address": child.address,
        "community": child.community,
        "income_status": (child.income_status.value if child.income_status else "none"),
        "created_on": on,
    }
    q.insert(conn, "households", values)
    store.audit("insert", "household", str(values["code"]), None, values)
    if child.guardian:
        row = q.household(conn, hid)
        assert row is not None
        add_guardian_row(
            store,
            conn,
            row,
            child.guardian,
            child.relation,
            child.guardian_phone,
            child.guardian_situation,
            None,
            primary=True,
        )
    return hid, str(values["code"])


def add_guardian_row(
    store: Store,
    conn: sqlite3.Connection,
    household: sqlite3.Row,
    name: str,
    relation: str | None,
    phone: str | None,
    situation: Any,
    id_number: str | None,
    *,
    primary: bool = False,
) -> int:
    has_primary = q.has_primary_guardian(conn, household["id"])
    values = {
        "household_id": household["id"],
        "name": name,
        "relation": relation,
        "phone": phone,
        "situation": situation.value if situation is not None else None,
        "id_number": id_number,
        "is_primary": int(primary or not has_primary),
    }
    gid = q.insert(conn, "guardians", values)
    store.audit("insert", "guardian", f"{household['code']}/{gid}", None, values)
    return gid


def _insert_child(store: Store, conn: sqlite3.Connection, child: ChildInput, hid: int) -> str:
    info = child.id_number
    on = child.on.isoformat()
    cid = q.next_id(conn, "children")
    stamp = now_text()
    risk = (child.risk or Risk.UNASSESSED).value
    values = {
        "id": cid,
        "code": format_code("C", cid),
        "name": child.name,
        "id_number": info.number,
        "birth_date": info.birth_date.isoformat(),
        "gender": info.gender.value,
        "household_id": hid,
        "community": child.community,
        "worker": child.worker,
        "risk": risk,
        "status": "active",
        "registered_on": on,
        "created_at": stamp,
        "updated_at": stamp,
    }
    q.insert(conn, "children", values)
    q.insert(conn, "case_periods", {"child_id": cid, "opened_on": on})
    q.insert(
        conn,
        "risk_history",
        {"child_id": cid, "risk": risk, "effective_on": on, "source": "register"},
    )
    for cat in child.categories:
        subtype = child.subtype.value if (child.subtype and cat is Category.DIFFICULT) else None
        _open_category(conn, cid, cat, subtype, child.on, info.birth_date)
    audit_values = {k: v for k, v in values.items() if k not in ("created_at", "updated_at")}
    audit_values["categories"] = [c.value for c in child.categories]
    store.audit("register", "child", str(values["code"]), None, audit_values)
    return str(values["code"])


def _open_category(
    conn: sqlite3.Connection, cid: int, cat: Category, subtype: str | None, on: date, birth: date
) -> None:
    expires = category_expires_on(cat, birth)
    q.insert(
        conn,
        "child_categories",
        {
            "child_id": cid,
            "category": cat.value,
            "subtype": subtype,
            "start_on": on.isoformat(),
            "expires_on": expires.isoformat() if expires else None,
        },
    )


def update_child(
    store: Store,
    key: str,
    today: date,
    *,
    on: date | None = None,
    name: str | None = None,
    community: str | None = None,
    worker: str | None = None,
    risk: Risk | None = None,
    add_categories: tuple[Category, ...] = (),
    end_categories: tuple[Category, ...] = (),
    subtype: DifficultSubtype | None = None,
    household: str | None = None,
    corrections: Corrections | None = None,
) -> ChildFile:
    """Change a child's file; category changes and risk changes take effect on ``on``;
    ``corrections`` (registration date, starts, ID number) first, see services/particulars."""
    from wbz_cli.services.particulars import correct

    day = on or today
    check_not_future(day, today, "生效日期")
    with store.write() as conn:
        row = require_child(conn, key)
        corrected = correct(store, conn, row, corrections, today) if corrections else False
        if corrected:
            row = require_child(conn, row["code"])
        cid = int(row["id"])
        if day.isoformat() < row["registered_on"]:
            raise RuleViolation(
                f"生效日期 {day.isoformat()} 早于登记日期 {row['registered_on']}，请核对"
            )
        birth = date.fromisoformat(row["birth_date"])
        before = {k: row[k] for k in CHILD_FIELDS}
        after = dict(before)
        if name is not None:
            after["name"] = check_name(name)
        if community is not None:
            after["community"] = normalise_text(community, 100) or None
        if worker is not None:
            after["worker"] = normalise_text(worker, 100) or None
        if household is not None:
            target = q.household(conn, household)
            if target is None:
                raise NotFound(f"找不到家庭“{household}”：请用 wbz household list 查看家庭编号")
            after["household_id"] = int(target["id"])
        changed = _change_categories(
            store, conn, row, birth, day, add_categories, end_categories, subtype
        )
        if risk is not None and risk.value != row["risk"]:
            after["risk"] = risk.value
            q.insert(
                conn,
                "risk_history",
                {
                    "child_id": cid,
                    "risk": risk.value,
                    "effective_on": day.isoformat(),
                    "source": "update",
                },
            )
        if after == before and not changed and not corrected:
            raise InvalidInput("没有要修改的内容：请至少给出一个选项，见 wbz update --help")
        if after != before:
            q.update(conn, "children", cid, {**after, "updated_at": now_text()})
            store.audit("update", "child", row["code"], before, after)
    return child_file(store, row["code"], today)


def _change_categories(
    store: Store,
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    birth: date,
    day: date,
    add: tuple[Category, ...],
    end: tuple[Category, ...],
    subtype: DifficultSubtype | None,
) -> bool:
    cid = int(row["id"])
    iso = day.isoformat()
    current = {k["category"]: k for k in q.open_category_periods(conn, cid, iso)}
    for cat in end:
        period = current.get(cat.value)
        if period is None:
            raise RuleViolation(f"{row['code']} 当前不属于{cat.label}，无需结束")
        if iso < period["start_on"]:
            raise RuleViolation(
                f"结束日期 {iso} 早于{cat.label}的开始日期 {period['start_on']}，请核对"
            )
        q.update(
            conn, "child_categories", int(period["id"]), {"end_on": iso, "end_reason": "ended"}
        )
        store.audit(
            "end_category",
            "child",
            row["code"],
            {"category": cat.value, "end_on": None},
            {"category": cat.value, "end_on": iso},
        )
        del current[cat.value]
    for cat in add:
        if cat.value in current:
            raise Conflict(f"{row['code']} 已属于{cat.label}，无需重复添加")
        check_category_age(cat, birth, day)
        sub = subtype.value if (subtype and cat is Category.DIFFICULT) else None
        _open_category(conn, cid, cat, sub, day, birth)
        store.audit(
            "add_category",
            "child",
            row["code"],
            None,
            {"category": cat.value, "start_on": iso, "subtype": sub},
        )
    if subtype is not None and Category.DIFFICULT not in add:
        period = current.get(Category.DIFFICULT.value)
        if period is None:
            raise RuleViolation("困境类型只适用于困境儿童：请同时添加 difficult 类别")
        q.update(conn, "child_categories", int(period["id"]), {"subtype": subtype.value})
        store.audit(
            "update",
            "child_category",
            row["code"],
            {"subtype": period["subtype"]},
            {"subtype": subtype.value},
        )
        return True
    return bool(add or end)


def close_child(
    store: Store, key: str, reason: CloseReason, on: date | None, today: date
) -> ChildFile:
    day = on or today
    check_not_future(day, today, "退出日期")
    with store.write() as conn:
        row = require_child(conn, key)
        if row["status"] == "closed":
            raise RuleViolation(
                f"{row['code']} 已于 {row['closed_on']} 退出，无需重复办理；如需恢复请用 wbz reopen"
            )
        period = q.open_case_period(conn, int(row["id"]))
        assert period is not None
        if day.isoformat() < period["opened_on"]:
            raise RuleViolation(
                f"退出日期 {day.isoformat()} 早于本次立案日期 {period['opened_on']}，请核对"
            )
        check_none_open_at_close(conn, row, day)
        q.update(
            conn,
            "case_periods",
            int(period["id"]),
            {"closed_on": day.isoformat(), "close_reason": reason.value},
        )
        after = {"status": "closed", "closed_on": day.isoformat(), "close_reason": reason.value}
        q.update(conn, "children", int(row["id"]), {**after, "updated_at": now_text()})
        store.audit(
            "close",
            "child",
            row["code"],
            {"status": row["status"], "closed_on": None, "close_reason": None},
            after,
        )
    return child_file(store, row["code"], today)


def reopen_child(store: Store, key: str, on: date | None, today: date) -> ChildFile:
    day = on or today
    check_not_future(day, today, "恢复日期")
    with store.write() as conn:
        row = require_child(conn, key)
        if row["status"] == "active":
            raise RuleViolation(f"{row['code']} 当前在册，无需恢复")
        if row["anonymised_on"]:
            raise RuleViolation(
                f"{row['code']} 的档案已于 {row['anonymised_on']} 匿名化，不能恢复："
                "请重新登记该儿童"
            )
        if day.isoformat() < row["closed_on"]:
            raise RuleViolation(
                f"恢复日期 {day.isoformat()} 早于退出日期 {row['closed_on']}，请核对"
            )
        check_age_for_case(date.fromisoformat(row["birth_date"]), day)
        q.insert(conn, "case_periods", {"child_id": row["id"], "opened_on": day.isoformat()})
        after = {"status": "active", "closed_on": None, "close_reason": None}
        q.update(conn, "children", int(row["id"]), {**after, "updated_at": now_text()})
        store.audit(
            "reopen",
            "child",
            row["code"],
            {
                "status": "closed",
                "closed_on": row["closed_on"],
                "close_reason": row["close_reason"],
            },
            {**after, "reopened_on": day.isoformat()},
        )
    return child_file(store, row["code"], today)
