"""The child list's columns and the options ``register``, ``children`` and ``update`` share."""

from typing import Annotated

import typer

from wbz_cli.cli.options import enum_help
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.enums import Category, Risk

TABLE_COLUMNS = (
    Column("child", "编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("gender", "性别", labels.gender, wrap=False, drop=2),  # narrow: before 居民区
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
