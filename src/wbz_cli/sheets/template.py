"""Filling a bureau's own workbook: ``{{key}}`` placeholders anywhere, and a row marked
``{{#each LIST}} ... {{/each}}`` repeated once per item of LIST.

The template's fonts, borders, fills, number formats, merged cells, row heights and formulas
are kept: repeated rows copy the marked row's styles; rows below move down together with
their merged cells; formulas are rewritten so that references below the repeated row follow
it and a range that ends on the repeated row (``SUM(E5:E5)``) grows to cover every copy.
A cell that is exactly one placeholder gets the value's type (a number stays a number); text
is always stored as text, never as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.file_kind import describe
from wbz_cli.sheets.guard import as_text_cell
from wbz_cli.sheets.output import Target

PLACEHOLDER = re.compile(r"\{\{\s*([#/]?)\s*([\w.\u4e00-\u9fff]*)\s*([\w.]*)\s*\}\}")
EACH_OPEN = re.compile(r"\{\{\s*#each\s+([\w.]+)\s*\}\}")
EACH_CLOSE = re.compile(r"\{\{\s*/each\s*\}\}")
CELL_REF = re.compile(r"(\$?[A-Z]{1,3}\$?)(\d+)")
MAX_EACH_ROWS = 50  # rows marked {{#each}} in one template
MAX_OUTPUT_CELLS = 1_000_000  # cells of the filled workbook, repeated rows included


def fill_workbook(template: Path, out: Target, context: Mapping[str, Any]) -> int:
    """Fill ``template`` into ``out``; returns how many placeholders were filled."""
    from openpyxl import load_workbook

    from wbz_cli.sheets.output import save_with
    from wbz_cli.sheets.preflight import check_template

    if not template.is_file():
        raise InvalidInput(f"找不到模板文件 {template}，请检查路径")
    if template.suffix.lower() != ".xlsx":
        raise InvalidInput(
            f"模板 {template.name} 不是 .xlsx 工作簿（带宏的 .xlsm 等不能用作模板）："
            "请用 Excel 或 WPS 另存为 .xlsx 后重试"
        )
    check_template(template)
    try:  # links to other workbooks are left out: the filled report goes to the bureau alone
        workbook = load_workbook(template, keep_links=False)
    except MemoryError:
        raise InvalidInput(f"模板 {template.name} 太大，内存不够读取：请删去多余的内容") from None
    except Exception:  # whatever openpyxl makes of a file it cannot read
        raise InvalidInput(
            f"模板 {template.name} 不是可读取的 .xlsx 工作簿（{describe(template)[0]}），"
            "请用 Excel 或 WPS 另存为 .xlsx 后重试"
        ) from None
    _check_size(workbook, context)
    filled = 0
    for sheet in workbook.worksheets:
        filled += _fill_sheet(sheet, context)
    save_with(out, workbook.save)
    return filled


def _check_size(workbook: Any, context: Mapping[str, Any]) -> None:
    """Refuse before filling: more than MAX_EACH_ROWS repeated rows, or a filled workbook of
    more than MAX_OUTPUT_CELLS cells."""
    sheets = workbook.worksheets
    marked = [(sheet, name) for sheet in sheets for _row, name in _each_rows(sheet)]
    if len(marked) > MAX_EACH_ROWS:
        raise InvalidInput(
            f"模板有 {len(marked):,} 行标了 {{{{#each}}}}，超过了 {MAX_EACH_ROWS} 行的上限："
            "每份名单只需标一行，该行会按名单自动重复"
        )
    cells = sum(len(sheet._cells) for sheet in sheets)
    for sheet, name in marked:
        items = context.get(name)
        if isinstance(items, Sequence) and not isinstance(items, str):
            cells += max(len(items) - 1, 0) * sheet.max_column
    if cells > MAX_OUTPUT_CELLS:
        raise InvalidInput(
            f"按模板填好的工作簿将有 {cells:,} 个单元格，超过了 {MAX_OUTPUT_CELLS:,} 个的上限："
            "请减少重复的名单行或名单行的列数"
        )


def _fill_sheet(sheet: Any, context: Mapping[str, Any]) -> int:
    each_rows = _each_rows(sheet)
    _check_placeholders(sheet, context, dict(each_rows))
    filled = 0
    for row_index, name in reversed(each_rows):
        items = context.get(name)
        if not isinstance(items, Sequence) or isinstance(items, str):
            cell = f"{sheet.title}!第{row_index}行"
            raise InvalidInput(
                f"模板 {cell} 的 {{{{#each {name}}}}} 不是可重复的名单，可用：{_lists(context)}"
            )
        filled += _repeat_row(sheet, row_index, list(items), context)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "{{" in cell.value:
                filled += _fill_cell(sheet, cell, context, None)
    return filled


def _each_rows(sheet: Any) -> list[tuple[int, str]]:
    found = []
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                match = EACH_OPEN.search(cell.value)
                if match:
                    found.append((cell.row, match.group(1)))
                    break
    return found


def _check_placeholders(
    sheet: Any, context: Mapping[str, Any], each_rows: Mapping[int, str]
) -> None:
    """Before any row is inserted: every placeholder names a figure, or a field of its
    row's list, so that a typo is reported at the cell the user sees in the template. The
    fields of an empty list are not known; its row is emptied anyway."""
    for row in sheet.iter_rows():
        for cell in row:
            if not (isinstance(cell.value, str) and "{{" in cell.value):
                continue
            item: Mapping[str, Any] | None = None
            if cell.row in each_rows:
                items = context.get(each_rows[cell.row])
                if not isinstance(items, Sequence) or isinstance(items, str) or not items:
                    continue  # not a list: refused with its row; empty: nothing is filled
                item = items[0]
            text = EACH_CLOSE.sub("", EACH_OPEN.sub("", cell.value))
            for match in PLACEHOLDER.finditer(text):
                key = match.group(2)
                if not (item is not None and key in item) and not _figure(context, key):
                    raise _unknown(f"{sheet.title}!{cell.coordinate}", key, context, item)


def _figure(context: Mapping[str, Any], key: str) -> bool:
    return key in context and not isinstance(context[key], list)


def _unknown(
    where: str, key: str, context: Mapping[str, Any], item: Mapping[str, Any] | None
) -> InvalidInput:
    """The refusal of a placeholder that names nothing, with the names nearest to it."""
    from difflib import get_close_matches

    names = [k for k in context if _figure(context, k)] + list(item or ())
    near = get_close_matches(key, names, n=3, cutoff=0.6)
    hint = (
        "，是不是：" + "、".join(near)
        if near
        else "；指标名如 children.active、subsidies.amount_yuan"
    )
    return InvalidInput(
        f"模板单元格 {where} 的占位符 {{{{{key}}}}} 无法识别{hint}"
        + ("；名单行内可用：" + "、".join(item) if item else "")
    )


def _lists(context: Mapping[str, Any]) -> str:
    return "、".join(k for k, v in context.items() if isinstance(v, list))


def _repeat_row(
    sheet: Any, row: int, items: list[dict[str, Any]], context: Mapping[str, Any]
) -> int:
    from copy import copy

    extra = max(len(items) - 1, 0)
    if extra:
        _insert_rows_below(sheet, row, extra)
    template = [(c.column, c.value, c._style, c.data_type) for c in sheet[row]]
    height = sheet.row_dimensions[row].height
    merged_here = [r for r in sheet.merged_cells.ranges if r.min_row == row == r.max_row]
    filled = 0
    for offset in range(len(items) or 1):
        target = row + offset
        if offset:
            sheet.row_dimensions[target].height = height
            for rng in merged_here:
                sheet.merge_cells(
                    start_row=target,
                    end_row=target,
                    start_column=rng.min_col,
                    end_column=rng.max_col,
                )
        for column, value, style, data_type in template:
            cell = sheet.cell(row=target, column=column)
            if type(cell).__name__ == "MergedCell":
                continue
            cell._style = copy(style)
            if isinstance(value, str) and data_type == "f" and offset:
                value = _translate(value, row, target, column)
            cell.value = value
            if not items:
                cell.value = None if isinstance(value, str) and "{{" in value else value
                continue
            if isinstance(cell.value, str) and "{{" in cell.value:
                filled += _fill_cell(sheet, cell, context, items[offset])
    return filled


def _fill_cell(
    sheet: Any, cell: Any, context: Mapping[str, Any], item: Mapping[str, Any] | None
) -> int:
    text = EACH_CLOSE.sub("", EACH_OPEN.sub("", cell.value))
    matches = list(PLACEHOLDER.finditer(text))

    def lookup(match: re.Match[str]) -> Any:
        key = match.group(2)
        if item is not None and key in item:
            return item[key]
        if _figure(context, key):
            return context[key]
        raise _unknown(f"{sheet.title}!{cell.coordinate}", key, context, item)

    if len(matches) == 1 and matches[0].span() == (0, len(text.strip())) and text == text.strip():
        value = lookup(matches[0])
        _set_value(cell, value)
        return 1
    result = PLACEHOLDER.sub(lambda m: _text(lookup(m)), text)
    _set_value(cell, result)
    return len(matches)


def _set_value(cell: Any, value: Any) -> None:
    if value is None or value == "":
        cell.value = None
        return
    as_text_cell(cell, value)  # text never a formula, whatever it starts with


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _insert_rows_below(sheet: Any, row: int, count: int) -> None:
    """Insert ``count`` rows after ``row``, moving merged cells, heights and formulas along."""
    below = [r for r in list(sheet.merged_cells.ranges) if r.min_row > row]
    for rng in below:
        sheet.unmerge_cells(str(rng))
    heights = {r: d.height for r, d in list(sheet.row_dimensions.items()) if r > row and d.height}
    sheet.insert_rows(row + 1, count)
    for r in heights:
        sheet.row_dimensions[r].height = None
    for r, h in heights.items():
        sheet.row_dimensions[r + count].height = h
    for rng in below:
        rng.shift(0, count)
        sheet.merge_cells(str(rng))
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.value = _shift_formula(cell.value, row, count)


def _shift_formula(formula: str, row: int, count: int) -> str:
    """References below ``row`` move down ``count`` rows; a range ending on ``row`` grows."""
    from openpyxl.formula.tokenizer import Token, Tokenizer

    tokens = Tokenizer(formula).items
    parts = []
    for token in tokens:
        value = token.value
        if token.type == Token.OPERAND and token.subtype == Token.RANGE and "!" not in value:
            value = _shift_range(value, row, count)
        parts.append(value)
    return "=" + "".join(parts)


def _shift_range(ref: str, row: int, count: int) -> str:
    pieces = ref.split(":")

    def move(piece: str, is_end: bool) -> str:
        def sub(m: re.Match[str]) -> str:
            n = int(m.group(2))
            if n > row or (is_end and n == row and len(pieces) == 2):
                n += count
            return f"{m.group(1)}{n}"

        return CELL_REF.sub(sub, piece)

    return ":".join(move(p, i == len(pieces) - 1 and i > 0) for i, p in enumerate(pieces))


def _translate(formula: str, origin_row: int, target_row: int, column: int) -> str:
    from openpyxl.formula.translate import Translator
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    return Translator(formula, origin=f"{letter}{origin_row}").translate_formula(
        f"{letter}{target_row}"
    )
