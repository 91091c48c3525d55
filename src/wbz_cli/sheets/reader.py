"""A generic reader of the tables people send: rosters, visit sheets, department lists.

``open_table`` opens an .xlsx/.xlsm/.xls/.ods workbook (python-calamine) or a .csv file (the
csv module, encoding found by itself), picks the sheet, finds the header row among the first
rows by the header names it knows (``fields``: field key -> synonyms), and yields the data
rows as ``SourceRow`` objects. Title rows above the header, blank rows and footer rows
(合计, 填表人, 审核人 ...) are skipped; a value of a merged area is copied into every cell of the
area. Cells keep the types the file gives (str, float, date, datetime); callers validate them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.csv_text import decode_csv
from wbz_cli.sheets.guard import restore
from wbz_cli.sheets.limits import MAX_COLUMNS, MAX_ROWS, column_letters
from wbz_cli.sheets.preflight import (
    ZIP_SUFFIXES,
    Strings,
    check_file_size,
    check_sheet_xml,
    check_workbook,
    not_a_workbook,
    sheet_member,
)

HEADER_SEARCH_ROWS = 30
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
FOOTER_MARKERS = (
    "合计",
    "总计",
    "小计",
    "共计",
    "填表人",
    "填报人",
    "审核人",
    "制表",
    "负责人",
    "经办人",
    "单位负责人",
    "填表日期",
    "填报日期",
    "注:",
    "备注:",
    "说明:",
)
#: The markers, and each with a half-width colon (after NFKC, ``：`` is ``:``).
_FOOTER_STARTS = FOOTER_MARKERS + tuple(m.rstrip(":") + ":" for m in FOOTER_MARKERS)
_BRACKETED = re.compile(r"[(\[{【〔][^)\]}】〕]*[)\]}】〕]")
_BRACKETS = re.compile(r"[()\[\]{}【】〔〕<>《》]")
_DROP = re.compile(r"[\s*:：·.、]+")


class SourceRow(NamedTuple):
    """One data row (a NamedTuple: cheap to make 100,000 times)."""

    number: int  # 1-based row in the sheet
    cells: dict[str, object]  # field key -> raw value
    raw: list[object]  # every original cell


@dataclass
class Table:
    """A sheet with its header found: which column holds which field, and the data rows."""

    sheet: str
    header_row: int  # 1-based
    columns: dict[str, int]  # field key -> 0-based column index
    headers: list[str]  # the header row's original texts
    unknown_headers: list[str]
    _rows: Iterator[tuple[int, list[object]]] = field(repr=False)
    size: int | None = None  # data rows below the header, blank and footer rows included

    def rows(self) -> Iterator[SourceRow]:
        """The data rows below the header; blank and footer rows skipped. Read once."""
        columns = list(self.columns.items())
        last = max(self.columns.values(), default=-1)
        for number, raw in self.raw_rows():
            if len(raw) > last:  # every column there: no check per cell
                cells = {key: raw[i] for key, i in columns}
            else:
                width = len(raw)
                cells = {key: (raw[i] if i < width else "") for key, i in columns}
            yield SourceRow(number, cells, raw)

    def cells(self, raw: Sequence[object]) -> dict[str, object]:
        """One row's cells by field key, as ``rows()`` gives them."""
        width = len(raw)
        return {key: (raw[i] if i < width else "") for key, i in self.columns.items()}

    def raw_rows(self) -> Iterator[tuple[int, list[object]]]:
        """``rows()`` as (row number, original cells), without the cells by field."""
        for number, raw in self._rows:
            if not _skipped(raw):
                yield number, raw


def normalise_header(text: object) -> str:
    """Full-width to half-width, no spaces, line breaks, colons or asterisks: ``社区（村）`` ->
    ``社区(村)``."""
    value = unicodedata.normalize("NFKC", str(text if text is not None else ""))
    return _DROP.sub("", value).lower()


def _header_variants(text: object) -> list[str]:
    key = normalise_header(text)
    variants = [key]
    for other in (_BRACKETED.sub("", key), _BRACKETS.sub("", key)):
        if other and other not in variants:
            variants.append(other)
    return variants


