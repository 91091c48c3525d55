"""The rows of a workbook's sheet as python-calamine reads them: numbered from 1, merged areas
filled with their top-left value, refused past the size limits, calamine's errors (and Rust
panics) turned into messages the user can act on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.file_kind import RESAVE, not_a_workbook
from wbz_cli.sheets.limits import MAX_COLUMNS, MAX_ROWS, column_letters


def is_panic(exc: BaseException) -> bool:
    """pyo3's PanicException (a Rust panic inside calamine) derives from BaseException."""
    return type(exc).__name__ == "PanicException"


def unreadable(path: Path, exc: BaseException) -> InvalidInput:
    from python_calamine import CalamineError

    if isinstance(exc, (CalamineError, OSError, ValueError)) or is_panic(exc):
        return not_a_workbook(path)
    if isinstance(exc, MemoryError):
        return InvalidInput(f"表格文件“{path.name}”太大，内存不够读取：请把表格拆成几个文件")
    raise exc


def sheet_unreadable(name: str) -> InvalidInput:
    """A sheet whose content calamine cannot read (its XML broken part-way, say)."""
    return InvalidInput(f"无法读取工作表“{name}”：文件可能已损坏（工作表的内容有错误）：{RESAVE}")


def capped(
    rows: Iterator[tuple[int, list[object]]], name: str
) -> Iterator[tuple[int, list[object]]]:
    """The rows, refused past MAX_ROWS or MAX_COLUMNS (the formats whose XML is not checked
    before reading: .xls, .ods, .xlsb)."""
    from python_calamine import CalamineError

    try:
        for number, raw in rows:
            if number > MAX_ROWS or len(raw) > MAX_COLUMNS:
                where = f"第 {number:,} 行" if number > MAX_ROWS else f"第 {len(raw):,} 列"
                raise InvalidInput(
                    f"工作表“{name}”{where}有内容，超出了 {MAX_ROWS:,} 行、{MAX_COLUMNS} 列"
                    f"（{column_letters(MAX_COLUMNS)} 列）的上限：请删去多余的行列，或把表格拆成"
                    "几个文件"
                )
            yield number, raw
    except CalamineError:
        raise sheet_unreadable(name) from None
    except BaseException as exc:
        if is_panic(exc):
            raise sheet_unreadable(name) from None
        raise


def sheet_rows(ws: Any, name: str) -> Iterator[tuple[int, list[object]]]:
    """Rows of a sheet numbered from 1, merged areas filled with their top-left value."""
    from python_calamine import CalamineError

    try:
        start = ws.start
        merged = ws.merged_cell_ranges or []
        rows = ws.iter_rows()
    except CalamineError:
        raise sheet_unreadable(name) from None
    offset = start[1] if start else 0
    if not offset and not merged:  # the usual sheet: its rows as they come
        yield from enumerate(rows, start=1)
        return
    pad: list[object] = [""] * offset
    yield from _fill_merged(enumerate((pad + row for row in rows) if offset else rows), merged)


def _fill_merged(
    rows: Iterator[tuple[int, list[object]]], merged: list[Any]
) -> Iterator[tuple[int, list[object]]]:
    """(row number from 1, cells) of (0-based row, cells), the cells of each merged area
    filled with its top-left value."""
    if not merged:
        for index, raw in rows:
            yield index + 1, raw
        return
    # Merged areas: row -> [(first_row, first_col, last_col)]; the value is taken when the
    # area's first row is read, then copied into the area's other cells.
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for (r0, c0), (r1, c1) in merged:
        for r in range(r0, r1 + 1):
            spans.setdefault(r, []).append((r0, c0, c1))
    values: dict[tuple[int, int], object] = {}
    for index, raw in rows:
        for r0, c0, c1 in spans.get(index, ()):
            if r0 == index:
                values[(r0, c0)] = raw[c0] if c0 < len(raw) else ""
            value = values.get((r0, c0), "")
            if c1 >= len(raw):
                raw.extend([""] * (c1 + 1 - len(raw)))
            for c in range(c0, c1 + 1):
                if (r0, c0) != (index, c):
                    raw[c] = value
        yield index + 1, raw
