"""The report as a workbook: the figures, one sheet per breakdown (community, worker,
category x risk), and the last 12 months with a native Excel bar chart."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wbz_cli.domain.enums import Category, Risk
from wbz_cli.domain.metrics import (
    SECTIONS,
    flatten,
    get_path,
    label_for,
    natural_key,
    section_rows,
)
from wbz_cli.domain.report_keys import STATION_ONLY, TREND_SERIES
from wbz_cli.sheets.guard import append_as_text

if TYPE_CHECKING:
    from wbz_cli.domain.report import Report
    from wbz_cli.sheets.output import Target

MONEY_FORMAT = "#,##0.00"


def write_report_workbook(out: Target, report: Report) -> None:
    from openpyxl import Workbook

    from wbz_cli.sheets.output import save_with

    workbook = Workbook()
    _figures_sheet(workbook.active, report)
    community, worker = report.breakdown("community"), report.breakdown("worker")
    _group_sheet(workbook.create_sheet("按社区"), report, community, "社区")
    _group_sheet(workbook.create_sheet("按儿童主任"), report, worker, "儿童主任")
    _category_sheet(workbook.create_sheet("按类别"), report.matrix)
    _trend_sheet(workbook.create_sheet("近12个月"), report)
    save_with(out, workbook.save)


def _styles() -> tuple[Any, Any, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return (
        Font(bold=True),
        PatternFill("solid", fgColor="DDEBF7"),
        Alignment(horizontal="center", vertical="center"),
    )


def _number(value: Any) -> Any:
    """Figures as numbers: counts as int, money ("4696300.00") as an exact Decimal; a rate
    ("100.0%", "—") stays as written."""
    if isinstance(value, str) and _is_money(value):
        return Decimal(value)
    return value


def _is_money(value: str) -> bool:
    return value.replace(".", "", 1).isdigit()


def _figures_sheet(sheet: Any, report: Report) -> None:
    bold, fill, center = _styles()
    sheet.title = "月报"
    figures = report.figures
    title = f"{figures['station']} 未成年人保护工作月报（{figures['month']}）"
    append_as_text(sheet, [title, None, None, f"截至 {figures['as_of']}"])
    sheet.merge_cells("A1:C1")
    sheet["A1"].font = bold
    sheet["A1"].alignment = center
    append_as_text(sheet, ["栏目", "指标", "数值"])
    for cell in sheet[2]:
        cell.font, cell.fill = bold, fill
    for section, title in SECTIONS.items():
        for key, label in section_rows(section):
            _figure_row(sheet, title, label, get_path(figures, key))
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 16
    sheet.freeze_panes = "A3"


def _figure_row(sheet: Any, section: str, label: str, value: Any) -> None:
    append_as_text(sheet, [section, label, _number(value)])
    if isinstance(value, str) and _is_money(value):
        sheet.cell(row=sheet.max_row, column=3).number_format = MONEY_FORMAT


def _group_sheet(sheet: Any, report: Report, groups: dict[str, dict[str, Any]], title: str) -> None:
    bold, fill, _ = _styles()
    keys = [k for k, _ in flatten(report.figures) if k not in ("month", "station", "as_of")]
    keys = [k for k in keys if k.split(".")[0] not in STATION_ONLY]
    append_as_text(sheet, [title, *(label_for(k) for k in keys)])
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for name in sorted(groups, key=natural_key):
        values = groups[name]
        append_as_text(sheet, [name, *(_number(get_path(values, k)) for k in keys)])
    append_as_text(sheet, ["合计", *(_number(get_path(report.figures, k)) for k in keys)])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for n, key in enumerate(keys, 2):
        if key.endswith("amount_yuan"):
            for row in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
                row[0].number_format = MONEY_FORMAT
    sheet.column_dimensions["A"].width = 16
    sheet.freeze_panes = "B2"


def _category_sheet(sheet: Any, matrix: dict[str, dict[str, int]]) -> None:
    bold, fill, _ = _styles()
    risks = list(Risk)
    sheet.append(
        [
            "儿童类别",
            *(f"{r.label}色风险" if r is not Risk.UNASSESSED else r.label for r in risks),
            "在册合计",
        ]
    )
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for category in Category:
        counts = matrix.get(category.value, {})
        values = [counts.get(r.value, 0) for r in risks]
        append_as_text(sheet, [category.label, *values, sum(values)])
    sheet.column_dimensions["A"].width = 18


def _trend_sheet(sheet: Any, report: Report) -> None:
    from openpyxl.chart import BarChart, Reference

    bold, fill, _ = _styles()
    more = [(name, title) for name, title in TREND_SERIES.items() if name in report.trend]
    append_as_text(sheet, ["月份", "走访随访次数", "发现线索", *(title for _, title in more)])
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    visits = report.trend.get("visits", {})
    leads = report.trend.get("leads", {})
    for month in visits:
        counts = [report.trend[name].get(month, 0) for name, _ in more]
        append_as_text(sheet, [month, visits[month], leads.get(month, 0), *counts])
    chart = BarChart()
    chart.type = "col"
    chart.title = "近12个月走访与线索"
    chart.y_axis.title = "次数"
    chart.x_axis.title = "月份"
    rows = len(visits) + 1
    data = Reference(sheet, min_col=2, max_col=3, min_row=1, max_row=rows)
    months = Reference(sheet, min_col=1, min_row=2, max_row=rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(months)
    chart.width, chart.height = 22, 11
    sheet.add_chart(chart, "E2")
    sheet.column_dimensions["A"].width = 10
