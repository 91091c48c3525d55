"""wbz register / children / show / update / close / reopen."""

from datetime import date
from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import child_file_keyed, child_rows
from wbz_cli.cli.options import (
    FormatOpt,
    OnOpt,
    OutputFormat,
    RevealOpt,
    enum_help,
    parse_enum,
    parse_enums,
    parse_on,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.dates import parse_date
from wbz_cli.domain.enums import Category, CloseReason, DifficultSubtype, Risk
from wbz_cli.domain.errors import InvalidInput

TABLE_COLUMNS = (
    Column("child", "编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("gender", "性别", labels.gender, wrap=False),
    Column("age", "年龄", justify="right", wrap=False),
    Column("id_number", "身份证号", wrap=False),
    Column("categories", "类别", labels.category_short),
    Column("community", "居民区"),
    Column("risk", "风险", labels.risk, wrap=False),
    Column("status", "状态", labels.status, wrap=False),
)
CSV_COLUMNS = (
    *TABLE_COLUMNS[:5],
    Column("categories", "类别", labels.category),
    *TABLE_COLUMNS[6:],
    Column("worker", "儿童主任"),
    Column("guardian", "监护人"),
    Column("guardian_phone", "监护人电话"),
    Column("birth_date", "出生日期"),
    Column("guardian_relation", "与儿童关系"),
    Column("address", "家庭住址"),
    Column("household", "家庭编号"),
    Column("registered_on", "登记日期"),
    Column("closed_on", "退出日期"),
    Column("close_reason", "退出原因"),
)

CategoryOpt = Annotated[
    list[str] | None,
    typer.Option("--category", "-c", help=enum_help(Category, "儿童类别，可多次给出")),
]
RiskOpt = Annotated[str | None, typer.Option("--risk", help=enum_help(Risk, "风险等级"))]


def register(app: typer.Typer) -> None:
    app.command("register")(register_child)
    app.command("children")(list_children)
    app.command("show")(show)
    app.command("update")(update)
    app.command("close")(close)
    app.command("reopen")(reopen)


def register_child(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="儿童姓名")],
    id_number: Annotated[str, typer.Option("--id-number", help="18 位身份证号")],
    category: CategoryOpt = None,
    subtype: Annotated[
        str | None,
        typer.Option("--subtype", help=enum_help(DifficultSubtype, "困境儿童的困境类型")),
    ] = None,
    community: Annotated[str | None, typer.Option("--community", help="所在居民区（村）")] = None,
    guardian: Annotated[str | None, typer.Option("--guardian", help="监护人姓名")] = None,
    relation: Annotated[str | None, typer.Option("--relation", help="监护人与儿童关系")] = None,
    guardian_phone: Annotated[
        str | None, typer.Option("--guardian-phone", help="监护人电话")
    ] = None,
    guardian_situation: Annotated[
        str | None, typer.Option("--guardian-situation", help="监护人状况，如 在家、外出务工、服刑")
    ] = None,
    address: Annotated[str | None, typer.Option("--address", help="家庭住址")] = None,
    income_status: Annotated[
        str | None, typer.Option("--income-status", help="家庭经济状况：低保、低收入、特困、无")
    ] = None,
    household: Annotated[
        str | None, typer.Option("--household", help="加入已有家庭（家庭编号，如 H000012）")
    ] = None,
    risk: RiskOpt = None,
    worker: Annotated[str | None, typer.Option("--worker", help="儿童主任")] = None,
    on: OnOpt = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式")
    ] = OutputFormat.table,
) -> None:
    """登记一名儿童（一人一档），同时建立或加入一个家庭档案（一户一档）。输出新编号。"""
    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.domain.inputs import ChildInput, validate_input
    from wbz_cli.services import children as svc

    actx = app_context(ctx)
    child = validate_input(
        ChildInput,
        {
            "name": name,
            "id_number": id_number,
            "categories": category or [],
            "subtype": subtype,
            "community": community,
            "guardian": guardian,
            "relation": relation,
            "guardian_phone": guardian_phone,
            "guardian_situation": guardian_situation,
            "address": address,
            "income_status": income_status,
            "household": household,
            "risk": risk,
            "worker": worker,
            "on": on or actx.today,
        },
    )
    done = svc.register(actx.store(), child, actx.today)
    if fmt is OutputFormat.json:
        print_json({"child": done.code, "household": done.household})
    else:
        info(done.code)


def list_children(
    ctx: typer.Context,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help=enum_help(Category, "按类别筛选"))
    ] = None,
    community: Annotated[str | None, typer.Option("--community", help="按居民区筛选")] = None,
    worker: Annotated[str | None, typer.Option("--worker", help="按儿童主任筛选")] = None,
    risk: RiskOpt = None,
    status: Annotated[
        str | None, typer.Option("--status", help="active（在册）或 closed（已退出）")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="按某一天的状态查看花名册，默认今天")
    ] = None,
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """列出儿童（花名册）。身份证号和电话默认打码，--reveal 显示完整号码。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.domain.enums import CaseStatus
    from wbz_cli.services import child_file as svc

    actx = app_context(ctx)
    store = actx.store()
    rows = svc.list_children(
        store,
        svc.parse_as_of(as_of, actx.today),
        category=parse_enum(Category, category),
        community=community,
        worker=worker,
        risk=parse_enum(Risk, risk),
        status=parse_enum(CaseStatus, status).value if status else None,  # type: ignore[union-attr]
    )
    if reveal and rows:
        svc.record_reveal(store, "children", [r["code"] for r in rows])
    columns = CSV_COLUMNS if fmt is OutputFormat.csv else TABLE_COLUMNS
    render(child_rows(rows), columns, fmt.value, reveal=reveal, title="儿童花名册")


def show(
    ctx: typer.Context,
    child: Annotated[str, typer.Argument(help="儿童编号或身份证号")],
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """查看一名儿童的完整档案：基本信息、类别、家庭、风险、评估、走访、线索、计划、服务和补贴。"""
    from wbz_cli.services import child_file as svc

    actx = app_context(ctx)
    store = actx.store()
    record = svc.child_file(store, child, actx.today)
    if reveal:
        svc.record_reveal(store, "child", [record["code"]])
    print_child_file(record, fmt, reveal)


def print_child_file(record: dict[str, Any], fmt: OutputFormat, reveal: bool) -> None:
    from wbz_cli.cli.care_file import print_care_sections, risk_source
    from wbz_cli.cli.terminal import masked, print_csv, print_fields, print_json, print_table

    record = child_file_keyed(record)
    if fmt is OutputFormat.json:
        print_json(record, reveal)
        return
    if fmt is OutputFormat.csv:
        print_csv([record], CSV_COLUMNS, reveal)
        return
    r = masked(record, reveal)
    print_fields(
        [
            ("编号", r["child"]),
            ("姓名", r["name"]),
            ("性别", labels.gender(r["gender"])),
            ("出生日期", f"{r['birth_date']}（{r['age']} 岁）"),
            ("身份证号", r["id_number"]),
            ("类别", labels.category(r["categories"])),
            ("居民区", r["community"]),
            ("儿童主任", r["worker"]),
            ("风险等级", labels.risk(r["risk"])),
            ("状态", labels.status(r["status"])),
            ("登记日期", r["registered_on"]),
            *(
                [("退出", f"{r['closed_on']} {labels.close_reason(r['close_reason'])}")]
                if r["closed_on"]
                else []
            ),
            *([("合并自", "、".join(r["merged_from"]))] if r.get("merged_from") else []),
        ],
        title=f"儿童档案 {r['child']}",
    )
    print_table(
        r["category_history"],
        (
            Column("category", "类别", labels.category),
            Column("subtype", "困境类型", labels.subtype),
            Column("start_on", "开始"),
            Column("end_on", "结束"),
        ),
        True,
        title="类别记录",
    )
    print_table(
        r["case_history"],
        (
            Column("opened_on", "立案"),
            Column("closed_on", "退出"),
            Column("close_reason", "退出原因", labels.close_reason),
        ),
        True,
        title="立案记录",
    )
    print_table(
        r["risk_history"],
        (
            Column("code", "编号"),
            Column("effective_on", "日期"),
            Column("risk", "风险等级", labels.risk),
            Column("source", "来源", risk_source),
        ),
        True,
        title="风险变化",
    )
    h = r["household_detail"]
    if h:
        print_household(h)
    print_care_sections(r)


def print_household(h: dict[str, Any]) -> None:
    from wbz_cli.cli.terminal import print_fields, print_table

    print_fields(
        [
            ("家庭编号", h["code"]),
            ("住址", h["address"]),
            ("居民区", h["community"]),
            ("经济状况", labels.income(h["income_status"])),
            ("家庭儿童", "、".join(f"{c['child']} {c['name']}" for c in h["children"])),
        ],
        title="家庭档案",
    )
    if h["guardians"]:
        print_table(
            h["guardians"],
            (
                Column("name", "监护人"),
                Column("relation", "关系"),
                Column("phone", "电话"),
                Column("situation", "状况", labels.situation),
                Column("id_number", "身份证号"),
            ),
            True,
            title="监护人",
        )


def update(
    ctx: typer.Context,
    child: Annotated[str, typer.Argument(help="儿童编号或身份证号")],
    add_category: Annotated[
        list[str] | None, typer.Option("--add-category", help="新增类别（自 --on 起）")
    ] = None,
    end_category: Annotated[
        list[str] | None, typer.Option("--end-category", help="结束类别（于 --on 结束，保留历史）")
    ] = None,
    subtype: Annotated[
        str | None, typer.Option("--subtype", help=enum_help(DifficultSubtype, "困境类型"))
    ] = None,
    risk: RiskOpt = None,
    community: Annotated[str | None, typer.Option("--community", help="所在居民区")] = None,
    worker: Annotated[str | None, typer.Option("--worker", help="儿童主任")] = None,
    name: Annotated[str | None, typer.Option("--name", help="更正姓名")] = None,
    household: Annotated[
        str | None, typer.Option("--household", help="转入另一个家庭（家庭编号）")
    ] = None,
    registered_on: Annotated[
        str | None,
        typer.Option(
            "--registered-on",
            help="更正登记日期（第一次立案日期）；登记当天记下的类别和风险等级随之改动",
        ),
    ] = None,
    case_start: Annotated[
        str | None,
        typer.Option("--case-start", help="更正本次（最近一次）立案日期"),
    ] = None,
    category_start: Annotated[
        list[str] | None,
        typer.Option(
            "--category-start",
            help="更正类别的开始日期，写作 类别=日期，如 orphan=2026-09-01；可重复",
        ),
    ] = None,
    id_number: Annotated[
        str | None,
        typer.Option("--id-number", help="更正身份证号；出生日期和性别随之改变"),
    ] = None,
    on: OnOpt = None,
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """修改儿童档案：类别、风险等级、居民区、儿童主任等；更正登记日期、立案日期、类别开始日期和
    身份证号。更正会使已有记录（如登记前的走访）不再成立时拒绝并列出这些记录。每项修改记入审计日志。
    """
    from wbz_cli.services import children as svc
    from wbz_cli.services.particulars import Corrections

    actx = app_context(ctx)
    fixes = Corrections(
        registered_on=parse_date(registered_on, "登记日期") if registered_on else None,
        case_start=parse_date(case_start, "立案日期") if case_start else None,
        category_starts=tuple(_category_start(v) for v in category_start or ()),
        id_number=id_number,
    )
    record = svc.update_child(
        actx.store(),
        child,
        actx.today,
        on=parse_on(on, actx.today, "生效日期") if on else None,
        name=name,
        community=community,
        worker=worker,
        risk=parse_enum(Risk, risk),
        add_categories=parse_enums(Category, add_category),
        end_categories=parse_enums(Category, end_category),
        subtype=parse_enum(DifficultSubtype, subtype),
        household=household,
        corrections=fixes,
    )
    if reveal:
        from wbz_cli.services.child_file import record_reveal

        record_reveal(actx.store(), "child", [record["code"]])
    print_child_file(record, fmt, reveal)


def _category_start(text: str) -> tuple[Category, date]:
    """``orphan=2026-09-01`` (or ``孤儿=2026-09-01``) of --category-start."""
    key, sep, day = text.replace("＝", "=").partition("=")
    if not sep or not key.strip() or not day.strip():
        raise InvalidInput(
            f"--category-start “{text}” 格式不对：请写作 类别=日期，如 orphan=2026-09-01"
        )
    return Category.parse(key.strip()), parse_date(day.strip(), "类别开始日期")


def close(
    ctx: typer.Context,
    child: Annotated[str, typer.Argument(help="儿童编号或身份证号")],
    reason: Annotated[str, typer.Option("--reason", help=enum_help(CloseReason, "退出原因"))],
    on: OnOpt = None,
) -> None:
    """结案退出（如年满 18 周岁、迁出）。档案和历史保留，可用 wbz reopen 恢复。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import children as svc

    actx = app_context(ctx)
    reason_key = CloseReason.parse(reason)
    record = svc.close_child(
        actx.store(),
        child,
        reason_key,
        parse_on(on, actx.today, "退出日期") if on else None,
        actx.today,
    )
    info(f"{record['code']} 已于 {record['closed_on']} 退出（{reason_key.label}）")


def reopen(
    ctx: typer.Context,
    child: Annotated[str, typer.Argument(help="儿童编号或身份证号")],
    on: OnOpt = None,
) -> None:
    """恢复已退出的个案（重新立案），原有档案和历史保留。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import children as svc

    actx = app_context(ctx)
    record = svc.reopen_child(
        actx.store(), child, parse_on(on, actx.today, "恢复日期") if on else None, actx.today
    )
    info(f"{record['code']} 已恢复在册（{record['case_history'][-1]['opened_on']} 起）")
