"""wbz placement start / end / list / edit / void / unvoid: a child's stay in temporary care
(临时监护) or an emergency placement (紧急安置)."""

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
    enum_help,
    parse_on,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.record_vocab import PlacementKind

placement_app = typer.Typer(
    help="临时安置：儿童的临时监护、紧急安置（地点、原因、起止日期）；安置中满一定天数"
    "（wbz policy set placement_days N，默认 30）列入 wbz due。",
    no_args_is_help=True,
)

COLUMNS = (
    Column("id", "记录号", justify="right", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("kind", "类型", labels.placement_kind, wrap=False),
    Column("place", "安置地点"),
    Column("started_on", "开始日期", wrap=False),
    Column("ended_on", "结束日期", lambda v: v or "安置中", wrap=False),
    Column("reason", "原因"),
    Column("worker", "经办人", drop=2),
    Column("end_note", "结束说明", drop=2),
)
KindHelp = enum_help(PlacementKind, "安置类型")


def register(app: typer.Typer) -> None:
    add_void_commands(placement_app, "placement", "安置记录")
    app.add_typer(placement_app, name="placement")


@placement_app.command("start")
def start(
    ctx: typer.Context,
    child: ChildArg,
    place: Annotated[str, typer.Option("--place", help="安置地点，如 区儿童福利院")],
    kind: Annotated[str, typer.Option("--kind", help=KindHelp)] = "temporary_care",
    on: OnOpt = None,
    reason: Annotated[str | None, typer.Option("--reason", help="安置原因")] = None,
    worker: Annotated[str | None, typer.Option("--worker", help="经办人")] = None,
    fmt: SummaryFormatOpt = SummaryFormat.table,
) -> None:
    """登记一名儿童开始临时监护或紧急安置。日期须在儿童在册期间内，与已有安置重叠的会被拒绝。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.services.placements import start_placement

    actx = app_context(ctx)
    row = start_placement(
        actx.store(),
        child,
        actx.today,
        kind=PlacementKind.parse(kind),
        place=place,
        started_on=parse_on(on, actx.today, "安置开始日期"),
        reason=reason,
        worker=worker,
    )
    if fmt is SummaryFormat.json:
        print_json(row)
        return
    info(
        f"已登记 {row['child']} {row['name']} 自 {row['started_on']} 起"
        f"{labels.placement_kind(row['kind'])}于 {row['place']}（记录号 {row['id']}）"
    )


@placement_app.command("end")
def end(
    ctx: typer.Context,
    record_id: IdArg,
    on: OnOpt = None,
    note: Annotated[str | None, typer.Option("--note", help="结束说明，如 返回家庭")] = None,
    fmt: SummaryFormatOpt = SummaryFormat.table,
) -> None:
    """结束一次安置（儿童离开安置地点的日期）。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.services.placements import end_placement

    actx = app_context(ctx)
    row = end_placement(
        actx.store(), record_id, actx.today,
        ended_on=parse_on(on, actx.today, "安置结束日期"), note=note,
    )  # fmt: skip
    if fmt is SummaryFormat.json:
        print_json(row)
        return
    info(f"已结束 {row['child']} {row['name']} 的安置 {row['id']}（{row['ended_on']}）")


@record_list_command(placement_app, COLUMNS, "临时安置", "没有安置记录")
def list_(
    ctx: typer.Context,
    child: Annotated[
        str | None, typer.Argument(help="儿童编号、身份证号或姓名（不填则列出全部）")
    ] = None,
    open_only: Annotated[bool, typer.Option("--open", help="只列出安置中的")] = False,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> list[dict[str, Any]]:
    """列出临时安置记录。"""
    from wbz_cli.services.placements import list_placements

    return list_placements(
        app_context(ctx).store(), child, open_only=open_only, include_voided=all_
    )


@placement_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    kind: Annotated[str | None, typer.Option("--kind", help=KindHelp)] = None,
    place: Annotated[str | None, typer.Option("--place", help="安置地点")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="安置原因")] = None,
    started_on: Annotated[str | None, typer.Option("--from", help="开始日期")] = None,
    ended_on: Annotated[str | None, typer.Option("--to", help="结束日期")] = None,
    note: Annotated[str | None, typer.Option("--note", help="结束说明")] = None,
    worker: Annotated[str | None, typer.Option("--worker", help="经办人")] = None,
) -> None:
    """修改一条安置记录的指定字段，检查与登记时相同；未给出的字段不变。"""
    changes = {"kind": kind, "place": place, "reason": reason, "started_on": started_on,
               "ended_on": ended_on, "end_note": note, "worker": worker}  # fmt: skip
    run_edit(ctx, "placement", record_id, changes, False)
