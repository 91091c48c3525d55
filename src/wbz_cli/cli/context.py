"""The application object built in the root callback and passed to every command."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wbz_cli.domain.dates import FIRST_YEAR, LAST_YEAR
from wbz_cli.domain.errors import InvalidInput

if TYPE_CHECKING:
    from wbz_cli.sheets.output import Target
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
                if not FIRST_YEAR <= self._today.year <= LAST_YEAR:
                    when = "太早" if self._today.year < FIRST_YEAR else "太晚"
                    self._today = None
                    raise InvalidInput(
                        f"环境变量 WBZ_TODAY=“{raw}”{when}：只能设为 {FIRST_YEAR}-01-01 至 "
                        f"{LAST_YEAR}-12-31 之间的日期"
                    )
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

    def use_store(self, store: Store) -> None:
        """The open database is ``store`` (a district file, ``cli/district_context``): the
        commands' audit rows (``--out`` exports) go into it, and it is closed at the end."""
        self.close()
        self._store = store

    def output(
        self,
        path: Path,
        kinds: Sequence[str],
        *,
        force: bool,
        inputs: Sequence[Path | None] = (),
        template: Path | None = None,
    ) -> Target:
        """Claim ``path`` as this command's output file before any work is done: never the
        database or its journals, a file the command reads, or its template; an existing
        file only with ``--force`` or when the user says yes at the terminal."""
        from wbz_cli.sheets.output import Protected, claim, database_files

        protected = database_files(self.db_path)
        protected += [Protected(p, "本命令读取的文件") for p in inputs if p is not None]
        if template is not None:
            protected.append(Protected(template, "模板文件本身"))
        return claim(path, kinds, protected=protected, force=force, ask=ask_replace())

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def ask_replace() -> Callable[[str], bool] | None:
    """A yes/no question at the terminal; None when nobody is there to answer (a script)."""
    import sys

    if not sys.stdin.isatty():
        return None

    def ask(question: str) -> bool:
        import click

        try:
            return bool(typer.confirm(question, default=False, err=True))
        except click.exceptions.Abort:
            typer.echo("", err=True)
            return False

    return ask


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj
