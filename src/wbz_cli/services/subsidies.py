"""Subsidy payments: one recorded by hand, a row of an imported sheet, or a monthly run.

Money is integer fen throughout; ``format_fen`` gives "4696300.00" at the edge.

The monthly run (``run_month``) pays, at the rate stored for the type and month, every child
who in that month
- holds the category behind the type (``SUBSIDY_SOURCE_CATEGORY``) on at least one day,
- has an open case on the month's first day (a case closed during the month is still paid
  that month; a child registered during the month is paid from the next month, or by hand),
- is not past the month of the 18th birthday (the birthday month is still paid),
- has not been paid this type for this month already (skipped and counted, never twice).
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from wbz_cli.domain.care import (
    SUBSIDY_SOURCE_CATEGORY,
    check_payment_age,
    check_payment_amount,
    last_paid_month,
    month_key,
)
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import parse_month
from wbz_cli.domain.errors import Conflict, InvalidInput, RuleViolation
from wbz_cli.domain.money import format_fen, format_fen_grouped, parse_yuan
from wbz_cli.domain.payment_record import SubsidyPayment
from wbz_cli.domain.vocab import SubsidyType
from wbz_cli.store import subsidies as q
from wbz_cli.store.children import insert, require_child, update
from wbz_cli.store.records import void_mark
from wbz_cli.store.session import Store, now_text

SKIP_REASONS = ("duplicate", "aged_out", "not_open", "category_ended")


def check_month(raw: str, today: date, option: str = "") -> tuple[str, date, date]:
    first, last = parse_month(raw, option)
    month = month_key(first)
    if month > month_key(today):
        raise RuleViolation(f"月份 {month} 还没有到（今天是 {today.isoformat()}），不能发放")
    return month, first, last


@dataclass(frozen=True)
class Payment:
    """A checked payment, ready to insert."""

    child_id: int
    child: str
    name: str
    type: str
    month: str
    amount_fen: int


def check_payment(
    conn: sqlite3.Connection,
    child_key: str,
    subsidy_type: SubsidyType | str,
    month_text: str,
    amount: object,
    today: date,
    *,
    besides: int | None = None,
    again: bool = False,
) -> Payment:
    """Validate one payment (``subsidy add`` or one row of an import); raises the one-line
    reason it is refused. ``besides`` is the payment being corrected (``subsidy edit``);
    ``again`` records a second payment of the same type and month (``--again``)."""
    kind = SubsidyType.parse(subsidy_type)
    fen = parse_yuan(amount, "补贴金额")
    check_payment_amount(fen)
    month, first, last = check_month(month_text, today)
    child = require_child(conn, child_key)
    cid = int(child["id"])
    if child["registered_on"] > last.isoformat():
        raise RuleViolation(
            f"{child['code']} 于 {child['registered_on']} 登记，不能发放此前 {month} 的补贴"
        )
    if not q.case_open_in(conn, cid, first.isoformat(), last.isoformat()):
        raise RuleViolation(f"{child['code']}（{child['name']}）在 {month} 不在册，不能发放补贴")
    check_payment_age(kind.value, date.fromisoformat(child["birth_date"]), month, kind.label)
    existing = None if again else q.payment(conn, cid, kind.value, month, besides)
    if existing is not None:
        raise Conflict(
            f"{child['code']}（{child['name']}）{month} 的{kind.label}已发放"
            f"（{format_fen_grouped(existing['amount_fen'])} 元，补贴记录号 {existing['id']}），"
            "同一儿童同一类型每月只能发放一次（如确实另发了一笔，请加 --again）"
        )
    return Payment(cid, child["code"], child["name"], kind.value, month, fen)


def insert_payments(
    store: Store, conn: sqlite3.Connection, payments: list[Payment], source: str
) -> int:
    """Insert checked payments in the caller's transaction; one audit row per payment."""
    stamp = now_text()
    rows = []
    for p in payments:
        row = {**asdict(p), "source": source, "created_at": stamp}
        del row["child"], row["name"]
        rows.append(row)
        store.audit(
            "insert",
            "subsidy",
            f"{p.child}/{p.type}/{p.month}",
            None,
            {"type": p.type, "month": p.month, "amount_fen": p.amount_fen, "source": source},
        )
    return q.insert_payments(conn, rows)


def add_payment(
    store: Store,
    child_key: str,
    subsidy_type: SubsidyType,
    month: str,
    amount: str,
    today: date,
    *,
    again: bool = False,
) -> Payment:
    check_month(month, today, "--month")  # the option named first; the row check repeats it
    with store.write() as conn:
        checked = check_payment(conn, child_key, subsidy_type, month, amount, today, again=again)
        insert_payments(store, conn, [checked], "manual")
    return checked


