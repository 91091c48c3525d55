"""``wbz import roster --all-sheets``: every sheet of a workbook with a roster's header,
imported in one transaction, sheet after sheet, each as ``services.roster`` imports one (the
same row parser and writes); a child on a later sheet that an earlier one registered is a
child on file there. The result is one report whose rows are named ``sheet!row``.

A dry run makes the same writes and rolls them back: what it reports is what the import
would do, a child on two sheets included.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from wbz_cli.domain.idnumber import forget_checked
from wbz_cli.services.gc_pause import collector_paused
from wbz_cli.services.imports import ImportResult, SheetSource, open_sheets
from wbz_cli.services.roster import REQUIRED, fill_raws, open_roster, sum_up, write_plain
from wbz_cli.services.roster_write import Progress
from wbz_cli.sheets.limits import column_letters
from wbz_cli.sheets.reader import Table
from wbz_cli.store.backup import auto_backup
from wbz_cli.store.session import Store

COUNTS = ("inserted", "updated", "unchanged", "merged")


class _RolledBack(Exception):
    """Ends a dry run's transaction: its writes are undone."""


def open_roster_sheets(source: SheetSource) -> list[Table]:
    """Every sheet of the workbook with a roster's header (``--mapping`` included)."""
    return open_sheets(source, "roster_headers.json", REQUIRED)


def import_every_sheet(
    store: Store,
    tables: list[Table],
    *,
    source: SheetSource,
    on: date,
    today: date,
    dry_run: bool = False,
    accept_renames: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``tables`` (``open_roster_sheets``) in one transaction; with ``dry_run``
    write nothing."""
    file = source.path.name
    results = [
        ImportResult.of(t, replace(source, sheet=t.sheet), *COUNTS, dry_run=dry_run) for t in tables
    ]
    sizes = [t.size for t in tables]
    total = None if None in sizes else sum(s for s in sizes if s is not None)
    if not dry_run:
        auto_backup(store.conn, "import")  # a copy of the database before the import
    with collector_paused():
        try:
            with store.bulk_write(rows=total):
                for table, result in zip(tables, results, strict=True):
                    rejects, planned = write_plain(
                        store, table, on, today, file, progress, accept_renames=accept_renames
                    )
                    sum_up(result, rejects, planned)
                whole = combined(file, results, dry_run)
                summary = {"sheet": whole.sheet, "on": on.isoformat(), **whole.summary()}
                store.audit("import", "roster", file, None, summary)
                if dry_run:
                    raise _RolledBack
        except _RolledBack:
            pass
        finally:
            forget_checked()
    for result in results:
        fill_raws(result, partial(open_roster, SheetSource(
            source.path, result.sheet, source.encoding, source.mapping)))  # fmt: skip
    return combined(file, results, dry_run)


def combined(file: str, results: list[ImportResult], dry_run: bool) -> ImportResult:
    """One result for the sheets': counts added up, rows named ``sheet!row``, each sheet's
    columns left out named ``sheet!column``."""
    first = results[0]
    headers = first.headers
    if any(r.headers != headers for r in results):  # the --errors file's columns: A, B ...
        width = max(len(r.headers) for r in results)
        headers = [column_letters(i + 1) for i in range(width)]
    whole = ImportResult(
        file,
        "、".join(r.sheet for r in results),
        first.header_row,
        headers,
        [h for r in results for h in r.unknown_headers],
        dry_run,
        dict.fromkeys(COUNTS, 0),
    )
    for r in results:
        for key, value in r.counts.items():
            whole.counts[key] = whole.counts.get(key, 0) + value
        for key, value in r.figures.items():
            whole.figures[key] = whole.figures.get(key, 0) + value
        whole.rejects += [replace(x, sheet=r.sheet) for x in r.rejects]
        whole.changes += [{**c, "row": f"{r.sheet}!{c['row']}"} for c in r.changes]
        whole.warnings += [f"工作表“{r.sheet}”{w}" for w in r.warnings]
        whole.left_out += [{**c, "column": f"{r.sheet}!{c['column']}"} for c in r.unrecognised()]
    return whole
