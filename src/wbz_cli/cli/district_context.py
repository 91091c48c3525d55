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
