"""One child director's task sheet (走访任务单, ``wbz due --by worker --out DIR``): the children
due a visit, and empty columns to fill in by hand or in Excel/WPS.

The header row uses the names ``wbz visit import`` knows (儿童编号, 姓名, 走访日期, 走访方式,
情况记录, 发现问题, 处理措施), so the filled sheet imports back as it is; the reference columns
(居民区, 上次走访, 应访日期, 依据) are known there as columns not to import. No ID or phone number
is written. Printed on A4 landscape, fit to the page's width, the header row on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wbz_cli.sheets.guard import as_text_cell
from wbz_cli.sheets.output import Target, staged

#: (header, width); the first six are filled from the due list, the rest left empty.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("儿童编号", 11),
    ("姓名", 10),
    ("居民区", 14),
    ("上次走访", 12),
    ("应访日期", 12),
    ("依据", 28),
    ("走访日期", 12),
    ("走访方式", 10),
    ("情况记录", 36),
    ("发现问题", 16),
    ("处理措施", 28),
)
HEADERS = tuple(h for h, _ in COLUMNS)
FILLED = 6
TITLE_ROW, HEADER_ROW = 1, 2
#: A row tall enough to write in by hand on the printed sheet.
ROW_HEIGHT = 36


@dataclass(frozen=True)
class TaskSheet:
    """What one file holds: the sheet's name, its title line, the reference cells of each
    child (code, name, community, last visit, due date, rule), the modes for the drop-down
    and the problem labels named in the 发现问题 header's note."""

    name: str
    title: str
    rows: Sequence[Sequence[Any]]
    modes: Sequence[str]
    problems: Sequence[str]


def write_task_sheet(target: Target, sheet: TaskSheet) -> int:
    """Write ``sheet`` to the claimed ``target`` (.xlsx); return the number of children."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet.name
    _fill(ws, sheet)
    _drop_down(ws, sheet)
    _print_setup(ws)
    with staged(target) as tmp:
        book.save(tmp)
    return len(sheet.rows)


def _fill(ws: Any, sheet: TaskSheet) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    as_text_cell(ws.cell(TITLE_ROW, 1), ILLEGAL_CHARACTERS_RE.sub("", sheet.title))
    ws.cell(TITLE_ROW, 1).font = Font(bold=True, size=13)
    headers = list(HEADERS)
    headers[HEADERS.index("发现问题")] = f"发现问题（{'、'.join(sheet.problems)}）"
    widths = [w for _, w in COLUMNS]
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, col)
        as_text_cell(cell, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = box
        ws.column_dimensions[get_column_letter(col)].width = width
    date_column = HEADERS.index("走访日期") + 1
    for offset, values in enumerate(sheet.rows):
        row = HEADER_ROW + 1 + offset
        ws.row_dimensions[row].height = ROW_HEIGHT
        for col in range(1, len(HEADERS) + 1):
            cell = ws.cell(row, col)
            if col <= FILLED:
                value = values[col - 1]
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                as_text_cell(cell, value if value not in (None, "") else None)
            cell.alignment = wrap
            cell.border = box
        ws.cell(row, date_column).number_format = "yyyy-mm-dd"
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def _drop_down(ws: Any, sheet: TaskSheet) -> None:
    """走访方式 chosen from a list of the modes' Chinese labels on every child's row."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if not sheet.rows:
        return
    letter = get_column_letter(HEADERS.index("走访方式") + 1)
    first, last = HEADER_ROW + 1, HEADER_ROW + len(sheet.rows)
    rule = DataValidation(
        type="list",
        formula1='"' + ",".join(sheet.modes) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="走访方式",
        error="请从下拉列表中选择：" + "、".join(sheet.modes),
    )
    ws.add_data_validation(rule)
    rule.add(f"{letter}{first}:{letter}{last}")


def _print_setup(ws: Any) -> None:
    """A4 landscape, every column on the page's width, the header row repeated on each page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
