"""wbz refer add / link / move / undo: leads, referrals, mandatory reports; ``show``,
``list`` and ``policy`` are in refer_show, refer_list and refer_policy."""

from typing import Annotated, Any

import typer

from wbz_cli.cli import refer_list, refer_policy
from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import signed_overdue
from wbz_cli.cli.options import (
    ChildArg,
    OnOpt,
    OutputFormat,
    SummaryFormat,
    SummaryFormatOpt,
    enum_help,
    parse_enum,
    parse_on,
)
from wbz_cli.cli.refer_show import LeadArg, due_text, print_lead, show
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
        str | None,
        typer.Argument(help="儿童编号、身份证号或姓名；儿童尚未登记时省略并写 --summary"),
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
    child: ChildArg,
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

        record = queries.lead_file(actx.store(), done.code, actx.today).as_row()
        print_lead(signed_overdue([record], actx.today, "due_on")[0], OutputFormat.json)
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

    record = queries.lead_file(actx.store(), code, actx.today).as_row()
    return f"，{due_text(record)}" if record["deadline"] else ""


refer_app.command("show")(show)
refer_app.command("list")(refer_list.list_)
policy_app.command("show")(refer_policy.policy_show)
policy_app.command("set")(refer_policy.policy_set)
