"""wbz import roster / wbz export children: roster spreadsheets in and out."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.import_options import SheetImport, sheet_import
from wbz_cli.cli.options import (
    AcceptRenamesOpt,
    ForceOpt,
    OnOpt,
    QuietOpt,
    RevealOpt,
    enum_help,
    parse_enum,
    parse_on,
)
from wbz_cli.domain.enums import Category, Risk

if TYPE_CHECKING:
    from wbz_cli.services.imports import ImportResult
    from wbz_cli.store.session import Store

import_app = typer.Typer(
    name="import",
    help="导入表格：儿童花名册等。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
export_app = typer.Typer(
    name="export",
    help="导出表格：儿童花名册等。",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    import_app.command("roster")(import_roster)
    export_app.command("children")(export_children)
    app.add_typer(import_app)
    app.add_typer(export_app)


#: ``import roster``'s options in the order its help has always listed them.
ROSTER_LAYOUT = ("file", "sheet", "dry_run", "errors", "force", "fmt", "mapping", "encoding", "on",
                 "quiet", "accept_renames", "all_sheets")  # fmt: skip


@sheet_import("花名册文件", layout=ROSTER_LAYOUT)
def import_roster(
    ctx: typer.Context,
    imp: SheetImport,
    on: OnOpt = None,
    accept_renames: AcceptRenamesOpt = False,
    all_sheets: Annotated[
        bool,
        typer.Option(
            "--all-sheets",
            help="导入工作簿中每一张有花名册表头的工作表（在一个事务中；行号写作 工作表!行号）",
        ),
    ] = False,
) -> None:
    """导入儿童花名册：按身份证号新增或更新，同一文件中的重复行合并，有问题的行被拒绝并说明原因。

    自动识别表头（可在标题行之下）、跳过合计/填表人等表尾行。有效行在一个事务中写入；
    被拒绝的行不影响其他行，写入过程中出错则全部不写入。有行被拒绝时退出码为 3。
    --on 是没有“登记日期”列时的登记日期，也是对已有儿童所做修改的生效日期。
    对已登记儿童的每处修改（含迁移到其他居民区）都逐项列出，--dry-run 时同样列出而不写入；
    身份证号已登记而姓名不同的行被拒绝（可能身份证号填错），确认是改名请加 --accept-renames。
    工作簿中另有花名册样的工作表时会列出，可用 --sheet 选择，或加 --all-sheets 一次导入全部。
    """
    from wbz_cli.cli.import_report import finish_import
    from wbz_cli.cli.roster_changes import change_lines
    from wbz_cli.cli.terminal import progress_bar
    from wbz_cli.domain.dates import check_not_future
    from wbz_cli.services import roster as svc

    actx = app_context(ctx)
    day = parse_on(on, actx.today, "登记日期")
    check_not_future(day, actx.today, "登记日期")
    errors_out = imp.claim_errors(actx)
    if imp.sheet is not None and all_sheets:
        from wbz_cli.cli.usage_errors import ChineseUsageError

        raise ChineseUsageError(
            "--sheet 和 --all-sheets 不能同时使用",
            "只导入一张工作表用 --sheet 工作表名，导入每一张花名册用 --all-sheets",
            ctx,
        )
    store = actx.store()
    source = imp.source()
    if all_sheets:
        result = _import_every_sheet(store, imp, day, actx.today, accept_renames)
    else:
        table = svc.open_roster(source)
        # reading and checking the rows, then writing the children (about as many)
        total = 2 * table.size if table.size is not None else None
        with progress_bar(imp.quiet, "导入花名册", total) as advance:
            result = svc.import_roster(
                store, table, source=source, on=day, today=actx.today, dry_run=imp.dry_run,
                accept_renames=accept_renames, progress=advance,
            )  # fmt: skip
    s = result.counts
    finish_import(
        result,
        store=store,
        command="import roster",
        fmt=imp.fmt,
        errors=errors_out,
        fields=[
            ("新增", s["inserted"]),
            ("更新", s["updated"]),
            ("未变", s["unchanged"]),
            ("合并（重复行）", s["merged"]),
            ("迁移（更新中）", result.figures["moved"]),
            ("拒绝", len(result.rejects)),
        ],
        title="花名册导入",
        notes=change_lines(result.changes),
        every="--all-sheets",
    )


def _import_every_sheet(
    store: "Store", imp: SheetImport, day: date, today: date, accept_renames: bool
) -> "ImportResult":
    """``--all-sheets``: every sheet with a roster's header, in one transaction."""
    from wbz_cli.cli.terminal import progress_bar
    from wbz_cli.services import roster_sheets

    source = imp.source()
    tables = roster_sheets.open_roster_sheets(source)
    sizes = [t.size for t in tables]
    total = None if None in sizes else 2 * sum(s for s in sizes if s is not None)
    with progress_bar(imp.quiet, "导入花名册", total) as advance:
        return roster_sheets.import_every_sheet(
            store, tables, source=source, on=day, today=today, dry_run=imp.dry_run,
            accept_renames=accept_renames, progress=advance,
        )  # fmt: skip


def export_children(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="输出文件：.xlsx 或 .csv（UTF-8 带 BOM）")],
    category: Annotated[
        str | None, typer.Option("--category", "-c", help=enum_help(Category, "按类别筛选"))
    ] = None,
    community: Annotated[str | None, typer.Option("--community", help="按居民区筛选")] = None,
    worker: Annotated[str | None, typer.Option("--worker", help="按儿童主任筛选")] = None,
    risk: Annotated[
        str | None, typer.Option("--risk", help=enum_help(Risk, "按风险等级筛选"))
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="active（在册）或 closed（已退出）")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="按某一天的状态导出，默认今天")
    ] = None,
    reveal: RevealOpt = False,
    quiet: QuietOpt = False,
    force: ForceOpt = False,
) -> None:
    """导出儿童花名册（中文表头，一人一行）。身份证号和电话默认打码，--reveal 导出完整号码；
    每次导出都记入审计日志。用 --reveal 导出的文件可以用 wbz import roster 原样导回。"""
    from wbz_cli.cli.terminal import info, progress_bar
    from wbz_cli.domain.enums import CaseStatus
    from wbz_cli.services import child_file as children_svc
    from wbz_cli.services.export import export_children as run

    actx = app_context(ctx)
    target = actx.output(out, ("xlsx", "csv"), force=force)
    with progress_bar(quiet, "导出花名册", None):
        count = run(
            actx.store(),
            target,
            actx.today,
            reveal=reveal,
            as_of=children_svc.parse_as_of(as_of, actx.today),
            category=parse_enum(Category, category),
            community=community,
            worker=worker,
            risk=parse_enum(Risk, risk),
            status=parse_enum(CaseStatus, status).value if status else None,  # type: ignore[union-attr]
        )
    info(f"已导出 {count} 名儿童到 {out}{'' if reveal else '（身份证号和电话已打码）'}")
