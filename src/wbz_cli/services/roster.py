"""Importing a roster: every row validated, then one transaction of batched writes.

What happens to each data row:
- valid and new: a child is registered (household, guardian, case, categories, risk, audit).
  Its audit row names the child (code, ID number), its household, the file and the row it came
  from; unlike ``wbz register``'s, it does not copy the child's particulars (name, address,
  guardian, phone): the register holds them and the file and row say where they came from. A
  100,000-row roster would otherwise put a second copy of every child's personal data into the
  log (45 MB), which every purge must find and scrub;
- valid and already on file (same ID number): changed fields are updated (with an audit row),
  identical rows are left unchanged. A blank cell never clears what is on file, and a
  category missing from the roster is not ended (use ``wbz update --end-category``);
- the same child again later in the file: merged into the first row (blanks filled,
  categories added); when the rows disagree on a field, every row of that child is refused;
- invalid: refused with its reason; it does not stop the other rows.
The writes are one transaction (``Store.bulk_write``): if anything fails while writing, nothing
is written. Two paths write the same rows:
- the plain path (``write_plain``, which real imports take; a dry run reads and plans the same
  way without writing): read and check every row, then plan and write the children in the
  file's order, on one thread;
- the fast path (``services.roster_fast.FastRosterStrategy``, with ``FAST``): the first
  children are written by a worker thread while the rest of the file is still being read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import WbzError
from wbz_cli.domain.idnumber import forget_checked
from wbz_cli.domain.labels import FIELD_LABELS
from wbz_cli.domain.privacy import mask_phone
from wbz_cli.domain.roster import RowParser, merge_rows
from wbz_cli.services import imports
from wbz_cli.services.gc_pause import collector_paused
from wbz_cli.services.headers import header_fields as extend_headers
from wbz_cli.services.headers import packaged_headers
from wbz_cli.services.imports import ImportResult, SheetSource, open_sheet
from wbz_cli.services.roster_fast import FastRosterStrategy, RepeatTooLate
from wbz_cli.services.roster_write import (
    Entry,
    FieldChange,
    Planned,
    Planner,
    Progress,
    Rejected,
    flush,
)
from wbz_cli.sheets.reader import Table
from wbz_cli.store.backup import auto_backup
from wbz_cli.store.session import Store

__all__ = ["Rejected", "header_fields", "import_roster", "open_roster"]

REQUIRED = ("name", "id_number", "categories")
LAG = 5_000  # rows read past a child's first row before its writes begin (fast path)
#: Whether real imports take FastRosterStrategy (else the plain path). Measured slower here:
FAST = False  # 100,000 rows: 19.6 s wall, 4.52 s CPU against 16.7 s, 4.20 s (medians of 4)


def header_fields(mapping: Path | None = None) -> dict[str, list[str]]:
    """The roster's header synonyms, extended by a station's own ``--mapping`` file."""
    return extend_headers(mapping, packaged_headers("roster_headers.json"))


def open_roster(source: SheetSource) -> Table:
    """The roster's table: the header found by its synonyms (``--mapping`` included)."""
    return open_sheet(source, "roster_headers.json", REQUIRED)


def read_rows(
    table: Table,
    on: date,
    today: date,
    progress: Progress | None = None,
    ready: Callable[[str, Entry], None] | None = None,
) -> tuple[dict[str, Entry], list[Rejected], bool]:
    """Validate every row; group valid rows by ID number (merging repeats).

    With ``ready``, each child is passed to ``ready`` as soon as LAG more rows have been read
    after its first row (most repeats of a child are close to it), the rest at the end; a
    child passed on is forgotten, and the entries returned are those not passed on (none).
    The third value tells whether a row repeated a child already passed on: then what was
    passed on is not what the file says, and reading stops there (the caller reads the file
    again without ``ready``)."""
    entries: dict[str, Entry] = {}
    passed: set[str] = set()  # ID numbers of the children passed on
    rejects: list[Rejected] = []
    waiting: deque[tuple[int, str]] = deque()  # children not yet passed on: (first row, ID)
    done = 0
    parse = RowParser(table.columns, on=on, today=today).parse
    for row_number, raw in table.raw_rows():
        done += 1
        if progress is not None and done % 1000 == 0:
            progress(1000)
        if ready is not None:
            while waiting and waiting[0][0] < row_number - LAG:
                number = waiting.popleft()[1]
                passed.add(number)
                ready(number, entries.pop(number))
        try:
            child = parse(raw)
        except WbzError as exc:
            rejects.append(Rejected(row_number, exc.message, raw))
            continue
        number = child.info.number
        entry = entries.get(number)
        if entry is None:
            if number in passed:  # too late to merge into what was passed on
                return entries, rejects, True
            entries[number] = Entry(child, row_number)
            if ready is not None:
                waiting.append((row_number, number))
            continue
        merged, conflicts = merge_rows(entry.child, child)
        entry.child = merged
        entry.more = [*(entry.more or ()), row_number]
        if conflicts:
            entry.conflict = [*(entry.conflict or ()), *conflicts]
    if progress is not None:
        progress(done % 1000)
    if ready is not None:
        for _, number in waiting:
            ready(number, entries.pop(number))
    return entries, rejects, False


