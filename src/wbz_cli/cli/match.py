"""wbz match: policy finds people (政策找人), other departments' lists against the register."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.options import (
    SHEET_FILES,
    EncodingOpt,
    ErrorsOpt,
    ForceOpt,
    MappingOpt,
    OnOpt,
    QuietOpt,
    RevealOpt,
    SheetOpt,
    enum_help,
    parse_on,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.match_report import ListKind

SHOWN = 50
ACTIONS = {
    "add": "新增类别",
    "end": "结束类别",
    "review": "核实",
    "follow_up": "跟进",
    "situation": "监护人状况",
}
CANDIDATE_COLUMNS = (
    Column("row", "行号", justify="right", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("id_number", "身份证号", wrap=False),
    Column("gender", "性别", labels.gender, wrap=False),
    Column("age", "年龄", justify="right", wrap=False),
    Column("category", "可能类别", labels.category),
    Column("reason", "原因"),
)
CHANGE_COLUMNS = (
    Column("no", "序号", justify="right", wrap=False),
    Column("row", "行号", justify="right", wrap=False),
    Column("code", "编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("action", "建议", lambda v: ACTIONS.get(v, v or ""), wrap=False),
    Column("category", "类别", labels.category),
    Column("reason", "原因"),
)
GUARDIAN_COLUMNS = (
    Column("row", "行号", justify="right", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("id_number", "身份证号", wrap=False),
    Column("household", "家庭", wrap=False),
    Column("relation", "关系", wrap=False),
    Column("children", "在册儿童"),
    Column("situation", "现状况", labels.situation),
    Column("proposed_situation", "建议状况", labels.situation),
    Column("note", "说明"),
)
UNMATCHED_COLUMNS = (
    Column("row", "行号", justify="right", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("id_number", "身份证号", wrap=False),
    Column("reason", "无法匹配的原因"),
)
SUMMARY = (
    ("rows", "名单行数"),
    ("repeated", "重复行"),
    ("children_in_list", "其中未成年人"),
    ("adults_in_list", "其中成年人"),
    ("registered", "已登记的儿童"),
    ("confirmed", "类别已相符"),
    ("candidates", "未登记的儿童（建议走访）"),
    ("changes", "在册儿童的变化建议"),
    ("guardians", "在册儿童的监护人"),
    ("adults_unlinked", "与在册儿童无关的成年人"),
    ("unmatched", "无法匹配的行"),
)


class MatchFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"
    report = "report"  # every import's report alone (before stop 31; not in the help)


def register(app: typer.Typer) -> None:
    app.command("match")(match_list)


def match_list(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=f"其他部门的名单：{SHEET_FILES}")],
    kind: Annotated[str, typer.Option("--kind", "-k", help=enum_help(ListKind, "名单类型"))],
    sheet: SheetOpt = None,
    encoding: EncodingOpt = None,
    mapping: MappingOpt = None,
    complete: Annotated[
        bool,
        typer.Option(
            "--complete",
            help="名单是全量名单（如全街道的低保户）：在册儿童及其监护人都不在名单中时，"
            "建议结束相应类别（适用于 lowincome、extreme_poverty、disability）",
        ),
    ] = False,
    fmt: Annotated[
        MatchFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="[table|json|xlsx]",
            help="输出格式：table、json（与各导入相同的报告：文件、工作表、计数、变化建议、"
            "无法匹配的行 ...，另有未登记的儿童、监护人等各部分）或 xlsx",
        ),
    ] = MatchFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出文件（--format xlsx 时必需）")
    ] = None,
    apply: Annotated[
        bool, typer.Option("--apply", help="逐条确认后记录建议的类别和监护人状况变化")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="与 --apply 同用：全部确认")] = False,
    errors: ErrorsOpt = None,
    on: OnOpt = None,
    reveal: RevealOpt = False,
    quiet: QuietOpt = False,
    force: ForceOpt = False,
) -> None:
    """政策找人：把低保、特困、残疾证、在押人员、辍学等名单与儿童档案比对。

    \b
    报告三部分：一、名单中未登记的儿童（建议走访，附可能符合的类别和原因）；
    二、在册儿童的变化建议（新增或结束类别等，不加 --apply 时不做任何修改）；
    三、名单中在册儿童的监护人（按监护人身份证号关联）。
    身份证号有误的行列为“无法匹配”并说明原因（--errors 把这些行按原样写入文件）。
    年龄按 --on 日期从身份证号计算，成年人本身不作为走访对象。
    --apply 对每条可以记录的建议逐条确认（--yes 全部确认），
    在一个事务中写入，生效日期为 --on，每项修改记入审计日志。
    """
    from wbz_cli.cli.import_report import claim_errors, warn_left_out, write_errors
    from wbz_cli.cli.terminal import print_json, progress_bar
    from wbz_cli.domain.errors import InvalidInput
    from wbz_cli.services import matching as svc
    from wbz_cli.services.gc_pause import collector_paused
    from wbz_cli.services.imports import SheetSource

    actx = app_context(ctx)
    list_kind = ListKind.parse(kind)
    day = parse_on(on, actx.today, "核对日期")
    if fmt is MatchFormat.xlsx and out is None:
        raise InvalidInput("--format xlsx 需要用 --out 指定输出文件，如 --out 比对结果.xlsx")
    if out is not None and fmt is not MatchFormat.xlsx:
        raise InvalidInput("--out 只用于 --format xlsx；表格和 JSON 输出到屏幕")
    if yes and not apply:
        raise InvalidInput("--yes 只能与 --apply 一起使用")
    target = None
    if out is not None:
        target = actx.output(out, ("xlsx",), force=force, inputs=(file, mapping))
    errors_out = claim_errors(actx, errors, force, (file, mapping, out))
    store = actx.store()
    source = SheetSource(file, sheet, encoding, mapping)
    with collector_paused():
        table = svc.open_list(source)
        with progress_bar(quiet, "比对名单", table.size) as advance:
            report, result = svc.run_match(
                store, table, list_kind, day, source=source, complete=complete, progress=advance
            )
        write_errors(store, errors_out, result, "match")
        data = report_data(report, result.changes)
        if fmt is MatchFormat.report:  # the keys of every import's report alone
            print_json(result.report(), reveal)
        elif fmt is MatchFormat.json:
            print_report_json({**result.report(), **data}, reveal)
        elif fmt is MatchFormat.xlsx:
            assert target is not None
            from wbz_cli.services.match_export import write_report

            write_report(store, target, data, reveal, file.name)
            _say(fmt, f"比对结果已写入 {out}{'' if reveal else '（身份证号已打码）'}")
        else:
            print_report(data, file, reveal)
            warn_left_out(result)
        if reveal and fmt is not MatchFormat.xlsx:
            from wbz_cli.services.child_file import record_reveal

            record_reveal(store, "match", [file.name])
        if apply:
            _apply(store, report, day, actx.today, str(file), yes, fmt)
        # Freed while the collector is paused: back on, its first run would walk the report's
        # objects once more just before they go (40 ms for a 50,000-row list).
        del table, report, result, data


def report_data(report: Any, changes: list[dict[str, Any]]) -> dict[str, Any]:
    """The match's own sections, as ``--format xlsx`` writes them and ``--format json`` prints
    them after the keys of every import's report; ``changes``: its proposals as rows."""
    return {
        "summary": report.summary(),
        "candidates": report.candidates,
        "changes": changes,
        "guardians": report.guardians,
        "unmatched": report.unmatched,
        "confirmed": report.confirmed,
    }


