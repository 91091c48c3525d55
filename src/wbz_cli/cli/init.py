"""wbz init: create the database and record the station."""

from pathlib import Path
from typing import Annotated

import typer

from wbz_cli.cli.context import app_context


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    ctx: typer.Context,
    station: Annotated[str | None, typer.Option("--station", help="工作站名称（填报单位）")] = None,
    district: Annotated[str | None, typer.Option("--district", help="所属区县、街道")] = None,
    district_key: Annotated[
        Path | None,
        typer.Option(
            "--district-key",
            help="区县发来的密钥文件（区县用 wbz district init --key-out 生成；"
            "- 表示从标准输入读）：报送包里的儿童名单用它加密编号；环境变量 WBZ_DISTRICT_KEY 优先",
        ),
    ] = None,
    follow_up_days: Annotated[
        int | None,
        typer.Option(
            "--follow-up-days",
            min=1,
            max=365,
            help="wbz match --apply 记录的摸排（名单中未登记的儿童）的跟进天数，默认 30",
        ),
    ] = None,
) -> None:
    """创建数据库（仅本人可读写）并登记工作站名称、摸排跟进天数；设置区县密钥。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.station import init_station

    actx = app_context(ctx)
    key = _read_key(district_key) if district_key is not None else None
    existed = actx.db_path.exists()
    store = actx.store(create=True)
    settings = init_station(store, station, district, follow_up_days)
    verb = "已打开" if existed else "已创建"
    info(f"{verb}数据库 {actx.db_path}")
    if settings.get("station"):
        info(
            f"工作站：{settings['station']}"
            + (f"（{settings['district']}）" if settings.get("district") else "")
        )
    if key is not None:
        from wbz_cli.services.district_key import set_district_key

        key_id = set_district_key(store, key)
        info(f"区县密钥已设置（密钥标识 {key_id}）：报送包将包含儿童名单（只含加密编号）")


def _read_key(path: Path) -> bytes:
    """The key in the file ``path`` (``-``: standard input), read before anything is made."""
    import sys

    from wbz_cli.services.district_key import KEY_FILE_LIMIT, key_of_text, read_key_file

    what = "区县密钥文件"
    if str(path) == "-":
        return key_of_text(sys.stdin.buffer.read(KEY_FILE_LIMIT + 1), f"标准输入的{what}")
    return read_key_file(path, what)
