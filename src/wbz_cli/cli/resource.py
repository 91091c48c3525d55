"""wbz resource add / list / remove / edit / void / unvoid: the resource libraries (资源库)."""

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.corrections import IdArg, add_void_commands, list_columns, run_edit
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import FormatOpt, OnOpt, OutputFormat, RevealOpt, enum_help, parse_on
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.vocab import ResourceKind

resource_app = typer.Typer(
    help="资源库：专家、成长导师、顾问、社工、律师、社会组织、志愿者、儿童主任、儿童督导员。",
    no_args_is_help=True,
)

COLUMNS = (
    Column("code", "编号", wrap=False),
    Column("kind", "类型", labels.resource_kind, wrap=False),
    Column("name", "名称"),
    Column("phone", "电话", wrap=False),
    Column("specialty", "专长"),
    Column("added_on", "入库日期", wrap=False),
    Column("removed_on", "移除日期", wrap=False),
    Column("notes", "备注"),
)

KindHelp = enum_help(ResourceKind, "资源类型")


def register(app: typer.Typer) -> None:
    add_void_commands(resource_app, "resource", "资源")
    app.add_typer(resource_app, name="resource")


@resource_app.command("add")
def add(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option("--kind", help=KindHelp)],
    name: Annotated[str, typer.Option("--name", help="姓名或机构名称")],
    phone: Annotated[str | None, typer.Option("--phone", help="联系电话")] = None,
    specialty: Annotated[str | None, typer.Option("--specialty", help="专长、擅长领域")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
    on: OnOpt = None,
) -> None:
    """把一名专家、社工、律师、社会组织等加入资源库。输出资源编号。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.resources import add_resource

    actx = app_context(ctx)
    row = add_resource(
        actx.store(),
        actx.today,
        kind=ResourceKind.parse(kind),
        name=name,
        phone=phone,
        specialty=specialty,
        notes=notes,
        on=parse_on(on, actx.today, "入库日期"),
    )
    info(row["code"])


@resource_app.command("list")
@with_out
def list_(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help=KindHelp)] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="包括已移出资源库的和已作废的（标注“已作废”）")
    ] = False,
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """列出资源库中的资源（默认只列今天仍在库的）。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.child_file import record_reveal
    from wbz_cli.services.resources import list_resources

    actx = app_context(ctx)
    store = actx.store()
    rows = list_resources(
        store,
        actx.today,
        kind=ResourceKind.parse(kind) if kind else None,
        include_removed=all_,
    )
    if reveal and rows:
        record_reveal(store, "resources", [r["code"] for r in rows])
    render(rows, list_columns(COLUMNS, all_), fmt.value, reveal=reveal, title="资源库")


@resource_app.command("remove")
def remove(
    ctx: typer.Context,
    resource: Annotated[str, typer.Argument(help="资源编号，如 R000003")],
    on: OnOpt = None,
) -> None:
    """把资源移出资源库（自 --on 起不再计入月报），历史记录保留。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.resources import remove_resource

    actx = app_context(ctx)
    row = remove_resource(actx.store(), resource, actx.today, parse_on(on, actx.today, "移除日期"))
    info(f"{row['code']} {row['name']} 已于 {row['removed_on']} 移出资源库")


@resource_app.command("edit")
def edit(
    ctx: typer.Context,
    resource: IdArg,
    kind: Annotated[str | None, typer.Option("--kind", help=KindHelp)] = None,
    name: Annotated[str | None, typer.Option("--name", help="名称")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="电话")] = None,
    specialty: Annotated[str | None, typer.Option("--specialty", help="专长")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
    on: Annotated[str | None, typer.Option("--on", help="改为此入库日期 YYYY-MM-DD")] = None,
) -> None:
    """修改资源的指定字段，检查与入库时相同；未给出的字段不变。"""
    changes = {"kind": kind, "name": name, "phone": phone, "specialty": specialty,
               "notes": notes, "on": on}  # fmt: skip
    run_edit(ctx, "resource", resource, changes, False)
