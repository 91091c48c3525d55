"""wbz register / children / close / reopen; ``show`` and ``update`` are in child_show and
child_update."""

from typing import Annotated

import typer

from wbz_cli.cli.child_columns import CSV_COLUMNS, TABLE_COLUMNS, CategoryOpt, RiskOpt
from wbz_cli.cli.child_show import show
from wbz_cli.cli.child_update import update
from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import child_rows
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import (
    ChildArg,
    FormatOpt,
    OnOpt,
    OutputFormat,
    RevealOpt,
    enum_help,
    parse_enum,
    parse_on,
)
from wbz_cli.domain.enums import Category, CloseReason, DifficultSubtype, Risk
from wbz_cli.domain.idnumber import area_code_warning


def register(app: typer.Typer) -> None:
    app.command("register")(register_child)
    app.command("children")(list_children)
    app.command("show")(show)
    app.command("update")(update)
    app.command("close")(close)
    app.command("reopen")(reopen)


def register_child(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="儿童姓名")],
    id_number: Annotated[str, typer.Option("--id-number", help="18 位身份证号")],
    category: CategoryOpt = None,
    subtype: Annotated[
        str | None,
        typer.Option("--subtype", help=enum_help(DifficultSubtype, "困境儿童的困境类型")),
    ] = None,
    community: Annotated[str | None, typer.Option("--community", help="所在居民区（村）")] = None,
    guardian: Annotated[str | None, typer.Option("--guardian", help="监护人姓名")] = None,
    relation: Annotated[str | None, typer.Option("--relation", help="监护人与儿童关系")] = None,
    guardian_phone: Annotated[
        str | None, typer.Option("--guardian-phone", help="监护人电话")
    ] = None,
    guardian_situation: Annotated[
        str | None, typer.Option("--guardian-situation", help="监护人状况，如 在家、外出务工、服刑")
    ] = None,
    address: Annotated[str | None, typer.Option("--address", help="家庭住址")] = None,
    income_status: Annotated[
        str | None, typer.Option("--income-status", help="家庭经济状况：低保、低收入、特困、无")
    ] = None,
    household: Annotated[
        str | None, typer.Option("--household", help="加入已有家庭（家庭编号，如 H000012）")
    ] = None,
    risk: RiskOpt = None,
    worker: Annotated[str | None, typer.Option("--worker", help="儿童主任")] = None,
    on: OnOpt = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式")
    ] = OutputFormat.table,
) -> None:
    """登记一名儿童（一人一档），同时建立或加入一个家庭档案（一户一档）。输出新编号。"""
    from wbz_cli.cli.terminal import info, print_json, warn
    from wbz_cli.domain.inputs import ChildInput, validate_input
    from wbz_cli.services import children as svc

    actx = app_context(ctx)
    child = validate_input(
        ChildInput,
        {
            "name": name,
            "id_number": id_number,
            "categories": category or [],
            "subtype": subtype,
            "community": community,
            "guardian": guardian,
            "relation": relation,
            "guardian_phone": guardian_phone,
            "guardian_situation": guardian_situation,
            "address": address,
            "income_status": income_status,
            "household": household,
            "risk": risk,
            "worker": worker,
            "on": on or actx.today,
        },
    )
    done = svc.register(actx.store(), child, actx.today)
    area_warning = area_code_warning(child.id_number)
    if area_warning is not None:
        warn(area_warning)
    if fmt is OutputFormat.json:
        print_json({"child": done.code, "household": done.household})
    else:
        info(done.code)


@with_out
def list_children(
    ctx: typer.Context,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help=enum_help(Category, "按类别筛选"))
    ] = None,
    community: Annotated[str | None, typer.Option("--community", help="按居民区筛选")] = None,
    worker: Annotated[str | None, typer.Option("--worker", help="按儿童主任筛选")] = None,
    risk: RiskOpt = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="按姓名查找：姓名的全部或一部分，不计空格和全角半角，如 王"),
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="active（在册）或 closed（已退出）")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="按某一天的状态查看花名册，默认今天")
    ] = None,
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """列出儿童（花名册）。身份证号和电话默认打码，--reveal 显示完整号码。--name 按姓名查找。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.domain.enums import CaseStatus
    from wbz_cli.services import child_file as svc

    actx = app_context(ctx)
    store = actx.store()
    rows = svc.list_children(
        store,
        svc.parse_as_of(as_of, actx.today),
        category=parse_enum(Category, category),
        community=community,
        worker=worker,
        risk=parse_enum(Risk, risk),
        status=parse_enum(CaseStatus, status).value if status else None,  # type: ignore[union-attr]
        name=name,
    )
    if reveal and rows:
        svc.record_reveal(store, "children", [r.code for r in rows])
    columns = CSV_COLUMNS if fmt is OutputFormat.csv else TABLE_COLUMNS
    render(
        child_rows(r.as_row() for r in rows), columns, fmt.value, reveal=reveal, title="儿童花名册"
    )


def close(
    ctx: typer.Context,
    child: ChildArg,
    reason: Annotated[str, typer.Option("--reason", help=enum_help(CloseReason, "退出原因"))],
    on: OnOpt = None,
) -> None:
    """结案退出（如年满 18 周岁、迁出）。档案和历史保留，可用 wbz reopen 恢复。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import children as svc

    actx = app_context(ctx)
    reason_key = CloseReason.parse(reason)
    record = svc.close_child(
        actx.store(),
        child,
        reason_key,
        parse_on(on, actx.today, "退出日期") if on else None,
        actx.today,
    )
    info(f"{record.code} 已于 {record.child.closed_on} 退出（{reason_key.label}）")


def reopen(
    ctx: typer.Context,
    child: ChildArg,
    on: OnOpt = None,
) -> None:
    """恢复已退出的个案（重新立案），原有档案和历史保留。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import children as svc

    actx = app_context(ctx)
    record = svc.reopen_child(
        actx.store(), child, parse_on(on, actx.today, "恢复日期") if on else None, actx.today
    )
    info(f"{record.code} 已恢复在册（{record.case_history[-1].opened_on} 起）")
