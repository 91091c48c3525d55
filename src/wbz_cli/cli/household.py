"""wbz household list / show / update / add-guardian."""

from pathlib import Path
from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import household_keyed
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import (
    ForceOpt,
    FormatOpt,
    OutputFormat,
    RevealOpt,
    enum_help,
    parse_enum,
)
from wbz_cli.cli.paper_file import TemplateOpt
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.enums import GuardianSituation, IncomeStatus

household_app = typer.Typer(
    help="家庭档案（一户一档）：住址、经济状况、监护人和家庭中的儿童。", no_args_is_help=True
)

COLUMNS = (
    Column("code", "家庭编号"),
    Column("community", "居民区"),
    Column("address", "住址"),
    Column("income_status", "经济状况", labels.income),
    Column("guardian", "监护人"),
    Column("guardian_phone", "电话"),
    Column("children", "儿童数", justify="right"),
    Column("active_children", "在册", justify="right"),
)

SHOW_CSV = (
    COLUMNS[0],
    COLUMNS[1],
    COLUMNS[2],
    COLUMNS[3],
    Column("guardians", "监护人"),
    Column("children", "儿童"),
)


def register(app: typer.Typer) -> None:
    app.add_typer(household_app, name="household")


@household_app.command("list")
@with_out
def list_(
    ctx: typer.Context,
    community: Annotated[str | None, typer.Option("--community", help="按居民区筛选")] = None,
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """列出家庭。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.child_file import record_reveal
    from wbz_cli.services.households import list_households

    store = app_context(ctx).store()
    rows = list_households(store, community)
    if reveal and rows:
        record_reveal(store, "households", [r["code"] for r in rows])
    render(rows, COLUMNS, fmt.value, reveal=reveal, title="家庭档案")


@household_app.command("show")
def show(
    ctx: typer.Context,
    household: Annotated[str, typer.Argument(help="家庭编号，如 H000012")],
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="写入文件而不显示：.csv、.json，或 .docx（按 --template 或自带模板写成一户一档）",
        ),
    ] = None,
    force: ForceOpt = False,
    template: TemplateOpt = None,
) -> None:
    """查看一个家庭的档案，或写成 Word 档案（一户一档）。"""
    from wbz_cli.cli import paper_file

    paper_file.show_or_write(ctx, "household", household, (template, out, force), fmt, reveal,
                             lambda chosen: _show(ctx, household, reveal, chosen))  # fmt: skip


def _show(ctx: typer.Context, household: str, reveal: bool, fmt: OutputFormat) -> None:
    from wbz_cli.cli.child_show import print_household
    from wbz_cli.cli.terminal import masked, print_json
    from wbz_cli.services.child_file import record_reveal
    from wbz_cli.services.households import household_file

    store = app_context(ctx).store()
    record = household_file(store, household)
    if reveal:
        record_reveal(store, "household", [record["code"]])
    record = household_keyed(record)
    if fmt is OutputFormat.table:
        print_household(masked(record, reveal))
    elif fmt is OutputFormat.csv:  # one row; guardians and children as lists joined with ;
        from wbz_cli.cli.terminal import print_csv

        row = {
            **record,
            "guardians": [g["name"] for g in record["guardians"]],
            "children": [c["child"] for c in record["children"]],
        }
        print_csv([row], SHOW_CSV, reveal)
    else:
        print_json(record, reveal)


@household_app.command("update")
def update(
    ctx: typer.Context,
    household: Annotated[str, typer.Argument(help="家庭编号")],
    address: Annotated[str | None, typer.Option("--address", help="住址")] = None,
    community: Annotated[str | None, typer.Option("--community", help="居民区")] = None,
    income_status: Annotated[
        str | None, typer.Option("--income-status", help=enum_help(IncomeStatus, "经济状况"))
    ] = None,
) -> None:
    """修改家庭的住址、居民区或经济状况。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.households import update_household

    record = update_household(
        app_context(ctx).store(),
        household,
        address=address,
        community=community,
        income_status=parse_enum(IncomeStatus, income_status),
    )
    info(f"已更新家庭 {record['code']}")


@household_app.command("add-guardian")
def add_guardian(
    ctx: typer.Context,
    household: Annotated[str, typer.Argument(help="家庭编号")],
    name: Annotated[str, typer.Option("--name", help="监护人姓名")],
    relation: Annotated[str | None, typer.Option("--relation", help="与儿童关系")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="电话")] = None,
    situation: Annotated[
        str | None,
        typer.Option("--situation", help=enum_help(GuardianSituation, "状况")),
    ] = None,
    id_number: Annotated[str | None, typer.Option("--id-number", help="监护人身份证号")] = None,
    primary: Annotated[bool, typer.Option("--primary", help="设为主要监护人")] = False,
) -> None:
    """为家庭添加一名监护人（父母、祖父母等），记录其状况（在家、外出务工、服刑……）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.households import add_guardian as add

    record = add(
        app_context(ctx).store(),
        household,
        name=name,
        relation=relation,
        phone=phone,
        situation=parse_enum(GuardianSituation, situation),
        id_number=id_number,
        primary=primary,
    )
    info(f"已为家庭 {record['code']} 添加监护人，现有 {len(record['guardians'])} 名")
