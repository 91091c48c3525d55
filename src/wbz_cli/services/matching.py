"""Matching a department's list against the register, and recording what the user confirms.

``run_match`` reads the list once (rows validated in ``domain/listrow.py``), loads the register
once (``store/matching.py``: dictionaries by ID number) and applies the rules of
``domain/matching.py``; nothing is written. ``apply`` records the confirmed proposals (category
periods added or ended through ``services.children._change_categories``, guardians'
situations) in one transaction, each with an audit row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from wbz_cli.domain.enums import Category, GuardianSituation
from wbz_cli.domain.errors import RuleViolation, WbzError
from wbz_cli.domain.idnumber import number_of
from wbz_cli.domain.listrow import (
    ListPerson,
    list_row_parser,
    raw_id_text,
    unmatched_row,
)
from wbz_cli.domain.match_report import (
    ADD,
    COMPLETE_KINDS,
    END,
    KIND_CATEGORY,
    SITUATION,
    ListKind,
    MatchReport,
    Proposal,
)
from wbz_cli.domain.matching import match
from wbz_cli.services.imports import ImportResult, Rejected, SheetSource, open_sheet
from wbz_cli.sheets.table import Table
from wbz_cli.store import matching as q
from wbz_cli.store.session import Store

REQUIRED = ("name", "id_number")
T = TypeVar("T")
Progress = Callable[[int], None]


def open_list(source: SheetSource) -> Table:
    """The list's table: a 姓名 and a 身份证号码 column."""
    return open_sheet(source, "match_headers.json", REQUIRED, min_found=2)


def read_persons(
    table: Table,
    on: date,
    progress: Progress | None = None,
    rows: Iterable[tuple[int, list[object]]] | None = None,
) -> Iterator[ListPerson | dict[str, Any]]:
    """Each data row (of ``rows``, by default ``table.raw_rows()``) as a person, or as an
    unmatched-row dict with the reason."""
    parse = list_row_parser(table.columns, on)
    done = 0
    for number, raw in table.raw_rows() if rows is None else rows:
        done += 1
        if progress is not None and done % 1000 == 0:
            progress(1000)
        try:
            yield parse(number, raw)
        except WbzError as exc:
            cells = table.cells(raw)
            name = str(cells.get("name") or "").strip()
            yield unmatched_row(number, name, raw_id_text(cells), exc.message)
    if progress is not None:
        progress(done % 1000)


def run_match(
    store: Store,
    table: Table,
    kind: ListKind,
    on: date,
    *,
    source: SheetSource,
    complete: bool = False,
    progress: Progress | None = None,
) -> tuple[MatchReport, ImportResult]:
    """The report of the list in ``table`` (opened from ``source`` by ``open_list``), and the
    same as every import's result: the rows that cannot be matched are its refused rows, the
    proposals its changes (nothing is written: ``dry_run`` until ``apply``).

    The register is read (SQLite, in a thread) while the list's rows are checked (Python):
    by the ID numbers the rows would have if valid, of which only the valid ones are kept."""
    category = KIND_CATEGORY[kind] if complete and kind in COMPLETE_KINDS else None
    rows = list(table.raw_rows())
    at = table.columns.get("id_number")
    guessed = {number_of(raw[at]) for _, raw in rows if at is not None and at < len(raw)}
    found = _in_thread(
        q.fetch_register,
        store.conn,
        on.isoformat(),
        guessed,
        category.value if category else None,
    )
    persons = list(read_persons(table, on, progress, rows))
    numbers = {p.info.number for p in persons if isinstance(p, ListPerson)}
    register = q.build_register(found(), numbers)
    report = match(kind, on, register, persons, complete=complete)
    result = ImportResult.of(table, source, dry_run=True)
    result.counts.update(
        (k, v) for k, v in report.summary().items() if type(v) is int and k != "unmatched"
    )
    refused = {u["row"]: u["reason"] for u in report.unmatched}
    result.rejects = [Rejected(n, refused[n], raw) for n, raw in rows if n in refused]
    result.changes = [proposal_row(p) for p in report.changes]
    return report, result


def proposal_row(p: Proposal) -> dict[str, Any]:
    """A proposal as the report's ``changes`` list shows it."""
    return {
        "no": p.no,
        "row": p.row or None,
        "code": p.code,
        "name": p.name,
        "action": p.action,
        "category": p.category,
        "situation": p.situation,
        "reason": p.reason,
        "applicable": p.applicable,
    }


def _in_thread(work: Callable[..., T], *args: Any) -> Callable[[], T]:
    """Start ``work(*args)`` in a thread; the returned function waits for its result (or
    raises its error). SQLite leaves Python's lock while it runs a query."""
    import threading

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work(*args)
        except BaseException as exc:  # handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=run, name="wbz-match-register", daemon=True)
    thread.start()

    def result() -> T:
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["value"]

    return result


class Applied(NamedTuple):
    """What ``apply`` recorded: proposals, and screenings of the people not registered."""

    changes: int
    screenings: int


def apply(
    store: Store,
    report: MatchReport,
    chosen: Sequence[Proposal],
    on: date,
    today: date,
    source: str,
    listed: Sequence[dict[str, Any]] = (),
) -> Applied:
    """Record ``chosen`` proposals, and the ``listed`` people not registered (the report's
    candidates) as screenings to follow up, in one transaction."""
    from wbz_cli.services.children import _change_categories
    from wbz_cli.services.screenings import follow_up_days, screen_listed
    from wbz_cli.store import children as cq
    from wbz_cli.store.children import require_child
    from wbz_cli.store.session import now_text

    if on > today:
        raise RuleViolation(f"生效日期 {on.isoformat()} 晚于今天 {today.isoformat()}，请核对")
    iso = on.isoformat()
    done = 0
    with store.write() as conn:
        for p in chosen:
            if p.action == SITUATION:
                _set_situation(store, conn, p)
                done += 1
                continue
            if p.action not in (ADD, END) or p.category is None:
                continue
            row = require_child(conn, p.code)
            if iso < row["registered_on"]:
                raise RuleViolation(
                    f"{row['code']} 的登记日期 {row['registered_on']} 晚于生效日期 {iso}，"
                    "请用 --on 指定更晚的日期"
                )
            cat = Category.parse(p.category)
            add = (cat,) if p.action == ADD else ()
            end = (cat,) if p.action == END else ()
            birth = date.fromisoformat(row["birth_date"])
            _change_categories(store, conn, row, birth, on, add, end, None)
            cq.update(conn, "children", int(row["id"]), {"updated_at": now_text()})
            done += 1
        screened = screen_listed(store, conn, list(listed), on, follow_up_days(store))
        store.audit(
            "match_apply",
            "match",
            Path(source).name if source else None,
            None,
            {"kind": report.kind.value, "on": iso, "applied": done, "proposed": len(chosen),
             "screenings": screened},
        )  # fmt: skip
    return Applied(done, screened)


def _set_situation(store: Store, conn: Any, p: Proposal) -> None:
    assert p.guardian_id is not None and p.situation is not None
    g = q.guardian(conn, p.guardian_id)
    if g is None:  # removed since the report was made
        raise RuleViolation(f"监护人记录已不存在（{p.reason}），请重新运行 wbz match")
    GuardianSituation.parse(p.situation)
    q.set_guardian_situation(conn, p.guardian_id, p.situation)
    store.audit(
        "update",
        "guardian",
        f"{g['household']}/{g['id']}",
        {"situation": g["situation"]},
        {"situation": p.situation, "source": "match"},
    )
