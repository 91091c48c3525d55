"""wbz visit add / list / edit / void / unvoid."""

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
from wbz_cli.cli.options import (
    ChildArg,
    FormatOpt,
    OnOpt,
    OutputFormat,
    PairEditOpt,
    PairOpt,
    enum_help,
    parse_enum,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.vocab import Problem, VisitMode

visit_app = typer.Typer(
    help="走访、随访记录：入户、电话、微信、视频、到校、到站。", no_args_is_help=True
)

COLUMNS = (
    Column("visited_on", "走访日期", wrap=False),
    Column("child", "编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("community", "居民区"),
    Column("mode", "方式", labels.visit_mode, wrap=False),
    Column("worker", "走访人", wrap=False),
    Column("problems", "发现问题", labels.problem),
    Column("action", "处理措施"),
    Column("notes", "情况记录"),
    Column("id", "记录号", justify="right", wrap=False),
    Column("pair", "结对", justify="right", wrap=False, drop=3),
)


def register(app: typer.Typer) -> None:
    from wbz_cli.cli.visit_import import import_visits

    visit_app.command("import")(import_visits)
    add_void_commands(visit_app, "visit", "走访记录")
    app.add_typer(visit_app, name="visit")


@visit_app.command("add")
def add(
    ctx: typer.Context,
    child: ChildArg,
    mode: Annotated[str, typer.Option("--mode", "-m", help=enum_help(VisitMode, "走访方式"))],
    on: OnOpt = None,
    worker: Annotated[
        str | None, typer.Option("--worker", help="走访人，默认为该儿童的儿童主任")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="情况记录")] = None,
    problem: Annotated[
        list[str] | None,
        typer.Option("--problem", "-p", help=enum_help(Problem, "发现问题，可多次给出")),
    ] = None,
    action: Annotated[str | None, typer.Option("--action", help="处理措施")] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式")
    ] = OutputFormat.table,
    again: AgainOpt = False,
    pair: PairOpt = None,
) -> None:
    """登记一次走访或随访。已退出的个案、未来日期、登记日期之前的走访不予登记；
    同一儿童同一天同一方式的走访已有记录时不再登记（确实又走访了一次请加 --again）。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.services.visits import VisitItem, add_visits

    actx = app_context(ctx)
    item = VisitItem(
        child=child,
        mode=mode,
        on=on,
        worker=worker,
        notes=notes,
        problems=list(problem or []),
        action=action,
        pair=pair,
    )
    record = add_visits(actx.store(), [item], actx.today, again=again).inserted[0].as_added()
    if fmt is OutputFormat.json:
        print_json(record)
        return
    found = f"，发现问题：{labels.problem(record['problems'])}" if record["problems"] else ""
    info(
        f"已登记 {record['child']} {record['name']} {record['visited_on']}"
        f" {labels.visit_mode(record['mode'])}走访"
        + (f"（{record['worker']}）" if record["worker"] else "")
        + found
    )


@visit_app.command("list")
@with_out
def list_(
    ctx: typer.Context,
    child: Annotated[
        str | None, typer.Argument(help="儿童编号、身份证号或姓名（不填为全部）")
    ] = None,
    worker: Annotated[str | None, typer.Option("--worker", help="按走访人筛选")] = None,
    community: Annotated[str | None, typer.Option("--community", help="按居民区筛选")] = None,
    mode: Annotated[
        str | None, typer.Option("--mode", "-m", help=enum_help(VisitMode, "按走访方式筛选"))
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="起始日期 YYYY-MM-DD（含）")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="截止日期 YYYY-MM-DD（含）")] = None,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> None:
    """列出走访记录，按日期排序。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.visits import list_visits

    actx = app_context(ctx)
    rows = list_visits(
        actx.store(),
        child=child,
        worker=worker,
        community=community,
        mode=parse_enum(VisitMode, mode),
        date_from=parse_date(date_from, "起始日期") if date_from else None,
        date_to=parse_date(date_to, "截止日期") if date_to else None,
        include_voided=all_,
    )
    render([r.as_row() for r in rows], list_columns(COLUMNS, all_), fmt.value, title="走访记录")


@visit_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    on: Annotated[str | None, typer.Option("--on", help="改为此走访日期 YYYY-MM-DD")] = None,
    mode: Annotated[
        str | None, typer.Option("--mode", "-m", help=enum_help(VisitMode, "改为此走访方式"))
    ] = None,
    child: Annotated[str | None, typer.Option("--child", help="改到此儿童名下（编号）")] = None,
    worker: Annotated[str | None, typer.Option("--worker", help="走访人")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="情况记录")] = None,
    problem: Annotated[
        list[str] | None,
        typer.Option("--problem", "-p", help=enum_help(Problem, "发现问题（给出即整体替换）")),
    ] = None,
    action: Annotated[str | None, typer.Option("--action", help="处理措施")] = None,
    again: AgainOpt = False,
    pair: PairEditOpt = None,
) -> None:
    """修改一条走访记录的指定字段，检查与登记时相同；未给出的字段不变。"""
    changes = {"on": on, "mode": mode, "child": child, "worker": worker, "notes": notes,
               "problems": problem, "action": action, "pair": pair}  # fmt: skip
    run_edit(ctx, "visit", record_id, changes, again)
