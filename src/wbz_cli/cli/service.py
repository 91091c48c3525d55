"""wbz service add / list / edit / void / unvoid: services delivered to a child."""

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.corrections import AllOpt, IdArg, add_void_commands, list_columns, run_edit
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import (
    ChildArg,
    FormatOpt,
    OnOpt,
    OutputFormat,
    PairEditOpt,
    PairOpt,
    SummaryFormat,
    SummaryFormatOpt,
    enum_help,
    parse_enum,
    parse_on,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.vocab import ServiceType

service_app = typer.Typer(
    help="服务记录：助学、助医、助洁、心理关爱、康复、法律援助、临时照护、家庭教育指导。",
    no_args_is_help=True,
)

COLUMNS = (
    Column("served_on", "日期", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("type", "服务类型", labels.service_type, wrap=False),
    Column("provider", "服务提供方"),
    Column("resource", "资源编号", wrap=False, drop=3),  # narrow: left out before 备注
    Column("hours", "时长(小时)", justify="right", wrap=False, drop=2),
    Column("plan", "服务计划", wrap=False, drop=2),
    Column("notes", "备注"),
    Column("id", "记录号", justify="right", wrap=False),
    Column("pair", "结对", justify="right", wrap=False, drop=3),
    Column("project", "项目", drop=3),
)
TypeHelp = enum_help(ServiceType, "服务类型")


def register(app: typer.Typer) -> None:
    add_void_commands(service_app, "service", "服务记录")
    app.add_typer(service_app, name="service")


@service_app.command("add")
def add(
    ctx: typer.Context,
    child: ChildArg,
    type_: Annotated[str, typer.Option("--type", help=TypeHelp)],
    on: OnOpt = None,
    provider: Annotated[
        str | None,
        typer.Option("--provider", help="服务提供方：资源编号、资源库中的名称或其他文字"),
    ] = None,
    hours: Annotated[str | None, typer.Option("--hours", help="服务时长（小时），如 1.5")] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="所属服务计划编号；不填时自动关联列有此服务的执行中计划"),
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="服务内容、备注")] = None,
    fmt: SummaryFormatOpt = SummaryFormat.table,
    pair: PairOpt = None,
    project: Annotated[
        str | None,
        typer.Option("--project", help="所属项目编号（如 X000001，见 wbz project list）"),
    ] = None,
) -> None:
    """记录为一名儿童提供的一次服务。已退出的个案、未来日期和登记之前的日期会被拒绝。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.services.care import add_service

    actx = app_context(ctx)
    row = add_service(
        actx.store(),
        child,
        actx.today,
        service_type=ServiceType.parse(type_),
        on=parse_on(on, actx.today, "服务日期"),
        provider=provider,
        hours=hours,
        plan=plan,
        notes=notes,
        pair=pair,
        project=project,
    )
    if fmt is SummaryFormat.json:
        print_json(row)
        return
    extra = f"，关联计划 {row['plan']}" if row["plan"] else ""
    info(
        f"已记录 {row['child']} {row['name']} {row['served_on']} "
        f"{labels.service_type(row['type'])}{extra}"
    )


@service_app.command("list")
@with_out
def list_(
    ctx: typer.Context,
    child: Annotated[
        str | None, typer.Argument(help="儿童编号、身份证号或姓名（不填则列出全部）")
    ] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="起始日期（含）")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="结束日期（含）")] = None,
    type_: Annotated[str | None, typer.Option("--type", help=TypeHelp)] = None,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> None:
    """列出服务记录，可按儿童、日期和类型筛选。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.care import list_services, with_project_names

    store = app_context(ctx).store()
    rows = list_services(
        store,
        child,
        date_from=parse_date(date_from, "起始日期") if date_from else None,
        date_to=parse_date(date_to, "结束日期") if date_to else None,
        service_type=parse_enum(ServiceType, type_),
        include_voided=all_,
    )
    if fmt is OutputFormat.table:
        rows = with_project_names(store, rows)
    render(rows, list_columns(COLUMNS, all_), fmt.value, title="服务记录")


@service_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    child: Annotated[str | None, typer.Option("--child", help="改到此儿童名下（编号）")] = None,
    type_: Annotated[str | None, typer.Option("--type", help=TypeHelp)] = None,
    on: Annotated[str | None, typer.Option("--on", help="改为此服务日期 YYYY-MM-DD")] = None,
    provider: Annotated[str | None, typer.Option("--provider", help="服务提供方")] = None,
    hours: Annotated[str | None, typer.Option("--hours", help="服务时长（小时）")] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="所属服务计划编号")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="服务内容、备注")] = None,
    pair: PairEditOpt = None,
) -> None:
    """修改一条服务记录的指定字段（如记错了儿童），检查与记录时相同；未给出的字段不变。"""
    changes = {"child": child, "type": type_, "on": on, "provider": provider, "hours": hours,
               "plan": plan, "notes": notes, "pair": pair}  # fmt: skip
    run_edit(ctx, "service", record_id, changes, False)
