"""wbz apply add / decide / list / edit / void / unvoid: applications for a child's category
(身份认定) or a subsidy, and their decisions (审核)."""

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
from wbz_cli.cli.options import (
    ChildArg,
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
from wbz_cli.domain.enums import Category
from wbz_cli.domain.record_vocab import ApplicationStatus
from wbz_cli.domain.vocab import SubsidyType

apply_app = typer.Typer(
    help="申请与审核：为儿童申请类别认定（如事实无人抚养儿童）或补贴，登记审核结果；"
    "类别申请获批后自批准的开始日期起计入该类别。",
    no_args_is_help=True,
)

COLUMNS = (
    Column("id", "记录号", justify="right", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("kind", "申请事项", labels.application_kind, wrap=False, drop=2),
    Column("what", "类别或补贴", drop=0),
    Column("applied_on", "申请日期", wrap=False),
    Column("agency", "受理部门"),
    Column("status", "审核结果", labels.application_status, wrap=False),
    Column("decided_on", "审核日期", wrap=False, drop=1),
    Column("starts_on", "开始日期", wrap=False),
    Column("refuse_reason", "不予批准原因"),
    Column("subtype", "困境类型", labels.subtype, drop=2),
    Column("notes", "备注", drop=2),
)


def register(app: typer.Typer) -> None:
    add_void_commands(apply_app, "application", "申请", "apply")
    app.add_typer(apply_app, name="apply")


def _shown(rows: list[dict[str, Any]], fmt: OutputFormat) -> list[dict[str, Any]]:
    """In a table, what is applied for by its Chinese label (a category's or a subsidy's)."""
    if fmt is not OutputFormat.table:
        return rows
    return [{**r, "what": labels.application_what(r["kind"], r["what"])} for r in rows]


@apply_app.command("add")
def add(
    ctx: typer.Context,
    child: ChildArg,
    category: Annotated[
        str | None, typer.Option("--category", help=enum_help(Category, "申请认定的类别"))
    ] = None,
    subsidy: Annotated[
        str | None, typer.Option("--subsidy", help=enum_help(SubsidyType, "申请的补贴"))
    ] = None,
    subtype: Annotated[
        str | None, typer.Option("--subtype", help="困境类型（申请困境儿童时）")
    ] = None,
    on: OnOpt = None,
    agency: Annotated[str | None, typer.Option("--to", help="受理部门，如 区民政局")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
    fmt: SummaryFormatOpt = SummaryFormat.table,
) -> None:
    """登记一份申请：类别认定（--category）或补贴（--subsidy），申请日期须在儿童在册期间内。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.services.applications import add_application

    actx = app_context(ctx)
    row = add_application(
        actx.store(), child, actx.today, category=category, subsidy=subsidy,
        applied_on=parse_on(on, actx.today, "申请日期"), subtype=subtype, agency=agency,
        notes=notes,
    )  # fmt: skip
    if fmt is SummaryFormat.json:
        print_json(row)
        return
    what = labels.application_what(row["kind"], row["what"])
    info(f"已登记 {row['child']} {row['name']} 申请{what}（记录号 {row['id']}，待审核）")


@apply_app.command("decide")
def decide(
    ctx: typer.Context,
    record_id: IdArg,
    approve: Annotated[
        bool | None, typer.Option("--approve/--refuse", help="批准或不予批准")
    ] = None,
    starts_on: Annotated[
        str | None, typer.Option("--starts-on", help="批准的类别（或补贴）开始日期")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="不予批准的原因")] = None,
    on: OnOpt = None,
    fmt: SummaryFormatOpt = SummaryFormat.table,
) -> None:
    """登记审核结果：--approve --starts-on 日期（类别申请获批即自该日起计入类别），
    或 --refuse --reason 原因。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.domain.errors import InvalidInput
    from wbz_cli.services.applications import decide_application

    if approve is None:
        raise InvalidInput("请写明审核结果：--approve（批准）或 --refuse（不予批准）")
    actx = app_context(ctx)
    row = decide_application(
        actx.store(), record_id, actx.today, approve=approve,
        decided_on=parse_on(on, actx.today, "审核日期"),
        starts_on=parse_date(starts_on, "开始日期") if starts_on else None, reason=reason,
    )  # fmt: skip
    if fmt is SummaryFormat.json:
        print_json(row)
        return
    what = labels.application_what(row["kind"], row["what"])
    if row["status"] == "approved":
        since = f"，自 {row['starts_on']} 起" if row["starts_on"] else ""
        info(f"已批准 {row['child']} {row['name']} 的{what}申请{since}")
    else:
        info(f"已登记 {row['child']} {row['name']} 的{what}申请不予批准（{row['refuse_reason']}）")


@record_list_command(apply_app, COLUMNS, "申请与审核", "没有申请记录")
def list_(
    ctx: typer.Context,
    child: Annotated[
        str | None, typer.Argument(help="儿童编号、身份证号或姓名（不填则列出全部）")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help=enum_help(ApplicationStatus, "审核结果"))
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> list[dict[str, Any]]:
    """列出申请及审核结果。"""
    from wbz_cli.services.applications import list_applications

    rows = list_applications(
        app_context(ctx).store(), child, status=parse_enum(ApplicationStatus, status),
        include_voided=all_,
    )  # fmt: skip
    return _shown(rows, fmt)


@apply_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    on: Annotated[str | None, typer.Option("--on", help="申请日期")] = None,
    agency: Annotated[str | None, typer.Option("--to", help="受理部门")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
) -> None:
    """修改一份申请的申请日期、受理部门或备注；审核结果有误时请作废后重新登记。"""
    run_edit(ctx, "application", record_id,
             {"applied_on": on, "agency": agency, "notes": notes}, False)  # fmt: skip
