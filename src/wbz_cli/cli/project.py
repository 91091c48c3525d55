"""wbz project add / list / show / enrol / unenrol / spend / edit / void / unvoid, and
wbz project payment edit / void / unvoid: projects and purchased services (项目、购买服务)."""

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
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import FormatOpt, OnOpt, OutputFormat, parse_on
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels

project_app = typer.Typer(
    help="项目和购买服务：承接机构、预算、周期、参与儿童和项目支出。", no_args_is_help=True
)
payment_app = typer.Typer(help="项目支出记录：修改、作废和恢复。", no_args_is_help=True)

COLUMNS = (
    Column("code", "项目编号", wrap=False),
    Column("name", "项目名称"),
    Column("organisation", "承接机构"),
    Column("budget_yuan", "预算(元)", justify="right", wrap=False),
    Column("spent_yuan", "已支出(元)", justify="right", wrap=False),
    Column("balance_yuan", "余额(元)", justify="right", wrap=False, drop=2),
    Column("start_on", "开始", wrap=False),
    Column("end_on", "结束", wrap=False),
    Column("children", "儿童", justify="right", wrap=False, drop=2),
    Column("services", "服务", justify="right", wrap=False, drop=3),
    Column("activities", "活动", justify="right", wrap=False, drop=3),
    Column("notes", "备注", drop=4),
)
PAYMENT_COLUMNS = (
    Column("id", "记录号", justify="right", wrap=False),
    Column("paid_on", "支出日期", wrap=False),
    Column("amount_yuan", "金额(元)", justify="right", wrap=False),
    Column("note", "用途"),
)
SERVICE_COLUMNS = (
    Column("id", "记录号", justify="right", wrap=False),
    Column("served_on", "日期", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("type", "服务类型", labels.service_type, wrap=False),
    Column("provider", "服务提供方"),
)
ACTIVITY_COLUMNS = (
    Column("id", "记录号", justify="right", wrap=False),
    Column("held_on", "日期", wrap=False),
    Column("kind", "类型", labels.activity_kind, wrap=False),
    Column("title", "活动名称"),
    Column("participants", "人数", justify="right", wrap=False),
)
ProjectArg = Annotated[str, typer.Argument(help="项目编号，如 X000001（见 wbz project list）")]
OrgOpt = Annotated[
    str | None,
    typer.Option("--org", help="承接机构：资源库中的资源编号（如 R000001）或名称"),
]


def register(app: typer.Typer) -> None:
    add_void_commands(project_app, "project", "项目")
    add_void_commands(payment_app, "project_payment", "项目支出", "project payment")
    project_app.add_typer(payment_app, name="payment")
    app.add_typer(project_app, name="project")


@project_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="项目名称")],
    budget: Annotated[str, typer.Option("--budget", help="预算（元），如 50000 或 12345.50")],
    date_from: Annotated[str, typer.Option("--from", help="项目开始日期 YYYY-MM-DD")],
    date_to: Annotated[str | None, typer.Option("--to", help="项目结束日期（含）")] = None,
    org: OrgOpt = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
) -> None:
    """登记一个项目（或购买服务）：名称、承接机构、预算和周期。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.projects import add_project

    row = add_project(
        app_context(ctx).store(),
        name=name,
        organisation=org,
        budget=budget,
        start=parse_date(date_from, "开始日期"),
        end=parse_date(date_to, "结束日期") if date_to else None,
        notes=notes,
    )
    info(f"已登记项目 {row['code']} {row['name']}，预算 {row['budget_yuan']} 元")


@record_list_command(project_app, COLUMNS, "项目")
def list_(
    ctx: typer.Context,
    active: Annotated[
        bool, typer.Option("--active", help="只列出今天（或 --as-of 那天）在周期内的项目")
    ] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="与 --active 同用的日期")] = None,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> list[dict[str, Any]]:
    """列出项目：预算、已支出、余额、周期和参与儿童数。"""
    from wbz_cli.services.projects import list_projects

    actx = app_context(ctx)
    day = parse_on(as_of, actx.today, "日期") if active else None
    return list_projects(actx.store(), active_on=day, include_voided=all_)


@project_app.command("show")
@with_out
def show(ctx: typer.Context, project: ProjectArg, fmt: FormatOpt = OutputFormat.table) -> None:
    """查看一个项目：预算和支出、参与儿童、支出明细。"""
    from wbz_cli.cli.terminal import print_csv, print_fields, print_json, print_table
    from wbz_cli.services.projects import project_file

    record = project_file(app_context(ctx).store(), project)
    if fmt is OutputFormat.json:
        print_json(record)
        return
    if fmt is OutputFormat.csv:
        print_csv([record], COLUMNS, False)
        return
    print_fields(
        [(c.label, record[c.key]) for c in COLUMNS]
        + ([("状态", f"已作废（{record['void_reason']}）")] if record["voided"] else []),
        title=f"项目 {record['code']}",
    )
    children = (Column("child", "儿童编号"), Column("name", "姓名"))
    print_table(record["enrolled"], children, False, title="参与儿童")
    print_table(record["payments"], PAYMENT_COLUMNS, False, title="项目支出")
    print_table(record["service_records"], SERVICE_COLUMNS, False, title="项目服务")
    print_table(record["activity_records"], ACTIVITY_COLUMNS, False, title="项目活动")


def _enrol(ctx: typer.Context, project: str, children: list[str], remove: bool) -> None:
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.projects import enrol

    done = enrol(app_context(ctx).store(), project, children, remove=remove)
    info(f"已{'移出' if remove else '加入'}项目 {project.upper()}：{'、'.join(done)}")


ChildrenArg = Annotated[list[str], typer.Argument(help="儿童编号、身份证号或姓名，可给出多个")]


@project_app.command("enrol")
def enrol_(ctx: typer.Context, project: ProjectArg, children: ChildrenArg) -> None:
    """把儿童加入项目（项目服务的对象）。"""
    _enrol(ctx, project, children, False)


@project_app.command("unenrol")
def unenrol(ctx: typer.Context, project: ProjectArg, children: ChildrenArg) -> None:
    """把儿童移出项目（加错了）。"""
    _enrol(ctx, project, children, True)


@project_app.command("spend")
def spend_(
    ctx: typer.Context,
    project: ProjectArg,
    amount: Annotated[str, typer.Option("--amount", help="支出金额（元），如 3000 或 1234.50")],
    on: OnOpt = None,
    note: Annotated[str | None, typer.Option("--note", help="用途，如 第一期服务费")] = None,
) -> None:
    """记录一笔项目支出（拨付给承接机构的款项等）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.projects import spend

    actx = app_context(ctx)
    row = spend(
        actx.store(), project, amount, parse_on(on, actx.today, "支出日期"), note, actx.today
    )
    info(
        f"已记录项目 {row['project']} 支出 {row['amount_yuan']} 元（{row['paid_on']}），"
        f"记录号 {row['id']}"
    )


@project_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    name: Annotated[str | None, typer.Option("--name", help="项目名称")] = None,
    org: OrgOpt = None,
    budget: Annotated[str | None, typer.Option("--budget", help="预算（元）")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="开始日期")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="结束日期；写 - 表示未定")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
) -> None:
    """修改一个项目的指定字段，检查与登记时相同；未给出的字段不变。"""
    changes = {"name": name, "org": org, "budget": budget, "from": date_from, "to": date_to,
               "notes": notes}  # fmt: skip
    run_edit(ctx, "project", record_id, changes, False)


@payment_app.command("edit")
def edit_payment(
    ctx: typer.Context,
    record_id: IdArg,
    amount: Annotated[str | None, typer.Option("--amount", help="支出金额（元）")] = None,
    on: Annotated[str | None, typer.Option("--on", help="支出日期")] = None,
    note: Annotated[str | None, typer.Option("--note", help="用途")] = None,
) -> None:
    """修改一笔项目支出（记录号见 wbz project show）。"""
    run_edit(ctx, "project_payment", record_id, {"amount": amount, "on": on, "note": note}, False)
