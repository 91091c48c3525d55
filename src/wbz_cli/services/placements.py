"""Placements (临时监护、紧急安置): a child's stay in temporary care or an emergency placement.

A placement lies inside the child's case (open on the day it began and, once ended, on the
day it ended), never in the future, and never overlaps another placement of the same child
(an open one lasts until it is ended). An open placement enters ``wbz due`` once it has
lasted the policy's ``placement_days`` (default 30): the station reviews where the child is.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

from wbz_cli.domain.cadence import DEFAULTS
from wbz_cli.domain.children import normalise_name, normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.errors import InvalidInput, NotFound, RuleViolation
from wbz_cli.domain.record_vocab import PlacementKind
from wbz_cli.store import placements as q
from wbz_cli.store.children import insert, require_child, update
from wbz_cli.store.records import child_of, record, void_marks
from wbz_cli.store.session import Store, now_text
from wbz_cli.store.visits import case_open_on, read_policy

KIND = "placement"


def start_placement(
    store: Store,
    key: str,
    today: date,
    *,
    kind: PlacementKind,
    place: str,
    started_on: date,
    reason: str | None = None,
    worker: str | None = None,
) -> dict[str, Any]:
    """Record the start of a placement; refused when it would overlap another."""
    with store.write() as conn:
        child = require_child(conn, key)
        values = _values(conn, child, None, kind.value, place, reason, started_on, None, None,
                         worker, today)  # fmt: skip
        pid = insert(conn, "placements", {"child_id": int(child["id"]), **values,
                                          "created_at": now_text()})  # fmt: skip
        store.audit("insert", KIND, f"{child['code']}/{pid}", None, values)
    return {"id": pid, "child": child["code"], "name": child["name"], **values}


def end_placement(
    store: Store, number: str, today: date, *, ended_on: date, note: str | None = None
) -> dict[str, Any]:
    """End an open placement on ``ended_on``."""
    pid = _id(number)
    with store.write() as conn:
        row = record(conn, "placements", pid)
        if row is None or row["voided_at"] is not None:
            raise NotFound(f"找不到安置记录 {number}：请用 wbz placement list 查看")
        if row["ended_on"] is not None:
            raise RuleViolation(
                f"安置记录 {pid} 已于 {row['ended_on']} 结束；如日期有误请用 wbz placement edit"
            )
        child = child_of(conn, int(row["child_id"]))
        assert child is not None  # a placement's child_id references children
        values = _values(conn, child, pid, row["kind"], row["place"], row["reason"],
                         date.fromisoformat(row["started_on"]), ended_on,
                         normalise_text(note) or None, row["worker"], today)  # fmt: skip
        changed = {k: values[k] for k in ("ended_on", "end_note")}
        update(conn, "placements", pid, changed)
        store.audit("update", KIND, f"{child['code']}/{pid}",
                    {"ended_on": None, "end_note": None}, changed)  # fmt: skip
    return {"id": pid, "child": child["code"], "name": child["name"], **values}


def check_none_open_at_close(conn: sqlite3.Connection, child: sqlite3.Row, day: date) -> None:
    """Refuse closing the child's case on ``day`` while a placement is open or ends on or
    after that day: the file would say the child is out while a placement says placed."""
    row = q.unended_before(conn, int(child["id"]), day.isoformat())
    if row is None:
        return
    who = f"{child['code']}（{child['name']}）"
    if row["ended_on"] is None:
        raise RuleViolation(
            f"{who} 仍在安置中：安置记录 {row['id']}（{row['place']}，自 {row['started_on']}"
            f" 起）未结束，不能退出；请先用 wbz placement end {row['id']} --on 日期 结束安置"
            f"（结束日期须早于退出日期 {day.isoformat()}）"
        )
    raise RuleViolation(
        f"{who} 的安置记录 {row['id']}（{row['place']}，{row['started_on']} 至"
        f" {row['ended_on']}）不早于退出日期 {day.isoformat()} 结束，不能退出：安置须在在册期间内"
        f"结束；请核对退出日期，或用 wbz placement edit {row['id']} --to 日期 更正"
    )


def _id(number: str) -> int:
    text = str(number).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise InvalidInput(f"“{number}”不是安置记录的编号：请用 wbz placement list 查看")
    return int(text)


def _values(
    conn: sqlite3.Connection,
    child: sqlite3.Row,
    besides: int | None,
    kind: str,
    place: object,
    reason: object,
    started_on: date,
    ended_on: date | None,
    end_note: str | None,
    worker: object,
    today: date,
) -> dict[str, Any]:
    """The columns of a placement after the checks of ``placement start`` and ``end``."""
    who = f"{child['code']}（{child['name']}）"
    check_not_future(started_on, today, "安置开始日期")
    start = started_on.isoformat()
    end = ended_on.isoformat() if ended_on else None
    if ended_on is not None:
        check_not_future(ended_on, today, "安置结束日期")
        if ended_on < started_on:
            raise InvalidInput(f"安置结束日期 {end} 早于开始日期 {start}，请核对")
    for day, what in ((start, "开始"), (end, "结束")):
        if day is not None and not case_open_on(conn, int(child["id"]), day):
            raise RuleViolation(
                f"{who} 在 {day} 不在册，安置的{what}日期须在儿童的在册期间内，请核对日期"
            )
    closed = q.closed_between(conn, int(child["id"]), start, end) if end else None
    if closed is not None:
        raise RuleViolation(
            f"{who} 于 {closed} 退出，{start} 至 {end} 不在同一段在册期间内：安置须在儿童的"
            f"一段在册期间内，请核对日期（退出前结束安置，重新立案后另行登记）"
        )
    other = q.overlapping(conn, int(child["id"]), start, end, besides)
    if other is not None:
        days = (
            f"{other['started_on']} 至 {other['ended_on']}"
            if other["ended_on"]
            else f"自 {other['started_on']} 起安置中"
        )
        raise RuleViolation(
            f"{who} 已有安置记录 {other['id']}（{days}，"
            f"{other['place']}）与此重叠：同一时间只能在一处安置；"
            f"如前一安置已结束，请先用 wbz placement end {other['id']} --on 日期"
        )
    place_text = normalise_text(place, 100)
    if not place_text:
        raise InvalidInput("安置地点为空，请用 --place 填写（如 区儿童福利院、童心驿站）")
    return {
        "kind": PlacementKind.parse(kind).value,
        "place": place_text,
        "reason": normalise_text(reason, 500) or None,
        "started_on": start,
        "ended_on": end,
        "end_note": end_note,
        "worker": (normalise_name(worker) or None) if worker is not None else None,
    }


def checked_placement_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of the placement with the changes (kind, place, reason, started_on,
    ended_on, end_note, worker) applied, after the checks of ``placement start``."""
    child = require_child(conn, e.child_key())
    ended = e.value("ended_on")
    values = _values(
        conn, child, int(e.row["id"]), e.value("kind"), e.value("place"), e.text("reason"),
        parse_date(e.value("started_on"), "安置开始日期"),
        parse_date(ended, "安置结束日期") if ended else None,
        e.text("end_note"), e.value("worker"), e.today,
    )  # fmt: skip
    return values


