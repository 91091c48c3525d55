"""Which file the ``wbz district`` commands use, and opening it: the global ``--db`` when it
is given on the command line, else ``district.db`` in the current folder (``WBZ_DB`` names
the station's file and is not used)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
import typer

from wbz_cli.cli.context import app_context

if TYPE_CHECKING:
    from wbz_cli.store.district_session import DistrictStore
    from wbz_cli.store.session import Store


def choose_district_file(ctx: typer.Context) -> None:
    """The ``district`` group's callback: point the application object at the district file,
    so that ``--out`` never writes onto it and exports are audited in it."""
    from wbz_cli.store.district_db import DEFAULT_NAME

    root = ctx.find_root()
    if root.get_parameter_source("db") is not click.core.ParameterSource.COMMANDLINE:
        app_context(ctx).db_path = Path(DEFAULT_NAME)


def district_store(ctx: typer.Context) -> DistrictStore:
    """The district file, opened (refused when it is not one) and kept for the command."""
    from wbz_cli.store.district_session import DistrictStore

    actx = app_context(ctx)
    store = DistrictStore.open_district(actx.db_path, actx.operator)
    actx.use_store(store)
    return store


def station_or_district_store(ctx: typer.Context) -> Store:
    """The file ``--db`` names, for the commands both kinds of file have (``backup``,
    ``audit``): a district's when its header says so, else the station's, opened as every
    station command opens it (a missing file refused, and so on)."""
    from wbz_cli.store.district_db import file_kind

    actx = app_context(ctx)
    if actx.db_path.is_file() and file_kind(actx.db_path) == "district":
        return district_store(ctx)
    return actx.store()
