"""Screenings (摸排): who was screened, when, by whom, how found, and with what outcome
(enrolled as a child on file, not eligible with a reason, to follow up by a day). The ones
to follow up enter ``wbz due`` on their day."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

from wbz_cli.domain.children import check_name, normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.idnumber import parse_id_number
from wbz_cli.domain.record_vocab import ScreeningOutcome, ScreeningSource
from wbz_cli.store import screenings as q
from wbz_cli.store.children import insert, require_child
from wbz_cli.store.records import void_marks
from wbz_cli.store.session import Store, now_text


def add_screening(
    store: Store, today: date, *, child: str | None = None, **fields: Any
) -> dict[str, Any]:
    """Record one person screened and the outcome (``fields``: those of ``screening_values``;
    ``child``: the child's code when enrolled)."""
    values = screening_values(today, child=child, **fields)
    with store.write() as conn:
        values = enrolled_as(conn, values, child)
        return insert_screening(store, conn, values)


def screening_values(
    today: date,
    *,
    name: str,
    id_number: str | None,
    community: str | None,
    screened_on: date,
    worker: str | None,
    source: ScreeningSource,
    outcome: ScreeningOutcome,
    reason: str | None = None,
    follow_up_by: date | None = None,
    child: str | None = None,
) -> dict[str, Any]:
    """The checked columns of a screening (the child it enrolls aside: ``enrolled_as``)."""
    check_not_future(screened_on, today, "摸排日期")
    number = parse_id_number(id_number).number if id_number else None
    values: dict[str, Any] = {
        "name": check_name(name, "姓名"),
        "id_number": number,
        "community": normalise_text(community, 100) or None,
        "screened_on": screened_on.isoformat(),
        "worker": normalise_text(worker, 100) or None,
        "source": source.value,
        "outcome": outcome.value,
        "reason": normalise_text(reason, 500) or None,
        "follow_up_by": follow_up_by.isoformat() if follow_up_by else None,
    }
    if outcome is ScreeningOutcome.NOT_ELIGIBLE and not values["reason"]:
        raise InvalidInput("结果为不符合条件时须写明原因：请用 --reason 说明")
    if outcome is ScreeningOutcome.FOLLOW_UP and follow_up_by is None:
        raise InvalidInput("结果为待跟进时须写明跟进期限：请用 --follow-up-by YYYY-MM-DD")
    if follow_up_by is not None and follow_up_by < screened_on:
        raise InvalidInput(f"跟进期限 {values['follow_up_by']} 早于摸排日期，请核对")
    if outcome is ScreeningOutcome.ENROLLED and not child:
        raise InvalidInput("结果为已纳入时须写明纳入的儿童：请用 --child 儿童编号")
    return values


def enrolled_as(
    conn: sqlite3.Connection, values: dict[str, Any], child: str | None
) -> dict[str, Any]:
    """``values`` with the child it enrolls (``child_id``, and its ``child`` code) when the
    outcome is enrolled; refused when the ID numbers differ."""
    if values["outcome"] != ScreeningOutcome.ENROLLED.value:
        return {**values, "child": None}
    found = require_child(conn, str(child))
    code = str(found["code"])
    if values["id_number"] and found["id_number"] != values["id_number"]:
        raise InvalidInput(f"身份证号与纳入的儿童 {code} 登记的不同，请核对儿童编号或身份证号")
    return {**values, "child_id": int(found["id"]), "child": code}


def insert_screening(
    store: Store, conn: sqlite3.Connection, values: dict[str, Any]
) -> dict[str, Any]:
    """Inside a write: insert the screening of ``enrolled_as`` and audit it; its row."""
    stored = {k: v for k, v in values.items() if k != "child"}
    sid = insert(conn, "screenings", {**stored, "created_at": now_text()})
    store.audit("insert", "screening", str(sid), None, {**stored, "child": values["child"]})
    return {"id": sid, **{k: v for k, v in values.items() if k != "child_id"}}


def checked_screening_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """A screening as stored, checked again before ``unvoid`` (no field is edited: a wrong
    one is voided and recorded again)."""
    if e.changes:
        raise InvalidInput("摸排记录不能修改：请作废后重新登记（wbz screen void）")
    return {}


def list_screenings(
    store: Store, *, outcome: ScreeningOutcome | None = None, include_voided: bool = False
) -> list[dict[str, Any]]:
    rows = q.list_screenings(
        store.conn, outcome=outcome.value if outcome else None, include_voided=include_voided
    )
    return [{**screening_row(r), **(void_marks(r) if include_voided else {})} for r in rows]


def screening_row(r: sqlite3.Row) -> dict[str, Any]:
    return {k: r[k] for k in ("id", "name", "id_number", "community", "screened_on", "worker",
                              "source", "outcome", "child", "reason", "follow_up_by")}  # fmt: skip


def follow_ups_due(conn: sqlite3.Connection, today: date, horizon: int) -> list[dict[str, Any]]:
    """Screenings to follow up within ``horizon`` days (-1: already past), as ``wbz due`` rows."""
    last = today + timedelta(days=horizon)
    return [
        {
            "child": None,
            "name": r["name"],
            "next_due": r["follow_up_by"],
            "days_overdue": max((today - date.fromisoformat(r["follow_up_by"])).days, 0),
            "reason": f"摸排 {r['id']}（{r['community'] or '未填居民区'}）待跟进",
            "kind": "screening",
            "community": r["community"],
            "worker": r["worker"],
        }
        for r in q.follow_ups_by(conn, last.isoformat())
    ]


#: The station's setting: days given to follow up a person a department's list names who is
#: not a registered child (``wbz init --follow-up-days``).
FOLLOW_UP_SETTING = "screening_follow_up_days"
FOLLOW_UP_DAYS = 30


def follow_up_days(store: Store) -> int:
    """The days to follow up a person screened from a list: the setting, else 30."""
    raw = store.setting(FOLLOW_UP_SETTING)
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else FOLLOW_UP_DAYS


def screen_listed(
    store: Store, conn: sqlite3.Connection, people: list[dict[str, Any]], on: date, days: int
) -> int:
    """Inside a write: each person of a department's list not registered (a ``wbz match``
    candidate) as a screening to follow up within ``days``, unless a screening of the same ID
    number is still to follow up; how many were recorded."""
    done = 0
    for person in people:
        if q.open_screening(conn, person["id_number"]):
            continue
        values = screening_values(
            on, name=person["name"] or "未填姓名", id_number=person["id_number"],
            community=person.get("community"), screened_on=on, worker=None,
            source=ScreeningSource.DEPARTMENT_LIST, outcome=ScreeningOutcome.FOLLOW_UP,
            follow_up_by=on + timedelta(days=days),
        )  # fmt: skip
        insert_screening(store, conn, {**values, "child": None})
        done += 1
    return done
