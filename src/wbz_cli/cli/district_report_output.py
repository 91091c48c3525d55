"""Printing and writing the district's report: tables, JSON, CSV, the workbook and the
bureau's template. Files written are audited as exports in the district file."""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wbz_cli.cli.terminal import console, csv_safe, info, json_text, on_terminal, shown
from wbz_cli.domain.metrics import (
    SECTIONS,
    empty_report,
    flatten,
    label_for,
    section_rows,
    set_path,
)
from wbz_cli.domain.printable import printable
from wbz_cli.sheets.district_xlsx import SUMMED_NOTE

#: The figures shown per station on screen (every figure is in JSON, CSV and the workbook).
STATION_COLUMNS = {
    "children.active": "在册",
    "visits.total": "走访",
    "referrals.found": "线索",
    "services.total": "服务",
    "subsidies.payments": "补贴人次",
    "subsidies.amount_yuan": "补贴金额",
}

if TYPE_CHECKING:
    from wbz_cli.services.district_report import DistrictReport
    from wbz_cli.sheets.output import Target
    from wbz_cli.store.session import Store


def nested(report: DistrictReport, flat: dict[str, Any], name: str) -> dict[str, Any]:
    """Flat figures as the station's report JSON nests them, the period first: ``month`` (a
    range: ``period``/``start``/``end``), ``station`` (``name``: the district, or a station
    of ``by_station``), then the figures in the station report's order, ``as_of`` last."""
    if report.ranged:
        first, last = report.first.isoformat(), report.last.isoformat()
        tree: dict[str, Any] = {"period": f"{first}/{last}", "start": first, "end": last}
    else:
        tree = {"month": report.label}
    tree["station"] = name
    for key, parents, leaf in _figure_paths():
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = flat[key]
    tree["as_of"] = flat["as_of"]
    return tree


@cache
def _figure_paths() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(dotted key, its parents, its leaf) of every figure, in the station report's order."""
    out = []
    for key, _ in flatten(empty_report("", "")):
        if key not in ("month", "station"):
            *parents, leaf = key.split(".")
            out.append((key, tuple(parents), leaf))
    return tuple(out)


def missing_rows(report: DistrictReport) -> list[dict[str, Any]]:
    return [
        {"station": m.station, "station_id": m.station_id, "months": m.months}
        for m in report.missing
    ]


def as_json(report: DistrictReport, by: bool) -> dict[str, Any]:
    out = nested(report, report.figures, report.district)
    out["stations_submitted"] = report.submitted
    out["summed_not_distinct"] = report.summed_not_distinct
    out["missing_stations"] = missing_rows(report)
    if by:
        out["by_station"] = {name: nested(report, f, name) for name, f in report.by_station.items()}
    return out


def write_json(store: Store, report: DistrictReport, out: Target | None, by: bool) -> None:
    _write_text(store, report, out, json_text(as_json(report, by)) + "\n", "json")


def write_csv(store: Store, report: DistrictReport, out: Target | None, by: bool) -> None:
    """One row per figure: key, label, the district's value, whether it was added up across
    stations although it counts distinct people (1/0), then one column per station."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    stations = list(report.by_station) if by else []
    writer.writerow(map(csv_safe, ["key", "label", "value", "summed_not_distinct", *stations]))
    flagged = set(report.summed_not_distinct)
    for key in _keys():
        cells = [report.by_station[s][key] for s in stations]
        row = [key, label_for(key), report.figures[key], int(key in flagged), *cells]
        writer.writerow(map(csv_safe, row))
    _write_text(store, report, out, buffer.getvalue(), "csv", bom=out is not None)


def _keys() -> list[str]:
    return ["as_of", *(key for section in SECTIONS for key, _ in section_rows(section))]


def _write_text(
    store: Store,
    report: DistrictReport,
    out: Target | None,
    text: str,
    kind: str,
    bom: bool = False,
) -> None:
    if out is None:
        on_screen = kind == "csv" and on_terminal()
        sys.stdout.write(printable(text, keep_lines=True) if on_screen else text)
        return
    from wbz_cli.sheets.output import write_text

    write_text(out, text, bom=bom)
    audit_export(store, report, out.path, kind)
    info(f"已写入 {out.path}")


def write_xlsx(store: Store, report: DistrictReport, out: Target) -> None:
    from wbz_cli.sheets.district_xlsx import write_district_workbook

    title = f"{report.district} 未成年人保护工作汇总（{report.label}）"
    gaps = [(m.station, "、".join(m.months)) for m in report.missing]
    write_district_workbook(
        out, title, report.figures, report.summed_not_distinct, report.by_station, gaps
    )
    audit_export(store, report, out.path, "xlsx")
    info(f"已写入 {out.path}")


def template_context(report: DistrictReport) -> dict[str, Any]:
    """What a bureau template can name: every figure by its dotted key (money as exact
    numbers), the district, the period, ``station_figures`` (one row per station: index,
    name and its figures) and ``missing_stations`` (index, station, months)."""
    context: dict[str, Any] = {"district": report.district, "station": report.district}
    context["month"] = report.label
    context.update((k, _money(k, v)) for k, v in report.figures.items())
    context["period.first"] = report.first.isoformat()
    context["period.last"] = report.last.isoformat()
    context["stations_submitted"] = report.submitted
    context["station_figures"] = [
        {"index": n, "name": name, **{k: _money(k, v) for k, v in figures.items()}}
        for n, (name, figures) in enumerate(report.by_station.items(), 1)
    ]
    context["missing_stations"] = [
        {"index": n, "station": m.station, "months": "、".join(m.months)}
        for n, m in enumerate(report.missing, 1)
    ]
    return context


def word_context(report: DistrictReport) -> dict[str, Any]:
    """``template_context`` as Jinja reaches it: figures nested (``{{ visits.total }}``), each
    list's rows nested the same way."""
    context = template_context(report)
    lists = {k: [_tree(row) for row in v] for k, v in context.items() if isinstance(v, list)}
    return {**_tree({k: v for k, v in context.items() if k not in lists}), **lists}


