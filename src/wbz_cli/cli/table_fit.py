"""How a table fits the terminal: which columns stay, and how wide each one is.

Codes, ID numbers, dates, amounts, counts and status (``Column.whole``) keep their full width;
text columns share what is left and fold, each down to its header or ``TEXT_MIN`` cells. When
even that is too wide, columns are left out: the highest ``Column.drop_rank`` first, equal
ranks from the right; a column of rank 0 is never left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.cells import cell_len


class Column(Protocol):
    """What fitting needs of a ``terminal.Column``."""

    @property
    def label(self) -> str: ...
    @property
    def whole(self) -> bool: ...
    @property
    def drop_rank(self) -> int: ...


#: The narrowest a folded text column gets (unless its header is wider): three Chinese
#: characters or eight letters a line: a code such as C000123 in a text stays whole.
TEXT_MIN = 8
#: A header wider than this folds rather than widening its text column (except with --wide).
HEADER_MAX = 12
#: Cells each column adds besides its text: the gap before the next column and the table's
#: edge (rich's SIMPLE_HEAD box with collapsed padding, as ``print_table`` draws it).
GAP = 2


@dataclass(frozen=True)
class Fit:
    kept: tuple[int, ...]  # indexes of the columns shown, in their order
    widths: tuple[int, ...]  # the text width of each column kept
    dropped: tuple[int, ...]  # indexes of the columns left out, in the order left out
    total: int  # the table's width in cells, gaps and edges included


def fit_columns(
    columns: Sequence[Column], cells: Sequence[Sequence[str]], width: int, *, keep_all: bool
) -> Fit:
    """The columns of a table of ``cells`` (one list per row, one text per column) that fit
    ``width`` cells; ``keep_all`` (``--wide``) leaves none out, however wide the table."""
    full = [
        max([cell_len(col.label), *(_widest(row[i]) for row in cells)])
        for i, col in enumerate(columns)
    ]
    header_max = cell_len if keep_all else lambda label: min(cell_len(label), HEADER_MAX)
    least = [
        full[i] if col.whole else min(full[i], max(header_max(col.label), TEXT_MIN))
        for i, col in enumerate(columns)
    ]
    kept = list(range(len(columns)))
    dropped: list[int] = []
    while not keep_all and sum(least[i] + GAP for i in kept) > width:
        candidates = [i for i in kept if columns[i].drop_rank > 0]
        if not candidates:
            break
        victim = max(candidates, key=lambda i: (columns[i].drop_rank, i))
        kept.remove(victim)
        dropped.append(victim)
    texts = [i for i in kept if not columns[i].whole]
    room = width - sum(full[i] + GAP for i in kept if columns[i].whole) - GAP * len(texts)
    widths = {i: full[i] for i in kept if columns[i].whole}
    widths.update(_share(room, texts, least, full))
    shown = tuple(widths[i] for i in kept)
    return Fit(tuple(kept), shown, tuple(dropped), sum(shown) + GAP * len(kept))


def _widest(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def _share(room: int, texts: list[int], least: list[int], full: list[int]) -> dict[int, int]:
    """``room`` cells shared by the text columns: each at least ``least``, at most ``full``;
    the narrow ones get all they need, the rest is split evenly among the wide ones."""
    widths: dict[int, int] = {}
    left = room
    ordered = sorted(texts, key=lambda i: full[i])
    for n, i in enumerate(ordered):
        share = left // (len(ordered) - n) if left > 0 else 0
        widths[i] = max(least[i], min(full[i], share))
        left -= widths[i]
    return widths
