"""wbz consent / purge."""

from typing import Annotated

import typer

from wbz_cli.cli.backup import YesOpt, confirm
from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import child_keyed, child_rows
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import ChildArg, FormatOpt, OnOpt, OutputFormat, parse_on
from wbz_cli.cli.terminal import Column

CONSENT_COLUMNS = (
    Column("child", "编号", wrap=False),
    Column("consent_on", "同意日期", wrap=False),
    Column("consent_by", "同意人"),
    Column("consent_exempt_reason", "免于同意的依据"),
)
PURGE_COLUMNS = (
    Column("child", "编号", wrap=False),
    Column("closed_on", "退出日期", wrap=False),
    Column("community", "居民区"),
)


def register(app: typer.Typer) -> None:
    app.command("consent")(consent)
    app.command("purge")(purge)


@with_out
def consent(
    ctx: typer.Context,
    child: ChildArg,
    by: Annotated[str | None, typer.Option("--by", help="表示同意的监护人姓名")] = None,
    on: OnOpt = None,
    exempt: Annotated[
        str | None,
        typer.Option("--exempt", help="依法免于取得同意时写明依据，如 依法履行法定职责"),
    ] = None,
    withdraw: Annotated[
        bool,
        typer.Option("--withdraw", help="撤回误记的同意或免于同意的依据（须同时给出 --reason）"),
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="撤回原因，如 误记到别的儿童")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """记录监护人同意（未满 14 周岁儿童的个人信息需监护人同意），或依法免于同意的依据。
    不带 --by/--exempt 时显示当前记录；--withdraw --reason 撤回误记的记录（审计日志保留原值）。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.domain.errors import InvalidInput
    from wbz_cli.services import privacy as svc

    actx = app_context(ctx)
    store = actx.store()
    if withdraw or reason is not None:
        if not withdraw or by is not None or exempt is not None or on is not None:
            raise InvalidInput("--withdraw --reason 原因 用于撤回，不能与 --by/--exempt/--on 同用")
        if reason is None:
            raise InvalidInput("撤回必须写明原因：请用 --reason 说明，如 --reason 误记到别的儿童")
        record = svc.withdraw_consent(store, child, reason)
    elif by is None and exempt is None and on is None:
        record = svc.consent_of(store, child)
    else:
        record = svc.record_consent(
            store,
            child,
            actx.today,
            by=by,
            on=parse_on(on, actx.today, "同意日期") if on else None,
            exempt=exempt,
        )
    render([child_keyed(record)], CONSENT_COLUMNS, fmt.value, title="监护人同意")


def purge(
    ctx: typer.Context,
    closed_before: Annotated[
        str, typer.Option("--closed-before", help="匿名化在此日期之前退出的个案 YYYY-MM-DD")
    ],
    yes: YesOpt = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只列出将被匿名化的档案，不做修改")
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """匿名化已退出的个案：姓名、身份证号、监护人姓名电话、家庭住址被替换，审计日志中的
    这些字段一并清除；走访、服务、补贴等计数保留，历史月报仍能对上。无法撤销。
    未纳入的摸排对象（此日期前摸排为不符合条件，或跟进期限在此日期前仍待跟进）的姓名、
    身份证号和原因一并清除。"""
    from wbz_cli.cli.terminal import info, print_json, render, warn
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services import privacy as svc
    from wbz_cli.store.backup import backup_dir

    actx = app_context(ctx)
    store = actx.store()
    before = parse_date(closed_before, "退出日期界限")
    plan = svc.purge_plan(store, before, actx.today)
    screened = f"；未纳入、期限已过的摸排记录 {plan.screenings} 条" if plan.screenings else ""
    if dry_run or not (plan.children or plan.screenings):
        if fmt is OutputFormat.table:
            info(
                f"{before.isoformat()} 之前退出、尚未匿名化的档案：{len(plan.children)} 份"
                + screened
            )
        render(
            child_rows(plan.children), PURGE_COLUMNS, fmt.value, title="将被匿名化的档案", empty=""
        )
        return
    confirm(
        f"将匿名化 {len(plan.children)} 份 {before.isoformat()} 之前退出的儿童档案{screened}，"
        "无法撤销。继续？",
        yes,
    )
    done = svc.purge(store, before, actx.today)
    if fmt is OutputFormat.json:
        print_json(done.as_dict())
    else:
        info(
            f"已匿名化 {len(done.children)} 份儿童档案、{len(done.households)} 个家庭、"
            f"{done.screenings} 条摸排记录，清理审计记录 {done.audit_rows} 条"
        )
    folder = backup_dir(actx.db_path)
    if folder.is_dir() and any(folder.iterdir()):
        warn(f"{folder} 中的旧备份仍含原始数据，请按保存期限自行删除")
