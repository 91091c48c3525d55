"""``wbz district report monthly`` and ``wbz district report range``: the district's figures
added up from its stations' submissions, each station's with ``--by station``, on screen,
as JSON, CSV, a workbook or filled into the bureau's template; exit 3 when a station has
not submitted."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.options import ForceOpt
from wbz_cli.cli.period_command import period_command
from wbz_cli.cli.report import OutOpt, ReportFormat

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.services.district_report import Period
    from wbz_cli.sheets.output import Target


class DistrictFormat(str, Enum):
    """The station report's formats but its package (a submission is a station's)."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


DistrictFormatOpt = Annotated[
    DistrictFormat,
    typer.Option("--format", "-f", help="输出格式：table、json、csv 或 xlsx（xlsx 需要 --out）"),
]


class DistrictBreakdown(str, Enum):
    station = "station"


report_app = typer.Typer(
    help="区县汇总报表：把各未保站报送的月度数字相加（同一儿童只计一次），列出未报送的站。",
    no_args_is_help=True,
)

TemplateOpt = Annotated[
    Path | None,
    typer.Option(
        "--template",
        "-t",
        help="按民政局的 Excel 模板（{{children.active}} 等占位符，{{#each station_figures}} "
        "行按未保站重复）或 Word 模板（.docx，{%tr for s in station_figures %}）填报",
    ),
]
ByOpt = Annotated[
    DistrictBreakdown | None,
    typer.Option("--by", help="分站统计：station（每个未保站一组数字）"),
]


@dataclass(frozen=True)
class Options:
    """What both district report commands take after their period."""

    fmt: DistrictFormat
    out: Path | None
    template: Path | None
    by: DistrictBreakdown | None
    force: bool


def _options(
    fmt: DistrictFormatOpt = DistrictFormat.table,
    out: OutOpt = None,
    template: TemplateOpt = None,
    by: ByOpt = None,
    force: ForceOpt = False,
) -> Options:
    """The options of both commands, declared once: spliced into each by ``_command``."""
    return Options(fmt, out, template, by, force)


def _command(period_of: Callable[..., "Period"]) -> Callable[..., None]:
    """A district report command: the options of ``period_of`` (all but ``today``), which
    turn them into the period's months, then the shared options; its help is
    ``period_of``'s docstring."""
    return period_command(period_of, _options, _run)


def _run(ctx: typer.Context, period_of: Callable[[date], "Period"], options: Options) -> None:
    """Claim the file to write, then add the period's submissions up."""
    app = app_context(ctx)
    target = _claim(app, options)
    _emit(ctx, period_of(app.today), options, target)


def _emit(ctx: typer.Context, period: "Period", options: Options, target: "Target | None") -> None:
    """Read the submissions, add them up, print or write; exit 3 when a station is missing."""
    from wbz_cli.cli import district_report_output as output
    from wbz_cli.cli.district_context import district_store
    from wbz_cli.services.district_report import district_report

    store = district_store(ctx)
    by, template = options.by is not None, options.template
    report = district_report(store.conn, store.setting("name") or "", period,
                             by_station=by or template is not None)  # fmt: skip
    if template is not None:
        assert target is not None
        output.fill_template(store, report, template, target)
    elif options.fmt is DistrictFormat.xlsx:
        assert target is not None
        output.write_xlsx(store, report, target)
    elif options.fmt is DistrictFormat.json:
        output.write_json(store, report, target, by)
    elif options.fmt is DistrictFormat.csv:
        output.write_csv(store, report, target, by)
    else:
        output.print_table(report, by)
    if report.missing:
        raise typer.Exit(3)


@report_app.command("monthly")
@_command
def monthly(
    month: Annotated[str, typer.Option("--month", "-m", help="统计月份 YYYY-MM")], today: date
) -> "Period":
    """区县某月的汇总（与未保站月报相同的指标）；有未报送的站时列出，退出码 3。"""
    from wbz_cli.services.district_report import month_months

    return month_months(month, today)


@report_app.command("range")
@_command
def range_(
    start: Annotated[str, typer.Option("--from", help="开始月份 YYYY-MM（或月初日期）")],
    end: Annotated[str, typer.Option("--to", help="结束月份 YYYY-MM（或月末日期）")],
    today: date,
) -> "Period":
    """区县几个月（季度、年度）的汇总：各月发生的数字相加，在册等数字取最后一个月的。"""
    from wbz_cli.services.district_report import range_months

    return range_months(start, end, today)


def _claim(app: "AppContext", options: Options) -> "Target | None":
    """The file to write, checked before anything is read (as the station's report)."""
    from wbz_cli.cli.report import ReportOptions
    from wbz_cli.cli.report import _claim as claim_report_file

    fmt = ReportFormat(options.fmt.value)
    station_like = ReportOptions(fmt, options.out, options.template, None, False, False, False,
                                 options.force)  # fmt: skip
    return claim_report_file(app, station_like)
