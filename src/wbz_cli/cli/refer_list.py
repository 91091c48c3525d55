"""wbz refer list: leads with their deadlines; --overdue the ones past them (督办)."""

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import signed_overdue
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import FormatOpt, OutputFormat, enum_help, parse_enum
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.leads import AgencyType
from wbz_cli.domain.vocab import LeadStatus, LeadType

COLUMNS = (
    Column("code", "编号", wrap=False),
    Column("found_on", "发现日期", wrap=False),
    Column("type", "类型", labels.lead_type_short),
    Column("mandatory", "强制", labels.yes_no, wrap=False, drop=2),  # narrow: left out first
    Column("source", "来源", labels.lead_source, wrap=False, drop=3),
    Column("child", "儿童", wrap=False),
    Column("who", "姓名或摘要"),
    Column("status", "状态", labels.lead_status, wrap=False),
    Column("agency", "接收单位"),
    Column("due_on", "期限", wrap=False),
    Column("days_overdue", "超期天数", lambda v: str(v) if v else "", "right", False),
)
CSV_COLUMNS = (
    COLUMNS[0],
    COLUMNS[1],
    Column("type", "类型", labels.lead_type),
    *COLUMNS[3:6],
    Column("name", "姓名"),
    COLUMNS[7],
    Column("summary", "情况摘要"),
    Column("source_agency", "来源单位"),
    Column("reference", "来文文号"),
    Column("agency", "接收单位"),
    Column("agency_type", "单位类型", labels.agency_type),
    Column("deadline", "督办事项", labels.deadline),
    *COLUMNS[9:],
)
OVERDUE_COLUMNS = (
    COLUMNS[0],
    Column("found_on", "发现日期", wrap=False, drop=2),  # a narrow terminal keeps the deadline
    COLUMNS[2],
    Column("child", "儿童", wrap=False),
    Column("who", "姓名或摘要"),
    Column("status", "状态", labels.lead_status, wrap=False),
    Column("agency", "接收单位", drop=3),
    Column("deadline", "督办事项", labels.deadline, drop=0),
    *COLUMNS[9:],
)


@with_out
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option("--status", help=enum_help(LeadStatus, "按状态筛选"))
    ] = None,
    lead_type: Annotated[
        str | None, typer.Option("--type", help=enum_help(LeadType, "按类型筛选"))
    ] = None,
    agency: Annotated[
        str | None, typer.Option("--agency", help="按接收或来源单位筛选（名称包含）")
    ] = None,
    agency_type: Annotated[
        str | None, typer.Option("--agency-type", help=enum_help(AgencyType, "按接收单位类型筛选"))
    ] = None,
    child: Annotated[str | None, typer.Option("--child", help="某名儿童的线索")] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="发现日期起（含），YYYY-MM-DD")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="发现日期止（含），YYYY-MM-DD")
    ] = None,
    mandatory: Annotated[
        bool | None,
        typer.Option("--mandatory/--not-mandatory", help="只看强制报告线索 / 只看非强制报告线索"),
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option("--overdue", help="只看超期线索（督办）；有超期线索时退出码为 3"),
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """列出线索及其期限。--overdue 列出超期未移送、未受理、未反馈的线索和超期天数。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services import lead_queries as queries

    actx = app_context(ctx)
    leads = queries.list_leads(
        actx.store(),
        actx.today,
        status=parse_enum(LeadStatus, status),
        lead_type=parse_enum(LeadType, lead_type),
        agency=agency,
        agency_type=parse_enum(AgencyType, agency_type),
        child=child,
        found_from=parse_date(date_from, "起始日期") if date_from else None,
        found_to=parse_date(date_to, "截止日期") if date_to else None,
        mandatory=mandatory,
        overdue=overdue,
    )
    rows = [r.as_row() for r in leads]
    if fmt is OutputFormat.table:
        rows = [{**r, "who": r["name"] or r["summary"]} for r in rows]
    else:
        rows = signed_overdue(rows, actx.today, "due_on")
    columns: tuple[Column, ...]
    if overdue:
        columns = CSV_COLUMNS if fmt is OutputFormat.csv else OVERDUE_COLUMNS
        render(rows, columns, fmt.value, title="超期线索（督办）", empty="没有超期线索")
        if rows:
            raise typer.Exit(3)
        return
    columns = CSV_COLUMNS if fmt is OutputFormat.csv else COLUMNS
    render(rows, columns, fmt.value, title="线索")