def print_report_json(data: dict[str, Any], reveal: bool) -> None:
    """The report as JSON with one record per line: lists of 50,000 rows print in a blink
    (the C encoder, called record after record by ``map`` without a Python call between),
    and stay readable and easy to diff. Written part by part: one string of the whole
    report (14 MB for 50,000 rows) took longer to put together than to encode."""
    from itertools import repeat

    from wbz_cli.cli.terminal import masked, masked_rows
    from wbz_cli.domain.printable import json_escaped

    encode = _one_line_encoder()

    def write(part: str) -> None:
        sys.stdout.write(json_escaped(part))

    write("{")
    for n, (key, value) in enumerate(data.items()):
        write(f'{"," if n else ""}\n  "{key}": ')
        if isinstance(value, list) and value:
            rows = masked_rows(value, reveal)
            if encode is None or not all(type(r) is dict for r in rows):
                lines: Any = map(_plain_encoder(), rows)
            else:
                lines = map("".join, map(encode, rows, repeat(0)))
            write("[\n    ")
            write(",\n    ".join(lines))
            write("\n  ]")
        else:
            write(_plain_encoder()(masked(value, reveal)))
    write("\n}\n")


def _plain_encoder() -> Any:
    """``json.dumps(value, ensure_ascii=False, default=str)``."""
    import json

    return json.JSONEncoder(ensure_ascii=False, default=str).encode


