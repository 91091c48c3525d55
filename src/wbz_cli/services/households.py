"""Households (一户一档): address, income status, guardians, the children who belong."""

from __future__ import annotations

from typing import Any

from wbz_cli.domain.children import check_name, normalise_phone, normalise_text
from wbz_cli.domain.enums import GuardianSituation, IncomeStatus
from wbz_cli.domain.errors import InvalidInput, NotFound
from wbz_cli.domain.idnumber import normalise as normalise_id
from wbz_cli.domain.idnumber import parse_id_number
from wbz_cli.services.child_file import household_detail
from wbz_cli.services.children import add_guardian_row
from wbz_cli.store import children as q
from wbz_cli.store.session import Store


def _require(store: Store, code: str) -> Any:
    row = q.household(store.conn, code)
    if row is None:
        raise NotFound(f"找不到家庭“{code}”：请用 wbz household list 查看家庭编号")
    return row


def list_households(store: Store, community: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "code": r["code"],
            "address": r["address"],
            "community": r["community"],
            "income_status": r["income_status"],
            "guardian": r["guardian"],
            "guardian_phone": r["guardian_phone"],
            "children": r["children"],
            "active_children": r["active_children"],
        }
        for r in q.list_households(store.conn, community)
    ]


def household_file(store: Store, code: str) -> dict[str, Any]:
    row = _require(store, code)
    return household_detail(store.conn, row, q.household_members(store.conn, int(row["id"])))


def update_household(
    store: Store,
    code: str,
    *,
    address: str | None = None,
    community: str | None = None,
    income_status: IncomeStatus | None = None,
) -> dict[str, Any]:
    with store.write() as conn:
        row = _require(store, code)
        before = {
            "address": row["address"],
            "community": row["community"],
            "income_status": row["income_status"],
        }
        after = dict(before)
        if address is not None:
            after["address"] = normalise_text(address, 200) or None
        if community is not None:
            after["community"] = normalise_text(community, 100) or None
        if income_status is not None:
            after["income_status"] = income_status.value
        if after == before:
            raise InvalidInput("没有要修改的内容：请给出 --address、--community 或 --income-status")
        q.update(conn, "households", int(row["id"]), after)
        store.audit("update", "household", row["code"], before, after)
    return household_file(store, code)


def add_guardian(
    store: Store,
    code: str,
    *,
    name: str,
    relation: str | None,
    phone: str | None,
    situation: GuardianSituation | None,
    id_number: str | None,
    primary: bool = False,
) -> dict[str, Any]:
    clean_name = check_name(name, "监护人姓名")
    clean_phone = normalise_phone(phone)
    clean_id = None
    if id_number:
        # Guardians are adults: validate the number but not the age.
        clean_id = parse_id_number(normalise_id(id_number)).number
    with store.write() as conn:
        row = _require(store, code)
        if primary:
            q.clear_primary_guardian(conn, row["id"])
        add_guardian_row(
            store,
            conn,
            row,
            clean_name,
            normalise_text(relation, 20) or None,
            clean_phone,
            situation,
            clean_id,
            primary=primary,
        )
    return household_file(store, code)
