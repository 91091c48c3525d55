"""Possible duplicate children, and merging child B into child A keeping all history.

Merging moves every row that points at B (found from the schema's foreign keys, so tables
added later move too) onto A: visits, leads, services, subsidies, plans, assessments,
activity links ... Case periods, category periods and risk entries are merged by date
(domain/merged_history.py): on every day A is what both files said for that day. B's row
stays, closed, with ``merged_into`` = A: its code and ID number still lead to A, and its ID
number cannot be registered again. One transaction, audited.

What the merge changed is kept (``child_merges``): ``undo_merge`` puts both children back as
they were, while neither has been written since.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.children import category_expires_on
from wbz_cli.domain.duplicates import Period, check_same_person, duplicate_groups
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import Conflict, InvalidInput, NotFound, RuleViolation
from wbz_cli.domain.merged_history import (
    RiskEntry,
    merged_categories,
    merged_periods,
    merged_risks,
)
from wbz_cli.domain.privacy import mask_key
from wbz_cli.store import applications as aq
from wbz_cli.store import children as cq
from wbz_cli.store import merge as q
from wbz_cli.store.session import Store, now_text

SPECIAL = {"children", "case_periods", "child_categories", "risk_history"}
#: Tables of periods and entries that the merge rebuilds (kept whole for the undo).
REBUILT = ("case_periods", "child_categories", "risk_history")


def duplicates(store: Store) -> list[list[dict[str, Any]]]:
    """Groups of children on file with the same normalised name and birth date."""
    return duplicate_groups(q.children_sharing_birth_dates(store.conn))


def _child(conn: sqlite3.Connection, key: str, which: str) -> dict[str, Any]:
    row = cq.require_child(conn, key, follow=False)
    if row["merged_into"] is not None:
        target = cq.code_of(conn, row["merged_into"])
        raise RuleViolation(
            f"{which} {row['code']} 已于 {row['merged_on']} 合并到 {target}，请改用 {target}"
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


def refuse_overlapping_stays(
    conn: sqlite3.Connection, a: dict[str, Any], b: dict[str, Any]
) -> None:
    """Placements of A and B whose days meet, or pairings of both with the same resource over
    the same days, would be one child in two places (or paired twice) after the merge."""
    from wbz_cli.store.pairs import same_pairs_across
    from wbz_cli.store.placements import overlapping_across

    for what, found, fix in (
        ("安置记录", overlapping_across(conn, int(a["id"]), int(b["id"])), "placement"),
        ("结对", same_pairs_across(conn, int(a["id"]), int(b["id"])), "pair"),
    ):
        if found:
            listed = "、".join(f"{x} 与 {y}" for x, y in found[:10])
            raise Conflict(
                f"{a['code']} 和 {b['code']} 有时间重叠的{what}（{listed}），合并后同一儿童会重复："
                f"请先用 wbz {fix} edit 或 wbz {fix} void 处理重复的记录后再合并"
            )


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
        refuse_overlapping_stays(conn, a, b)
        pair = (int(a["id"]), int(b["id"]))
        before: dict[str, Any] = {
            "children": q.rows_of(conn, "children", "id", pair),
            "rows": {f"{t}.child_id": q.rows_of(conn, t, "child_id", pair) for t in REBUILT},
            "moved": {},
            "redirected": q.redirected_from(conn, pair[1]),
        }
        moved: dict[str, int] = {}
        for table, column, link in q.tables_pointing_at_children(conn):
            if table in SPECIAL:
                continue
            if link:
                before["rows"][f"{table}.{column}"] = q.rows_of(conn, table, column, pair)
            else:
                before["moved"][f"{table}.{column}"] = q.rowids_of(conn, table, column, pair[1])
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
        links = _unlink_applications(conn, pair)
        before["category_links"] = [[r["id"], r["category_id"]] for r in links]
        moved["child_categories"] = _join_categories(conn, a, b)
        for r in links:  # each approval names the joined period holding on its first day
            found = aq.period_covering(conn, pair[0], r["category"], r["start_on"])
            aq.set_category_link(conn, int(r["id"]), found)
        moved["risk_history"] = _join_risks(conn, a, b)
        after = _refresh(conn, a, b)
        q.redirect_merged(conn, b["id"], a["id"])
        stamp = now_text()
        q.mark_merged(conn, b["id"], a["id"], iso, stamp)
        q.record_merge(
            conn, pair[0], pair[1], iso, json.dumps(before, ensure_ascii=False),
            q.digest(conn, pair), stamp,
        )  # fmt: skip
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
    own: tuple[list[Period], list[Period]] = ([], [])
    for r in rows:
        own[0 if r["child_id"] == a["id"] else 1].append(
            Period(r["opened_on"], r["closed_on"], r["close_reason"])
        )
    q.replace_case_periods(conn, a["id"], b["id"], merged_periods(*own))
    return len(own[1])


def _unlink_applications(conn: sqlite3.Connection, pair: tuple[int, int]) -> list[sqlite3.Row]:
    """Let go of the category periods the children's approved applications name, so those
    periods can be rewritten; what they named, to name again after."""
    links = aq.category_links(conn, pair)
    for r in links:
        aq.set_category_link(conn, int(r["id"]), None)
    return links


def _join_categories(conn: sqlite3.Connection, a: dict[str, Any], b: dict[str, Any]) -> int:
    rows = q.periods(conn, "child_categories", (a["id"], b["id"]))
    moved = sum(1 for r in rows if r["child_id"] == b["id"])
    birth = date.fromisoformat(a["birth_date"])
    by_child: tuple[dict[str, list[Period]], dict[str, list[Period]]] = ({}, {})
    for r in rows:
        by_child[0 if r["child_id"] == a["id"] else 1].setdefault(r["category"], []).append(
            Period(r["start_on"], r["end_on"], r["end_reason"], r["subtype"])
        )
    out = []
    for category, periods in merged_categories(*by_child).items():
        expires = category_expires_on(Category.parse(category), birth)
        for p in periods:
            out.append((category, p, expires.isoformat() if expires else None))
    q.replace_category_periods(conn, a["id"], b["id"], out)
    return moved


def _join_risks(conn: sqlite3.Connection, a: dict[str, Any], b: dict[str, Any]) -> int:
    """Both files' risk entries rewritten for A in the order that makes the risk in force on
    each day the latest by date among both, A's on a tie."""
    kept, merged = (
        [RiskEntry(r["risk"], r["effective_on"], r["source"]) for r in cq.risk_history(conn, c)]
        for c in (int(a["id"]), int(b["id"]))
    )
    joined = merged_risks(kept, merged)
    q.replace_rows(conn, "risk_history", "child_id", (int(a["id"]), int(b["id"])), [])
    q.insert_risks(conn, int(a["id"]), [(e.risk, e.on, e.source) for e in joined])
    return len(merged)


