"""The options every spreadsheet import takes (``import roster``, ``visit import``,
``screen import``, ``subsidy import``), given to the command as one ``SheetImport``.

A command declares ``imp: SheetImport`` and its own options; ``@sheet_import(...)`` (below
its registration) puts the shared FILE argument and options in ``imp``'s place, so that the
help lists them as before: FILE, ``--sheet``, ``--encoding``, ``--mapping``, the command's own
options, then ``--dry-run``, ``--errors``, ``--force``, ``--format``, ``--quiet`` (or the order
``layout`` names)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wbz_cli.cli.options import (
    SHEET_FILES,
    DryRunOpt,
    EncodingOpt,
    ErrorsOpt,
    ForceOpt,
    MappingOpt,
    QuietOpt,
    SheetOpt,
    SummaryFormat,
    SummaryFormatOpt,
)

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.services.imports import SheetSource
    from wbz_cli.sheets.output import Target


@dataclass(frozen=True)
class SheetImport:
    """What the user gave every import: the sheet to read (FILE, ``--sheet``, ``--encoding``,
    ``--mapping``) and how to run and report (``--dry-run``, ``--errors``, ``--force``,
    ``--format``, ``--quiet``)."""

    file: Path
    sheet: str | None
    encoding: str | None
    mapping: Path | None
    dry_run: bool
    errors: Path | None
    force: bool
    fmt: SummaryFormat
    quiet: bool

    def source(self) -> SheetSource:
        from wbz_cli.services.imports import SheetSource

        return SheetSource(self.file, self.sheet, self.encoding, self.mapping)

    def claim_errors(self, actx: AppContext) -> Target | None:
        """The ``--errors`` file, claimed before anything is read (see ``claim_errors``)."""
        from wbz_cli.cli.import_report import claim_errors

        return claim_errors(actx, self.errors, self.force, (self.file, self.mapping))


#: The shared options before a command's own, and after them.
LEADING = ("file", "sheet", "encoding", "mapping")
TRAILING = ("dry_run", "errors", "force", "fmt", "quiet")
#: Each shared option after FILE: its typer declaration and default.
_OPTIONS: dict[str, tuple[Any, Any]] = {
    "sheet": (SheetOpt, None),
    "encoding": (EncodingOpt, None),
    "mapping": (MappingOpt, None),
    "dry_run": (DryRunOpt, False),
    "errors": (ErrorsOpt, None),
    "force": (ForceOpt, False),
    "fmt": (SummaryFormatOpt, SummaryFormat.table),
    "quiet": (QuietOpt, False),
}


def sheet_import(
    what: str, *, layout: Sequence[str] | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give the command (``ctx``, ``imp: SheetImport``, its own options) the shared options in
    ``imp``'s place; ``what`` names the sheet in FILE's help (摸排表 ...). ``layout``: every
    parameter after ``ctx`` in the order the help lists them, where it is not the usual one."""
    file_arg = Annotated[Path, typer.Argument(help=f"{what}：{SHEET_FILES}")]
    shared = {"file": (file_arg, inspect.Parameter.empty), **_OPTIONS}

    def decorate(func: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(func, eval_str=True)
        ctx, _imp, *own = signature.parameters.values()
        order = layout or (*LEADING, *(p.name for p in own), *TRAILING)
        keyword = inspect.Parameter.KEYWORD_ONLY
        given = {p.name: p.replace(kind=keyword) for p in own}
        if sorted(order) != sorted([*shared, *given]):
            raise TypeError(f"{func.__name__}: layout {order} is not its parameters")
        params = [ctx] + [
            given[name]
            if name in given
            else inspect.Parameter(
                name, keyword, annotation=shared[name][0], default=shared[name][1]
            )
            for name in order
        ]

        @functools.wraps(func)
        def command(**kwargs: Any) -> None:
            imp = SheetImport(**{f.name: kwargs.pop(f.name) for f in fields(SheetImport)})
            func(kwargs.pop(ctx.name), imp, **kwargs)

        command.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        return command

    return decorate
