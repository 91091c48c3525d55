"""wbz give add / list / edit / void / unvoid: goods and wishes (温暖包、心愿) given to a child
or a household."""

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
from wbz_cli.cli.options import FormatOpt, OnOpt, OutputFormat, enum_help, parse_enum, parse_on
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.gifts import GiftKind

give_app = typer.Typer(
    help="物资和心愿：发给儿童或家庭的温暖包、慰问品，实现的微心愿。", no_args_is_help=True
)

COLUMNS = (
    Column("id", "记录号", justify="right", wrap=False),
    Column("given_on", "日期", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("household", "家庭编号", wrap=False, drop=2),
    Column("kind", "类型", labels.gift_kind, wrap=False),
    Column("what", "物品或心愿"),
    Column("value_yuan", "价值(元)", justify="right", wrap=False),
    Column("donor", "捐赠方"),
)
KindHelp = enum_help(GiftKind, "类型")
WhatOpt = Annotated[str, typer.Option("--what", help="给了什么，如 温暖包、自行车、书包")]


def register(app: typer.Typer) -> None:
    add_void_commands(give_app, "gift", "物资心愿记录", "give")
    app.add_typer(give_app, name="give")


@give_app.command("add")
def add(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(help="儿童编号、身份证号或姓名；或家庭编号（如 H000001）")
    ],
    what: WhatOpt,
    kind: Annotated[str, typer.Option("--kind", help=KindHelp)],
    value: Annotated[str, typer.Option("--value", help="价值（元），如 200 或 99.50；不详写 0")],
    on: OnOpt = None,
    donor: Annotated[
        str | None, typer.Option("--donor", help="捐赠方，如 区妇联、爱心企业")
    ] = None,
) -> None:
    """记录发给一名儿童或一个家庭的物资（温暖包等）或实现的心愿。日期须在儿童在册期间。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.gifts import give

    actx = app_context(ctx)
    row = give(
        actx.store(),
        target,
        actx.today,
        what=what,
        kind=GiftKind.parse(kind),
        value=value,
        on=parse_on(on, actx.today, "发放日期"),
        donor=donor,
    )
    who = f"{row['child']} {row['name']}" if row["child"] else row["household"]
    info(
        f"已记录 {who} {row['given_on']} {labels.gift_kind(row['kind'])}“{row['what']}”"
        f" {row['value_yuan']} 元，记录号 {row['id']}"
    )


@record_list_command(give_app, COLUMNS, "物资心愿")
def list_(
    ctx: typer.Context,
    target: Annotated[
        str | None, typer.Argument(help="儿童或家庭（编号、身份证号或姓名；不填则列出全部）")
    ] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="起始日期（含）")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="结束日期（含）")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=KindHelp)] = None,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> list[dict[str, Any]]:
    """列出发放的物资和心愿；家庭编号列出发给家庭及其儿童的全部。"""
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.gifts import list_gifts

    return list_gifts(
        app_context(ctx).store(),
        target,
        date_from=parse_date(date_from, "起始日期") if date_from else None,
        date_to=parse_date(date_to, "结束日期") if date_to else None,
        kind=parse_enum(GiftKind, kind),
        include_voided=all_,
    )


@give_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    to: Annotated[str | None, typer.Option("--to", help="改到此儿童或家庭名下")] = None,
    what: Annotated[str | None, typer.Option("--what", help="给了什么")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=KindHelp)] = None,
    value: Annotated[str | None, typer.Option("--value", help="价值（元）")] = None,
    on: Annotated[str | None, typer.Option("--on", help="改为此发放日期")] = None,
    donor: Annotated[str | None, typer.Option("--donor", help="捐赠方")] = None,
) -> None:
    """修改一条物资心愿记录的指定字段，检查与记录时相同；未给出的字段不变。"""
    changes = {"to": to, "what": what, "kind": kind, "value": value, "on": on, "donor": donor}
    run_edit(ctx, "gift", record_id, changes, False)
