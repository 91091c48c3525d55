"""Recording and listing visits (走访、随访).

``add_visits`` validates a batch and inserts it in one transaction: ``wbz visit add`` passes
one item, a visit sheet import passes one per row (``validate_visits`` gives every row's
error for an error file).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wbz_cli.domain.children import normalise_name, normalise_text, unknown_child
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import parse_date
from wbz_cli.domain.errors import Conflict, InvalidInput, RuleViolation, WbzError
from wbz_cli.domain.visit_record import Visit
from wbz_cli.domain.vocab import Problem, VisitMode
from wbz_cli.domain.void_mark import VoidMark
from wbz_cli.services.pairs import kept_pair, pair_for_record
from wbz_cli.store import children as q
from wbz_cli.store import visits as vq
from wbz_cli.store.records import void_mark
from wbz_cli.store.session import Store, now_text

_PROBLEM_SPLIT = re.compile(r"[\s,，、;；/]+")


@dataclass
class VisitItem:
    """One visit as typed or read from a sheet; every field is validated by ``add_visits``.

    ``child`` is a code or ID number (typed by hand, ``row`` None: a name too); ``on`` a date
    or date text (None: today); ``mode`` and ``problems`` keys or Chinese labels; ``worker``
    None takes the child's 儿童主任. ``row`` (a sheet's row number) prefixes error messages."""

    child: str
    mode: object
    on: object = None
    worker: str | None = None
    notes: str | None = None
    problems: list[str] = field(default_factory=list)
    action: str | None = None
    row: int | None = None
    #: the number of the pairing (结对) the visit was part of: the child's, in force that day
    pair: object = None


@dataclass(frozen=True)
class VisitError:
    index: int
    row: int | None
    message: str


@dataclass
class AddedVisits:
    inserted: list[Visit]
    duplicates: int = 0


def parse_problems(values: list[str] | tuple[str, ...] | str | None) -> list[str]:
    """Problem keys from keys/labels, given repeatedly or as 学习、健康 in one text."""
    items = [values] if isinstance(values, str) else list(values or [])
    keys: list[str] = []
    for item in items:
        for part in _PROBLEM_SPLIT.split(str(item or "").strip()):
            if part:
                key = Problem.parse(part).value
                if key not in keys:
                    keys.append(key)
    return keys


def _check(conn: sqlite3.Connection, item: VisitItem, today: date) -> dict[str, Any]:
    """The row to insert for ``item``, or a WbzError saying what is wrong."""
    mode = VisitMode.parse(item.mode)
    day = parse_date(item.on, "走访日期") if item.on not in (None, "") else today
    iso = day.isoformat()
    key = str(item.child or "")
    # Typed by hand (no sheet row): a name only one child has will do, as for every CHILD.
    child = q.require_child(conn, key) if item.row is None else q.find_child(conn, key)
    if child is None:
        raise unknown_child(item.child)
    who = f"{child['code']}（{child['name']}）"
    if day > today:
        raise InvalidInput(
            f"走访日期 {iso} 晚于今天 {today.isoformat()}，不能登记未来的走访，请核对日期"
        )
    if iso < child["registered_on"]:
        raise RuleViolation(
            f"走访日期 {iso} 早于 {who}的登记日期 {child['registered_on']}，请核对日期"
        )
    if not vq.case_open_on(conn, int(child["id"]), iso):
        if child["status"] == "closed" and iso >= (child["closed_on"] or ""):
            raise RuleViolation(
                f"{who} 已于 {child['closed_on']} 结案退出，不能登记 {iso} 的走访；"
                f"如需继续跟进，请先用 wbz reopen {child['code']} 恢复个案"
            )
        raise RuleViolation(f"{who} 在 {iso} 不在册（当时个案已退出），不能登记该日的走访")
    worker = normalise_name(item.worker) if item.worker is not None else None
    problems = parse_problems(item.problems)
    pair = str(item.pair).strip() if item.pair is not None else ""
    return {
        "child_id": int(child["id"]),
        "visited_on": iso,
        "mode": mode.value,
        "worker": worker or child["worker"],
        "notes": normalise_text(item.notes, 2000, "情况记录") or None,
        "problems": json.dumps(problems, ensure_ascii=False) if problems else None,
        "action": normalise_text(item.action, 1000, "处理措施") or None,
        "pair_id": pair_for_record(conn, pair, int(child["id"]), iso) if pair else None,
        "_code": child["code"],
        "_name": child["name"],
        "_community": child["community"],
    }


def validate_visits(
    conn: sqlite3.Connection, items: list[VisitItem], today: date
) -> tuple[list[dict[str, Any]], list[VisitError]]:
    """Every item checked: the rows to insert, and one error per refused item."""
    rows: list[dict[str, Any]] = []
    errors: list[VisitError] = []
    for index, item in enumerate(items):
        try:
            rows.append(_check(conn, item, today))
        except WbzError as exc:
            errors.append(VisitError(index, item.row, exc.message))
    return rows, errors


def _error_text(errors: list[VisitError], total: int) -> str:
    first = errors[0]
    if total == 1 and first.row is None:
        return first.message
    where = f"第 {first.row} 行" if first.row is not None else f"第 {first.index + 1} 条"
    more = f"（共 {len(errors)} 条有误，均未导入）" if len(errors) > 1 else "（均未导入）"
    return f"{where}：{first.message}{more}"


def refuse_same_visit(conn: sqlite3.Connection, row: dict[str, Any], besides: int | None) -> None:
    """A visit to the same child on the same day by the same mode as one on file is refused,
    naming it (``--again`` records it anyway)."""
    same = vq.same_visit(conn, row["child_id"], row["visited_on"], row["mode"], besides)
    if same is not None:
        raise Conflict(
            f"{row['_code']}（{row['_name']}）{row['visited_on']} 的"
            f"{VisitMode.parse(row['mode']).label}走访已有记录（走访记录号 {same}），未重复登记；"
            "如确实又走访了一次，请加 --again"
        )


def add_visits(
    store: Store,
    items: list[VisitItem],
    today: date,
    *,
    skip_duplicates: bool = False,
    again: bool = False,
) -> AddedVisits:
    """Validate ``items`` and insert them all in one transaction, or none of them.

    A visit to the same child on the same day by the same mode as one on file (or earlier in
    the batch) is refused, unless ``again``; with ``skip_duplicates`` it is skipped and
    counted instead (a voided one too), so a sheet imported twice does not count its visits
    twice, nor bring back one voided since."""
    if not items:
        raise InvalidInput("没有要登记的走访记录")
    done = AddedVisits(inserted=[])
    with store.write() as conn:
        rows, errors = validate_visits(conn, items, today)
        if errors:
            raise RuleViolation(_error_text(errors, len(items)))
        stamp = now_text()
        for row in rows:
            if skip_duplicates and vq.same_visit(
                conn, row["child_id"], row["visited_on"], row["mode"], include_voided=True
            ):
                done.duplicates += 1
                continue
            if not again:
                refuse_same_visit(conn, row, None)
            values = {k: v for k, v in row.items() if not k.startswith("_")}
            vid = q.insert(conn, "visits", {**values, "created_at": stamp})
            names = {"child": row["_code"], "name": row["_name"], "community": row["_community"]}
            record = _visit({**row, **names, "id": vid})
            store.audit("insert", "visit", f"{row['_code']}/{vid}", None, record.as_added())
            done.inserted.append(record)
    return done


def list_visits(
    store: Store,
    *,
    child: str | None = None,
    worker: str | None = None,
    community: str | None = None,
    mode: VisitMode | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    include_voided: bool = False,
) -> list[Visit]:
    child_id = None
    if child is not None:
        child_id = int(q.require_child(store.conn, child)["id"])
    if date_from and date_to and date_from > date_to:
        raise InvalidInput(
            f"开始日期 {date_from.isoformat()} 晚于结束日期 {date_to.isoformat()}，请核对"
        )
    rows = vq.list_visits(
        store.conn,
        child_id=child_id,
        worker=worker,
        community=community,
        mode=mode.value if mode else None,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        include_voided=include_voided,
    )
    return [_visit(r, void_mark(r) if include_voided else None) for r in rows]


def _visit(r: sqlite3.Row | Mapping[str, Any], void: VoidMark | None = None) -> Visit:
    """A visit from a listed row or a checked row just inserted."""
    return Visit(
        id=int(r["id"]),
        visited_on=date.fromisoformat(r["visited_on"]),
        child=r["child"],
        name=r["name"],
        community=r["community"],
        mode=VisitMode.of(r["mode"]),
        worker=r["worker"],
        problems=tuple(Problem.of(p) for p in json.loads(r["problems"] or "[]")),
        action=r["action"],
        notes=r["notes"],
        void=void,
        pair=r["pair_id"],
    )


def checked_visit_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of the visit with the changes (child, on, mode, worker, notes, problems,
    action) applied, after the checks of ``wbz visit add``."""
    item = VisitItem(
        child=e.child_key(),
        mode=e.value("mode"),
        on=e.value("on", "visited_on"),
        worker=e.value("worker"),
        notes=e.value("notes"),
        problems=e.changes.get(
            "problems", json.loads(e.row["problems"]) if e.row["problems"] else []
        ),
        action=e.value("action"),
        pair=kept_pair(e),
    )
    values = _check(conn, item, e.today)
    if "worker" not in e.changes:
        values["worker"] = e.row["worker"]  # not the child's 儿童主任 in place of an empty one
    if not e.again:
        refuse_same_visit(conn, values, int(e.row["id"]))
    return {k: v for k, v in values.items() if not k.startswith("_")}