def _refresh(conn: sqlite3.Connection, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """A's registration date, status, risk and household from its joined history."""
    cases = q.periods(conn, "case_periods", (a["id"],))
    if not cases:
        raise RuleViolation(f"{a['code']} 没有立案记录，无法合并")
    last = max(cases, key=lambda r: r["opened_on"])
    values = {
        "registered_on": min(r["opened_on"] for r in cases),
        "status": "active" if last["closed_on"] is None else "closed",
        "closed_on": last["closed_on"],
        "close_reason": last["close_reason"],
        "risk": cq.latest_risk(conn, a["id"]) or "unassessed",
        "household_id": a["household_id"] if a["household_id"] is not None else b["household_id"],
        "updated_at": now_text(),
    }
    cq.update(conn, "children", a["id"], values)
    return {k: v for k, v in values.items() if k != "updated_at"}


def undo_merge(store: Store, key_a: str, key_b: str) -> dict[str, Any]:
    """Put A and B back as they were before ``merge(A, B)``: refused once either child has
    been written since (a visit, a correction, another merge ...)."""
    with store.write() as conn:
        a = cq.find_child(conn, key_a, follow=False) or cq.named_child(conn, key_a)
        b = cq.find_child(conn, key_b, follow=False) or cq.named_child(conn, key_b)
        if a is None or b is None:
            missing = key_a if a is None else key_b
            raise NotFound(
                f"找不到儿童“{missing}”：请输入儿童编号（如 C000123）或完整的 18 位身份证号"
            )
        record = q.latest_merge(conn, int(a["id"]), int(b["id"]))
        if record is None:
            raise RuleViolation(
                f"{b['code']} 没有合并到 {a['code']}，无可撤销的合并：请核对两个编号的顺序"
                "（先写保留的儿童，再写被合并的儿童）"
            )
        pair = (int(a["id"]), int(b["id"]))
        if q.digest(conn, pair) != record["digest"]:
            raise RuleViolation(
                f"{a['code']} 于 {record['merged_on']} 合并 {b['code']} 以后又有新的记录或修改，"
                f"不能撤销合并：请用 wbz audit 查看此后的改动，逐条更正"
            )
        before = json.loads(record["before"])
        _unlink_applications(conn, pair)
        for name, rowids in before["moved"].items():
            table, column = name.split(".")
            q.set_child_of(conn, table, column, pair[1], rowids)
        for name, rows in before["rows"].items():
            table, column = name.split(".")
            q.replace_rows(conn, table, column, pair, rows)
        for application_id, period in before.get("category_links", []):
            aq.set_category_link(conn, int(application_id), period)
        b_before = next(r for r in before["children"] if r["id"] == pair[1])
        for row in before["children"]:
            cq.update(conn, "children", int(row["id"]), {k: v for k, v in row.items() if k != "id"})
        q.set_child_of(conn, "children", "merged_into", pair[1], before["redirected"])
        q.mark_undone(conn, int(record["id"]), now_text())
        store.audit("unmerge", "child", a["code"], {"merged": b["code"]}, {"merged": None})
        store.audit(
            "unmerged", "child", b["code"],
            {"merged_into": a["code"], "status": "closed"},
            {"merged_into": None, "status": b_before["status"]},
        )  # fmt: skip
    return {"kept": a["code"], "merged": b["code"], "merged_on": record["merged_on"]}
