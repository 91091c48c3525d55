"""What the four spreadsheet imports share (``import roster``, ``visit import``, ``subsidy
import``, ``match``): the sheet they open (file, ``--sheet``, ``--encoding``, ``--mapping``),
the refused rows, one result with one JSON report shape, and one ``--errors`` file layout.

Each import opens its file here (``open_sheet``: its header synonyms, extended by the
station's ``--mapping``, and the columns it requires), checks and writes the rows in its own
module, and returns an ``ImportResult``. The report (``ImportResult.report``) has the same
keys for all four: file, sheet, header_row, dry_run, counts, changes, rejected (row, field,
reason), unrecognised_columns and warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from wbz_cli.domain.errors import WbzError
from wbz_cli.domain.printable import printable
from wbz_cli.services.headers import header_fields, packaged_headers
from wbz_cli.sheets.reader import Table, open_table, open_tables

T = TypeVar("T")


@dataclass(frozen=True)
class SheetSource:
    """The file an import reads, as the user named it: path, ``--sheet``, ``--encoding``,
    ``--mapping`` (a JSON file of extra header names)."""

    path: Path
    sheet: str | None = None
    encoding: str | None = None
    mapping: Path | None = None


@dataclass(frozen=True)
class Rejected:
    """A refused row: its number in the sheet, why, and its original cells (None until read
    again, for a roster's rows refused late); ``field`` when one field is to blame."""

    number: int
    reason: str
    raw: list[object] | None
    field: str | None = None
    sheet: str | None = None  # with rows of several sheets (``import roster --all-sheets``)

    @property
    def row(self) -> int | str:
        """The row as reports name it: its number, or ``sheet!number`` among several sheets."""
        return f"{self.sheet}!{self.number}" if self.sheet else self.number


class FieldRefused(WbzError):
    """A row refused because of one of its fields (``field``: its key in the headers file)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@contextmanager
def blame(field: str) -> Iterator[None]:
    """A refusal raised inside is ``field``'s (the first field named keeps it)."""
    try:
        yield
    except FieldRefused:
        raise
    except WbzError as exc:
        raise FieldRefused(field, exc.message) from None


def refused(number: int, exc: WbzError, raw: list[object] | None) -> Rejected:
    """Row ``number`` refused by ``exc``, with the field to blame when it is known."""
    return Rejected(number, exc.message, raw, exc.field if isinstance(exc, FieldRefused) else None)


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do) with a sheet.

    ``counts``: the import's own figures in the order its summary shows them (inserted,
    updated, unchanged ...); ``totals``: money and other non-count figures (``amount_yuan``);
    ``changes``: what the import changes or proposes, one dict per item; ``figures``: counts
    the report adds to ``counts`` (the audit log's summary keeps its keys)."""

    file: str
    sheet: str
    header_row: int
    headers: list[str]
    unknown_headers: list[str]
    dry_run: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    totals: dict[str, str] = field(default_factory=dict)
    rejects: list[Rejected] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)
    #: The table read: its columns left out are counted as its rows are read.
    table: Table | None = field(default=None, repr=False)
    #: The workbook's other sheets with a header like the one read, not imported: each one's
    #: name and data rows (``{"sheet": ..., "rows": ...}``).
    other_sheets: list[dict[str, Any]] = field(default_factory=list)
    #: The columns left out, for a result not of one table (several sheets'): as
    #: ``unrecognised`` gives them.
    left_out: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, table: Table, source: SheetSource, *counts: str, dry_run: bool) -> ImportResult:
        """An empty result for ``table`` of ``source``, each of ``counts`` at 0."""
        return cls(
            source.path.name,
            table.sheet,
            table.header_row,
            table.headers,
            table.unknown_headers,
            dry_run,
            dict.fromkeys(counts, 0),
            table=table,
            other_sheets=[{"sheet": name, "rows": rows} for name, rows in table.others()],
        )

    def unrecognised(self) -> list[dict[str, Any]]:
        """The columns whose non-empty cells were not imported: column letter, header, how
        many non-empty cells (``Table.unrecognised``)."""
        return self.table.unrecognised() if self.table is not None else self.left_out

    def summary(self) -> dict[str, Any]:
        """The figures: the counts, then ``rejected``, then the totals (the import's audit row;
        the report's ``counts`` add ``figures``)."""
        return {**self.counts, "rejected": len(self.rejects), **self.totals}

    def report(self) -> dict[str, Any]:
        """The report of every import (``--format json``), the same keys for all four."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "dry_run": self.dry_run,
            "counts": {**self.summary(), **self.figures},
            "changes": self.changes,
            "rejected": [
                {"row": r.row, "field": r.field, "reason": r.reason} for r in self.rejects
            ],
            "unrecognised_columns": self.unrecognised(),
            "warnings": self.warnings,
            "other_sheets": self.other_sheets,
        }

    def error_rows(self) -> tuple[list[str], list[list[object]]]:
        """The ``--errors`` file of every import: 原行号, 原因, then the sheet's own columns
        with each refused row's original cells, control and bidi characters made visible as
        on screen (the formula guard is the writer's)."""
        rows = [[r.row, _plain(r.reason), *map(_plain, r.raw or ())] for r in self.rejects]
        return ["原行号", "原因", *(printable(h, keep_lines=True) for h in self.headers)], rows


def open_sheets(source: SheetSource, headers_file: str, required: Collection[str]) -> list[Table]:
    """Every sheet of ``source`` with a header (``open_sheet``'s), in the workbook's order."""
    fields = header_fields(source.mapping, packaged_headers(headers_file))
    return open_tables(source.path, fields=fields, required=required, encoding=source.encoding)


def open_sheet(
    source: SheetSource,
    headers_file: str,
    required: Collection[str],
    *,
    min_found: int | None = None,
) -> Table:
    """``source``'s table, its header found by the synonyms of ``wbz_cli/data/headers_file``
    extended by ``--mapping``; refused (InvalidInput) when a ``required`` column is missing."""
    fields = header_fields(source.mapping, packaged_headers(headers_file))
    return open_table(
        source.path,
        fields=fields,
        required=required,
        sheet=source.sheet,
        encoding=source.encoding,
        min_found=min_found,
    )


def _plain(value: object) -> object:
    """Whole numbers as Excel shows them (序号 78, not 78.0); long ones stay as read; text
    through ``printable`` (an ESC or U+202E in a cell is written as ``\\x1b``, ``\\u202e``)."""
    if isinstance(value, str):
        return printable(value, keep_lines=True)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def with_progress(rows: Iterable[T], progress: Callable[[int], None] | None) -> Iterator[T]:
    """``rows`` one by one, telling ``progress`` every 1,000 rows and at the end."""
    done = 0
    for row in rows:
        done += 1
        if progress is not None and done % 1000 == 0:
            progress(1000)
        yield row
    if progress is not None:
        progress(done % 1000)
