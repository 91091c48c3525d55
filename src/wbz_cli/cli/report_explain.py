"""``wbz report explain KEY``: the records behind one figure of the report, on screen, as JSON
or CSV, or written to a CSV or Excel file; the rows (or their sum) make the figure."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.options import ForceOpt, RevealOpt
from wbz_cli.cli.report import ByOpt, OutOpt, ReportFormat, ReportFormatOpt
from wbz_cli.cli.terminal import Column

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.domain.report import Period
    from wbz_cli.services.report_explain import Explanation
    from wbz_cli.sheets.output import Target

PART_LABELS = {"numerator": "分子", "denominator": "分母"}

COLUMNS = (
    Column("child", "儿童编号"),
    Column("id_number", "身份证号"),
    Column("name", "姓名/名称"),
    Column("community", "社区"),
    Column("worker", "儿童主任"),
    Column("date", "日期"),
    Column("record", "记录"),
    Column("amount_yuan", "金额(元)", justify="right"),
    Column("participants", "人次", justify="right"),
    Column("part", "分子/分母", lambda v: PART_LABELS.get(v, v or "")),
)

KeyArg = Annotated[
    str,
    typer.Argument(
        help="报表的指标，如 visits.total、visits.by_mode.home、subsidies.amount_yuan"
        "（wbz report monthly --format csv 的 key 列）",
        show_default=False,
    ),
]
MonthOpt = Annotated[str | None, typer.Option("--month", "-m", help="统计月份 YYYY-MM")]
FromOpt = Annotated[str | None, typer.Option("--from", help="开始日期 YYYY-MM-DD（含）")]
ToOpt = Annotated[str | None, typer.Option("--to", help="结束日期 YYYY-MM-DD（含）")]
GroupOpt = Annotated[
    str | None,
    typer.Option("--group", help="与 --by 一起用：只看这个社区或儿童主任的数字，如 第1居民区"),
]


def register(report_app: typer.Typer) -> None:
    report_app.command("explain")(explain)


def explain(
    ctx: typer.Context,
    key: KeyArg,
    month: MonthOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    by: ByOpt = None,
    group: GroupOpt = None,
    fmt: ReportFormatOpt = ReportFormat.table,
    out: OutOpt = None,
    reveal: RevealOpt = False,
    force: ForceOpt = False,
) -> None:
    """列出报表中一个数字背后的记录：儿童编号、身份证号（打码）、姓名、日期、记录编号，
    金额类另有金额。行数（金额类为金额合计）等于报表中的数字；按人数计的指标一人一行，
    比率（如 care.agreement_rate）以 part 列分列分子和分母的记录。"""
    from wbz_cli.services.report_explain import explain as explain_figure

    app = app_context(ctx)
    target = _claim(app, fmt, out, force)
    store = app.store()
    period = _period(month, start, end, app.today)
    result = explain_figure(store, key, period, by.value if by else None, group)
    if reveal and result.rows:
        from wbz_cli.services.child_file import record_reveal

        codes = sorted({r["child"] for r in result.rows if r["child"]})
        record_reveal(store, "report_explain", codes or [key])
    _emit(app, result, fmt, target, reveal)


def _period(month: str | None, start: str | None, end: str | None, today: Any) -> Period:
    """The period asked for; one that ends after today is counted as of today (METRICS.md:
    the report's ``as_of``), its label unchanged."""
    from wbz_cli.domain.report import Period

    asked = _asked_period(month, start, end, today)
    if asked.last <= today:
        return asked
    return Period(asked.first, today, asked.label)


def _asked_period(month: str | None, start: str | None, end: str | None, today: Any) -> Period:
    from wbz_cli.domain.errors import InvalidInput
    from wbz_cli.services.report import month_period, range_period

    if month is not None and (start is not None or end is not None):
        raise InvalidInput(
            "--month 与 --from/--to 只能选一种：按月用 --month，按时段用 --from 和 --to"
        )
    if month is not None:
        return month_period(month, today)
    if start is None or end is None:
        raise InvalidInput(
            "请指定统计时段：--month YYYY-MM，或 --from YYYY-MM-DD --to YYYY-MM-DD（两者都要）"
        )
    return range_period(start, end, today)


def _claim(app: AppContext, fmt: ReportFormat, out: Path | None, force: bool) -> Target | None:
    from wbz_cli.domain.errors import InvalidInput

    if fmt is ReportFormat.xlsx and out is None:
        raise InvalidInput("--format xlsx 需要 --out 指定输出文件，例如 --out 明细.xlsx")
    if out is not None and fmt is ReportFormat.table:
        raise InvalidInput(
            "表格格式只显示在屏幕上，不写文件：写入文件请用 -f xlsx、-f csv 或 -f json 加 -o"
        )
    if out is None:
        return None
    return app.output(out, (fmt.value,), force=force)


def _emit(
    app: AppContext, result: Explanation, fmt: ReportFormat, out: Target | None, reveal: bool
) -> None:
    from wbz_cli.cli.terminal import info, json_text, masked_rows, print_csv, print_table

    if fmt is ReportFormat.table:
        if not result.rows:
            info(f"{_title(result)}：没有记录（{result.figure}）")
            return
        shown = [c for c in COLUMNS if any(r.get(c.key) is not None for r in result.rows)]
        print_table(result.rows, shown, reveal, title=_title(result), caption=_caption(result))
        return
    if fmt is ReportFormat.xlsx:
        assert out is not None
        from wbz_cli.sheets.writer import write_table

        rows = masked_rows(result.rows, reveal)
        write_table(out, [c.label for c in COLUMNS],
                    ([r[c.key] for c in COLUMNS] for r in rows), sheet="明细")  # fmt: skip
    elif out is None:
        if fmt is ReportFormat.json:
            import sys

            sys.stdout.write(json_text(masked_rows(result.rows, reveal)) + "\n")
        else:
            print_csv(result.rows, COLUMNS, reveal)
        return
    else:
        from wbz_cli.sheets.output import write_text

        write_text(out, _text(result, fmt, reveal), bom=fmt is ReportFormat.csv)
    _audit_export(app, result, out.path, fmt.value, reveal)
    info(f"已写入 {out.path}（{len(result.rows)} 行，{result.key} = {result.figure}）")


def _text(result: Explanation, fmt: ReportFormat, reveal: bool) -> str:
    from wbz_cli.cli.terminal import csv_safe, json_text, masked_rows

    rows = masked_rows(result.rows, reveal)
    if fmt is ReportFormat.json:
        return json_text(rows) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.key for c in COLUMNS])
    for row in rows:
        writer.writerow([csv_safe(row[c.key]) for c in COLUMNS])
    return buffer.getvalue()


def _title(result: Explanation) -> str:
    from wbz_cli.domain.metrics import label_for

    where = f" · {result.group}" if result.group else ""
    label = result.period.label
    if not label.endswith(result.period.last.isoformat()) and not _month_end(result.period):
        label += f"（截至 {result.period.last.isoformat()}）"  # a period not yet over
    name = label_for(result.key)
    named = result.key if name == result.key else f"{name}（{result.key}）"
    return f"{named} {label}{where}"


def _month_end(period: Period) -> bool:
    from datetime import timedelta

    return (period.last + timedelta(days=1)).day == 1


def _caption(result: Explanation) -> str:
    return f"{result.entry.row}；共 {len(result.rows)} 行，{result.key} = {result.figure}"


def _audit_export(
    app: AppContext, result: Explanation, path: Path, kind: str, reveal: bool
) -> None:
    store = app.store()
    with store.write():
        store.audit(
            "export",
            "report_explain",
            result.key,
            None,
            {"file": str(path), "format": kind, "reveal": reveal,
             "period": result.period.label, "group": result.group},
        )  # fmt: skip
