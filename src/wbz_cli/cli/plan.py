"""wbz plan add / review / close / list / edit / void / unvoid / void-review / unvoid-review:
service plans with scheduled reviews; a review recorded by mistake is voided with
services/plan_review_voids.py."""

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import signed_overdue
from wbz_cli.cli.corrections import AllOpt, add_void_commands, list_columns, run_edit
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import (
    ChildArg,
    FormatOpt,
    OnOpt,
    OutputFormat,
    enum_help,
    parse_enums,
    parse_on,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.care import PlanStatus
from wbz_cli.domain.vocab import ServiceType

plan_app = typer.Typer(
    help="服务计划（一对一服务计划）：目标、计划提供的服务、复核日期。", no_args_is_help=True
)

COLUMNS = (
    Column("code", "计划编号", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("goal", "目标"),
    Column("services", "计划服务", labels.service_type),
    Column("opened_on", "开始", wrap=False),
    Column("review_on", "下次复核", wrap=False),
    Column("days_overdue", "逾期天数", justify="right", wrap=False),
    Column("status", "状态", labels.plan_status, wrap=False),
)
PlanArg = Annotated[str, typer.Argument(help="计划编号，如 P000001")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="说明")]


def register(app: typer.Typer) -> None:
    add_void_commands(plan_app, "plan", "服务计划")
    app.add_typer(plan_app, name="plan")


@plan_app.command("add")
def add(
    ctx: typer.Context,
    child: ChildArg,
    goal: Annotated[str, typer.Option("--goal", help="计划目标")],
    review_on: Annotated[str, typer.Option("--review-on", help="复核日期 YYYY-MM-DD")],
    service: Annotated[
        list[str] | None,
        typer.Option("--service", help=enum_help(ServiceType, "计划提供的服务，可多次给出")),
    ] = None,
    on: OnOpt = None,
) -> None:
    """为一名儿童制定服务计划。输出计划编号。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.plans import add_plan

    actx = app_context(ctx)
    row = add_plan(
        actx.store(),
        child,
        actx.today,
        goal=goal,
        services=parse_enums(ServiceType, service),
        review_on=parse_date(review_on, "复核日期"),
        on=parse_on(on, actx.today, "计划开始日期"),
    )
    info(row["code"])


@plan_app.command("review")
def review(
    ctx: typer.Context,
    plan: PlanArg,
    on: OnOpt = None,
    next_review: Annotated[
        str | None, typer.Option("--next-review", help="下次复核日期，默认三个月后")
    ] = None,
    note: NoteOpt = None,
) -> None:
    """记录一次计划复核，并定下次复核日期。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.plans import review_plan

    actx = app_context(ctx)
    row = review_plan(
        actx.store(),
        plan,
        actx.today,
        on=parse_on(on, actx.today, "复核日期"),
        next_review=parse_date(next_review, "下次复核日期") if next_review else None,
        note=note,
    )
    info(f"{row['code']} 已复核，下次复核 {row['review_on']}")


@plan_app.command("close")
def close(ctx: typer.Context, plan: PlanArg, on: OnOpt = None, note: NoteOpt = None) -> None:
    """结束服务计划（目标达成或不再需要）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.plans import close_plan

    actx = app_context(ctx)
    row = close_plan(
        actx.store(), plan, actx.today, on=parse_on(on, actx.today, "结束日期"), note=note
    )
    info(f"{row['code']} 已于 {row['closed_on']} 结束")


@plan_app.command("list")
@with_out
def list_(
    ctx: typer.Context,
    child: Annotated[
        str | None, typer.Argument(help="儿童编号、身份证号或姓名（不填列出全部）")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help=enum_help(PlanStatus, "计划状态"))
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option("--overdue", help="只列出在册儿童的逾期未复核计划；有逾期计划时退出码为 3"),
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> None:
    """列出服务计划（按下次复核日期排序）。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.plans import list_plans

    actx = app_context(ctx)
    rows = list_plans(
        actx.store(),
        actx.today,
        child=child,
        status=PlanStatus.parse(status).value if status else None,
        overdue=overdue,
        include_voided=all_,
    )
    if fmt is not OutputFormat.table:
        rows = signed_overdue(rows, actx.today, "review_on", open_key="closed_on")
    render(rows, list_columns(COLUMNS, all_), fmt.value, title="服务计划")
    if overdue and rows:
        raise typer.Exit(3)  # done, and plans need a review


@plan_app.command("edit")
def edit(
    ctx: typer.Context,
    plan: PlanArg,
    goal: Annotated[str | None, typer.Option("--goal", help="计划目标")] = None,
    service: Annotated[
        list[str] | None,
        typer.Option("--service", help=enum_help(ServiceType, "计划服务（给出即整体替换）")),
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="计划开始日期 YYYY-MM-DD")] = None,
    review_on: Annotated[str | None, typer.Option("--review-on", help="下次复核日期")] = None,
) -> None:
    """修改服务计划的指定字段，检查与制定时相同；未给出的字段不变。"""
    changes = {"goal": goal, "services": service, "on": on, "review_on": review_on}
    run_edit(ctx, "plan", plan, changes, False)


ReviewedArg = Annotated[str, typer.Argument(help="该次复核的日期 YYYY-MM-DD")]


@plan_app.command("void-review")
def void_review(
    ctx: typer.Context,
    plan: PlanArg,
    reviewed_on: ReviewedArg,
    reason: Annotated[str, typer.Option("--reason", help="作废原因，如 误录复核")],
) -> None:
    """作废误录的一次复核（只能是该计划最近的一次）：下次复核日期恢复为该次复核前的日期，
    逾期提醒随之恢复。可用 wbz plan unvoid-review 恢复。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.plan_review_voids import void_review as void

    day = parse_date(reviewed_on, "复核日期")
    done = void(app_context(ctx).store(), plan, day, reason)
    code, day_ = done["code"], done["reviewed_on"]
    info(
        f"已作废 {code} 于 {day_} 的复核，下次复核恢复为 {done['review_on']}；"
        f"可用 wbz plan unvoid-review {code} {day_} 恢复"
    )


@plan_app.command("unvoid-review")
def unvoid_review(ctx: typer.Context, plan: PlanArg, reviewed_on: ReviewedArg) -> None:
    """恢复作废的复核（其后已另有复核时拒绝）：下次复核日期再按该次复核设定。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.plan_review_voids import unvoid_review as unvoid

    day = parse_date(reviewed_on, "复核日期")
    done = unvoid(app_context(ctx).store(), plan, day)
    info(f"已恢复 {done['code']} 于 {done['reviewed_on']} 的复核，下次复核 {done['review_on']}")
