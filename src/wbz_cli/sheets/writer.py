"""Writing a table to .xlsx (openpyxl, write-only: fast, little memory) or .csv (UTF-8 with a
BOM, which Excel and WPS open correctly). Every text cell passes the formula guard; chosen
columns (ID numbers, phones) are stored as text so that Excel keeps all their digits. The
target is claimed by ``sheets.output.claim`` and written through ``sheets.output.staged``:
beside the target, then renamed into place, so a failed write leaves no half file."""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.guard import is_formula_like, neutralise
from wbz_cli.sheets.output import Target, staged


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_table(
    target: Target,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    text_columns: Collection[int] = (),
    sheet: str = "Sheet1",
    widths: Sequence[int] | None = None,
) -> int:
    """Write ``headers`` and ``rows`` as the target's kind (xlsx or csv); return the number
    of data rows written."""
    with staged(target) as tmp:
        if target.kind == "csv":
            return _write_csv(tmp, headers, rows)
        return _write_xlsx(tmp, headers, rows, set(text_columns), sheet, widths)


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([neutralise(str(h)) for h in headers])
        for row in rows:
            writer.writerow(
                [neutralise(v) if isinstance(v, str) else _text(v) for v in map(_text, row)]
            )
            count += 1
    return count


@dataclass
class Sheet:
    """One sheet of a workbook written by ``write_sheets``."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    text_columns: Collection[int] = ()
    widths: Sequence[int] | None = None


def write_sheets(target: Target, sheets: Sequence[Sheet]) -> int:
    """Write several sheets to one .xlsx file (same guards as ``write_table``); return the
    number of data rows written."""
    from openpyxl import Workbook

    if target.kind != "xlsx":
        raise InvalidInput(f"输出文件“{target.name}”应以 .xlsx 结尾")
    with staged(target) as tmp:
        book = Workbook(write_only=True)
        count = sum(
            _fill_sheet(book, s.headers, s.rows, set(s.text_columns), s.name, s.widths)
            for s in sheets
        )
        book.save(tmp)
    return count


def _write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: set[int],
    sheet: str,
    widths: Sequence[int] | None,
) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    count = _fill_sheet(book, headers, rows, text_columns, sheet, widths)
    book.save(path)
    return count


def _fill_sheet(
    book: Any,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: set[int],
    sheet: str,
    widths: Sequence[int] | None,
) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(sheet)
    for i, width in enumerate(widths or ()):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    bold = Font(bold=True)
    head = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=str(h))
        cell.data_type = "s"
        cell.font = bold
        head.append(cell)
    ws.append(head)
    count = 0
    for row in rows:
        out: list[Any] = []
        for i, value in enumerate(row):
            value = _text(value)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if isinstance(value, str) and (i in text_columns or is_formula_like(value)):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # never a formula, never a number
                if i in text_columns:
                    cell.number_format = "@"
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
        count += 1
    return count