def checked_payment_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of payment with the changes (child, type, month, amount in 元)
    applied, after the checks of ``wbz subsidy add``."""
    p = check_payment(
        conn,
        e.child_key(),
        e.value("type"),
        e.value("month"),
        e.changes.get("amount", format_fen(e.row["amount_fen"])),
        e.today,
        besides=int(e.row["id"]),
        again=e.again,
    )
    return {"child_id": p.child_id, "type": p.type, "month": p.month, "amount_fen": p.amount_fen}


# --- rates ---------------------------------------------------------------------------------


def set_rate(
    store: Store, subsidy_type: SubsidyType, amount: str, from_month: str | None, today: date
) -> dict[str, Any]:
    fen = parse_yuan(amount, "补贴标准")
    check_payment_amount(fen)
    month = month_key(parse_month(from_month, "--from")[0]) if from_month else month_key(today)
    with store.write() as conn:
        existing = q.rate_row(conn, subsidy_type.value, month)
        if existing is not None:
            update(conn, "subsidy_rates", int(existing["id"]), {"amount_fen": fen})
            before: dict[str, Any] | None = {"amount_fen": existing["amount_fen"]}
        else:
            insert(
                conn,
                "subsidy_rates",
                {
                    "type": subsidy_type.value,
                    "from_month": month,
                    "amount_fen": fen,
                    "created_at": now_text(),
                },
            )
            before = None
        store.audit(
            "set_rate", "subsidy_rate", f"{subsidy_type.value}/{month}", before, {"amount_fen": fen}
        )
    return {"type": subsidy_type.value, "from_month": month, "amount_yuan": format_fen(fen)}


def list_rates(store: Store, today: date) -> list[dict[str, Any]]:
    current = month_key(today)
    rows = q.rates(store.conn)
    in_force = {}
    for r in rows:
        if r["from_month"] <= current:
            in_force[r["type"]] = r["id"]
    return [
        {
            "type": r["type"],
            "from_month": r["from_month"],
            "amount_yuan": format_fen(r["amount_fen"]),
            "current": in_force.get(r["type"]) == r["id"],
        }
        for r in rows
    ]


# --- the monthly run -----------------------------------------------------------------------


@dataclass
class RunResult:
    month: str
    dry_run: bool
    payments: int = 0
    amount_fen: int = 0
    by_type: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SKIP_REASONS, 0))
    no_rate: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "dry_run": self.dry_run,
            "payments": self.payments,
            "amount_yuan": format_fen(self.amount_fen),
            "by_type": {
                k: {
                    "payments": v["payments"],
                    "amount_yuan": format_fen(v["amount_fen"]),
                    "rate_yuan": format_fen(v["rate_fen"]),
                }
                for k, v in self.by_type.items()
            },
            "skipped": dict(self.skipped),
            "no_rate": list(self.no_rate),
        }


def run_month(
    store: Store,
    month_text: str,
    today: date,
    *,
    types: tuple[SubsidyType, ...] = (),
    dry_run: bool = False,
) -> RunResult:
    """Create the month's payments for every eligible child at the stored rates."""
    month, first, last = check_month(month_text, today, "--month")
    wanted = [t.value for t in types] or list(SUBSIDY_SOURCE_CATEGORY)
    for t in wanted:
        if t not in SUBSIDY_SOURCE_CATEGORY:
            raise InvalidInput(
                f"{SubsidyType.parse(t).label}不按类别自动发放，请用 wbz subsidy add 逐笔录入"
            )
    result = RunResult(month, dry_run)
    with store.write() as conn:
        payments: list[Payment] = []
        for t in wanted:
            rate = q.rate_for(conn, t, month)
            if rate is None:
                result.no_rate.append(t)
                continue
            fen = int(rate["amount_fen"])
            chosen = _eligible(conn, t, month, first, last, fen, result)
            payments.extend(chosen)
            result.by_type[t] = {
                "payments": len(chosen),
                "amount_fen": fen * len(chosen),
                "rate_fen": fen,
            }
        if not result.by_type:
            labels = "、".join(SubsidyType.parse(t).label for t in result.no_rate)
            raise RuleViolation(
                f"{month} 没有可用的补贴标准（{labels}）：请先用 wbz subsidy rate set 设置"
            )
        result.payments = len(payments)
        result.amount_fen = sum(p.amount_fen for p in payments)
        if not dry_run and payments:
            stamp = now_text()
            q.insert_payments(
                conn,
                (
                    {
                        "child_id": p.child_id,
                        "type": p.type,
                        "month": p.month,
                        "amount_fen": p.amount_fen,
                        "source": "run",
                        "created_at": stamp,
                    }
                    for p in payments
                ),
            )
            store.audit("subsidy_run", "subsidy", month, None, result.as_dict())
    return result


def _eligible(
    conn: sqlite3.Connection,
    subsidy_type: str,
    month: str,
    first: date,
    last: date,
    fen: int,
    result: RunResult,
) -> list[Payment]:
    chosen = []
    category = SUBSIDY_SOURCE_CATEGORY[subsidy_type]
    for row in q.run_candidates(
        conn, category, subsidy_type, month, first.isoformat(), last.isoformat()
    ):
        if not row["held"]:
            result.skipped["category_ended"] += 1
        elif not row["open_on_first"]:
            result.skipped["not_open"] += 1
        elif month > last_paid_month(date.fromisoformat(row["birth_date"])):
            result.skipped["aged_out"] += 1
        elif row["paid"]:
            result.skipped["duplicate"] += 1
        else:
            chosen.append(Payment(row["id"], row["code"], row["name"], subsidy_type, month, fen))
    return chosen


# --- listing -------------------------------------------------------------------------------


def list_payments(
    store: Store,
    *,
    month: str | None = None,
    subsidy_type: SubsidyType | None = None,
    child: str | None = None,
    include_voided: bool = False,
) -> list[SubsidyPayment]:
    rows = q.list_payments(
        store.conn,
        month=month_key(parse_month(month, "--month")[0]) if month else None,
        subsidy_type=subsidy_type.value if subsidy_type else None,
        child_id=int(require_child(store.conn, child)["id"]) if child else None,
        include_voided=include_voided,
    )
    return [
        SubsidyPayment(
            id=int(r["id"]),
            month=r["month"],
            child=r["child"],
            name=r["name"],
            type=SubsidyType.of(r["type"]),
            amount_fen=int(r["amount_fen"]),
            source=r["source"],
            void=void_mark(r) if include_voided else None,
        )
        for r in rows
    ]