def _tree(flat: dict[str, Any]) -> dict[str, Any]:
    """Dotted keys as nested dicts."""
    tree: dict[str, Any] = {}
    for key, value in flat.items():
        set_path(tree, key, value)
    return tree


def _money(key: str, value: Any) -> Any:
    return Decimal(value) if key.endswith("_yuan") and isinstance(value, str) else value


def fill_template(store: Store, report: DistrictReport, template: Path, out: Target) -> None:
    if out.kind == "docx":
        from wbz_cli.sheets.word_template import render

        render(template, word_context(report), out)
        audit_export(store, report, out.path, "template")
        info(f"已按 Word 模板 {template.name} 写好汇总：{out.path}")
        return
    from wbz_cli.sheets.template import fill_workbook

    filled = fill_workbook(template, out, template_context(report))
    audit_export(store, report, out.path, "template")
    info(f"已按模板 {template.name} 填写 {filled} 处，写入 {out.path}")


def audit_export(store: Store, report: DistrictReport, out: Path, kind: str) -> None:
    with store.write():
        store.audit("export", "district report", report.label, None,
                    {"file": str(out), "format": kind})  # fmt: skip


def print_table(report: DistrictReport, by: bool) -> None:
    from rich.table import Table

    figures = report.figures
    out = console()
    head = Table(show_header=False, box=None, pad_edge=False)
    head.add_column(style="bold")
    head.add_column()
    head.add_row("统计月份", shown(report.label))
    head.add_row("区县", shown(report.district))
    head.add_row("截至", str(figures["as_of"]))
    known = report.submitted + sum(1 for m in report.missing if len(m.months) == len(report.months))
    head.add_row("已报送", f"{report.submitted} 个未保站（共 {known} 个）")
    out.print(head)
    flagged = set(report.summed_not_distinct)
    for section, title in SECTIONS.items():
        table = Table(title=title, title_justify="left", show_header=False, min_width=36)
        table.add_column("指标")
        table.add_column("数值", justify="right")
        table.add_column("说明")
        for key, label in section_rows(section):
            table.add_row(label, str(figures[key]), SUMMED_NOTE if key in flagged else "")
        out.print(table)
    if by and report.by_station:
        out.print(_station_table(report))
    if flagged:
        info(f"注：标“{SUMMED_NOTE}”的人数、户数由各站数字相加，跨站的同一儿童（家庭）可能重复计入")
    if report.missing:
        info("未报送：" + "；".join(_missing_text(report, m) for m in report.missing))


def _missing_text(report: DistrictReport, missing: Any) -> str:
    if len(report.months) == 1:
        return str(missing.station)
    return f"{missing.station}（{'、'.join(missing.months)}）"


def _station_table(report: DistrictReport) -> Any:
    from rich.cells import cell_len
    from rich.table import Table

    table = Table(title="按未保站", title_justify="left")
    rows = [(name, values) for name, values in report.by_station.items()]
    rows.append(("合计", report.figures))
    table.add_column("未保站", no_wrap=True, min_width=max(cell_len(n) for n, _ in rows))
    for key, label in STATION_COLUMNS.items():
        widest = max(len(str(values[key])) for _, values in rows)
        table.add_column(label, justify="right", no_wrap=True, min_width=widest)
    for name, values in rows:
        style = "bold" if values is report.figures else None
        table.add_row(shown(name), *(str(values[k]) for k in STATION_COLUMNS), style=style)
    return table
