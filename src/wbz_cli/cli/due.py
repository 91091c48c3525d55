"""wbz due, and wbz policy show / set (the visit cadence)."""

from typing import Annotated, Any

import typer

from wbz_cli.cli.context import AppContext, app_context
from wbz_cli.cli.contract import signed_overdue
from wbz_cli.cli.list_out import list_file, with_out
from wbz_cli.cli.options import AsOfOpt, ForceOpt, FormatOpt, OutputFormat
from wbz_cli.cli.task_sheets import (
    ByOpt,
    DueFormat,
    DueFormatOpt,
    OutDirOpt,
    by_worker,
    check_options,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels

policy_app = typer.Typer(
    help="走访频次规则：按风险等级、留守儿童、新登记首访；修改后 wbz due 立即按新规则计算。",
    no_args_is_help=True,
)

_KIND = {
    "visit": "走访",
    "birthday16": "满16岁",
    "birthday18": "满18岁",
    "lead": "线索督办",
    "plan_review": "计划复核",
    "guardianship_review": "监护复评",
    "placement": "安置复核",
    "screening": "摸排跟进",
}


def _kind(value: Any) -> str:
    return _KIND.get(str(value), str(value))


def _overdue(value: Any) -> str:
    return f"{value}" if value else ""


DUE_COLUMNS = (
    Column("next_due", "应访日期", wrap=False),
    Column("days_overdue", "逾期天数", _overdue, justify="right", wrap=False),
    Column("child", "编号", wrap=False),
    Column("name", "姓名", drop=0),  # folds: a lead without a child shows its summary here
    Column("community", "居民区"),
    Column("risk", "风险", labels.risk, wrap=False),
    Column("kind", "事项", _kind, wrap=False),
    Column("reason", "依据"),
    Column("last_visit", "上次走访", wrap=False, drop=2),
)
CSV_COLUMNS = (
    *DUE_COLUMNS[:4],
    Column("worker", "儿童主任"),
    *DUE_COLUMNS[4:],
    Column("rule", "规则", wrap=False),
)
POLICY_COLUMNS = (
    Column("key", "规则项", wrap=False),
    Column("label", "说明"),
    Column("text", "当前值"),
    Column("since", "生效日期", lambda v: v or "默认", wrap=False),
    Column("default", "默认值"),
)


def register(app: typer.Typer) -> None:
    app.command("due")(due)
    app.add_typer(policy_app, name="policy")


def due(
    ctx: typer.Context,
    within: Annotated[
        int, typer.Option("--within", help="列出今后多少天内到期的走访（含已逾期），默认 7")
    ] = 7,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列出已逾期的走访")] = False,
    worker: Annotated[str | None, typer.Option("--worker", help="按儿童主任筛选")] = None,
    community: Annotated[str | None, typer.Option("--community", help="按居民区筛选")] = None,
    fmt: DueFormatOpt = DueFormat.table,
    fail_on_overdue: Annotated[
        bool,
        typer.Option(
            "--fail-on-overdue",
            hidden=True,
            help="旧选项，保留以兼容脚本：有逾期事项时退出码本来就是 3",
        ),
    ] = False,
    by: ByOpt = None,
    out: OutDirOpt = None,
    force: ForceOpt = False,
) -> None:
    """待办清单：在册儿童的下次应访日期、逾期天数和依据的规则，最逾期的在前，按儿童主任
    分组；并提醒 30 天内年满 16 周岁（留守、流动身份结束）和 18 周岁（需复核个案）的儿童，
    超过时限的线索（督办），以及到期的服务计划复核和监护评估复评。

    有逾期事项（走访、线索、复核）时退出码为 3（已完成，有事需要处理），供脚本发提醒；
    没有逾期事项时为 0。

    --by worker --out 文件夹：每位儿童主任一份走访任务单（.xlsx），填好后用
    wbz visit import 原样导回；--format text：每位儿童主任一段提醒；--out 清单.csv：
    把清单写入文件（带 BOM，Excel 可直接打开）。"""
    actx = app_context(ctx)
    check_options(by, out, fmt)
    del fail_on_overdue  # the old switch: exit 3 on overdue items is now the rule
    if out is not None and by is None:
        with list_file(out, fmt, force) as chosen:
            _print_due(actx, chosen, within, overdue, worker, community)
    elif out is not None or fmt is DueFormat.text:  # the visits alone, by 儿童主任
        from wbz_cli.services.due_items import leads_or_reviews_overdue

        late = by_worker(actx, out, force, within, overdue, worker, community)
        store = actx.store()
        if late or leads_or_reviews_overdue(store, actx.today, worker=worker, community=community):
            raise typer.Exit(3)  # as without --out: something is late
    else:
        _print_due(actx, fmt, within, overdue, worker, community)


def _print_due(
    actx: AppContext,
    fmt: DueFormat,
    within: int,
    overdue: bool,
    worker: str | None,
    community: str | None,
) -> None:
    """The list in ``fmt``; exit code 3 when an item in it is overdue."""
    from wbz_cli.cli.terminal import info, render
    from wbz_cli.services.due_items import attention_list

    rows = attention_list(
        actx.store(),
        actx.today,
        within=within,
        overdue_only=overdue,
        worker=worker,
        community=community,
    )
    if fmt is not DueFormat.table or not rows:
        # Due rows hold no ID or phone numbers: skip the masking pass (100,000 rows, 0.3 s).
        shown = signed_overdue(rows, actx.today, "next_due") if rows else rows
        render(shown, CSV_COLUMNS, fmt.value, reveal=True, empty="没有需要走访或提醒的儿童")
    else:
        _print_groups(rows)
        info(_summary(rows))
    if any(r["days_overdue"] for r in rows):
        raise typer.Exit(3)


def _summary(rows: list[dict[str, Any]]) -> str:
    late = len({r["child"] for r in rows if r["kind"] == "visit" and r["days_overdue"]})
    text = f"共 {len(rows)} 条，其中逾期未访 {late} 人"
    leads = sum(1 for r in rows if r["kind"] == "lead")
    reviews = sum(1 for r in rows if r["kind"] in ("plan_review", "guardianship_review"))
    if leads:
        text += f"，超期线索 {leads} 条"
    if reviews:
        text += f"，到期复核 {reviews} 项"
    return text


def _print_groups(rows: list[dict[str, Any]]) -> None:
    """One table per 儿童主任, the one with the most overdue child first."""
    from wbz_cli.cli.terminal import print_table

    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["worker"] or "（未指定儿童主任）", []).append(row)
    for worker, items in groups.items():
        late = sum(1 for r in items if r["days_overdue"])
        print_table(
            items,
            DUE_COLUMNS,
            True,
            title=f"儿童主任：{worker}",
            caption=f"{len(items)} 条，逾期 {late} 条",
        )


