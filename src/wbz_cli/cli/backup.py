"""wbz backup / restore."""

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context, ask_replace
from wbz_cli.cli.options import ForceOpt
from wbz_cli.domain.errors import InvalidInput

PASSPHRASE_ENV = "WBZ_BACKUP_PASSPHRASE"

YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="不再询问，直接执行")]


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


def confirm(question: str, yes: bool) -> None:
    """Ask before a change that cannot be undone; refusing (or no answer) changes nothing."""
    import click

    if yes:
        return
    try:
        ok = typer.confirm(question, default=False, err=True)
    except click.exceptions.Abort:  # no answer (end of input): the prompt's line is left open
        typer.echo("", err=True)
        ok = False
    if not ok:
        raise InvalidInput("已取消，未做任何修改（如需在脚本中执行请加 --yes）")


def passphrase(*, twice: bool) -> str:
    """The backup passphrase: env WBZ_BACKUP_PASSPHRASE, else a hidden prompt."""
    import click

    from wbz_cli.cli.arguments import is_undecodable, undecodable_message
    from wbz_cli.store.encryption import check_passphrase

    value = os.environ.get(PASSPHRASE_ENV)
    if value is not None and is_undecodable(value):
        raise InvalidInput(undecodable_message(f"环境变量 {PASSPHRASE_ENV}"))
    if value is None:
        try:
            value = typer.prompt("备份密码", hide_input=True, confirmation_prompt=twice, err=True)
        except click.exceptions.Abort:
            typer.echo("", err=True)
            raise InvalidInput(
                f"没有输入备份密码：请在提示时输入，或设置环境变量 {PASSPHRASE_ENV}"
            ) from None
    return check_passphrase(str(value)) if twice else str(value)


def backup(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="备份文件路径（或文件夹，自动按日期命名）")],
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help=f"加密备份（AES-256-GCM，密码来自提示或环境变量 {PASSPHRASE_ENV}）",
        ),
    ] = False,
    force: ForceOpt = False,
) -> None:
    """备份数据库（其他程序正在写入时也能得到一致的副本）。备份文件仅本人可读写。
    已有的文件不会被悄悄替换：终端上会先询问，脚本中需加 --force。"""
    from wbz_cli.cli.district_context import station_or_district_store
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.backup import backup as run
    from wbz_cli.services.backup import resolve_out

    actx = app_context(ctx)
    store = station_or_district_store(ctx)
    target = resolve_out(out, actx.db_path, encrypt, force=force, ask=ask_replace())
    secret = passphrase(twice=True) if encrypt else None
    done = run(store, target, secret)
    kind = "加密备份" if encrypt else "备份"
    what = "区县数据库" if done["kind"] == "district" else ""
    info(f"已{kind}{what}到 {target.path}（{_held(done)}，{done['bytes']:,} 字节）")
    if encrypt:
        info("请牢记备份密码：忘记密码将无法恢复此备份")


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="备份文件（普通或加密备份均可）")],
    yes: YesOpt = False,
) -> None:
    """从备份恢复数据库：先校验备份，再替换；被替换的文件另存为 数据库名.replaced-日期时间。"""
    from wbz_cli.cli.district_context import choose_district_file
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.backup import apply_restore, prepare_restore, refuse_other_kind

    actx = app_context(ctx)
    candidate = prepare_restore(file, lambda: passphrase(twice=False))
    try:
        if candidate.checked.kind == "district":  # --db as given, else district.db here
            choose_district_file(ctx)
        refuse_other_kind(actx.db_path, candidate)
        held = _held(candidate.summary())
        current = "（当前数据库将另存一份）" if actx.db_path.exists() else ""
        confirm(f"用备份 {file}（{held}）替换数据库 {actx.db_path}？{current}", yes)
    except BaseException:
        candidate.image.close()
        raise
    done = apply_restore(actx.db_path, candidate, actx.operator)
    info(f"已从 {file} 恢复数据库 {actx.db_path}（{_held(done)}）")
    if done["replaced"]:
        info(f"原数据库已另存为 {done['replaced']}")


def _held(done: dict[str, Any]) -> str:
    """What a backup holds, as the user is told (``done``: ``kind`` and the rows under
    ``children``, or a district's ``submissions``)."""
    if done["kind"] == "district":
        return f"{done['submissions']} 份报送包"
    return f"{done['children']} 名儿童"
