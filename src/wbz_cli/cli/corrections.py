"""改错 on every record group: ``void ID --reason`` and ``unvoid ID`` are added to a group by
``add_void_commands``; each group's own ``edit ID --field value`` hands its changes to
``run_edit``. The work is services/corrections.py, one implementation for every kind."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.terminal import Column
from wbz_cli.domain.labels import CHANGE_FIELD_LABELS

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


#: A record kind's list: the command's parameters in, the rows to print out.
RowsOf = Callable[..., list[dict[str, Any]]]


def record_list_command(
    group: typer.Typer, columns: tuple[Column, ...], title: str, empty: str | None = None
) -> Callable[[RowsOf], RowsOf]:
    """``wbz <group> list`` of a record kind: the decorated function takes the command's
    parameters (``fmt`` and ``all_`` among them, ``reveal`` where it offers one) and returns
    the rows; they are printed as a table (the void columns with ``--all``), JSON or CSV,
    or written to ``--out``."""

    def decorate(rows_of: RowsOf) -> RowsOf:
        @functools.wraps(rows_of)
        def list_(*args: Any, **kwargs: Any) -> None:
            from wbz_cli.cli.terminal import render

            rows = rows_of(*args, **kwargs)
            shown = {"empty": empty} if empty else {}
            render(rows, list_columns(columns, kwargs["all_"]), kwargs["fmt"].value,
                   reveal=bool(kwargs.get("reveal")), title=title, **shown)  # fmt: skip

        group.command("list")(with_out(list_))
        return rows_of

    return decorate


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


#: Fields as edit messages name them: the one table of record fields (domain/labels.py), and
#: the shorter names these messages have used.
FIELD_LABELS = {
    **CHANGE_FIELD_LABELS,
    "mode": "方式",
    "worker": "走访人",
    "name": "名称",
    "relation": "关系",
    "carer_phone": "电话",
    "opened_on": "计划开始",
}


def field_label(key: str) -> str:
    return FIELD_LABELS.get(key, key)


def shown(value: Any) -> str:
    return "（空）" if value is None or value == "" else str(value)
