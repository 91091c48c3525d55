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
The writes are one transaction: if anything fails while writing, nothing is written (a bulk
load writes it with a rollback journal instead of WAL: store.db.rollback_journal). They
begin while the file is still being read (services/roster_write.py): a child's writes are
planned once LAG rows past its first row show no repeat of it, and the child is then
forgotten (a big file's children are never all in memory); should a repeat come later after
all, what was written is rolled back (a savepoint) and the file is read again and written whole.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from wbz_cli.domain.errors import WbzError
from wbz_cli.domain.idnumber import forget_checked
from wbz_cli.domain.roster import merge_rows
from wbz_cli.domain.roster_fast import RowParser
from wbz_cli.services import imports
from wbz_cli.services.gc_pause import collector_paused
from wbz_cli.services.headers import header_fields as extend_headers
from wbz_cli.services.headers import packaged_headers
from wbz_cli.services.imports import ImportResult, SheetSource, open_sheet
from wbz_cli.services.roster_write import (
    Entry,
    Planned,
    Planner,
    Progress,
    Rejected,
    Sink,
    Writer,
    flush,
)
from wbz_cli.sheets.reader import Table
from wbz_cli.store.session import Store

__all__ = ["Rejected", "header_fields", "import_roster", "open_roster"]

REQUIRED = ("name", "id_number", "categories")
#: SQLite's page cache during an import: the indexes written at random places (ID numbers,
#: birth dates: some 3 MB each per 100,000 children) stay in memory; the rest is written out
#: as it fills. 32 MB was no faster (paired runs) and peaked 15-30 MB higher.
CACHE_KB = 16 * 1024
LAG = 5_000  # rows read past a child's first row before its writes begin


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
    parse = RowParser(table.columns, on=on, today=today).parse  # = parse_roster_row, faster
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


def _fill_raws(result: ImportResult, reopen: Callable[[], Table]) -> None:
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
    progress: Progress | None = None,
) -> ImportResult:
    """Import the rows of ``table``, opened from ``source`` by ``open_roster`` (see the module
    docstring); with ``dry_run`` write nothing.

    The file is opened again to read it again when a repeat came too late to be merged, and
    to report the original cells of rows refused late."""
    result = ImportResult.of(
        table, source, "inserted", "updated", "unchanged", "merged", dry_run=dry_run
    )
    # A big roster makes millions of objects and no reference cycles (most of a second of
    # collector time for 100,000 rows).
    with collector_paused():
        try:
            _import(
                store, table, result, on, today, str(source.path), progress,
                partial(open_roster, source),
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
) -> None:
    if result.dry_run:
        entries, rejects, _ = read_rows(table, on, today, progress)
        _sum_up(result, rejects, _plan_all(store, entries, on, None, progress))
        _fill_raws(result, reopen)
        return
    from wbz_cli.store.backup import auto_backup
    from wbz_cli.store.db import rollback_journal
    from wbz_cli.store.report_parts import bulk_load, report_tracking

    auto_backup(store.conn, "import")  # a copy of the database before the import changes it
    file = Path(source).name if source else None
    with (
        _references_unchecked(store),
        rollback_journal(store.conn) if bulk_load(table.size) else nullcontext(),
        store.write() as conn,
        report_tracking(conn, rows=table.size),
    ):
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")  # the indexes stay in memory
        conn.execute("SAVEPOINT roster_import")
        planner = Planner(store, on, None, progress, file)
        # The writes of the first children overlap the reading of the rest of the file.
        with Writer(store) as writer:
            planner.sink = writer
            _, rejects, late = read_rows(table, on, today, progress, planner.add)
            planned = planner.out if late else planner.finish()
            writer.close(drop=late)
        if late:  # a repeat came after its child was written: read again, write the whole
            conn.execute("ROLLBACK TO roster_import")
            entries, rejects, _ = read_rows(reopen(), on, today)
            planned = _plan_all(store, entries, on, partial(flush, store), progress, file)
        conn.execute("RELEASE roster_import")
        _sum_up(result, rejects, planned)
        store.audit(
            "import",
            "roster",
            file,
            None,
            {"sheet": table.sheet, "on": on.isoformat(), **result.summary()},
        )
    _fill_raws(result, reopen)


@contextmanager
def _references_unchecked(store: Store) -> Iterator[None]:
    """Foreign keys not enforced by SQLite during the import's transaction (set outside it: the
    pragma does nothing inside one). Every id the import writes is one it has just inserted
    (a new child's household, case, risk and categories are made from one staged row) or one
    of a child read from the register in the same transaction; checking them costs a lookup
    per written row, some 0.3 s of a 100,000-row import."""
    store.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        store.conn.execute("PRAGMA foreign_keys = ON")


def _plan_all(
    store: Store,
    entries: Mapping[str, Entry],
    on: date,
    sink: Sink | None,
    progress: Progress | None,
    file: str | None = None,
) -> Planned:
    planner = Planner(store, on, sink, progress, file)
    for number, entry in entries.items():
        planner.add(number, entry)
    return planner.finish()


def _sum_up(result: ImportResult, rejects: list[Rejected], planned: Planned) -> None:
    result.counts.update(
        inserted=planned.inserted,
        updated=planned.updated,
        unchanged=planned.unchanged,
        merged=planned.merged,
    )
    result.rejects = [
        imports.Rejected(r.number, r.reason, r.raw) for r in (*rejects, *planned.rejects)
    ]
