"""wbz activity add / list / edit / void / unvoid: themed services, trainings, publicity,
group work, festival visits."""

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.corrections import (
    AgainOpt,
    AllOpt,
    IdArg,
    add_void_commands,
    list_columns,
    run_edit,
)
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import FormatOpt, OnOpt, OutputFormat, enum_help, parse_enum, parse_on
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.vocab import ActivityKind

activity_app = typer.Typer(
    help="活动记录：主题服务、培训、宣传、小组活动、节日慰问。", no_args_is_help=True
)

COLUMNS = (
    Column("id", "编号", justify="right", wrap=False),
    Column("held_on", "日期", wrap=False),
    Column("kind", "类型", labels.activity_kind, wrap=False),
    Column("title", "活动名称"),
    Column("place", "地点"),
    Column("participants", "参加人数", justify="right", wrap=False),
    Column("children", "参加儿童"),
)
KindHelp = enum_help(ActivityKind, "活动类型")


def register(app: typer.Typer) -> None:
    add_void_commands(activity_app, "activity", "活动记录")
    app.add_typer(activity_app, name="activity")


@activity_app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="活动名称")],
    kind: Annotated[str, typer.Option("--kind", help=KindHelp)],
    participants: Annotated[
        int, typer.Option("--participants", help="参加人数（人次）", min=0, max=1_000_000)
    ],
    on: OnOpt = None,
    place: Annotated[str | None, typer.Option("--place", help="活动地点")] = None,
    child: Annotated[
        list[str] | None, typer.Option("--child", help="参加的在档儿童（编号），可多次给出")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
    again: AgainOpt = False,
    project: Annotated[
        str | None,
        typer.Option("--project", help="所属项目编号（如 X000001，见 wbz project list）"),
    ] = None,
) -> None:
    """记录一场活动。同名活动同一天已有记录时不再登记（确实又办了一场请加 --again）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.care import add_activity

    actx = app_context(ctx)
    row = add_activity(
        actx.store(),
        actx.today,
        title=title,
        kind=ActivityKind.parse(kind),
        participants=participants,
        on=parse_on(on, actx.today, "活动日期"),
        place=place,
        children=tuple(child or ()),
        notes=notes,
        again=again,
        project=project,
    )
    info(f"已记录活动 {row['id']}：{row['held_on']} {row['title']}（{row['participants']} 人）")


@activity_app.command("list")
@with_out
def list_(
    ctx: typer.Context,
    date_from: Annotated[str | None, typer.Option("--from", help="起始日期（含）")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="结束日期（含）")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=KindHelp)] = None,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> None:
    """列出活动。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.care import list_activities

    rows = list_activities(
        app_context(ctx).store(),
        date_from=parse_date(date_from, "起始日期") if date_from else None,
        date_to=parse_date(date_to, "结束日期") if date_to else None,
        kind=parse_enum(ActivityKind, kind),
        include_voided=all_,
    )
    render(rows, list_columns(COLUMNS, all_), fmt.value, title="活动记录")


@activity_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="活动名称")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=KindHelp)] = None,
    on: Annotated[str | None, typer.Option("--on", help="改为此活动日期 YYYY-MM-DD")] = None,
    participants: Annotated[
        int | None,
        typer.Option("--participants", help="参加人数（人次）", min=0, max=1_000_000),
    ] = None,
    place: Annotated[str | None, typer.Option("--place", help="活动地点")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
    again: AgainOpt = False,
) -> None:
    """修改一条活动记录的指定字段，检查与记录时相同；未给出的字段不变。"""
    changes = {"title": title, "kind": kind, "on": on, "participants": participants,
               "place": place, "notes": notes}  # fmt: skip
    run_edit(ctx, "activity", record_id, changes, again)
