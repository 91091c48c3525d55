"""wbz category void / unvoid: withdraw a category period added by mistake, and bring it
back. The work is services/category_voids.py."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.options import ChildArg

if TYPE_CHECKING:
    from wbz_cli.domain.enums import Category

PeriodArg = Annotated[
    str,
    typer.Argument(help="类别，或 类别=开始日期（有多段时），如 orphan 或 orphan=2026-09-01"),
]

category_app = typer.Typer(help="改错：作废误登的类别期间，或恢复", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(category_app, name="category")


def _period(text: str) -> tuple[Category, date | None]:
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.domain.enums import Category

    key, sep, day = text.replace("＝", "=").partition("=")
    start = parse_date(day.strip(), "类别开始日期") if sep else None
    return Category.parse(key.strip()), start


@category_app.command("void")
def void(
    ctx: typer.Context,
    child: ChildArg,
    period: PeriodArg,
    reason: Annotated[str, typer.Option("--reason", help="作废原因，如 误登类别")],
) -> None:
    """作废误登的一段类别：按类别的人数、补贴核对随之改变；若会使 孤儿/事实无人抚养 的补贴发放
    落在类别之外则拒绝并列出这些记录。审计日志保留，可用 wbz category unvoid 恢复。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.category_voids import void_category

    category, start = _period(period)
    done = void_category(app_context(ctx).store(), child, category, start, reason)
    info(
        f"已作废 {done['code']} 自 {done['start_on']} 起的{category.label}类别；"
        f"可用 wbz category unvoid {done['code']} {done['category']}={done['start_on']} 恢复"
    )


@category_app.command("unvoid")
def unvoid(ctx: typer.Context, child: ChildArg, period: PeriodArg) -> None:
    """恢复作废的一段类别（与现有同类别期间重叠时拒绝）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.category_voids import unvoid_category

    category, start = _period(period)
    done = unvoid_category(app_context(ctx).store(), child, category, start)
    info(f"已恢复 {done['code']} 自 {done['start_on']} 起的{category.label}类别")
