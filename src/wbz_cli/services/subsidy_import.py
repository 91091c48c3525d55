"""Importing a 补贴发放表: each row checked like ``subsidy add``, good rows in one transaction.

What happens to each data row:
- valid and new: a payment is recorded (source ``import``, one audit row each);
- the same child, type and month already on file with the same amount: unchanged (so a sheet
  imported twice adds nothing); with a different amount: refused, saying both amounts;
- the same child, type and month again later in the file: refused, naming the first row;
- invalid (unknown child, name not matching the file, bad type, month or amount, closed
  case ...): refused with its reason; it does not stop the other rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime

from wbz_cli.domain.care import month_key
from wbz_cli.domain.dates import parse_date, year_month
from wbz_cli.domain.errors import Conflict, InvalidInput, WbzError
from wbz_cli.domain.money import format_fen, format_fen_grouped, parse_yuan
from wbz_cli.domain.roster import cell_text
from wbz_cli.domain.vocab import SubsidyType
from wbz_cli.services.imports import (
    FieldRefused,
    ImportResult,
    SheetSource,
    blame,
    open_sheet,
    refused,
)
from wbz_cli.services.subsidies import Payment, check_month, check_payment, insert_payments
from wbz_cli.sheets.table import SourceRow, Table
from wbz_cli.store import subsidies as q
from wbz_cli.store.children import require_child
from wbz_cli.store.session import Store

REQUIRED = ("type", "amount")
Progress = Callable[[int], None]


def open_subsidy_sheet(source: SheetSource) -> Table:
    """The sheet's table: a 补贴类型 and a 金额 column among three known ones at least."""
    return open_sheet(source, "subsidy_headers.json", REQUIRED, min_found=3)


def check_columns(table: Table, month: str | None) -> None:
    """The sheet names its children and months (or ``--month`` gives the month)."""
    if "id_number" not in table.columns and "child" not in table.columns:
        raise InvalidInput(
            f"工作表“{table.sheet}”没有“身份证号码”或“儿童编号”列，无法确定发放对象；"
            "请补上其中一列或用 --mapping 对照列名"
        )
    if "month" not in table.columns and month is None:
        raise InvalidInput(
            f"工作表“{table.sheet}”没有“发放月份”列：请用 --month YYYY-MM 指定发放月份"
        )


def month_text(raw: object, default: str | None) -> str:
    """A month cell -> ``YYYY-MM``: 2026-10, 2026.10, 2026年10月, 202610, 2026/10/1 or a date
    cell (the year-month parser of domain/dates.py, then a full date's month)."""
    if isinstance(raw, (date, datetime)):
        return month_key(raw)
    text = cell_text(raw).replace("\u3000", "")
    if not text:
        if default is None:
            raise InvalidInput("发放月份为空：请填写如 2026-10，或用 --month 指定")
        return default
    month = year_month(raw)
    if month is not None:
        return str(month)
    try:
        return month_key(parse_date(text, "发放月份"))
    except InvalidInput:
        raise InvalidInput(f"发放月份“{text}”无效，请写成 2026-10 或 2026年10月") from None


def _key(cells: dict[str, object]) -> tuple[str, str]:
    """The field that names the row's child (儿童编号, else 身份证号码) and its text."""
    for name in ("child", "id_number"):
        raw = cells.get(name)
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = str(raw if raw is not None else "").strip()
        if text:
            return name, text
    raise InvalidInput("身份证号码和儿童编号都为空，无法确定发放对象")


def _check_row(
    conn: sqlite3.Connection,
    row: SourceRow,
    month: str | None,
    today: date,
    seen: dict[tuple[int, str, str], int],
) -> Payment | None:
    """The row's payment to insert, None when the same one is on file; raises the reason."""
    cells = row.cells
    with blame("type"):
        kind = SubsidyType.parse(cells.get("type"))
    with blame("amount"):
        fen = parse_yuan(cells.get("amount"), "金额")
    with blame("month"):
        when, _, _ = check_month(month_text(cells.get("month"), month), today)
    by, key_text = _key(cells)
    with blame(by):
        child = require_child(conn, key_text)
    name = str(cells.get("name") or "").strip()
    if name and name != child["name"]:
        raise FieldRefused(
            "name",
            f"姓名“{name}”与 {child['code']} 档案中的“{child['name']}”不一致，请核对身份证号码",
        )
    cid = int(child["id"])
    key = (cid, kind.value, when)
    first = seen.get(key)
    if first is not None:
        raise Conflict(
            f"与第 {first} 行重复：{child['code']}（{child['name']}）{when} 的{kind.label}"
            "在表中出现两次，请只保留一行"
        )
    existing = q.payment(conn, cid, kind.value, when, include_voided=True)
    same_amount = existing is not None and int(existing["amount_fen"]) == fen
    if existing is not None and (existing["voided_at"] is None or same_amount):
        # on file, or voided since an earlier import of the sheet: not paid again
        if not same_amount:
            raise Conflict(
                f"{child['code']}（{child['name']}）{when} 的{kind.label}已发放 "
                f"{format_fen_grouped(existing['amount_fen'])} 元，与表中的 "
                f"{format_fen_grouped(fen)} 元不一致；同一儿童同一类型每月只能发放一次，"
                f"如需更正请先核对（wbz subsidy edit {existing['id']} --amount ...）"
            )
        seen[key] = row.number
        return None
    payment = check_payment(conn, child["code"], kind, when, format_fen(fen), today)
    seen[key] = row.number
    return payment


def import_subsidies(
    store: Store,
    table: Table,
    *,
    source: SheetSource,
    month: str | None,
    today: date,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of ``table``, opened from ``source`` by ``open_subsidy_sheet``, and
    record the good ones (see the module docstring)."""
    default = check_month(month_text(month, None), today)[0] if month is not None else None
    check_columns(table, default)
    result = ImportResult.of(table, source, "inserted", "unchanged", dry_run=dry_run)
    rows = list(table.rows())
    if dry_run:
        _check_all(store.conn, result, rows, default, today, progress)
        return result
    from wbz_cli.store.backup import auto_backup
    from wbz_cli.store.report_parts import report_tracking

    auto_backup(store.conn, "import")
    with store.write() as conn, report_tracking(conn, rows=len(rows)):
        payments = _check_all(conn, result, rows, default, today, progress)
        if payments:
            insert_payments(store, conn, payments, "import")
            store.audit(
                "import",
                "subsidy",
                result.file,
                None,
                {"sheet": table.sheet, **result.summary()},
            )
    return result


def _check_all(
    conn: sqlite3.Connection,
    result: ImportResult,
    rows: list[SourceRow],
    month: str | None,
    today: date,
    progress: Progress | None,
) -> list[Payment]:
    payments: list[Payment] = []
    seen: dict[tuple[int, str, str], int] = {}
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % 1000 == 0:
            progress(1000)
        try:
            payment = _check_row(conn, row, month, today, seen)
        except WbzError as exc:
            result.rejects.append(refused(row.number, exc, row.raw))
            continue
        if payment is None:
            result.counts["unchanged"] += 1
        else:
            payments.append(payment)
    if progress is not None:
        progress(len(rows) % 1000)
    result.counts["inserted"] = len(payments)
    result.totals["amount_yuan"] = format_fen(sum(p.amount_fen for p in payments))
    return payments
