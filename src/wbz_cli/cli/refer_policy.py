"""wbz refer policy show / set: the deadlines of leads (强制报告当日移送、受理和反馈期限)."""

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import AsOfOpt, FormatOpt, OutputFormat, parse_on
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels


@with_out
def policy_show(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """查看线索办理期限规则（某一天有效的规则）。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.services import lead_queries as queries

    actx = app_context(ctx)
    rows = queries.policy_table(actx.store(), parse_on(as_of, actx.today, "查询日期"))
    render(
        rows,
        (
            Column("key", "规则", wrap=False),
            Column("label", "说明"),
            Column("days", "天数", justify="right"),
            Column("working", "工作日", labels.yes_no),
            Column("since", "生效日期", lambda v: v or "默认", wrap=False),
        ),
        fmt.value,
        title="线索办理期限",
    )


def policy_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="规则，如 accept、done.police、done.教育")],
    days: Annotated[int, typer.Argument(help="天数（0 表示当日）")],
    working: Annotated[
        bool | None,
        typer.Option("--working/--calendar", help="按工作日（周一至周五）/ 按自然日计；默认不变"),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="自哪一天起生效，默认今天；此前各日仍按原规则计算"),
    ] = None,
) -> None:
    """修改一条期限规则（记入审计日志）。过去月份的超期统计不受影响。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import leads as svc

    actx = app_context(ctx)
    done = svc.set_policy(
        actx.store(),
        actx.today,
        key,
        days,
        working,
        parse_on(on, actx.today, "生效日期") if on else None,
    )
    info(f"已修改：{done['label']}，自 {done['effective_on']} 起期限 {done['text']}")
