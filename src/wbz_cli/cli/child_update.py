"""wbz update: change or correct a child's file."""

from datetime import date
from typing import Annotated

import typer

from wbz_cli.cli.child_columns import RiskOpt
from wbz_cli.cli.child_show import print_child_file
from wbz_cli.cli.context import app_context
from wbz_cli.cli.options import (
    ChildArg,
    FormatOpt,
    OnOpt,
    OutputFormat,
    RevealOpt,
    enum_help,
    parse_enum,
    parse_enums,
    parse_on,
)
from wbz_cli.domain.dates import parse_date
from wbz_cli.domain.enums import Category, DifficultSubtype, Risk
from wbz_cli.domain.errors import InvalidInput


def update(
    ctx: typer.Context,
    child: ChildArg,
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

        record_reveal(actx.store(), "child", [record.code])
    print_child_file(record, fmt, reveal)


def _category_start(text: str) -> tuple[Category, date]:
    """``orphan=2026-09-01`` (or ``孤儿=2026-09-01``) of --category-start."""
    key, sep, day = text.replace("＝", "=").partition("=")
    if not sep or not key.strip() or not day.strip():
        raise InvalidInput(
            f"--category-start “{text}” 格式不对：请写作 类别=日期，如 orphan=2026-09-01"
        )
    return Category.parse(key.strip()), parse_date(day.strip(), "类别开始日期")
