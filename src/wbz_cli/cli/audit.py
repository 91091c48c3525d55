"""wbz audit."""

import json
import re
from typing import Annotated, Any

import typer

from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import FormatOpt, OutputFormat, RevealOpt
from wbz_cli.cli.terminal import Column


def _action(value: Any) -> str:
    from wbz_cli.services.audit import ACTION_LABELS

    return ACTION_LABELS.get(str(value), str(value))


def _changes(row: Any) -> str:
    """The fields and values of an audit row in words, from the one label table:
    ``所在居民区: 红星村 → 东风村；来源: 空 → 导入`` (as ``history`` writes them; a table
    folds the text at its spaces, so that a date or code stays whole)."""
    from wbz_cli.domain.labels import change_field, change_value

    kind, before, after = row.get("record_type"), row.get("before"), row.get("after")

    def value(key: str, v: Any) -> str:
        return _short(change_value(kind, key, v))

    if isinstance(before, dict) and isinstance(after, dict):
        return "；".join(
            f"{change_field(kind, k)}: {value(k, before.get(k))} → {value(k, v)}"
            for k, v in after.items()
        )
    found = after if after is not None else before
    if isinstance(found, dict):
        return "；".join(
            f"{change_field(kind, k)}: {value(k, v)}"
            for k, v in found.items()
            if v not in (None, "")
        )
    return _short(found)


def _short(value: Any, width: int = 40) -> str:
    if value is None or value == "" or value == []:
        return "空"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return _clip(text, width)


#: A run that must be shown whole or not at all: a date, a time, a code, a masked number.
_WORD_END = re.compile(r"[0-9A-Za-z*+:.\-]+$")


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with …, never inside a date, code or number: at
    the last change (；) if that keeps half of it, else before the number that would be cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    change = cut.rfind("；")
    if change >= width // 2:
        return cut[:change] + "；…"
    if _WORD_END.match(text[width - 1]):
        word = _WORD_END.search(cut)
        if word is not None and word.start() > 0:
            cut = cut[: word.start()]
    return cut + "…"


TABLE_COLUMNS = (
    Column("id", "序号", justify="right", wrap=False),
    Column("at", "时间", wrap=False),
    Column("operator", "操作人"),
    Column("action", "动作", _action, wrap=False),
    Column("record", "记录", drop=0),  # folds at its slashes: C000002/disability_living/…
    Column("changes", "内容", drop=0),
)
CSV_COLUMNS = (
    Column("id", "序号"),
    Column("at", "时间"),
    Column("operator", "操作人"),
    Column("action", "动作"),
    Column("record_type", "对象"),
    Column("record_key", "编号"),
    Column("before", "修改前"),
    Column("after", "修改后"),
)


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


@with_out
def audit(
    ctx: typer.Context,
    record: Annotated[
        str | None,
        typer.Option("--record", help="只看某条记录：儿童编号、身份证号、姓名或家庭编号"),
    ] = None,
    operator: Annotated[str | None, typer.Option("--operator", help="只看某位操作人")] = None,
    action: Annotated[
        list[str] | None,
        typer.Option("--action", help="只看某种动作，如 register、update、reveal、export"),
    ] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="起始日期 YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="截止日期 YYYY-MM-DD（含）")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=1_000_000, help="最多显示最近多少条")
    ] = 200,
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """查看审计日志：谁在何时登记、修改、查看完整号码、导出、备份了什么。"""
    from wbz_cli.cli.district_context import station_or_district_store
    from wbz_cli.cli.terminal import masked, render
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.audit import list_audit, record_disclosure

    store = station_or_district_store(ctx)  # a district's log too (--db district.db)
    rows = list_audit(
        store,
        record=record,
        operator=operator,
        actions=action or (),
        date_from=parse_date(date_from, "起始日期") if date_from else None,
        date_to=parse_date(date_to, "截止日期") if date_to else None,
        limit=limit,
    )
    if reveal and rows:
        record_disclosure(store, "reveal", "audit", [str(r["id"]) for r in rows])
    if fmt is OutputFormat.json:
        render(rows, CSV_COLUMNS, fmt.value, reveal=reveal)
    elif fmt is OutputFormat.csv:
        shown = [masked(r, reveal) for r in rows]
        render([{**r, **_as_text(r)} for r in shown], CSV_COLUMNS, fmt.value, reveal=True)
    else:
        shown = [masked(r, reveal) for r in rows]
        table = [
            {
                **r,
                "at": r["at"][:16].replace("T", " "),
                "record": r["record_key"] or r["record_type"],
                "changes": _short(_changes(r), 80),
            }
            for r in shown
        ]
        render(table, TABLE_COLUMNS, "table", reveal=True, title="审计日志")


def _as_text(row: dict[str, Any]) -> dict[str, str | None]:
    return {
        k: None if row[k] is None else json.dumps(row[k], ensure_ascii=False, sort_keys=True)
        for k in ("before", "after")
    }
