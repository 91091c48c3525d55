"""The district's report as a workbook: the figures (按站相加 beside those added up across
stations), one row per station with ``--by station``, and the stations that have not
submitted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wbz_cli.domain.metrics import SECTIONS, label_for, section_rows
from wbz_cli.sheets.guard import append_as_text

if TYPE_CHECKING:
    from wbz_cli.sheets.output import Target

MONEY_FORMAT = "#,##0.00"
SUMMED_NOTE = "按站相加"


def write_district_workbook(
    out: Target,
    title: str,
    figures: Mapping[str, Any],
    summed: Sequence[str],
    by_station: Mapping[str, Mapping[str, Any]],
    missing: Sequence[tuple[str, str]],
) -> None:
    """``missing``: (station, its missing months joined) per station not submitted."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from wbz_cli.sheets.output import save_with

    bold = Font(bold=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "汇总"
    append_as_text(sheet, [title, None, None, f"截至 {figures['as_of']}"])
    sheet["A1"].font = bold
    append_as_text(sheet, ["栏目", "指标", "数值", "说明"])
    for cell in sheet[2]:
        cell.font = bold
    flagged = set(summed)
    for section, section_title in SECTIONS.items():
        for key, label in section_rows(section):
            value = figures[key]
            note = SUMMED_NOTE if key in flagged else None
            append_as_text(sheet, [section_title, label, _number(value), note])
            if key.endswith("_yuan"):
                sheet.cell(row=sheet.max_row, column=3).number_format = MONEY_FORMAT
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 16
    sheet.freeze_panes = "A3"
    if by_station:
        _station_sheet(workbook.create_sheet("按未保站"), figures, by_station, bold)
    gaps = workbook.create_sheet("未报送")
    append_as_text(gaps, ["未保站", "未报送月份"])
    for name, months in missing:
        append_as_text(gaps, [name, months])
    gaps.column_dimensions["A"].width = 28
    save_with(out, workbook.save)


def _station_sheet(
    sheet: Any, figures: Mapping[str, Any], by_station: Mapping[str, Mapping[str, Any]], bold: Any
) -> None:
    keys = [key for section in SECTIONS for key, _ in section_rows(section)]
    append_as_text(sheet, ["未保站", *(label_for(k) for k in keys)])
    for name, values in by_station.items():
        append_as_text(sheet, [name, *(_number(values[k]) for k in keys)])
    append_as_text(sheet, ["合计", *(_number(figures[k]) for k in keys)])
    for cell in (*sheet[1], *sheet[sheet.max_row]):
        cell.font = bold
    for n, key in enumerate(keys, 2):
        if key.endswith("_yuan"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
                cell.number_format = MONEY_FORMAT
    sheet.column_dimensions["A"].width = 28
    sheet.freeze_panes = "B2"


def _number(value: Any) -> Any:
    """Money ("4696300.00") as an exact Decimal; counts as they are; a rate as written."""
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        return Decimal(value)
    return value