def fill_raws(result: ImportResult, reopen: Callable[[], Table]) -> None:
    """Read again the original cells of refused rows whose cells were not kept."""
    missing = {r.number for r in result.rejects if r.raw is None}
    raws: dict[int, list[object]] = {}
    if missing:
        for row in reopen().rows():
            if row.number in missing:
                raws[row.number] = row.raw
    result.rejects = sorted(
        (r if r.raw is not None else replace(r, raw=raws.get(r.number, []))
         for r in result.rejects),
        key=lambda r: r.number,
    )  # fmt: skip


def import_roster(
    store: Store,
    table: Table,
    *,
    source: SheetSource,
    on: date,
    today: date,
    dry_run: bool = False,
    accept_renames: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the rows of ``table``, opened from ``source`` by ``open_roster`` (see the module
    docstring); with ``dry_run`` write nothing. A row naming a child on file by another name
    is refused unless ``accept_renames``. The result lists each field changed of a child on
    file (``changes``, phones masked) and counts the children moved (``figures["moved"]``).

    The file is opened again to read it again when a repeat came too late to be merged, and
    to report the original cells of rows refused late."""
    result = ImportResult.of(
        table, source, "inserted", "updated", "unchanged", "merged", dry_run=dry_run
    )
    # Millions of objects, no reference cycles: collector off (100,000 rows: 5.39 s CPU, not 5.84)
    with collector_paused():
        try:
            _import(
                store, table, result, on, today, str(source.path), progress,
                partial(open_roster, source), accept_renames,
            )  # fmt: skip
            return result
        finally:
            forget_checked()


def _import(
    store: Store,
    table: Table,
    result: ImportResult,
    on: date,
    today: date,
    source: str,
    progress: Progress | None,
    reopen: Callable[[], Table],
    renames: bool,
) -> None:
    if result.dry_run:
        entries, rejects, _ = read_rows(table, on, today, progress)
        planner = Planner(store, on, None, progress, accept_renames=renames)
        sum_up(result, rejects, _plan_all(planner, entries))
    else:
        auto_backup(store.conn, "import")  # a copy of the database before the import changes it
        file = Path(source).name if source else None
        try:
            _write(store, table, on, today, file, progress, result, fast=FAST, renames=renames)
        except RepeatTooLate:  # rolled back: read again, and write by the plain path
            result.table = reopen()
            _write(store, result.table, on, today, file, None, result, fast=False, renames=renames)
    fill_raws(result, reopen)


def _write(
    store: Store,
    table: Table,
    on: date,
    today: date,
    file: str | None,
    progress: Progress | None,
    result: ImportResult,
    *,
    fast: bool,
    renames: bool,
) -> None:
    """Write the file's children in one transaction, with the import's own audit row."""
    with store.bulk_write(rows=table.size):
        if fast:
            read = partial(read_rows, on=on, today=today)
            strategy = FastRosterStrategy(store, on, file, progress, accept_renames=renames)
            rejects, planned = strategy.write(table, read)
        else:
            rejects, planned = write_plain(
                store, table, on, today, file, progress, accept_renames=renames
            )
        sum_up(result, rejects, planned)
        summary = {"sheet": table.sheet, "on": on.isoformat(), **result.summary()}
        store.audit("import", "roster", file, None, summary)


def write_plain(
    store: Store,
    table: Table,
    on: date,
    today: date,
    file: str | None,
    progress: Progress | None = None,
    *,
    accept_renames: bool = False,
) -> tuple[list[Rejected], Planned]:
    """The plain path: read and check every row (repeats merged), then plan and write the
    children in the file's order, batch by batch. Inside ``store.bulk_write()``."""
    entries, rejects, _ = read_rows(table, on, today, progress)
    sink = partial(flush, store)
    planner = Planner(store, on, sink, progress, file, accept_renames=accept_renames)
    return rejects, _plan_all(planner, entries)


def _plan_all(planner: Planner, entries: Mapping[str, Entry]) -> Planned:
    for number, entry in entries.items():
        planner.add(number, entry)
    return planner.finish()


def sum_up(result: ImportResult, rejects: list[Rejected], planned: Planned) -> None:
    result.counts.update(
        inserted=planned.inserted,
        updated=planned.updated,
        unchanged=planned.unchanged,
        merged=planned.merged,
    )
    result.figures["moved"] = planned.moved
    result.changes = [shown_change(c) for c in planned.changes]
    result.rejects = [
        imports.Rejected(r.number, r.reason, r.raw, r.field) for r in (*rejects, *planned.rejects)
    ]
    result.warnings += planned.warnings


def shown_change(change: FieldChange) -> dict[str, Any]:
    """A changed field as the report lists it: labelled, a phone masked (``mask_phone``)."""
    mask = mask_phone if change.field == "guardian_phone" else None
    return {
        "child": change.child,
        "row": change.row,
        "field": change.field,
        "label": FIELD_LABELS.get(change.field, change.field),
        "old": mask(change.old) if mask and change.old else change.old,
        "new": mask(change.new) if mask and change.new else change.new,
    }
