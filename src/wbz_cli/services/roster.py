"""Importing a roster: every row validated, then one transaction of batched writes.

What happens to each data row:
- valid and new: a child is registered (household, guardian, case, categories, risk, audit);
- valid and already on file (same ID number): changed fields are updated (with an audit row),
  identical rows are left unchanged. A blank cell never clears what is on file, and a
  category missing from the roster is not ended (use ``wbz update --end-category``);
- the same child again later in the file: merged into the first row (blanks filled,
  categories added); when the rows disagree on a field, every row of that child is refused;
- invalid: refused with its reason; it does not stop the other rows.
The writes are one transaction: if anything fails while writing, nothing is written.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from wbz_cli.domain.children import category_expires_on, check_category_age
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import InvalidInput, WbzError
from wbz_cli.domain.roster import NO_CATEGORY, RosterChild, merge_rows
from wbz_cli.domain.roster_fast import RowParser
from wbz_cli.services.children import now_text
from wbz_cli.sheets.reader import Table
from wbz_cli.store import roster as q
from wbz_cli.store.session import Store

REQUIRED = ("name", "id_number", "categories")
CHUNK = 10_000  # children per batch of writes: bounds the memory of a big import
CACHE_KB = 64 * 1024
Progress = Callable[[int], None]


@lru_cache(maxsize=1)
def default_headers() -> dict[str, list[str]]:
    """The packaged header synonyms (wbz_cli/data/roster_headers.json)."""
    text = resources.files("wbz_cli").joinpath("data/roster_headers.json").read_text("utf-8")
    data = json.loads(text)
    return {k: list(v) for k, v in data.items() if not k.startswith("_")}


def header_fields(
    mapping: Path | None = None, defaults: Mapping[str, list[str]] | None = None
) -> dict[str, list[str]]:
    """Synonyms by field (``defaults``: the roster's), extended by a station's own JSON file
    ``{"field": ["列名", ...]}``."""
    fields = {k: list(v) for k, v in (defaults or default_headers()).items()}
    if mapping is None:
        return fields
    try:
        extra = json.loads(mapping.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InvalidInput(f"找不到列名对照文件“{mapping}”") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"列名对照文件“{mapping.name}”不是有效的 JSON（{exc}）："
            '格式如 {"community": ["所属村居"], "id_number": ["身份证"]}'
        ) from None
    if not isinstance(extra, dict):
        raise InvalidInput('列名对照文件应为 JSON 对象，如 {"community": ["所属村居"]}')
    for key, synonyms in extra.items():
        if key.startswith("_"):
            continue
        if key not in fields:
            raise InvalidInput(f"列名对照文件中的字段“{key}”不存在，可用字段：{'、'.join(fields)}")
        items = [synonyms] if isinstance(synonyms, str) else synonyms
        if not isinstance(items, list) or not all(isinstance(s, str) for s in items):
            raise InvalidInput(f"列名对照文件中“{key}”的值应为列名列表")
        fields[key] = [*items, *fields[key]]
    return fields


@dataclass(frozen=True)
class Rejected:
    number: int  # the row in the sheet
    reason: str
    raw: list[object] | None  # None until read again (see _fill_raws)


@dataclass
class ImportResult:
    sheet: str
    header_row: int
    headers: list[str]
    unknown_headers: list[str]
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    rejects: list[Rejected] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "rejected": len(self.rejects),
        }


@dataclass(slots=True)
class _Entry:
    """A child of the file: its (merged) row, the sheet rows it came from, disagreements.

    The rows' original cells are not kept (a big import would hold them all in memory); the
    few that a late refusal needs are read again from the file (``_fill_raws``)."""

    child: RosterChild
    first: int
    more: list[int] | None = None
    conflict: list[str] | None = None

    @property
    def numbers(self) -> list[int]:
        return [self.first, *(self.more or ())]


def read_rows(
    table: Table, on: date, today: date, progress: Progress | None = None
) -> tuple[dict[str, _Entry], list[Rejected]]:
    """Validate every row; group valid rows by ID number (merging repeats)."""
    entries: dict[str, _Entry] = {}
    rejects: list[Rejected] = []
    done = 0
    parse = RowParser(table.columns, on=on, today=today).parse  # = parse_roster_row, faster
    for row_number, raw in table.raw_rows():
        done += 1
        if progress is not None and done % 1000 == 0:
            progress(1000)
        try:
            child = parse(raw)
        except WbzError as exc:
            rejects.append(Rejected(row_number, exc.message, raw))
            continue
        number = child.info.number
        entry = entries.get(number)
        if entry is None:
            entries[number] = _Entry(child, row_number)
            continue
        merged, conflicts = merge_rows(entry.child, child)
        entry.child = merged
        entry.more = [*(entry.more or ()), row_number]
        if conflicts:
            entry.conflict = [*(entry.conflict or ()), *conflicts]
    if progress is not None:
        progress(done % 1000)
    for number, entry in list(entries.items()):
        if entry.conflict:
            rows = "、".join(f"第 {n} 行" for n in entry.numbers)
            fields = "、".join(dict.fromkeys(entry.conflict))
            reason = f"同一身份证号出现在{rows}，但{fields}不一致：请核对后只保留一行"
            rejects.extend(Rejected(n, reason, None) for n in entry.numbers)
            del entries[number]
    return entries, rejects


def _fill_raws(result: ImportResult, reopen: Callable[[], Table] | None) -> None:
    """Read again the original cells of refused rows whose cells were not kept."""
    missing = {r.number for r in result.rejects if r.raw is None}
    raws: dict[int, list[object]] = {}
    if missing and reopen is not None:
        for row in reopen().rows():
            if row.number in missing:
                raws[row.number] = row.raw
    result.rejects = sorted(
        (r if r.raw is not None else Rejected(r.number, r.reason, raws.get(r.number, []))
         for r in result.rejects),
        key=lambda r: r.number,
    )  # fmt: skip


def import_roster(
    store: Store,
    table: Table,
    *,
    on: date,
    today: date,
    dry_run: bool = False,
    source: str = "",
    progress: Progress | None = None,
    reopen: Callable[[], Table] | None = None,
) -> ImportResult:
    """Import ``table``'s rows (see the module docstring); with ``dry_run`` write nothing.

    ``reopen`` opens the file again, to report the original cells of rows refused late."""
    collecting = gc.isenabled()
    # A big roster makes millions of objects and no reference cycles: the cyclic collector
    # would only walk them again and again (most of a second for 100,000 rows).
    gc.disable()
    try:
        return _import(store, table, on, today, dry_run, source, progress, reopen)
    finally:
        if collecting:
            gc.enable()


def _import(
    store: Store,
    table: Table,
    on: date,
    today: date,
    dry_run: bool,
    source: str,
    progress: Progress | None,
    reopen: Callable[[], Table] | None,
) -> ImportResult:
    result = ImportResult(table.sheet, table.header_row, table.headers, table.unknown_headers)
    entries, rejects = read_rows(table, on, today, progress)
    result.rejects = rejects
    if dry_run:
        _plan(store, result, entries, on, today, write=False, progress=progress)
        _fill_raws(result, reopen)
        return result
    from wbz_cli.store.backup import auto_backup
    from wbz_cli.store.report_parts import report_tracking

    auto_backup(store.conn, "import")  # a copy of the database before the import changes it
    with store.write() as conn, report_tracking(conn, rows=len(entries)):
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")  # the indexes stay in memory
        _plan(store, result, entries, on, today, write=True, progress=progress)
        store.audit(
            "import",
            "roster",
            Path(source).name if source else None,
            None,
            {"sheet": table.sheet, "on": on.isoformat(), **result.summary()},
        )
    _fill_raws(result, reopen)
    return result


def _plan(
    store: Store,
    result: ImportResult,
    entries: Mapping[str, _Entry],
    on: date,
    today: date,
    *,
    write: bool,
    progress: Progress | None = None,
) -> None:
    conn = store.conn
    index = q.existing_children(conn, on.isoformat())
    next_child, next_household = q.next_ids(conn)
    stamp = now_text()
    batch = q.Batch(stamp=stamp)
    audits: list[tuple[str, str, str | None, Any, Any]] = []
    pending = 0  # new children in the batch
    for number, entry in entries.items():
        child = entry.child
        old = index.get(number)
        if old is None:
            if not child.categories:
                result.rejects.extend(Rejected(n, NO_CATEGORY, None) for n in entry.numbers)
                continue
            batch.new_children.append(q.new_child_row(next_child, next_household, child))
            pending += 1
            next_child += 1
            next_household += 1
            result.inserted += 1
        else:
            try:
                changed = _changes(batch, audits, child, old, on, stamp)
            except WbzError as exc:
                result.rejects.extend(Rejected(n, exc.message, None) for n in entry.numbers)
                continue
            if changed:
                result.updated += 1
            else:
                result.unchanged += 1
        result.merged += len(entry.more or ())
        if len(audits) + pending >= CHUNK:
            if write:
                _flush(store, batch, audits)
            if progress is not None:
                progress(len(audits) + pending)
            batch, audits, pending = q.Batch(stamp=stamp), [], 0
    if write:
        _flush(store, batch, audits)


def _flush(
    store: Store, batch: q.Batch, audits: list[tuple[str, str, str | None, Any, Any]]
) -> None:
    q.write_batch(store.conn, batch, store.operator)
    store.audit_many(audits)


def _changes(
    b: q.Batch,
    audits: list[tuple[str, str, str | None, Any, Any]],
    c: RosterChild,
    old: q.Existing,
    on: date,
    stamp: str,
) -> bool:
    """Queue the updates a roster row makes to a child on file; False if nothing changes."""
    iso = on.isoformat()
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}

    def differs(key: str, current: Any, new: Any) -> Any:
        if new is None or new == current:
            return current
        before[key], after[key] = current, new
        return new

    name = differs("name", old.name, c.name)
    community = differs("community", old.community, c.community)
    worker = differs("worker", old.worker, c.worker)
    risk = differs("risk", old.risk, c.risk.value if c.risk else None)
    added = [cat for cat in c.categories if cat.value not in old.categories]
    for cat in added:
        check_category_age(cat, c.info.birth_date, on)
    if after:
        b.child_updates.append((name, community, worker, risk, stamp, old.id))
    if "risk" in after:
        b.risks.append((old.id, risk, iso, "import"))
    for cat in added:
        expires = category_expires_on(cat, c.info.birth_date)
        subtype = c.subtype.value if (c.subtype and cat is Category.DIFFICULT) else None
        b.categories.append(
            (old.id, cat.value, subtype, iso, expires.isoformat() if expires else None)
        )
    if added:
        before["categories"] = sorted(old.categories)
        after["categories"] = sorted({*old.categories, *(cat.value for cat in added)})
    _household_changes(b, c, old, before, after)
    if not after:
        return False
    audits.append(("update", "child", old.code, before, {**after, "source": "import"}))
    return True


def _household_changes(
    b: q.Batch, c: RosterChild, old: q.Existing, before: dict[str, Any], after: dict[str, Any]
) -> None:
    if old.household_id is None:
        return
    address = c.address if c.address is not None else old.address
    income = c.income_status.value if c.income_status else old.income_status
    if (address, income) != (old.address, old.income_status):
        b.household_updates.append((address, income, old.household_id))
        for key, was, now in (
            ("address", old.address, address),
            ("income_status", old.income_status, income),
        ):
            if was != now:
                before[key], after[key] = was, now
    if not c.guardian:
        return
    situation = c.guardian_situation.value if c.guardian_situation else None
    if old.guardian_id is not None and c.guardian == old.guardian:
        relation = c.relation if c.relation is not None else old.relation
        phone = c.guardian_phone if c.guardian_phone is not None else old.guardian_phone
        if (relation, phone) != (old.relation, old.guardian_phone):
            b.guardian_updates.append((relation, phone, old.guardian_id))
            before["guardian"] = {"relation": old.relation, "phone": old.guardian_phone}
            after["guardian"] = {"relation": relation, "phone": phone}
        return
    # A new guardian named by the roster becomes the household's primary guardian.
    b.demote_guardians.append((old.household_id,))
    b.guardians.append((old.household_id, c.guardian, c.relation, c.guardian_phone, situation, 1))
    before["guardian"] = old.guardian
    after["guardian"] = c.guardian


class HasRejects(Protocol):
    """An import's outcome as the --errors file needs it (rosters, visit sheets)."""

    headers: list[str]
    rejects: list[Rejected]


def rejected_rows(result: HasRejects) -> tuple[list[str], list[list[object]]]:
    """The --errors file: row number, reason, then the row's original cells."""
    return error_rows(result.headers, result.rejects)


def error_rows(headers: list[str], rejects: list[Rejected]) -> tuple[list[str], list[list[object]]]:
    """An --errors file of any import: row number, reason, then the row's original cells."""
    rows = [[r.number, r.reason, *map(_plain, r.raw or ())] for r in rejects]
    return ["原行号", "原因", *headers], rows


def _plain(value: object) -> object:
    """Whole numbers as Excel shows them (序号 78, not 78.0); long ones stay as read."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value
