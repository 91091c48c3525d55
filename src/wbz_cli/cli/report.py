"""``wbz report monthly`` and ``wbz report range``: the bureau's figures on screen, as JSON or
CSV, as a workbook with charts, or filled into the bureau's own template."""

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import ForceOpt, FormatOpt, OutputFormat, QuietOpt, RevealOpt
from wbz_cli.cli.period_command import period_command
from wbz_cli.domain.errors import InvalidInput

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.domain.report import Period, Report
    from wbz_cli.sheets.output import Target


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    package = "package"


class Breakdown(str, Enum):
    community = "community"
    worker = "worker"


report_app = typer.Typer(
    help="月报和时段统计：民政局要的各项数字，表格、JSON、CSV、Excel 或按模板填报。",
    no_args_is_help=True,
)

ReportFormatOpt = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：table、json、csv、xlsx 或 package（报送区县的报送包，只用于月报）；"
        "xlsx、package 需要 --out",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="写入文件（xlsx、package、模板填报时必需；其他格式可选）"),
]
TemplateOpt = Annotated[
    Path | None,
    typer.Option(
        "--template",
        "-t",
        help="按民政局的 Excel 模板填报：单元格里的 {{children.active}} 等占位符会被替换，"
        "{{#each children}} 所在行按名单重复；或按 Word 模板（.docx）写工作简报："
        "{{ visits.total }}、{%tr for c in community_figures %} 等标签，"
        "如 data/templates/月度工作简报.docx",
    ),
]
RecomputeOpt = Annotated[
    bool,
    typer.Option(
        "--recompute",
        help="重新计算全部数字（默认：只重算上次统计后有改动的部分，其余用上次算好的结果）",
    ),
]
IncludeUnlinkedOpt = Annotated[
    bool,
    typer.Option(
        "--include-unlinked",
        help="按模板填报时，community_figures、worker_figures 名单也列出“（未关联儿童）”一行"
        "（尚未关联儿童的线索）；默认不列，民政局的社区表上没有这一行",
    ),
]
EncryptOpt = Annotated[
    bool,
    typer.Option(
        "--encrypt",
        help="加密报送包（与 wbz backup --encrypt 相同的加密方式，密码来自提示或环境变量 "
        "WBZ_BACKUP_PASSPHRASE）",
    ),
]
ByOpt = Annotated[
    Breakdown | None,
    typer.Option("--by", help="分组统计：community（按社区）或 worker（按儿童主任）"),
]


@dataclass(frozen=True)
class ReportOptions:
    """What both report commands take after their period."""

    fmt: ReportFormat
    out: Path | None
    template: Path | None
    by: Breakdown | None
    reveal: bool
    quiet: bool
    recompute: bool
    force: bool
    include_unlinked: bool = False
    encrypt: bool = False


def _shared_options(
    fmt: ReportFormatOpt = ReportFormat.table,
    out: OutOpt = None,
    template: TemplateOpt = None,
    by: ByOpt = None,
    reveal: RevealOpt = False,
    quiet: QuietOpt = False,
    recompute: RecomputeOpt = False,
    force: ForceOpt = False,
    include_unlinked: IncludeUnlinkedOpt = False,
    encrypt: EncryptOpt = False,
) -> ReportOptions:
    """The options of both report commands, declared once: its signature is spliced into
    each command's by ``_report_command``."""
    return ReportOptions(fmt, out, template, by, reveal, quiet, recompute, force,
                         include_unlinked, encrypt)  # fmt: skip


def _report_command(period_of: Callable[..., "Period"]) -> Callable[..., None]:
    """A report command: the options of ``period_of`` (all but its ``today``), which turn
    them into the period, then the shared options; its help is ``period_of``'s docstring."""
    monthly = "month" in inspect.signature(period_of).parameters  # a submission is one month's
    return period_command(period_of, _shared_options, functools.partial(_run, monthly=monthly))


def _run(
    ctx: typer.Context, period_of: Callable[[date], "Period"], options: ReportOptions,
    *, monthly: bool,
) -> None:  # fmt: skip
    """One body for every report command: claim the output file, open the file, compute the
    figures, print or write them."""
    from wbz_cli.services.report import period_report

    app = app_context(ctx)
    if options.fmt is ReportFormat.package and not monthly:
        raise InvalidInput(
            "报送包按月报送，不能用于时段统计：请用 wbz report monthly --month YYYY-MM"
            " --format package --out 文件"
        )
    target = _claim(app, options)
    store = app.store(create=False)
    period = period_of(app.today)
    if options.fmt is ReportFormat.package:  # figures and children in one read
        from wbz_cli.cli.report_package import write_package

        assert target is not None
        write_package(app, period, target, encrypt=options.encrypt, reuse=not options.recompute)
        return
    report = period_report(
        store, period, options.by.value if options.by else None, reuse=not options.recompute
    )
    _emit(app, report, options, target)


@report_app.command("monthly")
@_report_command
def monthly(
    month: Annotated[str, typer.Option("--month", "-m", help="统计月份 YYYY-MM")], today: date
) -> "Period":
    """生成某月的月报（METRICS.md 的全部指标）。"""
    from wbz_cli.services.report import month_period

    return month_period(month, today)


