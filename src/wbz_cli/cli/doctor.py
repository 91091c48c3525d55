"""wbz doctor."""

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import FormatOpt, OutputFormat
from wbz_cli.cli.terminal import Column


def _kind(value: object) -> str:
    from wbz_cli.services.doctor import KINDS

    return KINDS.get(str(value), str(value))


def _codes(value: object) -> str:
    codes = list(value) if isinstance(value, list | tuple) else [str(value)]
    return "、".join(codes[:8]) + (f" 等 {len(codes)} 条" if len(codes) > 8 else "")


COLUMNS = (
    Column("kind", "问题", _kind, wrap=False),
    Column("codes", "档案", _codes),
    Column("detail", "说明"),
    Column("action", "怎么办"),
)


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)


@with_out
def doctor(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """检查数据库：文件完整性、外键，以及可以修正的数据问题（身份证号、重复登记、超龄、
    孤立记录、缺监护人同意）。

    发现分两类：需处理（数据有错，退出码 3）和提示（日常待办，如缺监护人同意、空家庭档案，
    退出码仍为 0），所以 set -e 的脚本只在真有问题时停下。"""
    from wbz_cli.cli.terminal import info, render
    from wbz_cli.services.doctor import examine

    actx = app_context(ctx)
    found = examine(actx.store(inspect=True), actx.today)
    problems = [f.as_dict() for f in found if not f.is_note]
    notes = [f.as_dict() for f in found if f.is_note]
    if fmt is not OutputFormat.table:
        render([f.as_dict() for f in found], COLUMNS, fmt.value)
    elif not found:
        info("检查完毕，没有发现问题")
    else:
        if problems:
            render(problems, COLUMNS, fmt.value, title="数据检查：需处理")
        if notes:
            render(notes, COLUMNS, fmt.value, title="数据检查：提示（日常待办，不影响退出码）")
        if not problems:
            info("没有需要处理的问题，只有上面的提示")
    if problems:
        raise typer.Exit(3)
