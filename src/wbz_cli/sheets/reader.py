"""A generic reader of the tables people send: rosters, visit sheets, department lists.

``open_table`` opens an .xlsx/.xlsm/.xls/.ods workbook (python-calamine) or a .csv file (the
csv module, encoding found by itself), picks the sheet, finds the header row among the first
rows by the header names it knows (``fields``: field key -> synonyms), and yields the data
rows as ``SourceRow`` objects (sheets/table.py). Title rows above the header, blank rows and
footer rows (合计, 填表人, 审核人 ...) are skipped; a value of a merged area is copied into every
cell of the area (sheets/calamine_rows.py). Cells keep the types the file gives (str, float,
date, datetime); callers validate them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.calamine_rows import capped, sheet_rows, sheet_unreadable, unreadable
from wbz_cli.sheets.csv_text import csv_rows
from wbz_cli.sheets.header_match import match_header, synonym_table
from wbz_cli.sheets.preflight import (
    ZIP_SUFFIXES,
    Strings,
    check_file_size,
    check_sheet_xml,
    check_workbook,
    sheet_member,
)
from wbz_cli.sheets.table import SourceRow, Table

__all__ = ["SourceRow", "Table", "open_table"]

HEADER_SEARCH_ROWS = 30
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def open_table(
    path: str | Path,
    *,
    fields: Mapping[str, Sequence[str]],
    required: Collection[str],
    sheet: str | None = None,
    encoding: str | None = None,
    min_found: int | None = None,
) -> Table:
    """Open ``path`` and find its header row; raise InvalidInput saying what is missing.

    A row is the header when it has every ``required`` field and at least ``min_found``
    known fields (default: 3, or all when fewer are known)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"找不到文件“{path}”，请检查路径")
    suffix = path.suffix.lower()
    table = synonym_table(fields)
    if suffix in (".csv", ".txt", ".tsv"):
        check_file_size(path)
        sheets: list[tuple[str, Any]] = [(path.stem, lambda: (csv_rows(path, encoding), None))]
        if sheet is not None and sheet != path.stem:
            raise InvalidInput(f"CSV 文件只有一张表，不能选择工作表“{sheet}”")
    elif suffix in WORKBOOK_SUFFIXES:
        sheets = _workbook_sheets(path, sheet)
    else:
        raise InvalidInput(
            f"不支持的文件类型“{suffix or path.name}”："
            "请提供 .xlsx、.xls、.ods、.csv、.tsv 或 .txt 文件"
        )
    best: tuple[str, list[object], dict[str, int]] | None = None
    wanted = set(required)
    for name, open_rows in sheets:
        rows, height = open_rows()
        head: list[tuple[int, list[object]]] = []
        for number, raw in rows:
            head.append((number, raw))
            found = match_header(raw, table)
            if best is None or len(found) > len(best[2]):
                best = (name, raw, found)
            enough = min(len(fields), max(3, len(wanted))) if min_found is None else min_found
            if wanted <= found.keys() and len(found) >= enough:
                size = height - number if height is not None else None
                return _table(name, number, raw, found, rows, size)
            if len(head) >= HEADER_SEARCH_ROWS:
                break
    raise _missing_columns(best, fields, wanted, sheet)


def _table(
    name: str,
    number: int,
    raw: list[object],
    found: dict[str, int],
    rows: Iterator[tuple[int, list[object]]],
    size: int | None,
) -> Table:
    headers = ["" if c is None else str(c).strip() for c in raw]
    used = set(found.values())
    unknown = [h for i, h in enumerate(headers) if h and i not in used]
    return Table(name, number, found, headers, unknown, rows, size)


def _missing_columns(
    best: tuple[str, list[object], dict[str, int]] | None,
    fields: Mapping[str, Sequence[str]],
    wanted: set[str],
    sheet: str | None,
) -> InvalidInput:
    if best is None:
        where = f"工作表“{sheet}”" if sheet else "文件"
        return InvalidInput(f"{where}是空的，没有找到表头")
    name, raw, found = best
    seen = "、".join(str(c).strip() for c in raw if str(c).strip()) or "（无）"
    missing = [k for k in fields if k in wanted and k not in found]
    expected = "；".join(
        f"{fields[k][0] if fields[k] else k}（可写作：{'、'.join(fields[k])}）" for k in missing
    )
    return InvalidInput(
        f"在工作表“{name}”前 {HEADER_SEARCH_ROWS} 行中找不到完整的表头：最接近的一行是“{seen}”，"
        f"缺少必需的列 {expected}；请修改表头或用 --mapping 补充列名"
    )


def _workbook_sheets(path: Path, sheet: str | None) -> list[tuple[str, Any]]:
    from python_calamine import CalamineError, CalamineWorkbook

    suffix = path.suffix.lower()
    check_file_size(path)
    strings = check_workbook(path) if suffix in ZIP_SUFFIXES else Strings()
    try:
        book = CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # a Rust panic is a BaseException
        raise unreadable(path, exc) from None
    names = list(book.sheet_names)
    if sheet is not None:
        if sheet not in names:
            raise InvalidInput(f"找不到工作表“{sheet}”，文件中的工作表有：{'、'.join(names)}")
        names = [sheet]

    def opener(name: str) -> Any:
        def open_rows() -> tuple[Iterator[tuple[int, list[object]]], int | None]:
            if suffix in (".xlsx", ".xlsm"):  # the sheet's XML checked before calamine reads it
                member = sheet_member(path, name)
                if member is not None:
                    check_sheet_xml(path, member, f"工作表“{name}”", strings)
            try:
                ws = book.get_sheet_by_name(name)
            except CalamineError:
                raise sheet_unreadable(name) from None
            except BaseException as exc:
                raise unreadable(path, exc) from None
            end = ws.end
            return capped(sheet_rows(ws, name), name), (end[0] + 1 if end else 0)

        return open_rows

    return [(name, opener(name)) for name in names]