@report_app.command("range")
@_report_command
def range_(
    start: Annotated[str, typer.Option("--from", help="开始日期 YYYY-MM-DD（含）")],
    end: Annotated[str, typer.Option("--to", help="结束日期 YYYY-MM-DD（含）")],
    today: date,
) -> "Period":
    """生成任意时段（季度、年度）的统计：时段内发生的数字，时段末的在册状态。"""
    from wbz_cli.services.report import range_period

    return range_period(start, end, today)


@report_app.command("keys")
@with_out
def keys(
    fmt: FormatOpt = OutputFormat.table,
    expand: Annotated[
        bool, typer.Option("--expand", help="每个类别、类型各列一行（模板里可直接用的占位符）")
    ] = False,
) -> None:
    """列出月报的全部指标：键名、中文名称、口径和模板占位符 {{键名}}。"""
    from wbz_cli.cli.terminal import Column, render
    from wbz_cli.domain.report_keys import key_rows

    columns = (
        Column("key", "键名", wrap=False),
        Column("label", "名称", drop=0),
        Column("definition", "口径", drop=0),
        Column("placeholder", "模板占位符", wrap=False, drop=3),
        Column("members", "可选键", lambda keys: "、".join(keys), drop=2),
        Column("station_only", "全站数字", _station_only, drop=1),
    )
    render(key_rows(expand=expand), columns, fmt.value, title="月报指标")


def _station_only(only: bool) -> str:
    return "是（不分社区、主任）" if only else ""


def _claim(app: "AppContext", options: ReportOptions) -> "Target | None":
    """The file to write, checked before the figures are computed."""
    fmt, out, template = options.fmt, options.out, options.template
    if fmt is ReportFormat.package or options.encrypt:
        return _claim_package(app, options)
    if options.include_unlinked and template is None:
        raise InvalidInput(
            "--include-unlinked 只用于按模板填报（--template）：--by community 的 JSON、CSV 和"
            "工作簿总是列出“（未关联儿童）”"
        )
    if template is not None and out is None:
        raise InvalidInput("按模板填报需要 --out 指定输出文件，例如 --out 月报表-填报.xlsx")
    if fmt is ReportFormat.xlsx and out is None:
        raise InvalidInput("--format xlsx 需要 --out 指定输出文件，例如 --out 月报.xlsx")
    if out is not None and fmt is ReportFormat.table and template is None:
        raise InvalidInput(
            "表格格式只显示在屏幕上，不写文件：写入文件请用 -f xlsx、-f csv 或 -f json 加 -o"
        )
    if out is None:
        return None
    kind = fmt.value if template is None else template_kind(template)
    return app.output(out, (kind,), force=options.force, template=template)


def _claim_package(app: "AppContext", options: ReportOptions) -> "Target":
    """The submission's file (``--format package``), checked before the figures are computed."""
    if options.fmt is not ReportFormat.package:
        raise InvalidInput(
            "--encrypt 只用于报送包（--format package）；加密备份数据库请用 wbz backup --encrypt"
        )
    conflicts = (
        (options.template is not None, "报送包不按模板填报：请去掉 --template"),
        (options.include_unlinked, "报送包不按模板填报：请去掉 --include-unlinked"),
        (options.by is not None, "报送包总是包含全站和按社区的数字：请去掉 --by"),
        (options.reveal, "报送包从不含身份证号、电话：请去掉 --reveal"),
        (
            options.out is None,
            "--format package 需要 --out 指定报送包文件，例如 --out 报送-2026-10.wbzpkg",
        ),
    )
    for conflict, message in conflicts:
        if conflict:
            raise InvalidInput(message)
    assert options.out is not None
    return app.output(options.out, ("wbzpkg",), force=options.force)


#: Templates that are Word's (only .docx is filled; the others are refused as not .docx).
WORD_SUFFIXES = (".docx", ".doc", ".docm", ".dotx", ".dotm", ".rtf", ".odt", ".wps")


def template_kind(template: Path) -> str:
    """What a template fills: a Word document or, from anything else, a workbook (the
    workbook filler refuses what is not an .xlsx)."""
    return "docx" if template.suffix.lower() in WORD_SUFFIXES else "xlsx"


def _emit(
    app: "AppContext", report: "Report", options: ReportOptions, out: "Target | None"
) -> None:
    from wbz_cli.cli import report_output

    fmt = options.fmt
    if options.template is not None:
        assert out is not None
        report_output.fill_template(
            app, report, options.template, out, options.reveal, options.include_unlinked
        )
        return
    if fmt is ReportFormat.xlsx:
        assert out is not None
        report_output.write_xlsx(app, report, out, options.quiet)
    elif fmt is ReportFormat.json:
        report_output.write_json(app, report, out, report.period.ranged)
    elif fmt is ReportFormat.csv:
        report_output.write_csv(app, report, out, report.period.ranged)
    else:
        report_output.print_table(report)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
