"""wbz subsidy add / run / list / import / edit / void / unvoid / rate set / rate list:
subsidy payments in exact 元."""

from typing import Annotated, Any

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
from wbz_cli.cli.import_options import SheetImport, sheet_import
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import (
    ChildArg,
    FormatOpt,
    OutputFormat,
    SummaryFormat,
    SummaryFormatOpt,
    enum_help,
    parse_enum,
    parse_enums,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.vocab import SubsidyType

subsidy_app = typer.Typer(
    help="补贴发放：孤儿基本生活费、事实无人抚养儿童基本生活补贴、残疾人两项补贴、助学金、临时救助。"
    "金额以元为单位，精确到分。",
    no_args_is_help=True,
)
rate_app = typer.Typer(
    help="补贴标准（每人每月，元），wbz subsidy run 按此发放。", no_args_is_help=True
)

TypeHelp = enum_help(SubsidyType, "补贴类型")
SOURCE = {"manual": "逐笔录入", "run": "按月批量", "import": "导入"}
COLUMNS = (
    Column("month", "月份", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("type", "补贴类型", labels.subsidy_type),
    Column("amount_yuan", "金额(元)", justify="right", wrap=False),
    Column("source", "来源", lambda v: SOURCE.get(v, v or ""), wrap=False),
    Column("id", "记录号", justify="right", wrap=False),
)
TOTAL_COLUMNS = (
    Column("type", "补贴类型", labels.subsidy_type),
    Column("payments", "人次", justify="right"),
    Column("amount_yuan", "金额(元)", justify="right"),
)
RATE_COLUMNS = (
    Column("type", "补贴类型", labels.subsidy_type),
    Column("from_month", "起始月份", wrap=False),
    Column("amount_yuan", "标准(元/人·月)", justify="right", wrap=False),
    Column("current", "现行", labels.yes_no, wrap=False),
)
RUN_CSV = (
    Column("month", "月份"),
    Column("type", "补贴类型"),
    Column("rate_yuan", "标准(元)"),
    Column("payments", "人次"),
    Column("amount_yuan", "金额(元)"),
)
SKIPPED = {
    "duplicate": "本月已发放（跳过，不重复发放）",
    "aged_out": "已过年满 18 周岁的当月",
    "not_open": "月初不在册（已退出或月中登记）",
    "category_ended": "类别已在本月前结束",
}


MonthOpt = Annotated[str, typer.Option("--month", help="发放月份 YYYY-MM")]


def register(app: typer.Typer) -> None:
    subsidy_app.add_typer(rate_app, name="rate")
    add_void_commands(subsidy_app, "subsidy", "补贴发放记录")
    app.add_typer(subsidy_app, name="subsidy")


@subsidy_app.command("add")
def add(
    ctx: typer.Context,
    child: ChildArg,
    type_: Annotated[str, typer.Option("--type", help=TypeHelp)],
    month: MonthOpt,
    amount: Annotated[str, typer.Option("--amount", help="金额（元，最多两位小数），如 1234.50")],
    again: AgainOpt = False,
    fmt: SummaryFormatOpt = SummaryFormat.table,
) -> None:
    """录入一笔补贴发放。同一儿童同一类型每月只能发放一次（确实另发了一笔请加 --again）。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.domain.money import format_fen, format_fen_grouped
    from wbz_cli.services.subsidies import add_payment

    actx = app_context(ctx)
    p = add_payment(
        actx.store(), child, SubsidyType.parse(type_), month, amount, actx.today, again=again
    )
    if fmt is SummaryFormat.json:
        print_json(
            {
                "month": p.month,
                "child": p.child,
                "name": p.name,
                "type": p.type,
                "amount_yuan": format_fen(p.amount_fen),
            }
        )
        return
    info(
        f"已录入 {p.child} {p.name} {p.month} {labels.subsidy_type(p.type)} "
        f"{format_fen_grouped(p.amount_fen)} 元"
    )


@subsidy_app.command("run")
def run(
    ctx: typer.Context,
    month: MonthOpt,
    type_: Annotated[
        list[str] | None,
        typer.Option("--type", help="只发放这些类型（可多次给出），默认所有按类别发放的类型"),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只计算，不写入")] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """按补贴标准为本月所有符合条件的儿童生成发放记录。

    孤儿、事实无人抚养儿童按类别发放，残疾人两项补贴按残疾儿童类别发放。

    月初已退出、类别在本月前已结束、已过年满 18 周岁当月的不发；本月已发放的跳过。"""
    from wbz_cli.cli.terminal import info, print_fields, print_json, print_table
    from wbz_cli.domain.money import format_fen_grouped, parse_yuan
    from wbz_cli.services.subsidies import run_month

    actx = app_context(ctx)
    result = run_month(
        actx.store(),
        month,
        actx.today,
        types=parse_enums(SubsidyType, type_),
        dry_run=dry_run,
    )
    data = result.as_dict()
    if fmt is OutputFormat.json:
        print_json(data)
        return
    if fmt is OutputFormat.csv:
        from wbz_cli.cli.terminal import print_csv

        rows_csv = [{"month": data["month"], "type": k, **v} for k, v in data["by_type"].items()]
        print_csv(rows_csv, RUN_CSV, True)
        return
    head = "试算（未写入）" if dry_run else "已生成"
    print_fields(
        [
            ("月份", data["month"]),
            (head, f"{data['payments']} 人次，{format_fen_grouped(result.amount_fen)} 元"),
            *((SKIPPED[k], f"{v} 人") for k, v in data["skipped"].items() if v),
            *(
                [("未设标准", "、".join(labels.subsidy_type(t) for t in data["no_rate"]))]
                if data["no_rate"]
                else []
            ),
        ],
        title=f"{data['month']} 补贴发放",
    )
    rows: list[dict[str, Any]] = [
        {
            "type": k,
            "rate": format_fen_grouped(parse_yuan(v["rate_yuan"])),
            "payments": v["payments"],
            "amount": format_fen_grouped(parse_yuan(v["amount_yuan"])),
        }
        for k, v in data["by_type"].items()
    ]
    print_table(
        rows,
        (
            Column("type", "补贴类型", labels.subsidy_type),
            Column("rate", "标准(元)", justify="right"),
            Column("payments", "人次", justify="right"),
            Column("amount", "金额(元)", justify="right"),
        ),
        True,
    )
    if dry_run:
        info("这是试算，没有写入；去掉 --dry-run 再运行一次即可发放")


@subsidy_app.command("list")
@with_out
def list_(
    ctx: typer.Context,
    month: Annotated[str | None, typer.Option("--month", help="月份 YYYY-MM")] = None,
    type_: Annotated[str | None, typer.Option("--type", help=TypeHelp)] = None,
    child: Annotated[str | None, typer.Option("--child", help="儿童编号、身份证号或姓名")] = None,
    totals: Annotated[bool, typer.Option("--totals", help="只输出按类型汇总的人次和金额")] = False,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> None:
    """列出补贴发放记录及合计（人次、金额，精确到分）。"""
    from wbz_cli.cli.terminal import info, print_json, render
    from wbz_cli.domain.money import format_fen_grouped, parse_yuan
    from wbz_cli.domain.payment_record import payment_totals
    from wbz_cli.services.subsidies import list_payments

    payments = list_payments(
        app_context(ctx).store(),
        month=month,
        subsidy_type=parse_enum(SubsidyType, type_),
        child=child,
        include_voided=all_,
    )
    summary = payment_totals(payments).as_row()
    rows = [p.as_row() for p in payments]
    if totals:
        if fmt is OutputFormat.json:
            print_json(summary)
            return
        by_type = [{"type": k, **v} for k, v in summary["by_type"].items()]
        by_type.append({"type": "合计", **{k: summary[k] for k in ("payments", "amount_yuan")}})
        render(by_type, TOTAL_COLUMNS, fmt.value, title="补贴发放汇总")
        return
    render(rows, list_columns(COLUMNS, all_), fmt.value, title="补贴发放")
    if fmt is OutputFormat.table and rows:
        total = format_fen_grouped(parse_yuan(summary["amount_yuan"]))
        info(f"合计 {summary['payments']} 人次，{total} 元")


@subsidy_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    child: Annotated[str | None, typer.Option("--child", help="改到此儿童名下（编号）")] = None,
    type_: Annotated[str | None, typer.Option("--type", help=TypeHelp)] = None,
    month: Annotated[str | None, typer.Option("--month", help="发放月份 YYYY-MM")] = None,
    amount: Annotated[str | None, typer.Option("--amount", help="金额（元），如 1900")] = None,
    again: AgainOpt = False,
) -> None:
    """修改一笔补贴发放的指定字段（如金额录错），检查与录入时相同；未给出的字段不变。"""
    changes = {"child": child, "type": type_, "month": month, "amount": amount}
    run_edit(ctx, "subsidy", record_id, changes, again)


@rate_app.command("set")
def rate_set(
    ctx: typer.Context,
    type_: Annotated[str, typer.Argument(help=TypeHelp, metavar="TYPE")],
    amount: Annotated[str, typer.Argument(help="每人每月金额（元）", metavar="YUAN")],
    from_month: Annotated[
        str | None, typer.Option("--from", help="自哪个月起执行 YYYY-MM，默认本月")
    ] = None,
) -> None:
    """设置一种补贴的标准（每人每月，元），自 --from 月起执行。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.subsidies import set_rate

    actx = app_context(ctx)
    kind = SubsidyType.parse(type_)
    row = set_rate(actx.store(), kind, amount, from_month, actx.today)
    info(f"{kind.label}：自 {row['from_month']} 起每人每月 {row['amount_yuan']} 元")


@rate_app.command("list")
@with_out
def rate_list(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """列出补贴标准及其起始月份。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.subsidies import list_rates

    actx = app_context(ctx)
    render(list_rates(actx.store(), actx.today), RATE_COLUMNS, fmt.value, title="补贴标准")


@subsidy_app.command("import")
@sheet_import("补贴发放表")
def import_(
    ctx: typer.Context,
    imp: SheetImport,
    month: Annotated[
        str | None, typer.Option("--month", help="表中没有“发放月份”列（或为空）时的月份 YYYY-MM")
    ] = None,
) -> None:
    """导入补贴发放表：逐行按 wbz subsidy add 的规则检查，有效行在一个事务中写入。

    按身份证号码或儿童编号找到儿童；金额以元为单位，最多两位小数。表中已有的同一笔
    发放（同一儿童、类型、月份、金额）记为未变，重复导入不会重复发放；金额不同则拒绝。
    有行被拒绝时退出码为 3。
    """
    from wbz_cli.cli.import_report import finish_import
    from wbz_cli.cli.terminal import progress_bar
    from wbz_cli.domain.money import format_fen_grouped, parse_yuan
    from wbz_cli.services import subsidy_import as svc

    actx = app_context(ctx)
    errors_out = imp.claim_errors(actx)
    source = imp.source()
    table = svc.open_subsidy_sheet(source)
    with progress_bar(imp.quiet, "导入补贴发放表", table.size) as advance:
        result = svc.import_subsidies(
            actx.store(), table, source=source, month=month, today=actx.today,
            dry_run=imp.dry_run, progress=advance,
        )  # fmt: skip
    amount = format_fen_grouped(parse_yuan(result.totals["amount_yuan"]))
    finish_import(
        result,
        store=actx.store(),
        command="subsidy import",
        fmt=imp.fmt,
        errors=errors_out,
        fields=[
            ("新增", f"{result.counts['inserted']} 笔，{amount} 元"),
            ("未变（已有相同记录）", result.counts["unchanged"]),
            ("拒绝", len(result.rejects)),
        ],
        title="补贴发放表导入",
    )
