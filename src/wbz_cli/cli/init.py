"""wbz init: create the database and record the station."""

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    ctx: typer.Context,
    station: Annotated[str | None, typer.Option("--station", help="工作站名称（填报单位）")] = None,
    district: Annotated[str | None, typer.Option("--district", help="所属区县、街道")] = None,
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
    """创建数据库（仅本人可读写）并登记工作站名称和摸排跟进天数。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.station import init_station

    actx = app_context(ctx)
    existed = actx.db_path.exists()
    settings = init_station(actx.store(create=True), station, district, follow_up_days)
    verb = "已打开" if existed else "已创建"
    info(f"{verb}数据库 {actx.db_path}")
    if settings.get("station"):
        info(
            f"工作站：{settings['station']}"
            + (f"（{settings['district']}）" if settings.get("district") else "")
        )
