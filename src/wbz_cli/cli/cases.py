"""wbz case void / unvoid: withdraw a case period opened by mistake (a reopen of the wrong
child), and bring it back. The work is services/case_voids.py."""

from __future__ import annotations

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.options import ChildArg

OpenedArg = Annotated[str, typer.Argument(help="该段立案期间的开始日期 YYYY-MM-DD")]

case_app = typer.Typer(
    help="改错：作废误开的立案期间（如误恢复在册），或恢复", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")


@case_app.command("void")
def void(
    ctx: typer.Context,
    child: ChildArg,
    opened_on: OpenedArg,
    reason: Annotated[str, typer.Option("--reason", help="作废原因，如 误恢复在册")],
) -> None:
    """作废最近一段立案期间（不能是登记时的第一段）：儿童回到上一段结束时的退出状态，在册、
    新增、退出人数随之改变；期间内有走访、补贴等记录时拒绝并列出。可用 wbz case unvoid 恢复。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.case_voids import void_case

    day = parse_date(opened_on, "立案日期")
    done = void_case(app_context(ctx).store(), child, day, reason)
    info(
        f"已作废 {done['code']} 自 {done['opened_on']} 起的立案期间，"
        f"该儿童恢复为 {done['closed_on']} 退出；可用 wbz case unvoid {done['code']}"
        f" {done['opened_on']} 恢复"
    )


@case_app.command("unvoid")
def unvoid(ctx: typer.Context, child: ChildArg, opened_on: OpenedArg) -> None:
    """恢复作废的立案期间（其后已另开立案期间时拒绝）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.case_voids import unvoid_case

    day = parse_date(opened_on, "立案日期")
    done = unvoid_case(app_context(ctx).store(), child, day)
    info(f"已恢复 {done['code']} 自 {done['opened_on']} 起的立案期间")
