"""wbz refer show: one lead, its timeline and its running deadline."""

from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import signed_overdue
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import FormatOpt, OutputFormat
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels

LeadArg = Annotated[str, typer.Argument(help="线索编号，如 L000001")]


@with_out
def show(ctx: typer.Context, lead: LeadArg, fmt: FormatOpt = OutputFormat.table) -> None:
    """查看一条线索：基本情况、办理经过（时间线）和当前期限。"""
    from wbz_cli.services import lead_queries as queries

    actx = app_context(ctx)
    record = queries.lead_file(actx.store(), lead, actx.today).as_row()
    if fmt is not OutputFormat.table:
        record = signed_overdue([record], actx.today, "due_on")[0]
    print_lead(record, fmt)


EVENT_COLUMNS = (
    Column("on", "日期", wrap=False),
    Column("status", "状态", labels.lead_status, wrap=False),
    Column("agency", "单位"),
    Column("agency_type", "单位类型", labels.agency_type),
    Column("note", "说明"),
    Column("operator", "操作人", wrap=False),
    Column("undone", "已撤销", lambda v: "是" if v else "", wrap=False),
)


def print_lead(r: dict[str, Any], fmt: OutputFormat) -> None:
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
    due = due_text(r) if r["deadline"] else ""
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


def due_text(r: dict[str, Any]) -> str:
    todo = {"transfer": "移送公安", "accept": "受理", "done": "反馈办结"}[r["deadline"]]
    late = f"，已超期 {r['days_overdue']} 天" if r["days_overdue"] else ""
    return f"应于 {r['due_on']} 前{todo}{late}"