@policy_app.command("show")
@with_out
def show(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """查看走访频次规则（某一天有效的规则）。"""
    from wbz_cli.cli.options import parse_on
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.due import policy_rows

    actx = app_context(ctx)
    rows = policy_rows(actx.store(), parse_on(as_of, actx.today, "查询日期"))
    render(rows, POLICY_COLUMNS, fmt.value, title="走访频次规则")


@policy_app.command("set")
def set_(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            help="规则项：risk.red、risk.orange、risk.yellow、risk.green、risk.unassessed、"
            "left_behind、first_visit_workdays、strong_modes、strong_risks、birthday_days、"
            "placement_days"
        ),
    ],
    value: Annotated[
        str,
        typer.Argument(help="新值：天数，或逗号分隔的走访方式/风险等级；default 恢复默认"),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="自哪一天起生效，默认今天；此前各日（包括过去月份的月报）仍按原规则"
        ),
    ] = None,
) -> None:
    """修改一项走访频次规则（记入审计日志），如 wbz policy set risk.red 5。"""
    from wbz_cli.cli.options import parse_on
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.due import set_policy

    actx = app_context(ctx)
    day = parse_on(on, actx.today, "生效日期") if on else None
    done = set_policy(actx.store(), actx.today, key, value, day)
    info(f"{done['label']}：{done['text']}（{done['key']} = {done['value']}，"
         f"自 {done['effective_on']} 起）")  # fmt: skip