def synonym_table(fields: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Normalised header text -> field key (the field key itself is also accepted)."""
    table: dict[str, str] = {}
    for key, synonyms in fields.items():
        for text in (key, *synonyms):
            for variant in _header_variants(text):
                table.setdefault(variant, key)
    return table


def _match_header(raw: Sequence[object], table: Mapping[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(raw):
        if not isinstance(cell, str) or not cell.strip():
            continue
        for variant in _header_variants(cell):
            key = table.get(variant)
            if key is not None:
                found.setdefault(key, i)
                break
    return found


def _skipped(raw: Sequence[object]) -> bool:
    """A blank row, or a footer row (合计, 填表人 ...): its first cell that is not blank is text
    starting with a footer marker."""
    for cell in raw:
        if cell is None:
            continue
        if not isinstance(cell, str):
            return False
        if cell.strip():
            text = unicodedata.normalize("NFKC", cell).replace(" ", "").replace("\u3000", "")
            return text.startswith(_FOOTER_STARTS)
    return True


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
        sheets: list[tuple[str, Any]] = [(path.stem, lambda: (_csv_rows(path, encoding), None))]
        if sheet is not None and sheet != path.stem:
            raise InvalidInput(f"CSV 文件只有一张表，不能选择工作表“{sheet}”")
    elif suffix in WORKBOOK_SUFFIXES:
        sheets = _workbook_sheets(path, sheet)
    else:
        raise InvalidInput(
            f"不支持的文件类型“{suffix or path.name}”：请提供 .xlsx、.xls、.ods 或 .csv 文件"
        )
    best: tuple[str, list[object], dict[str, int]] | None = None
    wanted = set(required)
    for name, open_rows in sheets:
        rows, height = open_rows()
        head: list[tuple[int, list[object]]] = []
        for number, raw in rows:
            head.append((number, raw))
            found = _match_header(raw, table)
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


def _is_panic(exc: BaseException) -> bool:
    """pyo3's PanicException (a Rust panic inside calamine) derives from BaseException."""
    return type(exc).__name__ == "PanicException"


def _unreadable(path: Path, exc: BaseException) -> InvalidInput:
    from python_calamine import CalamineError

    if isinstance(exc, (CalamineError, OSError, ValueError)) or _is_panic(exc):
        return not_a_workbook(path, exc.__class__.__name__)
    if isinstance(exc, MemoryError):
        return InvalidInput(f"表格文件“{path.name}”太大，内存不够读取：请把表格拆成几个文件")
    raise exc


def _workbook_sheets(path: Path, sheet: str | None) -> list[tuple[str, Any]]:
    from python_calamine import CalamineError, CalamineWorkbook

    suffix = path.suffix.lower()
    check_file_size(path)
    strings = check_workbook(path) if suffix in ZIP_SUFFIXES else Strings()
    try:
        book = CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # a Rust panic is a BaseException
        raise _unreadable(path, exc) from None
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
            except CalamineError as exc:
                raise InvalidInput(f"无法读取工作表“{name}”（{exc}）") from None
            except BaseException as exc:
                raise _unreadable(path, exc) from None
            end = ws.end
            return _capped(_sheet_rows(ws, name), name), (end[0] + 1 if end else 0)

        return open_rows

    return [(name, opener(name)) for name in names]


def _capped(
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
    except CalamineError as exc:
        raise InvalidInput(f"无法读取工作表“{name}”（{exc}）") from None
    except BaseException as exc:
        if _is_panic(exc):
            raise InvalidInput(
                f"无法读取工作表“{name}”：文件可能已损坏，请用 Excel 或 WPS 打开后另存为 .xlsx 再试"
            ) from None
        raise


def _sheet_rows(ws: Any, name: str) -> Iterator[tuple[int, list[object]]]:
    """Rows of a sheet numbered from 1, merged areas filled with their top-left value."""
    from python_calamine import CalamineError

    try:
        start = ws.start
        merged = ws.merged_cell_ranges or []
        rows = ws.iter_rows()
    except CalamineError as exc:
        raise InvalidInput(f"无法读取工作表“{name}”（{exc}）") from None
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


def _csv_rows(path: Path, encoding: str | None) -> Iterator[tuple[int, list[object]]]:
    text = decode_csv(path.read_bytes(), encoding, path.name)
    delimiter = _delimiter(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [restore(cell) if cell[:1] == "'" else cell for cell in row]
    except csv.Error as exc:
        raise InvalidInput(f"CSV 文件格式有误：{exc}") from None


def _delimiter(sample: str) -> str:
    """Comma, tab or semicolon: whichever the first lines use most."""
    lines = [line for line in sample.splitlines()[:5] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