def _one_line_encoder() -> Any:
    """The C encoder behind ``_plain_encoder`` for dicts, made once: ``"".join(f(d, 0))`` is
    ``json.dumps(d, ensure_ascii=False, default=str)``, without making a new encoder for each
    of 50,000 records (which took longer than the encoding). None without the C encoder."""
    from json import encoder

    c_make_encoder: Any = getattr(encoder, "c_make_encoder", None)  # None without C
    try:
        return c_make_encoder(
            None, str, encoder.encode_basestring, None, ": ", ", ", False, False, True
        )
    except TypeError:  # no C accelerator, or another signature: the plain way
        return None


def print_report(data: dict[str, Any], file: Path, reveal: bool) -> None:
    from wbz_cli.cli.terminal import info, print_fields, print_table

    s = data["summary"]
    kind = ListKind.parse(s["kind"])
    whole = "（全量名单）" if s["complete"] else ""
    print_fields(
        [
            ("名单类型", f"{kind.label}{whole}"),
            ("核对日期", s["on"]),
            *[(label, s[key]) for key, label in SUMMARY],
        ],
        title=f"名单比对：{file.name}",
    )
    sections = (
        ("candidates", CANDIDATE_COLUMNS, "一、名单中未登记的儿童（建议走访）"),
        ("changes", CHANGE_COLUMNS, "二、在册儿童的变化建议（未执行，--apply 逐条确认后记录）"),
        ("guardians", GUARDIAN_COLUMNS, "三、名单中在册儿童的监护人"),
        ("unmatched", UNMATCHED_COLUMNS, "无法匹配的行"),
    )
    for key, columns, title in sections:
        rows = data[key]
        if not rows:
            continue
        more = len(rows) - SHOWN
        print_table(
            rows[:SHOWN],
            columns,
            reveal,
            title=title,
            caption=f"共 {len(rows)} 条，另有 {more} 条未显示（用 --format xlsx --out 导出全部）"
            if more > 0
            else f"共 {len(rows)} 条",
        )
    if not any(data[k] for k, _, _ in sections):
        info("名单与儿童档案一致，没有需要处理的记录")


def _say(fmt: MatchFormat, message: str) -> None:
    from wbz_cli.domain.printable import printable

    stream = sys.stdout if fmt is MatchFormat.table else sys.stderr
    stream.write(printable(message) + "\n")


def _apply(store: Any, report: Any, day: Any, today: Any, source: str, yes: bool, fmt: Any) -> None:
    from wbz_cli.services import matching as svc

    todo = [p for p in report.changes if p.applicable]
    if not todo and not report.candidates:
        _say(fmt, "没有可以记录的建议")
        return
    questions = []
    for p in todo:
        what = ACTIONS[p.action]
        target = labels.category(p.category) if p.category else labels.situation(p.situation)
        questions.append((p, f"[{p.no}] {p.code} {p.name}：{what}“{target}”（{p.reason}）？"))
    chosen = _confirmed(questions, yes, fmt)
    listed = _confirmed(_screening_questions(store, report, day), yes, fmt)
    if not chosen and not listed:
        _say(fmt, "没有确认任何建议，未做修改")
        return
    done = svc.apply(store, report, chosen, day, today, source, listed)
    if chosen:
        _say(
            fmt, f"已记录 {done.changes} 项修改（生效日期 {day.isoformat()}），可用 wbz audit 查看"
        )
    if listed:
        again = len(listed) - done.screenings
        kept = f"；{again} 人已有待跟进的摸排，未重复登记" if again else ""
        _say(fmt, f"已记录摸排 {done.screenings} 人（名单中未登记的儿童，待跟进）{kept}")


def _screening_questions(store: Any, report: Any, day: Any) -> list[tuple[Any, str]]:
    """The list's children not registered, each asked whether to record a screening."""
    from datetime import timedelta

    from wbz_cli.domain.privacy import mask_id
    from wbz_cli.services.screenings import follow_up_days

    by = (day + timedelta(days=follow_up_days(store))).isoformat()
    return [
        (c, f"[摸排] 第 {c['row']} 行 {c['name']}（{mask_id(c['id_number'])}）未登记："
            f"记为待跟进的摸排（跟进期限 {by}）？")
        for c in report.candidates
    ]  # fmt: skip


def _confirmed(questions: list[tuple[Any, str]], yes: bool, fmt: Any) -> list[Any]:
    """The items of ``questions`` confirmed one by one (all with ``--yes``)."""
    from wbz_cli.domain.printable import printable

    if yes:
        return [item for item, _ in questions]
    chosen = []
    for item, question in questions:
        try:
            if typer.confirm(printable(question), default=False, err=True):
                chosen.append(item)
        except typer.Abort:
            _say(fmt, "已取消，没有写入任何修改")
            raise typer.Exit(1) from None
    return chosen
