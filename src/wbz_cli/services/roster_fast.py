"""The fast path of a roster import: the first children are written while the rest of the file
is still being read.

``FastRosterStrategy.write`` gives what the plain path gives (``services.roster.write_plain``:
read every row, then plan and write the children in order): the same rows, in the same order,
the same refusals. The difference is when the writes run. The reader hands a child to the
planner once LAG rows past its first row show no repeat of it (``services.roster.read_rows``);
each batch the planner makes is written by one worker thread (``concurrent.futures``, in
order) while the main thread reads on: SQLite lets go of the GIL while a statement runs, so
the writing and the reading overlap. Should a repeat of a child come after its writes after
all, ``RepeatTooLate`` is raised: the caller's transaction is rolled back, and the file is
imported again by the plain path.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from types import TracebackType

from wbz_cli.services import roster_write
from wbz_cli.services.roster_write import Audit, Entry, Planned, Planner, Progress, Rejected
from wbz_cli.sheets.reader import Table
from wbz_cli.store import roster as q
from wbz_cli.store.session import Store

#: services.roster.read_rows with its dates given: (table, progress, ready) -> (entries left,
#: refused rows, whether a repeat came too late)
ReadRows = Callable[..., tuple[dict[str, Entry], list[Rejected], bool]]


class RepeatTooLate(Exception):
    """A child's repeat came after the child was written: the writes are not what the file
    says, and the transaction must be rolled back."""


class FastRosterStrategy:
    """Writes a roster's children while reading it (see the module docstring). Runs inside
    the caller's ``store.bulk_write()``."""

    def __init__(
        self,
        store: Store,
        on: date,
        file: str | None,
        progress: Progress | None = None,
        *,
        accept_renames: bool = False,
    ) -> None:
        self.store, self.on, self.file, self.progress = store, on, file, progress
        self.accept_renames = accept_renames

    def write(self, table: Table, read_rows: ReadRows) -> tuple[list[Rejected], Planned]:
        planner = Planner(
            self.store, self.on, None, self.progress, self.file,
            accept_renames=self.accept_renames,
        )  # fmt: skip
        with BatchWriter(self.store) as writer:
            planner.sink = writer
            _, rejects, late = read_rows(table, progress=self.progress, ready=planner.add)
            if late:
                raise RepeatTooLate
            planned = planner.finish()
        return rejects, planned


class BatchWriter:
    """Writes the batches it is given, in order, in one worker thread; the caller must not use
    the connection until the block ends. Leaving the block by an exception drops the batches
    not yet written and waits for the one being written, so that the transaction is rolled
    back only once nothing else runs on the connection. After a failed batch none is written
    (SQLite may have ended the transaction: a later write would stand on its own)."""

    AHEAD = 3  # batches planned ahead of the writer at most: bounds the memory

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="roster-writer")
        self._pending: deque[Future[None]] = deque()
        self._stop = False

    def __call__(self, batch: q.Batch, audits: list[Audit]) -> None:
        self._pending.append(self._pool.submit(self._write, batch, audits))
        while len(self._pending) > self.AHEAD:
            self._pending.popleft().result()  # raises here what the writer raised

    def _write(self, batch: q.Batch, audits: list[Audit]) -> None:
        if self._stop:
            return
        try:
            roster_write.flush(self.store, batch, audits)
        except BaseException:
            self._stop = True
            raise

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None:
            self._stop = True
        interrupted = False
        while True:  # the connection is in use until the worker has stopped
            try:
                self._pool.shutdown(wait=True)
                break
            except KeyboardInterrupt:
                interrupted, self._stop = True, True
        if interrupted:
            raise KeyboardInterrupt
        if exc is None:
            for done in self._pending:
                done.result()
