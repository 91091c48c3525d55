"""改错 on every record group: ``void ID --reason`` and ``unvoid ID`` are added to a group by
``add_void_commands``; each group's own ``edit ID --field value`` hands its changes to
``run_edit``. The work is services/corrections.py, one implementation for every kind."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.terminal import Column

#: The columns a list with ``--all`` (and ``wbz show``) adds: voided or not, and why.
VOID_COLUMNS = (
    Column("voided", "状态", lambda v: "已作废" if v else "", wrap=False),
    Column("void_reason", "作废原因"),
)
AllOpt = Annotated[bool, typer.Option("--all", help="连同已作废的记录一起列出（标注“已作废”）")]
AgainOpt = Annotated[
    bool, typer.Option("--again", help="与已有记录相同，但确实又发生了一次：照样登记")
]
IdArg = Annotated[str, typer.Argument(help="记录号（列表中的“记录号”或“编号”一栏）")]


def list_columns(columns: tuple[Column, ...], include_voided: bool) -> tuple[Column, ...]:
    """A list's columns; with ``--all``, the status after the first (the id) and the reason
    last."""
    if not include_voided:
        return columns
    return (columns[0], VOID_COLUMNS[0], *columns[1:], VOID_COLUMNS[1])


def add_void_commands(group: typer.Typer, kind: str, label: str, path: str = "") -> None:
    """``wbz <group> void ID --reason TEXT`` and ``wbz <group> unvoid ID`` for one kind
    (``path``: the group's command path when not the kind's name, ``project payment``)."""
    name = path or kind.replace("_", "-")

    @group.command("void", help=f"作废一条{label}（必须写明原因）：记录保留，不再计入列表和统计。")
    def void(
        ctx: typer.Context,
        record_id: IdArg,
        reason: Annotated[str, typer.Option("--reason", help="作废原因，如 重复录入")],
    ) -> None:
        from wbz_cli.cli.terminal import info
        from wbz_cli.services.corrections import void_record

        done = void_record(app_context(ctx).store(), kind, record_id, reason)
        info(f"已作废{label} {done['code']}（{done['void_reason']}）；可用 wbz {name} unvoid 恢复")

    @group.command("unvoid", help=f"恢复一条已作废的{label}。")
    def unvoid(ctx: typer.Context, record_id: IdArg, again: AgainOpt = False) -> None:
        from wbz_cli.cli.terminal import info
        from wbz_cli.services.corrections import unvoid_record

        actx = app_context(ctx)
        done = unvoid_record(actx.store(), kind, record_id, actx.today, again=again)
        info(f"已恢复{label} {done['code']}")


def run_edit(
    ctx: typer.Context, kind: str, record_id: str, changes: dict[str, Any], again: bool
) -> None:
    """Edit one record with the options given (None: not given) and say what changed."""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.corrections import KINDS, edit_record

    actx = app_context(ctx)
    given = {k: v for k, v in changes.items() if v is not None}
    done = edit_record(actx.store(), kind, record_id, given, actx.today, again=again)
    parts = [
        f"{field_label(k)} {shown(old)} → {shown(new)}" for k, (old, new) in done["changed"].items()
    ]
    info(f"已修改{KINDS[kind].label} {done['code']}：" + "；".join(parts))


FIELD_LABELS = {
    "child": "儿童",
    "visited_on": "走访日期",
    "mode": "方式",
    "worker": "走访人",
    "notes": "备注",
    "problems": "发现问题",
    "action": "处理措施",
    "type": "类型",
    "served_on": "服务日期",
    "provider": "服务提供方",
    "resource_id": "资源",
    "hours": "时长(小时)",
    "plan_id": "服务计划",
    "month": "月份",
    "amount_fen": "金额(分)",
    "source": "来源",
    "title": "活动名称",
    "kind": "类型",
    "held_on": "活动日期",
    "place": "地点",
    "participants": "参加人数",
    "children": "参加儿童",
    "name": "名称",
    "phone": "电话",
    "specialty": "专长",
    "added_on": "入库日期",
    "removed_on": "移除日期",
    "carer": "受托照护人",
    "relation": "关系",
    "carer_phone": "电话",
    "signed_on": "签订日期",
    "valid_until": "有效期至",
    "school_notified": "已告知学校",
    "committee_notified": "已告知村（居）委",
    "goal": "计划目标",
    "services": "计划服务",
    "opened_on": "计划开始",
    "review_on": "下次复核",
    "previous_review_on": "复核前的下次复核",
    "assessed_on": "评估日期",
    "result": "结果",
    "effective_on": "生效日期",
    "risk": "风险等级",
    "voided_at": "作废时间",
    "voided_by": "作废人",
    "void_reason": "作废原因",
    "consent_on": "同意日期",
    "consent_by": "同意人",
    "consent_exempt_reason": "免于同意的依据",
    "withdraw_reason": "撤回原因",
    "started_on": "开始日期",
    "ended_on": "结束日期",
    "end_note": "结束说明",
    "reason": "原因",
    "applied_on": "申请日期",
    "agency": "受理部门",
    "budget_fen": "预算(分)",
    "start_on": "开始日期",
    "end_on": "结束日期",
    "paid_on": "支出日期",
    "note": "说明",
    "record_kind": "所属记录类型",
    "record_id": "所属记录号",
}


def field_label(key: str) -> str:
    return FIELD_LABELS.get(key, key)


def shown(value: Any) -> str:
    return "（空）" if value is None or value == "" else str(value)
