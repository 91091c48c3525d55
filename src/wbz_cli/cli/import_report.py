"""How the spreadsheet imports (roster, visits, subsidies, and ``match``'s refused rows) end:
the refused rows written to ``--errors`` (one layout for all), the summary as a table or the
report of every import as JSON (``--format json``; ``report`` is its old name), exit code 3
when any row was refused."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from wbz_cli.cli.options import SummaryFormat

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.services.imports import ImportResult
    from wbz_cli.sheets.output import Target
    from wbz_cli.store.session import Store

#: Refused rows shown on screen; ``--errors`` writes them all.
SHOWN_REJECTS = 20


def claim_errors(
    actx: AppContext, errors: Path | None, force: bool, inputs: Sequence[Path | None]
) -> Target | None:
    """The ``--errors`` file, claimed before the import reads or writes anything: never the
    sheet being imported (nor its mapping, nor the database)."""
    if errors is None:
        return None
    return actx.output(errors, ("xlsx", "csv"), force=force, inputs=inputs)


def write_errors(store: Store, errors: Target | None, result: ImportResult, command: str) -> None:
    """The refused rows to ``errors`` (原行号, 原因, the sheet's own columns). They hold the
    file's full ID and phone numbers: writing them is logged as an export by ``command``."""
    if errors is None:
        return
    from wbz_cli.services.audit import record_file_disclosure
    from wbz_cli.sheets.writer import write_table

    headers, rows = result.error_rows()
    write_table(errors, headers, rows, sheet="被拒绝的行")
    if rows:
        record_file_disclosure(store, "rejected_rows", errors.path, len(rows), command)


def finish_import(
    result: ImportResult,
    *,
    store: Store,
    command: str,
    fmt: SummaryFormat,
    errors: Target | None,
    fields: Sequence[tuple[str, Any]],
    title: str,
    notes: Sequence[str] = (),
) -> None:
    """``fields``: the summary's (label, value) lines below the sheet's; ``title``: what was
    imported (花名册导入 ...), followed by the file's name; ``notes``: lines shown below the
    summary table (the changes a roster makes)."""
    from wbz_cli.cli.terminal import print_json

    write_errors(store, errors, result, command)
    if fmt in (SummaryFormat.json, SummaryFormat.report):
        print_json(result.report())
    else:
        dry = "（试运行，未写入）" if result.dry_run else ""
        _print_summary(result, fields, f"{title}{dry}：{result.file}", errors, notes)
    if result.rejects:
        raise typer.Exit(3)


def _print_summary(
    result: ImportResult,
    fields: Sequence[tuple[str, Any]],
    title: str,
    errors: Target | None,
    notes: Sequence[str] = (),
) -> None:
    from wbz_cli.cli.terminal import Column, info, print_fields, print_table, warn

    print_fields(
        [("工作表", f"{result.sheet}（表头在第 {result.header_row} 行）"), *fields], title=title
    )
    for line in notes:
        info(line)
    if result.unknown_headers:
        warn(f"以下列未识别，已忽略：{'、'.join(result.unknown_headers)}（可用 --mapping 对照）")
    for message in result.warnings:
        warn(message)
    if not result.rejects:
        return
    shown = [{"number": r.number, "reason": r.reason} for r in result.rejects[:SHOWN_REJECTS]]
    more = len(result.rejects) - len(shown)
    print_table(
        shown,
        (Column("number", "行号", justify="right", wrap=False), Column("reason", "原因")),
        True,
        title="被拒绝的行",
        caption=f"另有 {more} 行未显示" if more > 0 else None,
    )
    if errors is not None:
        info(f"被拒绝的行已写入 {errors.path}")
    else:
        info("可加 --errors 文件名.xlsx 导出全部被拒绝的行，修改后重新导入")
