"""Possible duplicate children, and merging child B into child A keeping all history.

Merging moves every row that points at B (found from the schema's foreign keys, so tables
added later move too) onto A: visits, leads, services, subsidies, risk history, plans,
assessments, activity links ... Case periods and category periods are joined where they
overlap. B's row stays, closed, with ``merged_into`` = A: its code and ID number still lead
to A, and its ID number cannot be registered again. One transaction, audited.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.children import category_expires_on, unknown_child
from wbz_cli.domain.duplicates import Period, check_same_person, duplicate_groups, union_periods
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import Conflict, InvalidInput, RuleViolation
from wbz_cli.domain.privacy import mask_key
from wbz_cli.services.children import now_text
from wbz_cli.store import children as cq
from wbz_cli.store import merge as q
from wbz_cli.store.session import Store

SPECIAL = {"children", "case_periods", "child_categories"}


def duplicates(store: Store) -> list[list[dict[str, Any]]]:
    """Groups of children on file with the same normalised name and birth date."""
    return duplicate_groups(q.children_sharing_birth_dates(store.conn))


def _child(conn: sqlite3.Connection, key: str, which: str) -> dict[str, Any]:
    row = cq.find_child(conn, key, follow=False)
    if row is None:
        raise unknown_child(key)
    if row["merged_into"] is not None:
        target = conn.execute(
            "SELECT code FROM children WHERE id = ?", (row["merged_into"],)
        ).fetchone()
        raise RuleViolation(
            f"{which} {row['code']} 已于 {row['merged_on']} 合并到 {target['code']}，"
            f"请改用 {target['code']}"
        )
    return dict(row)


def check_pair(conn: sqlite3.Connection, key_a: str, key_b: str) -> tuple[dict, dict]:
    """The two children to merge; refuses a merged child and a child merged with itself."""
    a = _child(conn, key_a, "保留的儿童")
    b = _child(conn, key_b, "被合并的儿童")
    if a["id"] == b["id"]:
        raise InvalidInput(
            f"{a['code']} 和 {mask_key(key_b)} 是同一名儿童，无需合并：请给出两名不同的儿童"
        )
    return a, b


def merge(store: Store, key_a: str, key_b: str, today: date, *, force: bool = False) -> dict:
    """Move B's history onto A and mark B merged into A; return what moved."""
    iso = today.isoformat()
    with store.write() as conn:
        a, b = check_pair(conn, key_a, key_b)
        check_same_person(a, b, force)
        clashes = q.subsidy_clashes(conn, a["id"], b["id"])
        if clashes:
            listed = "、".join(f"{t} {m}" for t, m in clashes[:10])
            more = f" 等 {len(clashes)} 项" if len(clashes) > 10 else ""
            raise Conflict(
                f"{a['code']} 和 {b['code']} 在同一月份有同类补贴（{listed}{more}），合并后会重复："
                "请先核对并删除重复的补贴记录后再合并"
            )
        moved: dict[str, int] = {}
        for table, column, link in q.tables_pointing_at_children(conn):
            if table in SPECIAL:
                continue
            try:
                count = q.move_rows(conn, table, column, a["id"], b["id"], link=link)
            except sqlite3.IntegrityError:
                raise Conflict(
                    f"表 {table} 中 {a['code']} 和 {b['code']} 有相互冲突的记录，无法自动合并："
                    "请先处理重复的记录"
                ) from None
            if count:
                moved[table] = moved.get(table, 0) + count
        moved["case_periods"] = _join_cases(conn, a, b)
        moved["child_categories"] = _join_categories(conn, a, b)
        after = _refresh(conn, a)
        q.redirect_merged(conn, b["id"], a["id"])
        q.mark_merged(conn, b["id"], a["id"], iso, now_text())
        store.audit(
            "merge",
            "child",
            a["code"],
            None,
            {"merged": b["code"], "merged_on": iso, "moved": moved, "force": force, **after},
        )
        store.audit(
            "merged_into",
            "child",
            b["code"],
            {"status": b["status"], "merged_into": None},
            {"status": "closed", "merged_into": a["code"], "close_reason": "merged"},
        )
    household_note = None
    if b["household_id"] is not None and b["household_id"] != a["household_id"]:
        h = cq.household(store.conn, int(b["household_id"]))
        household_note = h["code"] if h else None
    return {
        "kept": a["code"],
        "merged": b["code"],
        "merged_on": iso,
        "moved": {k: v for k, v in moved.items() if v},
        "other_household": household_note,
    }


def _join_cases(conn: sqlite3.Connection, a: dict[str, Any], b: dict[str, Any]) -> int:
    rows = q.periods(conn, "case_periods", (a["id"], b["id"]))
    moved = sum(1 for r in rows if r["child_id"] == b["id"])
    joined = union_periods(
        [Period(r["opened_on"], r["closed_on"], r["close_reason"]) for r in rows]
    )
    q.replace_case_periods(conn, a["id"], b["id"], joined)
    return moved


def _join_categories(conn: sqlite3.Connection, a: dict[str, Any], b: dict[str, Any]) -> int:
    rows = q.periods(conn, "child_categories", (a["id"], b["id"]))
    moved = sum(1 for r in rows if r["child_id"] == b["id"])
    birth = date.fromisoformat(a["birth_date"])
    by_category: dict[str, list[Period]] = {}
    for r in rows:
        by_category.setdefault(r["category"], []).append(
            Period(r["start_on"], r["end_on"], r["end_reason"], r["subtype"])
        )
    out = []
    for category, periods in by_category.items():
        expires = category_expires_on(Category.parse(category), birth)
        for p in union_periods(periods):
            out.append((category, p, expires.isoformat() if expires else None))
    q.replace_category_periods(conn, a["id"], b["id"], out)
    return moved


def _refresh(conn: sqlite3.Connection, a: dict[str, Any]) -> dict[str, Any]:
    """A's registration date, status and risk from its joined history."""
    cases = q.periods(conn, "case_periods", (a["id"],))
    if not cases:
        raise RuleViolation(f"{a['code']} 没有立案记录，无法合并")
    last = max(cases, key=lambda r: r["opened_on"])
    values = {
        "registered_on": min(r["opened_on"] for r in cases),
        "status": "active" if last["closed_on"] is None else "closed",
        "closed_on": last["closed_on"],
        "close_reason": last["close_reason"],
        "risk": q.latest_risk(conn, a["id"]) or a["risk"],
        "updated_at": now_text(),
    }
    cq.update(conn, "children", a["id"], values)
    return {k: v for k, v in values.items() if k != "updated_at"}
