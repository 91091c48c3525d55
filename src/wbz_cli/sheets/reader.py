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

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.calamine_rows import capped, sheet_rows, sheet_unreadable, unreadable
from wbz_cli.sheets.csv_text import csv_rows
from wbz_cli.sheets.header_match import match_header, match_two_rows, synonym_table
from wbz_cli.sheets.preflight import (
    ZIP_SUFFIXES,
    Strings,
    check_file_size,
    check_sheet_xml,
    check_workbook,
    sheet_member,
)
from wbz_cli.sheets.table import SourceRow, Table

__all__ = ["SourceRow", "Table", "open_table", "open_tables"]

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
    known fields (default: 3, or all when fewer are known). The first sheet with a header is
    read (``sheet``: that one); ``Table.others`` names the workbook's other sheets with one."""
    return _open(path, fields, required, sheet, encoding, min_found, every=False)[0]


def open_tables(
    path: str | Path,
    *,
    fields: Mapping[str, Sequence[str]],
    required: Collection[str],
    encoding: str | None = None,
    min_found: int | None = None,
) -> list[Table]:
    """Every sheet of ``path`` with a header (as ``open_table`` finds it), in the workbook's
    order; InvalidInput when none has one."""
    return _open(path, fields, required, None, encoding, min_found, every=True)


def _open(
    path: str | Path,
    fields: Mapping[str, Sequence[str]],
    required: Collection[str],
    sheet: str | None,
    encoding: str | None,
    min_found: int | None,
    *,
    every: bool,
) -> list[Table]:
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
    wanted = set(required)
    enough = min(len(fields), max(3, len(wanted))) if min_found is None else min_found

    def complete(found: dict[str, int]) -> bool:
        return wanted <= found.keys() and len(found) >= enough

    best: list[Any] = [None]  # the row closest to a header: (sheet, cells, fields found)
    tables: list[Table] = []
    for name, open_rows in sheets:
        if sheet is not None and name != sheet:
            continue
        found = _find_header(name, open_rows, table, complete, best)
        if found is not None:
            tables.append(found)
            if not every:
                rest = [s for s in sheets if s[0] != name]
                found.others = partial(_others, rest, table, complete)
                break
    if not tables:
        raise _missing_columns(best[0], fields, wanted, sheet)
    return tables


def _find_header(
    name: str,
    open_rows: Any,
    table: dict[str, str],
    complete: Callable[[dict[str, int]], bool],
    best: list[Any],
) -> Table | None:
    """The sheet's table, its header found among its first rows; None without one."""
    rows, height = open_rows()
    rows = iter(rows)
    above: list[object] | None = None
    for searched, (number, raw) in enumerate(rows, start=1):
        found, headers = _reading(above, raw, table)
        if best[0] is None or len(found) > len(best[0][2]):
            best[0] = (name, raw, found)
        if complete(found):
            following = next(rows, None)
            if following is not None:  # the header's upper row, or its only one?
                lower = match_two_rows(raw, following[1], table)
                if len(lower[0]) > len(found) and complete(lower[0]):
                    (number, _), (found, headers) = following, lower
                else:
                    rows = chain([following], rows)
            size = height - number if height is not None else None
            return _table(name, number, headers, found, rows, size)
        above = raw
        if searched >= HEADER_SEARCH_ROWS:
            break
    return None


def _others(
    sheets: list[tuple[str, Any]],
    table: dict[str, str],
    complete: Callable[[dict[str, int]], bool],
) -> list[tuple[str, int]]:
    """The other sheets with a header: each one's name and data rows (blank and footer rows
    not counted). A sheet that cannot be read is not one to offer."""
    found: list[tuple[str, int]] = []
    for name, open_rows in sheets:
        try:
            other = _find_header(name, open_rows, table, complete, [None])
            if other is not None:
                found.append((name, sum(1 for _ in other.raw_rows())))
        except InvalidInput:
            continue
    return found


def _reading(
    above: list[object] | None, raw: list[object], table: dict[str, str]
) -> tuple[dict[str, int], list[str]]:
    """The fields of a candidate header row and its columns' names: the row alone, or with
    the row above it as a two-row header (``监护人信息`` above ``姓名``), whichever finds
    more fields; as many, the two-row one when the row above names groups."""
    alone = match_header(raw, table), ["" if c is None else str(c).strip() for c in raw]
    if above is None:
        return alone
    joined = match_two_rows(above, raw, table)
    # on a tie, a row of groups (two names or more, not one title) is read with its columns
    groups = len({c.strip() for c in above if isinstance(c, str) and c.strip()}) > 1
    more = len(joined[0]) - len(alone[0])
    return joined if more > 0 or (more == 0 and groups) else alone


def _table(
    name: str,
    number: int,
    headers: list[str],
    found: dict[str, int],
    rows: Iterator[tuple[int, list[object]]],
    size: int | None,
) -> Table:
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
    if sheet is not None and sheet not in names:
        raise InvalidInput(f"找不到工作表“{sheet}”，文件中的工作表有：{'、'.join(names)}")

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
