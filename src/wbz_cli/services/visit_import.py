"""Importing a child director's visit sheet (走访记录表): every row checked, then one transaction.

The sheet is read like a roster (``services.imports.open_sheet``: header found below title
rows, synonyms from ``data/visit_headers.json`` plus ``--mapping``, CSV encodings). Each row names
the child by 儿童编号 or 身份证号码 (姓名, when given, must match); the visit rules are those of
``wbz visit add`` (``services.visits``). A refused row does not stop the others; a visit
already on file (same child, day and mode) is counted as unchanged, so importing a sheet
twice adds nothing. A row with nothing filled in (no date, mode, notes, findings or action: a
child of a task sheet from ``wbz due --by worker`` not visited) is skipped and counted
(``skipped_blank``, in the counts only when there is one).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from wbz_cli.domain.children import normalise_name
from wbz_cli.domain.errors import InvalidInput, WbzError
from wbz_cli.domain.roster import cell_text, roster_date
from wbz_cli.services.imports import (
    ImportResult,
    Rejected,
    SheetSource,
    blame,
    open_sheet,
    refused,
)
from wbz_cli.services.visits import VisitItem, add_visits, validate_visits
from wbz_cli.sheets.table import SourceRow, Table
from wbz_cli.store import children as q
from wbz_cli.store import visits as vq
from wbz_cli.store.session import Store

REQUIRED = ("visited_on", "mode")
#: What a child director fills in for a visit: a row with none of them (a child of a task
#: sheet not visited) is skipped and counted, not refused.
FILLED_IN = ("visited_on", "mode", "notes", "problems", "action")
CHILD_KEYS = ("child_code", "id_number")
Progress = Callable[[int], None]


def open_visit_sheet(source: SheetSource) -> Table:
    """The sheet's table; refused when it has neither a 儿童编号 nor a 身份证号码 column."""
    table = open_sheet(source, "visit_headers.json", REQUIRED)
    if not any(key in table.columns for key in CHILD_KEYS):
        seen = "、".join(h for h in table.headers if h) or "（无）"
        raise InvalidInput(
            f"工作表“{table.sheet}”第 {table.header_row} 行的表头（{seen}）中没有"
            "“儿童编号”或“身份证号码”列：请至少加上其中一列，或用 --mapping 补充列名"
        )
    return table


def _text(cells: dict[str, object], key: str) -> str:
    return cell_text(cells.get(key))


def _left_blank(row: SourceRow) -> bool:
    return all(_text(row.cells, key) == "" for key in FILLED_IN)


def _item(row: SourceRow) -> VisitItem:
    """The row as a VisitItem; a WbzError when its child or date cannot be read."""
    cells = row.cells
    code, number = _text(cells, "child_code"), _text(cells, "id_number")
    if not code and not number:
        raise InvalidInput("儿童编号和身份证号码都为空：请至少填写其中一项")
    raw_day = cells.get("visited_on")
    with blame("visited_on"):
        if cell_text(raw_day) == "":
            raise InvalidInput("走访日期为空，请按 YYYY-MM-DD 填写")
        day = roster_date(raw_day, "走访日期")
    mode = _text(cells, "mode")
    with blame("mode"):
        if not mode:
            raise InvalidInput("走访方式为空：请填写入户、电话、微信、视频、到校或到站")
    problems = _text(cells, "problems")
    return VisitItem(
        child=code or number,
        mode=mode,
        on=day,
        worker=_text(cells, "worker") or None,
        notes=_text(cells, "notes") or None,
        problems=[problems] if problems else [],
        action=_text(cells, "action") or None,
        row=row.number,
    )


def _cross_check(store: Store, row: SourceRow, found: dict[str, object]) -> str | None:
    """Why the row's 身份证号码 or 姓名 disagrees with the child it names, else None."""
    cells = row.cells
    code, number = _text(cells, "child_code"), _text(cells, "id_number")
    who = f"{found['_code']}（{found['_name']}）"
    if code and number:
        other = q.find_child(store.conn, number)
        if other is None or int(other["id"]) != found["child_id"]:
            return f"儿童编号 {code} 与身份证号码不是同一名儿童，请核对"
    name = normalise_name(_text(cells, "name")) if _text(cells, "name") else ""
    if name and name != found["_name"]:
        return f"姓名“{name}”与 {who}的登记姓名不一致，请核对"
    return None


def import_visits(
    store: Store,
    table: Table,
    today: date,
    *,
    source: SheetSource,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of ``table``, opened from ``source`` by ``open_visit_sheet``; insert the
    good new visits in one transaction (none with ``dry_run``)."""
    result = ImportResult.of(table, source, "inserted", "unchanged", dry_run=dry_run)
    counts = result.counts
    candidates: list[tuple[SourceRow, VisitItem]] = []
    done = 0
    for row in table.rows():
        done += 1
        if progress is not None and done % 1000 == 0:
            progress(1000)
        if _left_blank(row):
            counts["skipped_blank"] = counts.get("skipped_blank", 0) + 1
            continue
        try:
            candidates.append((row, _item(row)))
        except WbzError as exc:
            result.rejects.append(refused(row.number, exc, row.raw))
    if progress is not None:
        progress(done % 1000)
    items = [item for _, item in candidates]
    checked, errors = validate_visits(store.conn, items, today)
    refusals = {e.index: e.message for e in errors}
    good: list[VisitItem] = []
    seen: set[tuple[object, ...]] = set()
    found = iter(checked)
    for index, (row, item) in enumerate(candidates):
        if index in refusals:
            result.rejects.append(Rejected(row.number, refusals[index], row.raw))
            continue
        visit = next(found)
        reason = _cross_check(store, row, visit)
        if reason is not None:
            result.rejects.append(Rejected(row.number, reason, row.raw))
            continue
        key = (visit["child_id"], visit["visited_on"], visit["mode"])
        # a visit voided since an earlier import of the sheet stays voided, not added again
        if key in seen or vq.same_visit(store.conn, *key, include_voided=True) is not None:
            counts["unchanged"] += 1
        else:
            counts["inserted"] += 1
        seen.add(key)
        good.append(item)
    result.rejects.sort(key=lambda r: r.number)
    if dry_run or not good:
        return result
    from wbz_cli.store.backup import auto_backup
    from wbz_cli.store.report_parts import report_tracking

    auto_backup(store.conn, "import")
    with store.write() as conn, report_tracking(conn, rows=len(good)):
        added = add_visits(store, good, today, skip_duplicates=True)
        counts.update(inserted=len(added.inserted), unchanged=added.duplicates)
        store.audit(
            "import",
            "visits",
            result.file,
            None,
            {"sheet": table.sheet, **result.summary()},
        )
    return result
