"""wbz assess risk / guardianship / sheet / list / edit / void / unvoid: risk and guardianship
assessments, and putting them right (改错)."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.corrections import AllOpt, list_columns, run_edit
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import ChildArg, FormatOpt, OnOpt, OutputFormat, enum_help, parse_on
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.care import GuardianshipResult

if TYPE_CHECKING:
    from wbz_cli.domain.risk_sheet import Sheet

assess_app = typer.Typer(help="评估：风险评估（分级分色）和监护能力评估。", no_args_is_help=True)

SheetOpt = Annotated[
    Path | None,
    typer.Option("--sheet", help="使用本县（区）自己的评估表 JSON，默认使用内置评估表"),
]
RESULT_CSV = (
    Column("child", "儿童编号"),
    Column("assessed_on", "评估日期"),
    Column("score", "得分"),
    Column("result", "结果"),
    Column("emergency", "紧急情形"),
    Column("risk", "当前风险"),
)
AREA_NAMES = {
    "guardianship": "监护",
    "health": "健康",
    "behaviour": "行为",
    "safety": "安全",
    "family_economy": "家庭经济",
}


def register(app: typer.Typer) -> None:
    app.add_typer(assess_app, name="assess")


@assess_app.command("risk")
def risk(
    ctx: typer.Context,
    child: ChildArg,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help='答案文件 JSON：{"评估项": 分数, ...}'),
    ] = None,
    item: Annotated[
        list[str] | None,
        typer.Option("--item", help="评估项=分数，可多次给出；紧急情形写 =1（是）"),
    ] = None,
    sheet: SheetOpt = None,
    on: OnOpt = None,
    notes: Annotated[str | None, typer.Option("--notes", help="评估说明")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """风险评估：按评估表评分，得出红橙黄绿，结果即为儿童当前的风险等级。

    五个方面：监护、健康、行为、安全、家庭经济；评估项及其键见 wbz assess sheet。

    任何一项紧急情形（正在遭受暴力、被拐卖、离家出走、生命危险）直接评为红色。

    未给出答案且在终端中运行时逐项询问；未填写的项按 0 分计。"""
    from wbz_cli.cli.terminal import print_json
    from wbz_cli.services import risk_scoring as svc

    actx = app_context(ctx)
    used = svc.read_sheet(sheet)
    given: dict[str, Any] = svc.read_answers(answers) if answers else {}
    given.update(svc.parse_items(item or []))
    if not given and interactive():
        given = prompt_answers(used)
    record = svc.assess_risk(
        actx.store(),
        child,
        actx.today,
        given,
        sheet=used,
        on=parse_on(on, actx.today, "评估日期"),
        notes=notes,
    )
    if fmt is OutputFormat.json:
        print_json(record)
    elif fmt is OutputFormat.csv:
        from wbz_cli.cli.terminal import print_csv

        print_csv([record], RESULT_CSV, True)
    else:
        print_result(record, dict(used.emergency))


def interactive() -> bool:
    return sys.stdin.isatty()


def prompt_answers(sheet: "Sheet") -> dict[str, Any]:
    scale = "，".join(f"{k} {v}" for k, v in sheet.scale.items())
    typer.echo(f"{sheet.title}：逐项打分（{scale}），直接回车为 0")
    out: dict[str, Any] = {}
    for item in sheet.items:
        out[item.key] = typer.prompt(f"[{AREA_NAMES.get(item.area, item.area)}] {item.label}", 0)
    for key, label in sheet.emergency:
        out[key] = typer.confirm(f"[紧急] {label}？", default=False)
    return out


def print_result(record: dict[str, Any], emergencies: dict[str, str] | None = None) -> None:
    """The assessment on screen; ``emergencies`` (key -> the sheet's Chinese label) names the
    emergency situations found."""
    from wbz_cli.cli.terminal import info

    areas = "，".join(f"{AREA_NAMES.get(k, k)} {v}" for k, v in record["by_area"].items())
    info(
        f"{record['child']} {record['name']} {record['assessed_on']} 风险评估："
        f"{labels.risk(record['result'])}（{record['score']}/{record['max_score']} 分：{areas}）"
    )
    if record["emergency"]:
        shown = "、".join((emergencies or {}).get(k, k) for k in record["emergency"])
        info(f"紧急情形：{shown}，直接评为红色")
    if record["risk"] != record["result"]:
        info(f"当前风险等级仍为 {labels.risk(record['risk'])}（有更晚的风险记录）")
    if record["unanswered"]:
        info(f"{len(record['unanswered'])} 项未填写，按 0 分计")


@assess_app.command("sheet")
@with_out
def show_sheet(sheet: SheetOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """显示风险评估表：评估项的键、说明、最高分，紧急情形和分数档。"""
    from wbz_cli.cli.terminal import info, print_json, render
    from wbz_cli.services.risk_scoring import read_sheet

    used = read_sheet(sheet)
    rows = [
        {"area": AREA_NAMES.get(i.area, i.area), "key": i.key, "label": i.label, "max": i.max}
        for i in used.items
    ] + [
        {"area": "紧急情形", "key": k, "label": label, "max": "是/否"}
        for k, label in used.emergency
    ]
    if fmt is OutputFormat.json:
        print_json({"sheet": used.title, "items": rows, "bands": dict(used.bands)})
        return
    render(
        rows,
        (
            Column("area", "方面"),
            Column("key", "评估项（--item 的键）", wrap=False),
            Column("label", "说明"),
            Column("max", "最高分", justify="right"),
        ),
        fmt.value,
        title=used.title,
    )
    if fmt is OutputFormat.table:
        bands = "；".join(f"{labels.risk(r)} ≥{low}" for low, r in used.bands)
        info(f"分数档：{bands}；任一紧急情形为“是”直接评为红色")


@assess_app.command("guardianship")
def guardianship(
    ctx: typer.Context,
    child: ChildArg,
    result: Annotated[
        str, typer.Option("--result", help=enum_help(GuardianshipResult, "评估结果"))
    ],
    notes: Annotated[str | None, typer.Option("--notes", help="评估说明")] = None,
    on: OnOpt = None,
) -> None:
    """监护能力评估：监护缺失、监护失当、监护不足或监护正常。每两年至少复评一次。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.assessments import assess_guardianship

    actx = app_context(ctx)
    record = assess_guardianship(
        actx.store(),
        child,
        actx.today,
        GuardianshipResult.parse(result),
        on=parse_on(on, actx.today, "评估日期"),
        notes=notes,
    )
    info(
        f"{record['child']} {record['name']} {record['assessed_on']} 监护评估："
        f"{labels.guardianship_result(record['result'])}，下次复评 {record['next_due']} 前"
    )


LIST_COLUMNS = (
    Column("code", "评估编号", wrap=False),
    Column("kind", "类别", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("assessed_on", "评估日期", wrap=False),
    Column("result", "结果", labels.assessment_result),
    Column("score", "得分", justify="right"),
    Column("assessor", "评估人"),
    Column("notes", "说明"),
)
NumberArg = Annotated[
    str,
    typer.Argument(help="编号：风险评估 A 开头（如 A000012），监护评估 G 开头，风险记录 F 开头"),
]


@assess_app.command("list")
@with_out
def list_cmd(
    ctx: typer.Context,
    child: Annotated[
        str | None, typer.Argument(help="儿童编号、身份证号或姓名，不给出则列出全部")
    ] = None,
    include_voided: AllOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """列出风险评估（A 开头）、监护评估（G 开头）和风险记录（F 开头：登记、名册导入或
    wbz update --risk 写下的风险等级）及其编号（改错时用）。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.assessments import list_assessments

    rows = list_assessments(app_context(ctx).store(), child, include_voided=include_voided)
    render(rows, list_columns(LIST_COLUMNS, include_voided), fmt.value, title="评估记录")


@assess_app.command("edit")
def edit(
    ctx: typer.Context,
    number: NumberArg,
    on: Annotated[str | None, typer.Option("--on", help="评估日期 YYYY-MM-DD")] = None,
    result: Annotated[
        str | None,
        typer.Option("--result", help=enum_help(GuardianshipResult, "监护评估的结果")),
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="评估说明（空字符串清除）")] = None,
    risk: Annotated[
        str | None, typer.Option("--risk", help="风险记录（F 开头）的风险等级：红/橙/黄/绿")
    ] = None,
) -> None:
    """修改一条评估的日期、说明（监护评估还可改结果），或一条风险记录的等级和生效日期，
    检查与录入时相同。

    风险评估的得分和结果由答案算出，不能直接修改：答错了请作废（wbz assess void）后重新评估。
    改风险评估的日期，它写下的风险记录随之改日期，当前风险等级随之更新。

    风险记录（F 开头）是登记、名册导入或 wbz update --risk 写下的风险等级；评估写下的那条
    随评估一起改正或作废。"""
    from wbz_cli.services.assessments import assessment_kind

    changes = {"on": on, "result": result, "notes": notes, "risk": risk}
    run_edit(ctx, assessment_kind(number), number, changes, False)


@assess_app.command("void")
def void(
    ctx: typer.Context,
    number: NumberArg,
    reason: Annotated[str, typer.Option("--reason", help="作废原因，如 评错了儿童")],
) -> None:
    """作废一条评估（必须写明原因）：记录保留，不再计入列表和统计。

    作废风险评估时，它写下的风险记录一并作废，当前风险等级退回到此前按日期最近的一条
    （没有则为未评估），报表的风险分级和走访周期随之改变。可用 wbz assess unvoid 恢复。

    也可作废一条风险记录（F 开头，如 wbz update --risk 填错的等级）：当前风险等级同样
    退回到此前按日期最近的一条。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.assessments import assessment_kind
    from wbz_cli.services.corrections import KINDS, void_record

    kind = assessment_kind(number)
    done = void_record(app_context(ctx).store(), kind, number, reason)
    label = KINDS[kind].label
    info(f"已作废{label} {done['code']}（{done['void_reason']}）；可用 wbz assess unvoid 恢复")


@assess_app.command("unvoid")
def unvoid(ctx: typer.Context, number: NumberArg) -> None:
    """恢复一条已作废的评估或风险记录（风险评估写下的风险记录一并恢复）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.assessments import assessment_kind
    from wbz_cli.services.corrections import KINDS, unvoid_record

    actx = app_context(ctx)
    kind = assessment_kind(number)
    done = unvoid_record(actx.store(), kind, number, actx.today)
    info(f"已恢复{KINDS[kind].label} {done['code']}")