def list_placements(
    store: Store, key: str | None, *, open_only: bool = False, include_voided: bool = False
) -> list[dict[str, Any]]:
    child_id = int(require_child(store.conn, key)["id"]) if key else None
    rows = q.list_placements(
        store.conn, child_id=child_id, open_only=open_only, include_voided=include_voided
    )
    return [{**placement_row(r), **(void_marks(r) if include_voided else {})} for r in rows]


def placement_row(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"],
        "child": r["child"],
        "name": r["name"],
        "kind": r["kind"],
        "place": r["place"],
        "reason": r["reason"],
        "started_on": r["started_on"],
        "ended_on": r["ended_on"],
        "end_note": r["end_note"],
        "worker": r["worker"],
    }


def placement_days(conn: sqlite3.Connection, today: date) -> int:
    """After how many days an open placement is due for review (policy ``placement_days``)."""
    return int(
        read_policy(conn, today.isoformat()).get("placement_days", DEFAULTS["placement_days"])
    )


def placements_due(conn: sqlite3.Connection, today: date, horizon: int) -> list[dict[str, Any]]:
    """Open placements whose review falls due within ``horizon`` days of today (-1: already
    past), as rows of ``wbz due``; an open placement of a child whose case has been closed
    is due from the day it closed, to be ended."""
    days = placement_days(conn, today)
    last_start = (today + timedelta(days=horizon) - timedelta(days=days)).isoformat()
    rows = []
    for r in q.open_started_by(conn, today.isoformat()):
        if r["status"] == "closed" and r["closed_on"]:
            due_on = date.fromisoformat(r["closed_on"])
            reason = (
                f"已于 {r['closed_on']} 退出，安置 {r['id']}（{r['place']}）仍未结束："
                f"请用 wbz placement end {r['id']} --on 日期 结束安置"
            )
        elif r["started_on"] <= last_start:
            due_on = date.fromisoformat(r["started_on"]) + timedelta(days=days)
            reason = f"安置 {r['id']}（{r['place']}）已满{days}天，请复核安置情况"
        else:
            continue
        rows.append(
            {
                "child": r["child"],
                "name": r["name"],
                "next_due": due_on.isoformat(),
                "days_overdue": max((today - due_on).days, 0),
                "reason": reason,
                "kind": "placement",
            }
        )
    return rows
