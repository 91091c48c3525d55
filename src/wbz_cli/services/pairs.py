"""Pairings (结对帮扶): a child paired with a resource of the library from a day to a day.

A pairing lies inside the child's case, never starts in the future, and the same child and
resource are not paired twice over the same days. Services and visits may name the pairing
they belong to (``--pair``): it must be the same child's and in force on their day."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.children import normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.errors import InvalidInput, NotFound, RuleViolation
from wbz_cli.services.resources import require_resource, resource_code
from wbz_cli.store import pairs as q
from wbz_cli.store.children import insert, require_child, update
from wbz_cli.store.records import child_of, void_marks
from wbz_cli.store.session import Store, now_text
from wbz_cli.store.visits import case_open_on

KIND = "pair"


def add_pair(
    store: Store,
    key: str,
    today: date,
    *,
    resource: str,
    started_on: date,
    ended_on: date | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    with store.write() as conn:
        child = require_child(conn, key)
        found = require_resource(conn, resource)
        values = _values(conn, child, int(found["id"]), None, started_on, ended_on, notes, today)
        pid = insert(conn, "pairs", {"child_id": int(child["id"]), **values,
                                     "created_at": now_text()})  # fmt: skip
        store.audit("insert", KIND, f"{child['code']}/{pid}", None, values)
    return _pair_row(store.conn, pid)


def end_pair(store: Store, number: str, today: date, *, ended_on: date) -> dict[str, Any]:
    pid = _id(number)
    with store.write() as conn:
        row = q.pair(conn, pid)
        if row is None or row["voided_at"] is not None:
            raise NotFound(f"找不到结对 {number}：请用 wbz pair list 查看")
        if row["ended_on"] is not None:
            raise RuleViolation(
                f"结对 {pid} 已于 {row['ended_on']} 结束；如日期有误请用 wbz pair edit"
            )
        child = child_of(conn, int(row["child_id"]))
        assert child is not None
        start = date.fromisoformat(row["started_on"])
        rid = int(row["resource_id"])
        values = _values(conn, child, rid, pid, start, ended_on, row["notes"], today)
        update(conn, "pairs", pid, {"ended_on": values["ended_on"]})
        store.audit("update", KIND, f"{child['code']}/{pid}", {"ended_on": None},
                    {"ended_on": values["ended_on"]})  # fmt: skip
    return _pair_row(store.conn, pid)


def _id(number: str) -> int:
    text = str(number).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise InvalidInput(f"“{number}”不是结对的编号：请用 wbz pair list 查看")
    return int(text)


def _values(
    conn: sqlite3.Connection,
    child: sqlite3.Row,
    resource_id: int,
    besides: int | None,
    started_on: date,
    ended_on: date | None,
    notes: object,
    today: date,
) -> dict[str, Any]:
    """The columns of a pairing after the checks of ``pair add``."""
    who = f"{child['code']}（{child['name']}）"
    check_not_future(started_on, today, "结对开始日期")
    start = started_on.isoformat()
    end = ended_on.isoformat() if ended_on else None
    if ended_on is not None and ended_on < started_on:
        raise InvalidInput(f"结对结束日期 {end} 早于开始日期 {start}，请核对")
    if not case_open_on(conn, int(child["id"]), start):
        raise RuleViolation(f"{who} 在 {start} 不在册，结对开始日期须在儿童的在册期间内")
    if (
        end is not None
        and end <= today.isoformat()
        and not case_open_on(conn, int(child["id"]), end)
    ):
        raise RuleViolation(f"{who} 在 {end} 不在册，结对结束日期须在儿童的在册期间内")
    same = q.same_pair(conn, int(child["id"]), resource_id, start, end, besides)
    if same is not None:
        raise RuleViolation(
            f"{who} 与 {resource_code(resource_id)} 已有结对 {same['id']}（自 {same['started_on']}"
            f" 起），时间重叠：请用 wbz pair list {child['code']} 查看"
        )
    return {
        "resource_id": resource_id,
        "started_on": start,
        "ended_on": end,
        "notes": normalise_text(notes, 500) or None,
    }


def checked_pair_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of the pairing with the changes (resource, started_on, ended_on, notes)
    applied, after the checks of ``pair add``."""
    child = require_child(conn, e.child_key())
    resource_id = (
        int(require_resource(conn, str(e.changes["resource"]))["id"])
        if "resource" in e.changes
        else int(e.row["resource_id"])
    )
    ended = e.value("ended_on")
    return _values(
        conn, child, resource_id, int(e.row["id"]), parse_date(e.value("started_on"), "开始日期"),
        parse_date(ended, "结束日期") if ended else None, e.text("notes"), e.today,
    )  # fmt: skip


def list_pairs(
    store: Store,
    key: str | None,
    today: date,
    *,
    resource: str | None = None,
    active: bool = False,
    include_voided: bool = False,
) -> list[dict[str, Any]]:
    conn = store.conn
    rows = q.list_pairs(
        conn,
        child_id=int(require_child(conn, key)["id"]) if key else None,
        resource_id=int(require_resource(conn, resource)["id"]) if resource else None,
        in_force_on=today.isoformat() if active else None,
        include_voided=include_voided,
    )
    return [{**pair_row(r), **(void_marks(r) if include_voided else {})} for r in rows]


def _pair_row(conn: sqlite3.Connection, pid: int) -> dict[str, Any]:
    row = q.pair(conn, pid)
    assert row is not None
    return pair_row(row)


def pair_row(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"],
        "child": r["child"],
        "name": r["name"],
        "resource": resource_code(int(r["resource_id"])),
        "resource_kind": r["resource_kind"],
        "resource_name": r["resource_name"],
        "started_on": r["started_on"],
        "ended_on": r["ended_on"],
        "notes": r["notes"],
    }


def pair_for_record(conn: sqlite3.Connection, number: object, child_id: int, day: str) -> int:
    """The id of the pairing ``number`` that a service or visit of the child on ``day`` names:
    the child's own, in force that day."""
    pid = _id(str(number))
    row = q.pair(conn, pid)
    if row is None or row["voided_at"] is not None:
        raise NotFound(f"找不到结对 {number}：请用 wbz pair list 查看")
    if int(row["child_id"]) != child_id:
        raise RuleViolation(f"结对 {pid} 是 {row['child']} 的，不是这名儿童的：请核对 --pair")
    if row["started_on"] > day or (row["ended_on"] is not None and row["ended_on"] < day):
        until = row["ended_on"] or "今"
        raise RuleViolation(
            f"结对 {pid}（{row['started_on']} 至 {until}）在 {day} 不在结对期间内："
            "请核对日期或 --pair"
        )
    return pid


def kept_pair(e: Edit) -> object:
    """The pairing an edited visit or service names: ``--pair`` given (``-``: none), else the
    one it named, checked again against its child and day."""
    if "pair" in e.changes:
        given = str(e.changes["pair"]).strip()
        return None if given in ("-", "") else given
    return e.row["pair_id"]
