"""Importing a screening sheet (摸排表): every row checked like ``wbz screen add``, the good
rows written in one transaction.

The sheet is read like the other imports (``services.imports.open_sheet``: header found below
title rows, synonyms from ``data/screen_headers.json`` plus ``--mapping``, CSV encodings).
Columns: 姓名, 身份证号 (blank when not yet known), 居民区/村, 摸排日期, 摸排人, 来源, 结果,
纳入编号 (the child's code when enrolled), 原因 (not eligible), 跟进期限 (to follow up). A
refused row does not stop the others; a row whose ID number is already screened on the same
day (on file, voided since an earlier import, or earlier in the sheet; without a number: the
same name without a number) is counted as unchanged, so importing a sheet twice adds nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from wbz_cli.domain.children import check_name
from wbz_cli.domain.dates import check_not_future
from wbz_cli.domain.errors import InvalidInput, WbzError
from wbz_cli.domain.idnumber import parse_id_number
from wbz_cli.domain.record_vocab import ScreeningOutcome, ScreeningSource
from wbz_cli.domain.roster import cell_text, roster_date
from wbz_cli.services.imports import (
    ImportResult,
    SheetSource,
    blame,
    open_sheet,
    refused,
    with_progress,
)
from wbz_cli.services.screenings import enrolled_as, insert_screening, screening_values
from wbz_cli.sheets.table import SourceRow, Table
from wbz_cli.store import screenings as q
from wbz_cli.store.session import Store

REQUIRED = ("name", "screened_on", "source", "outcome")
Progress = Callable[[int], None]


def open_screening_sheet(source: SheetSource) -> Table:
    """The sheet's table: 姓名, 摸排日期, 来源 and 结果 columns at least."""
    return open_sheet(source, "screen_headers.json", REQUIRED)


def _text(cells: dict[str, object], key: str) -> str:
    return cell_text(cells.get(key))


def _day(cells: dict[str, object], key: str, label: str) -> date | None:
    raw = cells.get(key)
    return None if cell_text(raw) == "" else roster_date(raw, label)


def _row_values(row: SourceRow, today: date) -> dict[str, Any]:
    """The row's screening, checked field by field (the field to blame named), its enrolled
    child not yet looked up (``child`` key: the code written)."""
    cells = row.cells
    with blame("name"):
        name = check_name(_text(cells, "name"), "姓名")
    with blame("screened_on"):
        day = _day(cells, "screened_on", "摸排日期")
        if day is None:
            raise InvalidInput("摸排日期为空，请按 YYYY-MM-DD 填写")
        check_not_future(day, today, "摸排日期")
    with blame("source"):
        source = ScreeningSource.parse(_text(cells, "source"))
    with blame("outcome"):
        outcome = ScreeningOutcome.parse(_text(cells, "outcome"))
    number = _text(cells, "id_number")
    with blame("id_number"):
        if number:
            parse_id_number(number)
    with blame("follow_up_by"):
        follow_up_by = _day(cells, "follow_up_by", "跟进期限")
        if outcome is ScreeningOutcome.FOLLOW_UP and follow_up_by is None:
            raise InvalidInput("结果为待跟进时须填写跟进期限，请按 YYYY-MM-DD 填写")
        if follow_up_by is not None and follow_up_by < day:
            raise InvalidInput(f"跟进期限 {follow_up_by.isoformat()} 早于摸排日期，请核对")
    reason = _text(cells, "reason")
    with blame("reason"):
        if outcome is ScreeningOutcome.NOT_ELIGIBLE and not reason:
            raise InvalidInput("结果为不符合条件时须在“原因”列写明原因")
    child = _text(cells, "child")
    with blame("child"):
        if outcome is ScreeningOutcome.ENROLLED and not child:
            raise InvalidInput("结果为已纳入时须在“纳入编号”列填写登记的儿童编号")
    values = screening_values(
        today, name=name, id_number=number or None, community=_text(cells, "community"),
        screened_on=day, worker=_text(cells, "worker"), source=source, outcome=outcome,
        reason=reason, follow_up_by=follow_up_by, child=child,
    )  # fmt: skip
    return {**values, "child": child or None}


def _check_row(
    conn: sqlite3.Connection, row: SourceRow, today: date, seen: set[tuple[str, str]]
) -> dict[str, Any] | None:
    """The row's screening to insert, None when the same one is on file; raises the reason."""
    values = _row_values(row, today)
    with blame("child"):
        values = enrolled_as(conn, values, values["child"])
    number, name, day = values["id_number"], values["name"], values["screened_on"]
    key = (number or f"name:{name}", day)
    if key in seen or q.screened_on(conn, number, name, day):
        seen.add(key)
        return None
    seen.add(key)
    return values


def import_screenings(
    store: Store,
    table: Table,
    today: date,
    *,
    source: SheetSource,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of ``table``, opened from ``source`` by ``open_screening_sheet``; insert
    the good new screenings in one transaction (none with ``dry_run``)."""
    result = ImportResult.of(table, source, "inserted", "unchanged", dry_run=dry_run)
    good: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for row in with_progress(table.rows(), progress):
        try:
            values = _check_row(store.conn, row, today, seen)
        except WbzError as exc:
            result.rejects.append(refused(row.number, exc, row.raw))
            continue
        if values is None:
            result.counts["unchanged"] += 1
        else:
            good.append(values)
    result.counts["inserted"] = len(good)
    if dry_run or not good:
        return result
    from wbz_cli.store.backup import auto_backup
    from wbz_cli.store.report_parts import report_tracking

    auto_backup(store.conn, "import")
    with store.write() as conn, report_tracking(conn, rows=len(good)):
        for values in good:
            insert_screening(store, conn, values)
        store.audit(
            "import", "screenings", result.file, None, {"sheet": table.sheet, **result.summary()}
        )
    return result
