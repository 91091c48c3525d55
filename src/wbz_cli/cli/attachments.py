"""wbz attach / attachments / attachment export|edit|void|unvoid: scanned files (consent
forms, care agreements, photos of a visit, minutes of a case conference) kept inside the
database beside a child or one of the child's records."""

from pathlib import Path
from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.corrections import AllOpt, IdArg, add_void_commands, list_columns, run_edit
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import ForceOpt, FormatOpt, OutputFormat, enum_help
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.attachments import AttachmentKind

attachment_app = typer.Typer(
    help="附件：导出、修改、作废和恢复保存在数据库里的扫描件和照片。", no_args_is_help=True
)

COLUMNS = (
    Column("id", "记录号", justify="right", wrap=False),
    Column("added_on", "附加日期", wrap=False),
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("record", "所属记录", wrap=False, drop=2),
    Column("kind", "附件类型", labels.attachment_kind, wrap=False),
    Column("file_name", "文件名"),
    Column("file_type", "格式", labels.file_type, wrap=False, drop=3),
    Column("size", "大小(字节)", justify="right", wrap=False),
    Column("sha256", "SHA-256", drop=4),
)
KindHelp = enum_help(AttachmentKind, "附件类型")
TargetArg = Annotated[
    str,
    typer.Argument(
        help="儿童编号、身份证号或姓名；或儿童的一条记录：visit:12（走访）、service:3（服务）、"
        "L000001（线索）、P000001（服务计划）"
    ),
]


def register(app: typer.Typer) -> None:
    app.command("attach")(attach)
    app.command("attachments")(list_)
    add_void_commands(attachment_app, "attachment", "附件")
    app.add_typer(attachment_app, name="attachment")


def attach(
    ctx: typer.Context,
    target: TargetArg,
    file: Annotated[Path, typer.Argument(help="要附加的文件：PDF、JPEG、PNG、Word 或 Excel")],
    kind: Annotated[str, typer.Option("--kind", help=KindHelp)],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """把一个扫描件或照片保存进数据库，附在儿童档案或其一条记录上。文件格式按内容判断
    （不看扩展名），扩展名与内容不符、超过 20 MB 或格式不在 PDF/JPEG/PNG/Word/Excel 之内的
    会被拒绝。"""
    from wbz_cli.cli.terminal import info, render
    from wbz_cli.domain.attachments import check_size
    from wbz_cli.domain.errors import InvalidInput
    from wbz_cli.services.attachments import attach as attach_file

    if not file.is_file():
        raise InvalidInput(f"找不到文件 {file}：请检查路径")
    check_size(file.name, file.stat().st_size)  # refused before it is read
    data = file.read_bytes()
    actx = app_context(ctx)
    row = attach_file(actx.store(), target, file.name, data, AttachmentKind.parse(kind), actx.today)
    if fmt is not OutputFormat.table:
        render([row], COLUMNS, fmt.value)
        return
    where = f"（{row['record']}）" if row["record"] else ""
    info(
        f"已附加 {row['child']} {row['name']}{where} {labels.attachment_kind(row['kind'])}"
        f"“{row['file_name']}”，{row['size']} 字节，记录号 {row['id']}"
    )


@with_out
def list_(
    ctx: typer.Context,
    child: Annotated[
        str | None, typer.Argument(help="儿童编号、身份证号或姓名（不填则列出全部）")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> None:
    """列出附件（文件名、类型、大小、校验值），不含文件内容；可按儿童筛选。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.attachments import list_attachments

    rows = list_attachments(app_context(ctx).store(), child, include_voided=all_)
    render(rows, list_columns(COLUMNS, all_), fmt.value, title="附件")


@attachment_app.command("export")
def export(
    ctx: typer.Context,
    record_id: IdArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="写出的文件，扩展名须与内容相符")],
    force: ForceOpt = False,
) -> None:
    """把一个附件写出为文件（仅所有者可读写，记入审计日志），先核对保存时的校验值。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.attachments import export_attachment, output_kind

    actx = app_context(ctx)
    store = actx.store()
    target = actx.output(out, [output_kind(store, record_id)], force=force)
    row = export_attachment(store, record_id, target)
    info(f"已导出附件 {row['id']}（{row['file_name']}）到 {out}")


@attachment_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    kind: Annotated[str | None, typer.Option("--kind", help=KindHelp)] = None,
    name: Annotated[str | None, typer.Option("--name", help="新的文件名（扩展名不变）")] = None,
    record: Annotated[
        str | None,
        typer.Option("--record", help="改挂到本人的另一条记录（如 visit:12）；写 - 则只挂在档案上"),
    ] = None,
) -> None:
    """修改一个附件的类型、文件名或所属记录；文件内容不能修改（请作废后重新附加）。"""
    run_edit(ctx, "attachment", record_id, {"kind": kind, "name": name, "record": record}, False)
