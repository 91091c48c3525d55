"""wbz refer add / link / move / undo / show / list / policy: leads, referrals, mandatory
reports."""

from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import signed_overdue
from wbz_cli.cli.options import (
    AsOfOpt,
    FormatOpt,
    OnOpt,
    OutputFormat,
    SummaryFormat,
    SummaryFormatOpt,
    enum_help,
    parse_enum,
    parse_on,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.leads import AgencyType
from wbz_cli.domain.vocab import LeadSource, LeadStatus, LeadType

refer_app = typer.Typer(
    help="线索、转介和强制报告：登记线索，核实、移送、受理、办结，超期督办。",
    no_args_is_help=True,
)
policy_app = typer.Typer(
    help="线索办理期限规则（强制报告当日移送、受理和反馈期限）。", no_args_is_help=True
)
refer_app.add_typer(policy_app, name="policy")

COLUMNS = (
    Column("code", "编号", wrap=False),
    Column("found_on", "发现日期", wrap=False),
    Column("type", "类型", labels.lead_type_short),
    Column("mandatory", "强制", labels.yes_no, wrap=False),
    Column("source", "来源", labels.lead_source, wrap=False),
    Column("child", "儿童", wrap=False),
    Column("who", "姓名或摘要"),
    Column("status", "状态", labels.lead_status, wrap=False),
    Column("agency", "接收单位"),
    Column("due_on", "期限", wrap=False),
    Column("days_overdue", "超期天数", lambda v: str(v) if v else "", "right", False),
)
CSV_COLUMNS = (
    COLUMNS[0],
    COLUMNS[1],
    Column("type", "类型", labels.lead_type),
    *COLUMNS[3:6],
    Column("name", "姓名"),
    COLUMNS[7],
    Column("summary", "情况摘要"),
    Column("source_agency", "来源单位"),
    Column("reference", "来文文号"),
    Column("agency", "接收单位"),
    Column("agency_type", "单位类型", labels.agency_type),
    Column("deadline", "督办事项", labels.deadline),
    *COLUMNS[9:],
)
OVERDUE_COLUMNS = (
    *COLUMNS[:3],
    Column("child", "儿童", wrap=False),
    Column("who", "姓名或摘要"),
    Column("status", "状态", labels.lead_status, wrap=False),
    Column("agency", "接收单位"),
    Column("deadline", "督办事项", labels.deadline),
    *COLUMNS[9:],
)

LeadArg = Annotated[str, typer.Argument(help="线索编号，如 L000001")]
AgencyTypeOpt = Annotated[
    str | None,
    typer.Option(
        "--agency-type",
        help=enum_help(AgencyType, "接收单位类型，决定反馈期限；默认按单位名称判断"),
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(refer_app, name="refer")


@refer_app.command("add")
def add(
    ctx: typer.Context,
    lead_type: Annotated[str, typer.Option("--type", help=enum_help(LeadType, "线索类型"))],
    source: Annotated[str, typer.Option("--source", help=enum_help(LeadSource, "线索来源"))],
    child: Annotated[
        str | None, typer.Argument(help="儿童编号或身份证号；儿童尚未登记时省略并写 --summary")
    ] = None,
    on: OnOpt = None,
    to: Annotated[
        str | None, typer.Option("--to", help="当即移送的接收单位（如 某某派出所），记为已移送")
    ] = None,
    agency_type: AgencyTypeOpt = None,
    mandatory: Annotated[
        bool, typer.Option("--mandatory", help="标记为强制报告（九类情形自动标记）")
    ] = False,
    summary: Annotated[
        str | None, typer.Option("--summary", help="情况摘要；未指定儿童时必填")
    ] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="来文文号（检察院、公安移送的线索编号）")
    ] = None,
    source_agency: Annotated[
        str | None, typer.Option("--source-agency", help="来源单位名称，如 某某区人民检察院")
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式：table（只输出编号）或 json")
    ] = OutputFormat.table,
) -> None:
    """登记一条线索，输出线索编号。

    儿童尚未登记时省略 CHILD、用 --summary 描述，登记后用 wbz refer link 关联。九类强制报告
    情形自动标记为强制报告。公安、检察院、法院移送来的线索（双向移送）直接记为已核实。
    """
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import leads as svc

    actx = app_context(ctx)
    done = svc.add_lead(
        actx.store(),
        actx.today,
        lead_type=LeadType.parse(lead_type),
        source=LeadSource.parse(source),
        on=parse_on(on, actx.today, "发现日期") if on else None,
        child=child,
        to=to,
        agency_type=parse_enum(AgencyType, agency_type),
        mandatory=mandatory,
        summary=summary,
        reference=reference,
        source_agency=source_agency,
    )
    if fmt is OutputFormat.json:
        from wbz_cli.cli.terminal import print_json

        print_json(
            {
                "code": done.code,
                "status": done.status,
                "mandatory": done.mandatory,
                "warnings": done.warnings,
            }
        )
    else:
        info(done.code)
    _warn(done.warnings)


def _warn(messages: list[str]) -> None:
    from wbz_cli.cli.terminal import warn

    for message in messages:
        warn(message)


@refer_app.command("link")
def link(
    ctx: typer.Context,
    lead: LeadArg,
    child: Annotated[str, typer.Argument(help="儿童编号或身份证号")],
    replace: Annotated[
        bool, typer.Option("--replace", help="线索已关联其他儿童时改为此儿童")
    ] = False,
) -> None:
    """把线索关联到已登记的儿童（线索先于儿童登记时使用）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import leads as svc

    done = svc.link_lead(app_context(ctx).store(), lead, child, replace=replace)
    info(f"线索 {done['lead']} 已关联 {done['child']}（{done['name']}）")


@refer_app.command("move")
def move(
    ctx: typer.Context,
    lead: LeadArg,
    status: Annotated[str, typer.Option("--status", help=enum_help(LeadStatus, "新状态"))],
    on: OnOpt = None,
    agency: Annotated[
        str | None, typer.Option("--agency", help="接收单位（移送时必填，如 某某派出所）")
    ] = None,
    agency_type: AgencyTypeOpt = None,
    note: Annotated[str | None, typer.Option("--note", help="说明，如 受理文号、反馈结果")] = None,
    fmt: SummaryFormatOpt = SummaryFormat.table,
) -> None:
    """变更线索状态：核实、移送、受理、办结、不属实、退回、撤回。不允许的变更会列出可选状态。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import leads as svc

    actx = app_context(ctx)
    target = LeadStatus.parse(status)
    done = svc.move_lead(
        actx.store(),
        actx.today,
        lead,
        target,
        on=parse_on(on, actx.today, "变更日期") if on else None,
        agency=agency,
        agency_type=parse_enum(AgencyType, agency_type),
        note=note,
    )
    if fmt is SummaryFormat.json:  # the lead as refer show prints it
        from wbz_cli.services import lead_queries as queries

        record = queries.lead_file(actx.store(), done.code, actx.today)
        _print_lead(signed_overdue([record], actx.today, "due_on")[0], OutputFormat.json)
    else:
        info(f"线索 {done.code} 已改为“{target.label}”{_deadline_now(actx, done.code)}")
    _warn(done.warnings)


@refer_app.command("undo")
def undo(
    ctx: typer.Context,
    lead: LeadArg,
    reason: Annotated[str, typer.Option("--reason", help="撤销原因，如 误点了受理")],
    on: OnOpt = None,
) -> None:
    """撤销线索最近一次状态变更（如误点的受理、办结）：办理经过保留原变更和撤销记录，
    状态和期限恢复为变更之前。可连续撤销更早的变更。

    这是改正办理经过的唯一方法：办理经过中的单条记录不能单独作废或修改，因为其后的
    每次变更和期限都以它为前提；要改正较早的一步，请从最近一次起逐次撤销，再重新办理。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import leads as svc

    actx = app_context(ctx)
    done = svc.undo_move(
        actx.store(),
        actx.today,
        lead,
        reason,
        on=parse_on(on, actx.today, "撤销日期") if on else None,
    )
    restored = labels.lead_status(done.status)
    info(f"线索 {done.code} 已撤销最近一次变更，恢复为“{restored}”{_deadline_now(actx, done.code)}")


def _deadline_now(actx: Any, code: str) -> str:
    """ "，应于 … 前受理" for the lead's running deadline, or nothing."""
    from wbz_cli.services import lead_queries as queries

    record = queries.lead_file(actx.store(), code, actx.today)
    return f"，{_due_text(record)}" if record["deadline"] else ""


@refer_app.command("show")
def show(ctx: typer.Context, lead: LeadArg, fmt: FormatOpt = OutputFormat.table) -> None:
    """查看一条线索：基本情况、办理经过（时间线）和当前期限。"""
    from wbz_cli.services import lead_queries as queries

    actx = app_context(ctx)
    record = queries.lead_file(actx.store(), lead, actx.today)
    if fmt is not OutputFormat.table:
        record = signed_overdue([record], actx.today, "due_on")[0]
    _print_lead(record, fmt)


EVENT_COLUMNS = (
    Column("on", "日期", wrap=False),
    Column("status", "状态", labels.lead_status, wrap=False),
    Column("agency", "单位"),
    Column("agency_type", "单位类型", labels.agency_type),
    Column("note", "说明"),
    Column("operator", "操作人", wrap=False),
    Column("undone", "已撤销", lambda v: "是" if v else "", wrap=False),
)


def _print_lead(r: dict[str, Any], fmt: OutputFormat) -> None:
    from wbz_cli.cli.terminal import print_csv, print_fields, print_json, print_table

    if fmt is OutputFormat.json:
        print_json(r)
        return
    if fmt is OutputFormat.csv:
        print_csv(
            [{**e, "code": r["code"]} for e in r["events"]],
            (Column("code", "线索编号"), *EVENT_COLUMNS),
            False,
        )
        return
    due = _due_text(r) if r["deadline"] else ""
    print_fields(
        [
            ("线索编号", r["code"]),
            ("发现日期", r["found_on"]),
            ("类型", labels.lead_type(r["type"])),
            ("强制报告", "是" if r["mandatory"] else "否"),
            ("来源", labels.lead_source(r["source"])),
            *([("来源单位", r["source_agency"])] if r["source_agency"] else []),
            *([("来文文号", r["reference"])] if r["reference"] else []),
            ("儿童", f"{r['child']} {r['name']}" if r["child"] else "（未关联）"),
            *([("情况摘要", r["summary"])] if r["summary"] else []),
            ("状态", labels.lead_status(r["status"])),
            *([("接收单位", r["agency"])] if r["agency"] else []),
            *([("期限", due)] if due else []),
            (
                "可变更为",
                "、".join(labels.lead_status(s) for s in r["allowed_moves"]) or "（最终状态）",
            ),
        ],
        title=f"线索 {r['code']}",
    )
    print_table(r["events"], EVENT_COLUMNS, False, title="办理经过")


def _due_text(r: dict[str, Any]) -> str:
    todo = {"transfer": "移送公安", "accept": "受理", "done": "反馈办结"}[r["deadline"]]
    late = f"，已超期 {r['days_overdue']} 天" if r["days_overdue"] else ""
    return f"应于 {r['due_on']} 前{todo}{late}"


@refer_app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option("--status", help=enum_help(LeadStatus, "按状态筛选"))
    ] = None,
    lead_type: Annotated[
        str | None, typer.Option("--type", help=enum_help(LeadType, "按类型筛选"))
    ] = None,
    agency: Annotated[
        str | None, typer.Option("--agency", help="按接收或来源单位筛选（名称包含）")
    ] = None,
    agency_type: Annotated[
        str | None, typer.Option("--agency-type", help=enum_help(AgencyType, "按接收单位类型筛选"))
    ] = None,
    child: Annotated[str | None, typer.Option("--child", help="某名儿童的线索")] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="发现日期起（含），YYYY-MM-DD")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="发现日期止（含），YYYY-MM-DD")
    ] = None,
    mandatory: Annotated[
        bool | None,
        typer.Option("--mandatory/--not-mandatory", help="只看强制报告线索 / 只看非强制报告线索"),
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option("--overdue", help="只看超期线索（督办）；有超期线索时退出码为 3"),
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """列出线索及其期限。--overdue 列出超期未移送、未受理、未反馈的线索和超期天数。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services import lead_queries as queries

    actx = app_context(ctx)
    rows = queries.list_leads(
        actx.store(),
        actx.today,
        status=parse_enum(LeadStatus, status),
        lead_type=parse_enum(LeadType, lead_type),
        agency=agency,
        agency_type=parse_enum(AgencyType, agency_type),
        child=child,
        found_from=parse_date(date_from, "起始日期") if date_from else None,
        found_to=parse_date(date_to, "截止日期") if date_to else None,
        mandatory=mandatory,
        overdue=overdue,
    )
    if fmt is OutputFormat.table:
        rows = [{**r, "who": r["name"] or r["summary"]} for r in rows]
    else:
        rows = signed_overdue(rows, actx.today, "due_on")
    columns: tuple[Column, ...]
    if overdue:
        columns = CSV_COLUMNS if fmt is OutputFormat.csv else OVERDUE_COLUMNS
        render(rows, columns, fmt.value, title="超期线索（督办）", empty="没有超期线索")
        if rows:
            raise typer.Exit(3)
        return
    columns = CSV_COLUMNS if fmt is OutputFormat.csv else COLUMNS
    render(rows, columns, fmt.value, title="线索")


@policy_app.command("show")
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


@policy_app.command("set")
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
