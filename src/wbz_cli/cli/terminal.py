"""The one renderer: tables (rich), JSON and CSV on stdout; errors on stderr.

Masking of identity and phone numbers happens here, in ``masked``, for every format. Every
text shown on the terminal passes ``shown`` (tables) or ``printable`` (lines): control and
bidi characters from a file or the database become visible escapes, rich markup is text.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from wbz_cli.domain.printable import json_escaped, printable
from wbz_cli.domain.privacy import is_id_key, is_phone_key, mask_id, mask_phone

Formatter = Callable[[Any], str]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    show: Formatter | None = None  # turns the value into table text (labels, lists)
    justify: str = "left"
    wrap: bool = True  # False for codes, numbers and dates, which must stay on one line
    #: On a terminal too narrow for the table: 0 never left out; columns with higher numbers
    #: are left out first, equal numbers from the right. None: text columns 1, others 0.
    drop: int | None = None

    @property
    def whole(self) -> bool:
        """Never cut or folded in a table: codes, ID numbers, dates, amounts, counts, status
        (``wrap=False``, or a key that names one)."""
        return not self.wrap or _whole_key(self.key)

    @property
    def drop_rank(self) -> int:
        if self.drop is not None:
            return self.drop
        return 0 if self.whole else 1


#: Keys whose values a user types or compares as they are: never folded in a table.
_WHOLE_KEYS = frozenset(
    {"code", "child", "lead", "plan", "household", "id", "group", "status", "on", "month",
     "amount", "total", "count", "days", "days_overdue", "age", "gender", "risk"}
)  # fmt: skip
_WHOLE_SUFFIXES = ("_on", "_date", "_at", "_code", "_amount", "id_number", "phone", "_month")


def _whole_key(key: str) -> bool:
    return key in _WHOLE_KEYS or key.endswith(_WHOLE_SUFFIXES)


_PLAIN_TYPES = (str, int, float, bool, type(None))
_KEY_KINDS: dict[str, int] = {}  # key -> 1 ID number, 2 phone, 0 other


def _key_kind(key: Any) -> int:
    kind = _KEY_KINDS.get(key)
    if kind is None:
        text = str(key)
        kind = 1 if is_id_key(text) else 2 if is_phone_key(text) else 0
        _KEY_KINDS[key] = kind
    return kind


def masked(value: Any, reveal: bool) -> Any:
    """A copy of ``value`` with ID and phone numbers masked, at any depth, unless ``reveal``."""
    if reveal:
        return value
    if type(value) is dict or isinstance(value, Mapping):
        out = dict(value)  # plain values stay as they are; only masked and nested ones change
        for k, v in out.items():
            if isinstance(v, str):
                kind = _KEY_KINDS.get(k)
                if kind is None:
                    kind = _key_kind(k)
                if kind:
                    out[k] = mask_id(v) if kind == 1 else mask_phone(v)
            elif type(v) not in _PLAIN_TYPES:
                out[k] = masked(v, reveal)
        return out
    if isinstance(value, list | tuple):
        return [masked(v, reveal) for v in value]
    return value


_PLAIN_SET = frozenset(_PLAIN_TYPES)


def masked_rows(rows: list[Any], reveal: bool) -> list[Any]:
    """``[masked(row, reveal) for row in rows]``, quicker for the usual rows: dicts of plain
    values (and lists of plain values). The keys to mask are worked out once per set of keys,
    and a row with none of them is passed on as it is."""
    if reveal:
        return rows
    plans: dict[tuple[Any, ...], tuple[tuple[Any, int], ...]] = {}
    plain = _PLAIN_SET.issuperset
    out = []
    for row in rows:
        if type(row) is not dict:
            out.append(masked(row, reveal))
            continue
        if not plain(map(type, row.values())) and not all(
            type(v) in _PLAIN_SET or (type(v) is list and plain(map(type, v))) for v in row.values()
        ):
            out.append(masked(row, reveal))  # nested values: the general way
            continue
        keys = tuple(row)
        plan = plans.get(keys)
        if plan is None:
            plan = plans[keys] = tuple((k, kind) for k in keys if (kind := _key_kind(k)))
        if plan:
            row = dict(row)
            for k, kind in plan:
                v = row[k]
                if type(v) is str:
                    row[k] = mask_id(v) if kind == 1 else mask_phone(v)
        out.append(row)
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if hasattr(value, "value"):
        return value.value
    raise TypeError(type(value).__name__)


def dump_json(data: Any) -> str:
    """``data`` as JSON text; ``json_text`` for text that is written out."""
    if isinstance(data, list) and data and all(type(row) is dict for row in data):
        return _dump_rows(data)
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def json_text(data: Any) -> str:
    """``dump_json`` with every control, bidi and other invisible character a ``\\uXXXX``
    escape: the same data for a program, nothing that drives the terminal it is printed on."""
    return json_escaped(dump_json(data))


_NESTED = {dict, list, tuple}


def _dump_rows(rows: list[dict[str, Any]]) -> str:
    """The same text as ``json.dumps(rows, indent=2)``, but a flat row goes through the C
    encoder (which ``indent`` turns off): a 30,000-row listing is written in half the time."""
    flat = json.JSONEncoder(
        ensure_ascii=False, separators=(",\n    ", ": "), default=_json_default
    ).encode
    parts = []
    for row in rows:
        if not row:
            parts.append("  {}")
        elif any(type(v) in _NESTED for v in row.values()):
            text = json.dumps(row, ensure_ascii=False, indent=2, default=_json_default)
            parts.append("  " + text.replace("\n", "\n  "))
        else:
            parts.append("  {\n    " + flat(row)[1:-1] + "\n  }")
    return "[\n" + ",\n".join(parts) + "\n]"


def print_json(data: Any, reveal: bool = True) -> None:
    sys.stdout.write(json_text(masked(data, reveal)) + "\n")


def csv_safe(value: Any) -> str:
    """The one formula guard: text that a spreadsheet would run as a formula becomes text.

    Numbers are not text from a user: ``-5`` stays a number."""
    from wbz_cli.sheets.guard import neutralise

    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _plain(value)
    return neutralise(csv_plain(value))


def csv_plain(value: Any) -> str:
    """A value as a CSV field by the output contract: lists joined with ``;``, booleans 1/0,
    dates ISO, money with two decimals (tables keep 、 and 是/否, ``_plain``)."""
    if isinstance(value, list | tuple):
        return ";".join(csv_plain(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return _plain(value)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(_plain(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def print_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], reveal: bool) -> None:
    """CSV on stdout: on a terminal every field through ``printable``; redirected to a file
    or a pipe, the data as stored (formula guard only)."""
    field = _csv_shown if on_terminal() else csv_safe
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([field(c.key) for c in columns])
    for row in rows:
        row = masked(row, reveal)
        writer.writerow([field(row.get(c.key)) for c in columns])


def _csv_shown(value: Any) -> str:
    return printable(csv_safe(value), keep_lines=True)


def on_terminal() -> bool:
    """Whether stdout is a terminal (not a file or a pipe)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    reveal: bool,
    *,
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """A table that fits the terminal (``table_fit``): codes, dates, amounts and status whole,
    long text folded, the least important columns left out when even that is too wide (one
    dim line says which; ``wbz --wide`` keeps them all)."""
    from rich import box
    from rich.table import Table

    from wbz_cli.cli.table_fit import fit_columns

    cells = [
        [_cell(col, row.get(col.key)) for col in columns] for row in masked_rows(list(rows), reveal)
    ]
    out = console()
    fit = fit_columns(columns, cells, out.width, keep_all=WIDE.on)
    table = Table(
        title=shown(title),
        caption=shown(caption),
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    for index, width in zip(fit.kept, fit.widths, strict=True):
        col = columns[index]
        table.add_column(
            shown(col.label),
            justify=col.justify,  # type: ignore[arg-type]
            overflow="fold",
            no_wrap=col.whole,
            width=width,
        )
    for line in cells:
        table.add_row(*[line[i] for i in fit.kept])
    if fit.total > out.width:  # --wide, or nothing left to leave out: long lines, nothing cut
        saved = out.width
        out.width = fit.total
        try:
            out.print(table)
        finally:
            out.width = saved
    else:
        out.print(table)
    if fit.dropped:
        _say_dropped([columns[i].label for i in fit.dropped])


@dataclass
class _Wide:
    """``wbz --wide``: tables keep every column. Set by the root command for each run."""

    on: bool = False
    said: set[str] = field(default_factory=set)  # dropped-columns lines printed in this run


WIDE = _Wide()


def set_wide(on: bool) -> None:
    WIDE.on = on
    WIDE.said = set()


def _say_dropped(labels: Sequence[str]) -> None:
    """One dim line naming the columns left out, once per run (``wbz due`` prints a table per
    儿童主任)."""
    from rich.text import Text

    line = f"（窄屏省略列：{'、'.join(labels)}；{_wide_hint()}）"
    if line in WIDE.said:
        return
    WIDE.said.add(line)
    console().print(Text(printable(line), style="dim"), soft_wrap=True)


def _wide_hint() -> str:
    import click

    ctx = click.get_current_context(silent=True)
    command = ctx.command_path.partition(" ")[2] if ctx is not None else ""
    return f"用 wbz --wide {command} 显示全部" if command else "在命令前加 --wide 显示全部"


def _cell(col: Column, value: Any) -> str:
    return shown(col.show(value) if col.show else _plain(value))


def shown(text: str | None) -> Any:
    """Text for a rich table, title or cell: control and bidi characters escaped (line breaks
    kept, a cell may hold several lines), rich markup such as ``[red]`` shown as it is."""
    from rich.markup import escape

    return None if text is None else escape(printable(text, keep_lines=True))


def render(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    reveal: bool = False,
    title: str | None = None,
    empty: str = "没有符合条件的记录",
) -> None:
    """Print ``rows`` as a table, JSON array or CSV."""
    if fmt == "json":
        print_json(list(rows), reveal)
    elif fmt == "csv":
        print_csv(rows, columns, reveal)
    elif not rows:
        info(empty)
    else:
        print_table(rows, columns, reveal, title=title, caption=f"共 {len(rows)} 条")


def print_fields(pairs: Sequence[tuple[str, Any]], title: str | None = None) -> None:
    """Label/value pairs as a two-column table (a record on screen)."""
    from rich.table import Table

    table = Table(title=shown(title), show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for label, value in pairs:
        table.add_row(shown(label), shown(_plain(value)))
    console().print(table)


_CONSOLE: Any = None


def console() -> Any:
    global _CONSOLE
    if _CONSOLE is None:
        from rich.console import Console

        _CONSOLE = Console(highlight=False, soft_wrap=False)
    return _CONSOLE


def info(message: str) -> None:
    """A line for the user on stdout (table mode only); names and file names in it cannot
    drive the terminal (``printable``)."""
    sys.stdout.write(printable(message) + "\n")


def error(message: str) -> None:
    sys.stderr.write(f"错误：{printable(message)}\n")


def warn(message: str) -> None:
    sys.stderr.write(f"注意：{printable(message)}\n")


@contextmanager
def progress_bar(
    quiet: bool, description: str, total: int | None
) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr when it is a terminal and not --quiet; else a no-op."""
    if quiet or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)
        bar.update(task, completed=total)
