"""Printing and writing a report: the rich tables with the 12-month bars, JSON, CSV, the
workbook, and the bureau's template. Files written here are audited as exports."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wbz_cli.cli.terminal import console, csv_safe, info, json_text, on_terminal, shown
from wbz_cli.domain.metrics import (
    SCALARS,
    SECTIONS,
    flatten,
    get_path,
    label_for,
    natural_key,
    section_rows,
)
from wbz_cli.domain.printable import printable
from wbz_cli.domain.report_keys import TREND_SERIES

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.domain.report import Report
    from wbz_cli.sheets.output import Target

#: The figures shown per community or worker on screen (the full set is in JSON/CSV/xlsx).
GROUP_COLUMNS = {
    "children.active": "在册",
    "children.new": "新增",
    "children.closed": "退出",
    "visits.total": "走访",
    "visits.children_reached": "覆盖",
    "visits.overdue": "逾期",
    "referrals.found": "线索",
    "referrals.open": "在办",
    "services.total": "服务",
    "subsidies.payments": "补贴人次",
    "subsidies.amount_yuan": "补贴金额",
}


#: A range report's period in JSON and CSV (``report range``), instead of ``month``.
PERIOD_LABELS = {"period": "统计时段", "start": "开始日期", "end": "结束日期"}


def period_keyed(figures: dict[str, Any], report: Report) -> dict[str, Any]:
    """A range report's figures with the period as ``period`` (ISO 8601 interval
    ``start/end``), ``start`` and ``end`` in the place of ``month``."""
    first, last = report.period.first.isoformat(), report.period.last.isoformat()
    out: dict[str, Any] = {}
    for key, value in figures.items():
        if key == "month":
            out.update(period=f"{first}/{last}", start=first, end=last)
        else:
            out[key] = value
    return out


def write_json(app: AppContext, report: Report, out: Target | None, ranged: bool = False) -> None:
    data = report.as_json()
    text = json_text(period_keyed(data, report) if ranged else data) + "\n"
    _write_text(app, report, out, text, "json")


def write_csv(app: AppContext, report: Report, out: Target | None, ranged: bool = False) -> None:
    """One row per figure: key, label, the total, then one column per group with ``--by``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    groups = sorted(report.groups, key=natural_key)
    writer.writerow(map(csv_safe, ["key", "label", "value", *groups]))
    figures = period_keyed(report.figures, report) if ranged else report.figures
    for key, value in flatten(figures):
        if key in PERIOD_LABELS:
            writer.writerow([key, PERIOD_LABELS[key], csv_safe(value), *[""] * len(groups)])
            continue
        cells = [get_path(report.groups[g], key) for g in groups]
        writer.writerow([key, label_for(key), csv_safe(value), *map(csv_safe, cells)])
    _write_text(app, report, out, buffer.getvalue(), "csv", bom=out is not None)


def _write_text(
    app: AppContext, report: Report, out: Target | None, text: str, kind: str, bom: bool = False
) -> None:
    if out is None:
        on_screen = kind == "csv" and on_terminal()  # JSON text is escaped by json_text
        sys.stdout.write(printable(text, keep_lines=True) if on_screen else text)
        return
    from wbz_cli.sheets.output import write_text

    write_text(out, text, bom=bom)
    _audit_export(app, report, out.path, kind)
    info(f"已写入 {out.path}")


def write_xlsx(app: AppContext, report: Report, out: Target, quiet: bool) -> None:
    from wbz_cli.sheets.report_xlsx import write_report_workbook

    write_report_workbook(out, report)
    _audit_export(app, report, out.path, "xlsx")
    info(f"已写入 {out.path}")


def fill_template(
    app: AppContext,
    report: Report,
    template: Path,
    out: Target,
    reveal: bool,
    include_unlinked: bool = False,
) -> None:
    from wbz_cli.services.report_lists import template_context, word_context
    from wbz_cli.sheets.template import fill_workbook

    if out.kind == "docx":
        from wbz_cli.sheets.word_template import render

        render(template, word_context(app.store(), report, reveal, include_unlinked), out)
        _audit_export(app, report, out.path, "template", reveal=reveal)
        info(f"已按 Word 模板 {template.name} 写好简报：{out.path}")
        return
    context = template_context(app.store(), report, reveal, include_unlinked)
    filled = fill_workbook(template, out, context)
    _audit_export(app, report, out.path, "template", reveal=reveal)
    info(f"已按模板 {template.name} 填写 {filled} 处，写入 {out.path}")


def _audit_export(
    app: AppContext, report: Report, out: Path, kind: str, reveal: bool = False
) -> None:
    store = app.store()
    with store.write():
        store.audit(
            "export",
            "report",
            report.period.label,
            None,
            {"file": str(out), "format": kind, "reveal": reveal},
        )


def print_table(report: Report) -> None:
    from rich.table import Table

    figures = report.figures
    out = console()
    head = Table(show_header=False, box=None, pad_edge=False)
    head.add_column(style="bold")
    head.add_column()
    for key, label in SCALARS[:2]:
        head.add_row(label, shown(str(get_path(figures, key))))
    head.add_row("截至", as_of_text(report))
    out.print(head)
    for section, title in SECTIONS.items():
        table = Table(title=title, title_justify="left", show_header=False, min_width=36)
        table.add_column("指标")
        table.add_column("数值", justify="right")
        for key, label in section_rows(section):
            table.add_row(label, str(get_path(figures, key)))
        out.print(table)
    if report.groups:
        out.print(_group_table(report))
    out.print(_trend_table(report))


def as_of_text(report: Report) -> str:
    """The last day counted, saying so when the period is not over yet."""
    if report.period.running:
        return f"{report.period.as_of}（本期尚未结束，按今天统计）"
    return report.period.as_of


def _group_table(report: Report) -> Any:
    from rich.table import Table

    title = "按社区" if report.by == "community" else "按儿童主任"
    table = Table(title=title, title_justify="left")
    table.add_column("社区" if report.by == "community" else "儿童主任", no_wrap=True)
    for label in GROUP_COLUMNS.values():
        table.add_column(label, justify="right", no_wrap=True)
    for group in sorted(report.groups, key=natural_key):
        values = report.groups[group]
        table.add_row(shown(group), *(str(get_path(values, k)) for k in GROUP_COLUMNS))
    table.add_row("合计", *(str(get_path(report.figures, k)) for k in GROUP_COLUMNS), style="bold")
    return table


def _trend_table(report: Report) -> Any:
    from rich.table import Table

    visits = report.trend.get("visits", {})
    leads = report.trend.get("leads", {})
    table = Table(title="近12个月走访与线索", title_justify="left", box=None)
    table.add_column("月份", no_wrap=True, min_width=7)  # a month is never cut
    table.add_column("走访", justify="right")
    table.add_column("")
    table.add_column("线索", justify="right")
    table.add_column("")
    more = [(name, title) for name, title in TREND_SERIES.items() if name in report.trend]
    for _, title in more:
        table.add_column(title, justify="right")
    top_visits = max(visits.values(), default=0) or 1
    top_leads = max(leads.values(), default=0) or 1
    for month in visits:
        v, n = visits[month], leads.get(month, 0)
        counts = [str(report.trend[name].get(month, 0)) for name, _ in more]
        table.add_row(
            month, str(v), _bar(v, top_visits, 24), str(n), _bar(n, top_leads, 12), *counts
        )
    return table


def _bar(value: int, top: int, width: int) -> str:
    """A bar of ``value/top`` of ``width`` cells, in eighths of a block."""
    eighths = round(value / top * width * 8) if top else 0
    full, part = divmod(eighths, 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
