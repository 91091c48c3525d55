"""Correcting a child's particulars with ``wbz update``: the registration date, the latest
case's start, a category's start and the ID number (the birth date and gender follow).

Moving the registration date moves what was recorded with the registration: the first case's
start, the risk entered at registration and the categories that started that day. A
correction that would leave one of the child's records standing where the rules do not allow
it (a visit before the new registration date, a payment of 孤儿基本生活费 before the orphan
category began, a payment after the 18th birthday of the new birth date) is refused with the
list of those records (domain/particulars.py); nothing is changed then.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from wbz_cli.domain import particulars as rules
from wbz_cli.domain.children import category_expires_on, check_age_for_case
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import Conflict, InvalidInput, RuleViolation
from wbz_cli.domain.idnumber import parse_id_number
from wbz_cli.domain.particulars import CategoryPeriod, Particulars, Period, Record
from wbz_cli.store import children as q
from wbz_cli.store.particulars import dated_records
from wbz_cli.store.session import Store


@dataclass(frozen=True)
class Corrections:
    """What ``wbz update`` corrects; None / empty: unchanged."""

    registered_on: date | None = None
    case_start: date | None = None
    category_starts: tuple[tuple[Category, date], ...] = ()
    id_number: str | None = None

    def __bool__(self) -> bool:
        return bool(self.registered_on or self.case_start or self.category_starts or self.id_number)


@dataclass
class _Plan:
    """The child's particulars after the correction and the rows to rewrite."""

    child: dict[str, Any]  # children columns that change
    cases: dict[int, str]  # case period id -> new opened_on
    categories: dict[int, str]  # category period id -> new start_on
    risks: dict[int, str]  # risk entry id -> new effective_on
    change: list[str]  # what is corrected, in words


def correct(
    store: Store, conn: sqlite3.Connection, row: sqlite3.Row, fix: Corrections, today: date
) -> bool:
    """Apply ``fix`` to the child ``row`` inside the caller's transaction; return whether
    anything changed. Refuses (RuleViolation, Conflict, InvalidInput) before writing."""
    if not fix:
        return False
    for day in (fix.registered_on, fix.case_start, *(d for _, d in fix.category_starts)):
        if day is not None and day > today:
            raise InvalidInput(f"日期 {day.isoformat()} 晚于今天 {today.isoformat()}，请核对")
    cid = int(row["id"])
    cases = q.case_periods(conn, cid)
    categories = q.category_periods(conn, cid)
    birth = date.fromisoformat(row["birth_date"])
    before = Particulars(
        birth,
        row["registered_on"],
        [Period(c["opened_on"], c["closed_on"]) for c in cases],
        [CategoryPeriod(k["category"], k["start_on"], k["end_on"]) for k in categories],
    )
    plan = _plan(conn, row, fix, cases, categories)
    new_birth = date.fromisoformat(plan.child.get("birth_date", row["birth_date"]))
    new_registered = plan.child.get("registered_on", row["registered_on"])
    if new_birth.isoformat() > new_registered:
        raise RuleViolation(
            f"出生日期 {new_birth.isoformat()} 晚于登记日期 {new_registered}，请核对"
        )
    check_age_for_case(new_birth, date.fromisoformat(new_registered))
    after = Particulars(
        new_birth,
        new_registered,
        [Period(plan.cases.get(int(c["id"]), c["opened_on"]), c["closed_on"]) for c in cases],
        [
            CategoryPeriod(
                k["category"], plan.categories.get(int(k["id"]), k["start_on"]), k["end_on"]
            )
            for k in categories
        ],
    )
    records = [Record(*r) for r in dated_records(conn, cid)]
    moved: dict[tuple[str, int | str], str] = {
        **{("case", i): d for i, d in plan.cases.items()},
        **{("category", i): d for i, d in plan.categories.items()},
        **{("risk", i): d for i, d in plan.risks.items()},
    }
    broken = rules.broken_by(records, before, after, moved)
    broken += _periods_turned_round(categories, plan.categories)
    if broken:
        raise RuleViolation(
            rules.refusal(
                row["code"], "、".join(plan.change), broken, id_number="id_number" in plan.child
            )
        )
    _write(store, conn, row, plan, categories, new_birth)
    return True


def _plan(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    fix: Corrections,
    cases: list[sqlite3.Row],
    categories: list[sqlite3.Row],
) -> _Plan:
    plan = _Plan({}, {}, {}, {}, [])
    if fix.id_number is not None:
        _plan_id_number(conn, row, fix.id_number, plan)
    registered = fix.registered_on
    if fix.case_start is not None:
        latest = cases[-1]
        if latest["id"] == cases[0]["id"]:
            if registered is not None and registered != fix.case_start:
                raise InvalidInput(
                    f"{row['code']} 只有一次立案，立案日期即登记日期：--case-start 与"
                    " --registered-on 请只给一个"
                )
            registered = fix.case_start
        else:
            _plan_reopened_case(row, cases, fix.case_start, plan)
    if registered is not None:
        _plan_registration(row, registered, cases, categories, plan, conn)
    for category, day in fix.category_starts:
        _plan_category(row, category, day, categories, plan)
    if not plan.change:
        raise InvalidInput("没有要修改的内容：所给的日期或身份证号与档案相同")
    return plan


