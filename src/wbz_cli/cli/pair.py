"""wbz pair add / end / list / edit / void / unvoid: a child paired with a resource of the
library (volunteer, growth officer, expert, organisation) from a day to a day (结对帮扶)."""

from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.corrections import (
    AllOpt,
    IdArg,
    add_void_commands,
    record_list_command,
    run_edit,
)
from wbz_cli.cli.options import (
    ChildArg,
    FormatOpt,
    OnOpt,
    OutputFormat,
    SummaryFormat,
    SummaryFormatOpt,
    parse_on,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels

pair_app = typer.Typer(
    help="结对帮扶：儿童与资源库中的志愿者、成长导师、专家或社会组织结对（起止日期）；"
    "服务记录可用 --pair 注明所属结对。",
    no_args_is_help=True,
)

COLUMNS = (
    Column("id", "记录号", justify="right", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("resource", "资源编号", wrap=False),
    Column("resource_kind", "资源类型", labels.resource_kind, wrap=False, drop=2),
    Column("resource_name", "结对人或组织"),
    Column("started_on", "开始日期", wrap=False),
    Column("ended_on", "结束日期", lambda v: v or "结对中", wrap=False),
    Column("notes", "备注", drop=2),
)
ResourceHelp = "资源编号（wbz resource list），如 R000003"


def register(app: typer.Typer) -> None:
    add_void_commands(pair_app, "pair", "结对")
    app.add_typer(pair_app, name="pair")


@pair_app.command("add")
def add(
    ctx: typer.Context,
    child: ChildArg,
    resource: Annotated[str, typer.Option("--resource", help=ResourceHelp)],
    date_from: Annotated[str | None, typer.Option("--from", help="结对开始日期，默认今天")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="结对结束日期（含）")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="帮扶内容、备注")] = None,
    fmt: SummaryFormatOpt = SummaryFormat.table,
) -> None:
    """登记一名儿童与一位帮扶人（资源库中的资源）结对。开始日期须在儿童在册期间内。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.pairs import add_pair

    actx = app_context(ctx)
    row = add_pair(
        actx.store(), child, actx.today, resource=resource,
        started_on=parse_on(date_from, actx.today, "结对开始日期"),
        ended_on=parse_date(date_to, "结对结束日期") if date_to else None, notes=notes,
    )  # fmt: skip
    if fmt is SummaryFormat.json:
        print_json(row)
        return
    info(
        f"已登记 {row['child']} {row['name']} 与 {row['resource']} {row['resource_name']} "
        f"自 {row['started_on']} 起结对（记录号 {row['id']}）"
    )


@pair_app.command("end")
def end(
    ctx: typer.Context,
    record_id: IdArg,
    on: OnOpt = None,
    fmt: SummaryFormatOpt = SummaryFormat.table,
) -> None:
    """结束一次结对（最后一天）。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.services.pairs import end_pair

    actx = app_context(ctx)
    row = end_pair(actx.store(), record_id, actx.today,
                   ended_on=parse_on(on, actx.today, "结对结束日期"))  # fmt: skip
    if fmt is SummaryFormat.json:
        print_json(row)
        return
    info(
        f"已结束 {row['child']} {row['name']} 与 {row['resource_name']} 的结对（{row['ended_on']}）"
    )


@record_list_command(pair_app, COLUMNS, "结对帮扶", "没有结对记录")
def list_(
    ctx: typer.Context,
    child: Annotated[
        str | None, typer.Argument(help="儿童编号、身份证号或姓名（不填则列出全部）")
    ] = None,
    resource: Annotated[str | None, typer.Option("--resource", help=ResourceHelp)] = None,
    active: Annotated[bool, typer.Option("--active", help="只列出今天仍在结对的")] = False,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> list[dict[str, Any]]:
    """列出结对帮扶记录，可按儿童或资源筛选。"""
    from wbz_cli.services.pairs import list_pairs

    actx = app_context(ctx)
    return list_pairs(actx.store(), child, actx.today, resource=resource, active=active,
                      include_voided=all_)  # fmt: skip


@pair_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    resource: Annotated[str | None, typer.Option("--resource", help=ResourceHelp)] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="开始日期")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="结束日期")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
) -> None:
    """修改一条结对记录的指定字段，检查与登记时相同；未给出的字段不变。"""
    changes = {"resource": resource, "started_on": date_from, "ended_on": date_to,
               "notes": notes}  # fmt: skip
    run_edit(ctx, "pair", record_id, changes, False)
