"""wbz district: the district's file (区县汇总数据库) that the stations' monthly submissions
(报送包) are loaded into: init, import, duplicates, stations."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.district_context import choose_district_file, district_store
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import ForceOpt, FormatOpt, OutputFormat, QuietOpt
from wbz_cli.cli.terminal import Column

district_app = typer.Typer(
    help="区县汇总：建立区县数据库和密钥、导入各未保站的月度报送包、查找跨站重复的儿童。\n\n"
    "区县命令使用命令行中给出的 --db（写在 district 之前：wbz --db 莱阳市.db district …），"
    "未给出时使用当前文件夹下的 district.db；环境变量 WBZ_DB 指未保站的数据库，区县命令不用它。"
    "说明见 docs/district.md",
    short_help="区县汇总：建立区县数据库、导入各站报送包、查找跨站重复的儿童",
    no_args_is_help=True,
    callback=choose_district_file,
)


def register(app: typer.Typer) -> None:
    app.add_typer(district_app, name="district")
    from wbz_cli.cli.district_report import report_app

    district_app.add_typer(report_app, name="report")
    district_app.command("init")(init)
    district_app.command("import")(import_files)
    district_app.command("duplicates")(duplicates)
    district_app.command("stations")(stations)


def init(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="区县名称，如 莱阳市")],
    key_out: Annotated[
        Path, typer.Option("--key-out", help="区县密钥文件（.key 或 .txt），发给本区县的每个未保站")
    ],
    force: ForceOpt = False,
) -> None:
    """建立区县数据库（默认 district.db）和区县密钥，密钥写入 --key-out 文件。

    \b
    已有的区县数据库或未保站数据库不会被改动。密钥同时保存在区县数据库中；
    把密钥文件交给本区县的每个未保站，由未保站运行 wbz init --district-key 密钥文件，
    之后未保站的报送包才含儿童名单（身份证号的加密散列，不含姓名和身份证号）。
    """
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.district_init import init_district, refuse_existing

    actx = app_context(ctx)
    refuse_existing(actx.db_path)  # before the key file is claimed
    target = actx.output(key_out, ("districtkey",), force=force)
    made = init_district(actx.db_path, actx.operator, name, target)
    info(f"已建立区县数据库 {made.db_path}（{made.name}，密钥编号 {made.key_id}）")
    info(f"区县密钥已写入 {made.key_path}：请妥善保管，只交给本区县的未保站")
    info(
        f"下一步：把 {made.key_path.name} 发给每个未保站，由未保站运行 "
        f"wbz init --district-key {made.key_path.name}；收到报送包后运行 "
        "wbz district import 报送包或文件夹"
    )


class ImportFormat(str, Enum):
    table = "table"
    json = "json"


def import_files(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="报送包文件（.wbzpkg），或文件夹（导入其中全部 .wbzpkg 文件）"),
    ],
    fmt: Annotated[
        ImportFormat, typer.Option("--format", "-f", help="输出格式：table（表格）或 json")
    ] = ImportFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """导入各未保站的月度报送包：每个未保站每月一份。

    \b
    同一未保站同一月份再次报送：内容相同的不重复导入（未变），内容不同的替换原来的一份，
    审计日志记下哪些数字变了。加密的报送包用 wbz restore 相同的密码解密
    （提示时输入，或环境变量 WBZ_BACKUP_PASSPHRASE）。
    不是报送包、已损坏、别的区县、被改动过、没有区县密钥封存、来自更新版本 wbz 的文件
    各显示一行原因，不导入，其余文件照常导入。
    全部导入：退出码 0；部分导入、部分被拒绝：退出码 3；全部被拒绝：退出码 1。
    """
    from wbz_cli.cli.backup import passphrase
    from wbz_cli.cli.terminal import error, print_json, progress_bar
    from wbz_cli.services.district_import import import_packages

    store = district_store(ctx)
    with progress_bar(quiet, "导入报送包", None) as advance:
        summary = import_packages(store, files, lambda: passphrase(twice=False), advance)
    for refused in summary.refused:
        error(f"{refused.file}：{refused.reason}")
    if fmt is ImportFormat.json:
        print_json(summary.as_json())
    else:
        _print_import(summary.as_json())
    if summary.refused:
        raise typer.Exit(3 if summary.taken else 1)


def _print_import(counts: dict[str, Any]) -> None:
    from wbz_cli.cli.terminal import print_fields

    print_fields(
        [
            ("文件", counts["files"]),
            ("新导入", counts["loaded"]),
            ("替换", counts["replaced"]),
            ("未变（重复报送）", counts["unchanged"]),
            ("拒绝", len(counts["refused"])),
        ],
        title="导入报送包",
    )


DUPLICATE_COLUMNS = (
    Column("group", "组", justify="right", wrap=False),
    Column("hash", "身份证散列（前8位）", lambda h: str(h)[:8], wrap=False),
    Column("station", "未保站"),
    Column("child", "站内编号", wrap=False),
    Column("station_id", "未保站标识", wrap=False, drop=2),
)


@with_out
def duplicates(
    ctx: typer.Context,
    month: Annotated[str, typer.Option("--month", help="月份 YYYY-MM")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """列出某月被两个或更多未保站同时报送的儿童（身份证号散列相同）。

    \b
    每组是同一名儿童，列出报送他的每个未保站和该站的儿童编号，
    请各站用编号核对自己的档案（wbz show 编号），确认儿童实际在哪个站。
    有重复时退出码 3，没有时 0。
    """
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.district_lists import duplicates as find

    rows = find(district_store(ctx), month)
    render(
        rows,
        DUPLICATE_COLUMNS,
        fmt.value,
        title=f"{month} 被多个未保站报送的儿童",
        empty=f"{month} 没有被多个未保站同时报送的儿童",
    )
    if rows:
        raise typer.Exit(3)


STATION_COLUMNS = (
    Column("station", "未保站"),
    Column("months", "报送月份"),
    Column("last_imported_at", "最近导入", wrap=False),
    Column("station_id", "未保站标识", wrap=False, drop=2),
)


@with_out
def stations(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """列出报送过的未保站和各站报送了哪些月份。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.district_lists import stations as listed

    render(
        listed(district_store(ctx)),
        STATION_COLUMNS,
        fmt.value,
        title="报送过的未保站",
        empty="还没有导入任何报送包：请运行 wbz district import",
    )
