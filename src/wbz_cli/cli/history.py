"""wbz history: every version of one child, household or record, from the audit log."""

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import FormatOpt, OutputFormat
from wbz_cli.cli.terminal import Column


def _action(value: Any) -> str:
    from wbz_cli.services.audit import ACTION_LABELS

    return ACTION_LABELS.get(str(value), str(value))


#: Actions that write a record anew: their fields have no "before" to show.
NEW = ("insert", "register")


def _parts(
    row: dict[str, Any], field: Callable[[str], str], value: Callable[[str, Any], str]
) -> list[str]:
    """``field: old → new`` for each change (``field: value`` for a new record)."""
    parts = []
    for c in row["changes"]:
        key = c["field"]
        if row["action"] in NEW:
            if c["after"] not in (None, "", []):
                parts.append(f"{field(key)}: {value(key, c['after'])}")
            continue
        parts.append(f"{field(key)}: {value(key, c['before'])} → {value(key, c['after'])}")
    return parts


def _in_words(row: dict[str, Any]) -> str:
    """The changes for a table: fields and values in words from the one label table
    (domain/labels.py): ``所在居民区: 红星村 → 东风村；来源: 导入``."""
    from wbz_cli.cli.corrections import shown
    from wbz_cli.domain.labels import change_field, change_value

    kind = row["record_type"]
    return "；".join(
        _parts(row, lambda k: change_field(kind, k), lambda k, v: shown(change_value(kind, k, v)))
    )


def _keyed(row: dict[str, Any]) -> list[str]:
    """The changes for CSV, by key as the output contract has it: ``community: 红星村 →
    东风村``; a list or object value as JSON."""
    from wbz_cli.cli.terminal import csv_plain

    def value(key: str, v: Any) -> str:
        return json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else csv_plain(v)

    return _parts(row, str, value)


def _masked(change: dict[str, Any]) -> dict[str, Any]:
    """A change with an ID or phone number masked, as every screen shows them."""
    from wbz_cli.cli.terminal import masked

    field = change["field"]
    old, new = masked({field: change["before"]}, False), masked({field: change["after"]}, False)
    return {"field": field, "before": old[field], "after": new[field]}


COLUMNS = (
    Column("at", "时间", wrap=False),
    Column("operator", "操作人", wrap=False, drop=2),  # narrow: the changes stay
    Column("action", "动作", _action, wrap=False),
    Column("record_key", "记录", drop=0),  # folds at its slashes, as the changes do
    Column("changes", "内容（字段: 原值 → 新值）", drop=0),
)


def register(app: typer.Typer) -> None:
    app.command("history")(history)


@with_out
def history(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            help="儿童编号、身份证号或姓名，家庭编号；或记录类型 "
            "visit|service|subsidy|activity|resource（走访|服务|补贴|活动|资源），后跟记录号"
        ),
    ],
    record_id: Annotated[
        str | None, typer.Argument(help="记录号或编号（给出记录类型时），如 12、R000003")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """按时间顺序列出一名儿童、一个家庭或一条记录的每一次变动：何时、何人、哪些字段从什么改为什么，
    以及作废和恢复。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.domain.privacy import mask_key
    from wbz_cli.services.history import history as load

    rows = load(app_context(ctx).store(), target, record_id)
    for row in rows:
        row["changes"] = [_masked(c) for c in row["changes"]]
        if fmt is OutputFormat.csv:
            row["changes"] = _keyed(row)
        elif fmt is OutputFormat.table:
            row["changes"] = _in_words(row)
    render(
        rows,
        COLUMNS,
        fmt.value,
        title=f"{mask_key(target)}{'' if record_id is None else f' {record_id}'} 的变动记录",
    )
