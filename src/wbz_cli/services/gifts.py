"""``wbz give``: goods and wishes (温暖包、心愿) given to a child or a household: what, its
kind, its value, the date and the donor. A child's must fall inside the child's case."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.children import normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.errors import InvalidInput, NotFound
from wbz_cli.domain.gifts import GiftKind
from wbz_cli.domain.money import format_fen, parse_yuan
from wbz_cli.services.care import require_active_child
from wbz_cli.store import gifts as q
from wbz_cli.store.children import household, insert, require_child
from wbz_cli.store.records import child_of, void_marks
from wbz_cli.store.session import Store, now_text

#: The highest value one gift may have: a typing mistake above it (100,000.00 元).
MAX_FEN = 10_000_000


def _household(conn: sqlite3.Connection, key: str) -> sqlite3.Row | None:
    """The household named by ``key`` (H000001), None when ``key`` names no household."""
    text = key.strip().upper()
    if not (text.startswith("H") and text[1:].isdigit()):
        return None
    row = household(conn, text)
    if row is None:
        raise NotFound(f"找不到家庭“{key}”：请用 wbz household list 查看家庭编号")
    return row


def _values(
    conn: sqlite3.Connection,
    target: str,
    what: object,
    kind: GiftKind,
    value_fen: int,
    day: date,
    donor: object,
    today: date,
) -> tuple[str, dict[str, Any]]:
    """The key the audit row is filed under and the gift's columns, after the checks."""
    text = normalise_text(what, 200, "物品或心愿")
    if not text:
        raise InvalidInput("没有写给了什么：请用 --what 填写，如 --what 温暖包 或 --what 自行车")
    if value_fen > MAX_FEN:
        raise InvalidInput(
            f"价值 {format_fen(value_fen)} 元超过单件 {format_fen(MAX_FEN)} 元，请核对 --value"
        )
    home = _household(conn, target)
    child_id = household_id = None
    if home is None:
        child = require_active_child(conn, target, day, today, "发放")
        key, child_id = str(child["code"]), int(child["id"])
    else:
        check_not_future(day, today, "发放日期")
        key, household_id = str(home["code"]), int(home["id"])
    return key, {
        "child_id": child_id,
        "household_id": household_id,
        "what": text,
        "kind": kind.value,
        "value_fen": value_fen,
        "given_on": day.isoformat(),
        "donor": normalise_text(donor, 200, "捐赠方") or None,
    }


def give(
    store: Store,
    target: str,
    today: date,
    *,
    what: str,
    kind: GiftKind,
    value: str,
    on: date,
    donor: str | None,
) -> dict[str, Any]:
    """Record goods or a wish given to a child (code, ID number, name) or a household (H...)."""
    fen = parse_yuan(value, "价值")
    with store.write() as conn:
        key, values = _values(conn, target, what, kind, fen, on, donor, today)
        gid = insert(conn, "gifts", {**values, "created_at": now_text()})
        store.audit("insert", "gift", f"{key}/{gid}", None, values)
        [row] = q.list_gifts(conn, gift_id=gid)
    return gift_dict(row)


def gift_dict(row: sqlite3.Row, include_voided: bool = False) -> dict[str, Any]:
    out = {
        "id": int(row["id"]),
        "given_on": row["given_on"],
        "child": row["child"],
        "name": row["name"],
        "household": row["household"],
        "kind": row["kind"],
        "what": row["what"],
        "value_yuan": format_fen(int(row["value_fen"])),
        "donor": row["donor"],
    }
    if include_voided:
        out.update(void_marks(row))
    return out


def list_gifts(
    store: Store,
    key: str | None,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    kind: GiftKind | None = None,
    include_voided: bool = False,
) -> list[dict[str, Any]]:
    conn = store.conn
    child_id = household_id = None
    if key:
        home = _household(conn, key)
        if home is None:
            child_id = int(require_child(conn, key)["id"])
        else:
            household_id = int(home["id"])
    rows = q.list_gifts(
        conn,
        child_id=child_id,
        household_id=household_id,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        kind=kind.value if kind else None,
        include_voided=include_voided,
    )
    return [gift_dict(r, include_voided) for r in rows]


def checked_gift_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """A gift's columns with the changes (to, what, kind, value, on, donor) applied, after
    the checks of ``wbz give add``."""
    if "to" in e.changes:
        target = str(e.changes["to"])
    elif e.row["household_id"] is not None:
        found = household(conn, int(e.row["household_id"]))
        target = str(found["code"]) if found else ""
    else:
        child = child_of(conn, int(e.row["child_id"]))
        target = str(child["code"]) if child else ""
    kind = GiftKind.parse(e.changes["kind"]) if "kind" in e.changes else GiftKind.of(e.row["kind"])
    fen = parse_yuan(e.changes["value"], "价值") if "value" in e.changes else e.row["value_fen"]
    day = parse_date(e.value("on", "given_on"), "发放日期")
    _, values = _values(
        conn, target, e.value("what"), kind, int(fen), day, e.value("donor"), e.today
    )
    return values
