"""The application object built in the root callback and passed to every command."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wbz_cli.domain.errors import InvalidInput

if TYPE_CHECKING:
    from wbz_cli.store.session import Store


def default_operator() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


@dataclass
class AppContext:
    db_path: Path
    operator: str
    _today: date | None = None
    _store: Store | None = field(default=None, repr=False)

    @property
    def today(self) -> date:
        if self._today is None:
            raw = os.environ.get("WBZ_TODAY", "").strip()
            if raw:
                try:
                    self._today = date.fromisoformat(raw)
                except ValueError:
                    raise InvalidInput(
                        f"环境变量 WBZ_TODAY=“{raw}”不是有效日期，请按 YYYY-MM-DD 设置"
                    ) from None
            else:
                self._today = date.today()
        return self._today

    def store(self, *, create: bool = False, inspect: bool = False) -> Store:
        """The open database; only ``wbz init`` creates a missing file, only ``wbz doctor``
        opens one carrying foreign triggers or views (``inspect``), to report them."""
        if self._store is None:
            from wbz_cli.store.session import Store

            self._store = Store.open(self.db_path, self.operator, create=create, inspect=inspect)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj
