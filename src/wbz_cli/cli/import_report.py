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
    every: str | None = None,
) -> None:
    """``fields``: the summary's (label, value) lines below the sheet's; ``title``: what was
    imported (花名册导入 ...), followed by the file's name; ``notes``: lines shown below the
    summary table (the changes a roster makes); ``every``: the option importing every sheet
    of a workbook, where the import has one."""
    from wbz_cli.cli.terminal import print_json

    write_errors(store, errors, result, command)
    if fmt in (SummaryFormat.json, SummaryFormat.report):
        print_json(result.report())
    else:
        dry = "（试运行，未写入）" if result.dry_run else ""
        _print_summary(result, fields, f"{title}{dry}：{result.file}", errors, notes, every)
    if result.rejects:
        raise typer.Exit(3)


def unrecognised_line(columns: Sequence[dict[str, Any]]) -> str | None:
    """One line naming the columns whose non-empty cells were not imported, and how to map
    them to a field."""
    if not columns:
        return None
    named = "、".join(
        f"{c['header'] or '第 ' + c['column'] + ' 列（无表头）'}（{c['non_empty']} 个非空单元格）"
        for c in columns
    )
    return f"未识别的列：{named}，这些单元格未导入；如属某个字段，请用 --mapping 对照列名后重新导入"


def other_sheets_line(sheets: Sequence[dict[str, Any]], every: str | None) -> str | None:
    """One line naming the workbook's other sheets that were not imported, and how to import
    them (``every``: the option importing them all, where the import has one)."""
    if not sheets:
        return None
    named = "、".join(f"“{s['sheet']}”（{s['rows']} 行）" for s in sheets)
    how = f"用 --sheet {sheets[0]['sheet']} 导入其中一张"
    return f"工作簿中另有相似的工作表未导入：{named}；{how}" + (
        f"，或加 {every} 一次导入全部" if every else ""
    )


def warn_left_out(result: ImportResult, every: str | None = None) -> None:
    """What the import left out of the file, below its summary: columns, other sheets."""
    from wbz_cli.cli.terminal import warn

    for line in (
        unrecognised_line(result.unrecognised()),
        other_sheets_line(result.other_sheets, every),
    ):
        if line:
            warn(line)


def _print_summary(
    result: ImportResult,
    fields: Sequence[tuple[str, Any]],
    title: str,
    errors: Target | None,
    notes: Sequence[str] = (),
    every: str | None = None,
) -> None:
    from wbz_cli.cli.terminal import Column, info, print_fields, print_table, warn

    print_fields(
        [("工作表", f"{result.sheet}（表头在第 {result.header_row} 行）"), *fields], title=title
    )
    for line in notes:
        info(line)
    warn_left_out(result, every)
    for message in result.warnings:
        warn(message)
    if not result.rejects:
        return
    shown = [{"number": r.row, "reason": r.reason} for r in result.rejects[:SHOWN_REJECTS]]
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
