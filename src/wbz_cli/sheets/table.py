"""A sheet whose header row is found (``sheets.reader.open_table``): which column holds which
field, and its data rows, blank and footer rows (合计, 填表人, 审核人 ...) skipped."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from wbz_cli.sheets.limits import column_letters

FOOTER_MARKERS = (
    "合计",
    "总计",
    "小计",
    "共计",
    "填表人",
    "填报人",
    "审核人",
    "制表",
    "负责人",
    "经办人",
    "单位负责人",
    "填表日期",
    "填报日期",
    "注:",
    "备注:",
    "说明:",
)
#: The markers, and each with a half-width colon (after NFKC, ``：`` is ``:``).
_FOOTER_STARTS = FOOTER_MARKERS + tuple(m.rstrip(":") + ":" for m in FOOTER_MARKERS)


class SourceRow(NamedTuple):
    """One data row (a NamedTuple: cheap to make 100,000 times)."""

    number: int  # 1-based row in the sheet
    cells: dict[str, object]  # field key -> raw value
    raw: list[object]  # every original cell


@dataclass
class Table:
    """A sheet with its header found: which column holds which field, and the data rows."""

    sheet: str
    header_row: int  # 1-based
    columns: dict[str, int]  # field key -> 0-based column index
    headers: list[str]  # the header row's original texts
    unknown_headers: list[str]
    _rows: Iterator[tuple[int, list[object]]] = field(repr=False)
    size: int | None = None  # data rows below the header, blank and footer rows included
    #: Non-empty cells of the data rows read so far, by 0-based column, for each column that
    #: holds no field (an unknown header, or none): what the import leaves out.
    left_out: dict[int, int] = field(default_factory=dict, repr=False)
    #: The workbook's other sheets with a header like this one's: (sheet, data rows), read
    #: when called (``sheets.reader.open_table``).
    others: Callable[[], list[tuple[str, int]]] = field(default=lambda: [], repr=False)

    def rows(self) -> Iterator[SourceRow]:
        """The data rows below the header; blank and footer rows skipped. Read once."""
        columns = list(self.columns.items())
        last = max(self.columns.values(), default=-1)
        for number, raw in self.raw_rows():
            if len(raw) > last:  # every column there: no check per cell
                cells = {key: raw[i] for key, i in columns}
            else:
                width = len(raw)
                cells = {key: (raw[i] if i < width else "") for key, i in columns}
            yield SourceRow(number, cells, raw)

    def cells(self, raw: Sequence[object]) -> dict[str, object]:
        """One row's cells by field key, as ``rows()`` gives them."""
        width = len(raw)
        return {key: (raw[i] if i < width else "") for key, i in self.columns.items()}

    def raw_rows(self) -> Iterator[tuple[int, list[object]]]:
        """``rows()`` as (row number, original cells), without the cells by field. The
        non-empty cells of the columns holding no field are counted (``left_out``)."""
        used = set(self.columns.values())
        watched = [i for i in range(len(self.headers)) if i not in used]
        width = len(self.headers)
        counts = self.left_out
        for number, raw in self._rows:
            if is_skipped(raw):
                continue
            for i in watched:
                if i < len(raw) and _filled(raw[i]):
                    counts[i] = counts.get(i, 0) + 1
            if len(raw) > width:  # cells right of the header (a CSV row longer than it)
                for i in range(width, len(raw)):
                    if _filled(raw[i]):
                        counts[i] = counts.get(i, 0) + 1
            yield number, raw

    def unrecognised(self) -> list[dict[str, object]]:
        """The columns the import leaves out, by the rows read so far: each column with a
        header no field knows, and each without a header but with cells; its letter, its
        header (empty when it has none) and how many non-empty cells it holds."""
        used = set(self.columns.values())
        named = {i for i, h in enumerate(self.headers) if h and i not in used}
        return [
            {
                "column": column_letters(i + 1),
                "header": self.headers[i] if i < len(self.headers) else "",
                "non_empty": self.left_out.get(i, 0),
            }
            for i in sorted(named | self.left_out.keys())
        ]


def _filled(cell: object) -> bool:
    if cell is None:
        return False
    return bool(cell.strip()) if isinstance(cell, str) else True


def is_skipped(raw: Sequence[object]) -> bool:
    """A blank row, or a footer row (合计, 填表人 ...): its first cell that is not blank is text
    starting with a footer marker."""
    for cell in raw:
        if cell is None:
            continue
        if not isinstance(cell, str):
            return False
        if cell.strip():
            text = unicodedata.normalize("NFKC", cell).replace(" ", "").replace("\u3000", "")
            return text.startswith(_FOOTER_STARTS)
    return True
