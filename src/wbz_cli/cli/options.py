"""Options shared by many commands, and parsing of enum values given as key or Chinese label."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from wbz_cli.domain.dates import parse_date
from wbz_cli.domain.enums import LabeledEnum

E = TypeVar("E", bound=LabeledEnum)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="输出格式：table（表格）、json 或 csv")
]
RevealOpt = Annotated[
    bool, typer.Option("--reveal", help="显示完整身份证号和电话（会记入审计日志）")
]
OnOpt = Annotated[str | None, typer.Option("--on", help="日期 YYYY-MM-DD，默认今天（WBZ_TODAY）")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度条")]
#: Every command that writes a file: replace an existing file without asking (for scripts).
ForceOpt = Annotated[
    bool, typer.Option("--force", help="输出文件已存在时直接替换，不再询问（用于脚本）")
]
#: The day whose rules ``policy show`` commands list.
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="查看某一天有效的规则，默认今天")]


class SummaryFormat(str, Enum):
    """An import's summary: a table on screen, or the report of every import (file, sheet,
    counts, changes, refused rows ...) as JSON; ``report``, its name before stop 31, is kept
    for the scripts that use it (and left out of the help)."""

    table = "table"
    json = "json"
    report = "report"


# Options every spreadsheet import shares (import roster, visit import, subsidy import, match).
SummaryFormatOpt = Annotated[
    SummaryFormat,
    typer.Option(
        "--format",
        "-f",
        metavar="[table|json]",
        help="输出格式：table（表格）或 json（完整报告：文件、工作表、表头行、计数、变化、"
        "被拒绝的行、未识别的列、提示）",
    ),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="只检查并报告结果，不写入数据库")]
#: ``import roster``: a row naming a child on file by another name renames the child.
AcceptRenamesOpt = Annotated[
    bool,
    typer.Option(
        "--accept-renames",
        help="身份证号已登记而姓名不同的行照常更新（改名）；默认拒绝这样的行，以防身份证号填错",
    ),
]
ErrorsOpt = Annotated[
    Path | None,
    typer.Option("--errors", help="把被拒绝的行（原行号、原因、原内容）写入 .xlsx 或 .csv 文件"),
]
#: The files an import reads, for its FILE argument's help.
SHEET_FILES = ".xlsx、.xls、.ods，或 .csv、.tsv、.txt（逗号或制表符分隔）"
EncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", help="CSV/文本文件的编码，默认自动识别（UTF-8、UTF-16 或 GB18030）"),
]
SheetOpt = Annotated[
    str | None,
    typer.Option("--sheet", help="工作表名称，默认第一张有所需表头的工作表"),
]
MappingOpt = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        help='补充列名对照的 JSON 文件，如 {"community": ["所属村居"]}'
        "（各导入的字段见 wbz_cli/data/ 下的 roster、visit、subsidy、match_headers.json）",
    ),
]


def enum_help(cls: type[LabeledEnum], text: str) -> str:
    return f"{text}：" + "、".join(f"{m.value}（{m.label}）" for m in cls)


def parse_enum(cls: type[E], value: str | None) -> E | None:
    return None if value is None else cls.parse(value)


def parse_enums(cls: type[E], values: Iterable[str] | None) -> tuple[E, ...]:
    parsed: list[E] = []
    for v in values or ():
        item = cls.parse(v)
        if item not in parsed:
            parsed.append(item)
    return tuple(parsed)


def parse_on(value: str | None, today: date, field: str = "日期") -> date:
    return parse_date(value, field) if value else today


#: A child named by its code, ID number or unique name (every CHILD argument).
CHILD_HELP = "儿童编号、身份证号或姓名"
ChildArg = Annotated[str, typer.Argument(help=CHILD_HELP)]
#: The pairing (结对) a visit or service was part of (``wbz visit add``, ``wbz service add``).
PairOpt = Annotated[str | None, typer.Option("--pair", help="所属结对的记录号（wbz pair list）")]
PairEditOpt = Annotated[
    str | None, typer.Option("--pair", help="改为此结对的记录号；写 - 表示不属于任何结对")
]