def _plan_id_number(conn: sqlite3.Connection, row: sqlite3.Row, raw: str, plan: _Plan) -> None:
    info = parse_id_number(raw)
    if info.number == row["id_number"]:
        return
    holder = q.find_child(conn, info.number, follow=False)
    if holder is not None:
        merged = "（已合并）" if holder["merged_into"] is not None else ""
        raise Conflict(
            f"该身份证号已登记为 {holder['code']}（{holder['name']}）{merged}，不能改用："
            f"如是同一人，请用 wbz merge {row['code']} {holder['code']} 合并"
        )
    plan.child.update(
        {"id_number": info.number, "birth_date": info.birth_date.isoformat(),
         "gender": info.gender.value}
    )  # fmt: skip
    plan.change.append(f"更正身份证号（出生日期 {info.birth_date.isoformat()}）")


def _plan_reopened_case(row: sqlite3.Row, cases: list[sqlite3.Row], day: date, plan: _Plan) -> None:
    latest, previous = cases[-1], cases[-2]
    iso = day.isoformat()
    if previous["closed_on"] and iso < previous["closed_on"]:
        raise RuleViolation(
            f"立案日期 {iso} 早于上一次退出日期 {previous['closed_on']}，两次立案不能重叠，请核对"
        )
    if latest["closed_on"] and iso > latest["closed_on"]:
        raise RuleViolation(f"立案日期 {iso} 晚于本次退出日期 {latest['closed_on']}，请核对")
    if iso != latest["opened_on"]:
        plan.cases[int(latest["id"])] = iso
        plan.change.append(f"把本次立案日期改为 {iso}")


def _plan_registration(
    row: sqlite3.Row,
    day: date,
    cases: list[sqlite3.Row],
    categories: list[sqlite3.Row],
    plan: _Plan,
    conn: sqlite3.Connection,
) -> None:
    old, iso = row["registered_on"], day.isoformat()
    first = cases[0]
    if first["closed_on"] and iso > first["closed_on"]:
        raise RuleViolation(f"登记日期 {iso} 晚于第一次退出日期 {first['closed_on']}，请核对")
    if iso == old:
        return
    plan.child["registered_on"] = iso
    plan.cases[int(first["id"])] = iso
    for k in categories:
        if k["start_on"] == old:
            plan.categories[int(k["id"])] = iso
    for r in q.risk_history(conn, int(row["id"])):
        if r["source"] in ("register", "import") and r["effective_on"] == old:
            plan.risks[int(r["id"])] = iso
    plan.change.append(f"把登记日期改为 {iso}")


def _plan_category(
    row: sqlite3.Row, category: Category, day: date, categories: list[sqlite3.Row], plan: _Plan
) -> None:
    iso = day.isoformat()
    own = [k for k in categories if k["category"] == category.value]
    if not own:
        raise RuleViolation(
            f"{row['code']} 没有{category.label}类别，无需改开始日期；新增请用 --add-category"
        )
    latest = max(own, key=lambda k: (k["start_on"], k["id"]))
    registered = plan.child.get("registered_on", row["registered_on"])
    if iso < registered:
        raise RuleViolation(
            f"{category.label}的开始日期 {iso} 早于登记日期 {registered}：请同时用"
            " --registered-on 改登记日期，或改用更晚的日期"
        )
    earlier = [k["end_on"] for k in own if k["id"] != latest["id"] and k["end_on"]]
    if earlier and iso < max(earlier):
        raise RuleViolation(
            f"{category.label}的开始日期 {iso} 早于上一段{category.label}的结束日期 "
            f"{max(earlier)}，两段不能重叠，请核对"
        )
    plan.categories[int(latest["id"])] = iso
    plan.change.append(f"把{category.label}的开始日期改为 {iso}")


def _periods_turned_round(categories: list[sqlite3.Row], starts: dict[int, str]) -> list[Record]:
    """Category periods whose new start would fall after their end."""
    return [
        Record("category", int(k["id"]), starts[int(k["id"])], k["category"])
        for k in categories
        if int(k["id"]) in starts and k["end_on"] and starts[int(k["id"])] > k["end_on"]
    ]


def _write(
    store: Store,
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    plan: _Plan,
    categories: list[sqlite3.Row],
    birth: date,
) -> None:
    from wbz_cli.store.session import now_text

    cid = int(row["id"])
    old_days = {("case_periods", int(c["id"])): c["opened_on"] for c in q.case_periods(conn, cid)}
    old_days |= {
        ("risk_history", int(r["id"])): r["effective_on"] for r in q.risk_history(conn, cid)
    }
    before: dict[str, Any] = {k: row[k] for k in plan.child}
    after: dict[str, Any] = dict(plan.child)
    if plan.child:
        q.update(conn, "children", cid, {**plan.child, "updated_at": now_text()})
    for pid, day in plan.cases.items():
        q.update(conn, "case_periods", pid, {"opened_on": day})
    for rid, day in plan.risks.items():
        q.update(conn, "risk_history", rid, {"effective_on": day})
    for k in categories:
        kid = int(k["id"])
        values: dict[str, Any] = {}
        if kid in plan.categories:
            values["start_on"] = plan.categories[kid]
        if "birth_date" in plan.child:
            expires = category_expires_on(Category.parse(k["category"]), birth)
            values["expires_on"] = expires.isoformat() if expires else None
        values = {key: v for key, v in values.items() if k[key] != v}
        if values:
            q.update(conn, "child_categories", kid, values)
            before[f"category.{k['category']}.{kid}"] = {key: k[key] for key in values}
            after[f"category.{k['category']}.{kid}"] = values
    for table, moved, column in (
        ("case_periods", plan.cases, "opened_on"),
        ("risk_history", plan.risks, "effective_on"),
    ):
        for rid, day in moved.items():
            before[f"{table}.{rid}"] = {column: old_days[(table, rid)]}
            after[f"{table}.{rid}"] = {column: day}
    store.audit("correct", "child", row["code"], before, after)
