"""The writes of a roster import: ``Planner`` turns each child of the file (repeats merged) into
a new child, an update or a refusal, in the file's order, and hands the writes on in batches
to a sink: ``flush`` on the plain path, the writer thread of ``services.roster_fast`` on the
fast one, none for a dry run.

The planner numbers new children and households in the order it is given them: given the same
children in the same order, it plans the same rows, whether they come all at once (the plain
path) or a few at a time while the file is still being read (the fast path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wbz_cli.domain.child_names import search_key
from wbz_cli.domain.children import category_expires_on, check_category_age
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import WbzError
from wbz_cli.domain.idnumber import area_code_warning
from wbz_cli.domain.privacy import mask_phone
from wbz_cli.domain.roster import NO_CATEGORY, RosterChild
from wbz_cli.store import roster as q
from wbz_cli.store.session import Store, now_text

CHUNK = 10_000  # children per batch of writes: bounds the memory of a big import
FIRST_PIECE = 1_000  # new children handed on ahead of their batch at first (then twice as many)
Audit = tuple[str, str, str | None, Any, Any]
Sink = Callable[[q.Batch, list[Audit]], None]
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Rejected:
    number: int  # the row in the sheet
    reason: str
    raw: list[object] | None  # None until read again (services.roster.fill_raws)
    field: str | None = None  # the field to blame, when one is


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a child on file that a roster row changes (or would, in a dry run): the
    child's code, the row (its first in the sheet), the field's key, the values as stored."""

    child: str
    row: int
    field: str
    old: Any
    new: Any


def rename_reason(old: q.Existing) -> str:
    return (
        f"姓名与已登记的 {old.code} {old.name} 不同，可能身份证号填错；"
        "确认是改名请加 --accept-renames"
    )


@dataclass(slots=True)
class Entry:
    """A child of the file: its (merged) row, the sheet rows it came from, disagreements.

    The rows' original cells are not kept (a big import would hold them all in memory); the
    few that a late refusal needs are read again from the file."""

    child: RosterChild
    first: int
    more: list[int] | None = None
    conflict: list[str] | None = None

    @property
    def numbers(self) -> list[int]:
        return [self.first, *(self.more or ())]


def conflict_reason(entry: Entry) -> str:
    rows = "、".join(f"第 {n} 行" for n in entry.numbers)
    fields = "、".join(dict.fromkeys(entry.conflict or ()))
    return f"同一身份证号出现在{rows}，但{fields}不一致：请核对后只保留一行"


@dataclass
class Planned:
    """What the planner made of the children: the summary counts, the refused rows, each
    field changed of a child on file, and how many children moved to another community."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    moved: int = 0
    rejects: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)


class Planner:
    """Plans the writes of each child ``add``ed, in order; ``finish`` hands on the last batch.
    ``sink`` receives each batch (None: plan only, for a dry run). A row naming a child on
    file by another name (``search_key``: spaces, width and case aside) is refused as a
    probable wrong ID number, unless ``accept_renames``."""

    def __init__(
        self,
        store: Store,
        on: date,
        sink: Sink | None,
        progress: Progress | None = None,
        file: str | None = None,
        *,
        accept_renames: bool = False,
    ) -> None:
        self.accept_renames = accept_renames
        conn = store.conn
        self.on, self.iso = on, on.isoformat()
        self.index = q.existing_children(conn, self.iso)
        self.next_child, self.next_household = q.next_ids(conn)
        self.stamp, self.file = now_text(), file
        self.sink, self.progress = sink, progress
        self.out = Planned()
        self.piece = FIRST_PIECE * len(q.NEW_COLUMNS)
        self._new_batch()

    def _new_batch(self) -> None:
        self.batch = q.Batch(stamp=self.stamp, file=self.file)
        self.audits: list[Audit] = []
        self.pending = 0  # new children in the batch

    def add(self, number: str, entry: Entry) -> None:
        out = self.out
        if entry.conflict:
            reason = conflict_reason(entry)
            out.rejects.extend(Rejected(n, reason, None) for n in entry.numbers)
            return
        child = entry.child
        if not child.info.area_in_use:
            out.warnings.append(f"第 {entry.first} 行：{area_code_warning(child.info)}")
        old = self.index.get(number)
        if old is None:
            if not child.categories:
                out.rejects.extend(Rejected(n, NO_CATEGORY, None) for n in entry.numbers)
                return
            news = self.batch.new_children
            news.extend(q.new_child_row(self.next_child, self.next_household, child, entry.first))
            if len(news) >= self.piece and self.sink is not None:
                self._hand_on_piece()
            self.pending += 1
            self.next_child += 1
            self.next_household += 1
            out.inserted += 1
            if unnamed_contact(child):
                out.warnings.append(unnamed_contact_note(entry.first, child, None))
        else:
            if not self.accept_renames and search_key(child.name) != search_key(old.name):
                reason = rename_reason(old)
                out.rejects.extend(Rejected(n, reason, None, "name") for n in entry.numbers)
                return
            try:
                changed = _changes(self.batch, self.audits, child, old, self.on, self.stamp)
            except WbzError as exc:
                out.rejects.extend(Rejected(n, exc.message, None) for n in entry.numbers)
                return
            if unnamed_contact(child):
                out.warnings.append(unnamed_contact_note(entry.first, child, old))
            if changed:
                out.updated += 1
                out.changes.extend(_listed(old, child, entry.first, *changed))
                if old.community and "community" in changed[1]:
                    out.moved += 1
            else:
                out.unchanged += 1
        out.merged += len(entry.more or ())
        if len(self.audits) + self.pending >= CHUNK:
            self._hand_on()

    def _hand_on_piece(self) -> None:
        """Hand on the batch's new children so far, ahead of the rest of the batch: the writer
        starts sooner. The rows are the same: a batch writes its new children first, in order,
        then the updates of children on file."""
        assert self.sink is not None
        self.sink(
            q.Batch(new_children=self.batch.new_children, stamp=self.stamp, file=self.file), []
        )
        self.batch.new_children = []
        self.piece = min(2 * self.piece, CHUNK * len(q.NEW_COLUMNS))

    def _hand_on(self) -> None:
        if self.sink is not None:
            self.sink(self.batch, self.audits)
        if self.progress is not None:
            self.progress(len(self.audits) + self.pending)
        self._new_batch()

    def finish(self) -> Planned:
        self._hand_on()
        return self.out


def flush(store: Store, batch: q.Batch, audits: list[Audit]) -> None:
    """Write one batch (inside ``store.write()``)."""
    q.write_batch(store.conn, batch, store.operator)
    if audits:
        store.audit_many(audits)


def _changes(
    b: q.Batch,
    audits: list[Audit],
    c: RosterChild,
    old: q.Existing,
    on: date,
    stamp: str,
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Queue the updates a roster row makes to a child on file: the fields' values before
    and after (as audited), or None if nothing changes."""
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
        return None
    audits.append(("update", "child", old.code, before, {**after, "source": "import"}))
    return before, after


def _listed(
    old: q.Existing, c: RosterChild, row: int, before: dict[str, Any], after: dict[str, Any]
) -> list[FieldChange]:
    """The audited changes one field at a time: a guardian's relation and phone apart, and
    a new guardian's relation and phone beside the name."""
    out = []
    for key, new in after.items():
        if key != "guardian":
            out.append(FieldChange(old.code, row, key, before.get(key), new))
            continue
        if not isinstance(new, dict):  # a new guardian named
            out.append(FieldChange(old.code, row, "guardian", old.guardian, new))
        relation = new["relation"] if isinstance(new, dict) else c.relation
        phone = new["phone"] if isinstance(new, dict) else c.guardian_phone
        for name, was, now in (
            ("relation", old.relation, relation),
            ("guardian_phone", old.guardian_phone, phone),
        ):
            if now is not None and now != was:
                out.append(FieldChange(old.code, row, name, was, now))
    return out


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
    guardian = c.guardian
    if not guardian:
        if not unnamed_contact(c) or (old.guardian_id is not None and old.guardian):
            return  # nothing, or a named guardian on file: the planner's warning says so
        guardian = ""  # the household's contact without a name
    situation = c.guardian_situation.value if c.guardian_situation else None
    if old.guardian_id is not None and guardian == old.guardian:
        relation = c.relation if c.relation is not None else old.relation
        phone = c.guardian_phone if c.guardian_phone is not None else old.guardian_phone
        if (relation, phone) != (old.relation, old.guardian_phone):
            b.guardian_updates.append((relation, phone, old.guardian_id))
            before["guardian"] = {"relation": old.relation, "phone": old.guardian_phone}
            after["guardian"] = {"relation": relation, "phone": phone}
        return
    if old.guardian_id is not None and old.guardian == "":  # the name of the contact on file
        relation = c.relation if c.relation is not None else old.relation
        phone = c.guardian_phone if c.guardian_phone is not None else old.guardian_phone
        b.named_guardians.append((guardian, relation, phone, situation, old.guardian_id))
        before["guardian"], after["guardian"] = old.guardian, guardian
        return
    # A new guardian named by the roster becomes the household's primary guardian.
    b.demote_guardians.append((old.household_id,))
    b.guardians.append((old.household_id, guardian, c.relation, c.guardian_phone, situation, 1))
    if guardian:
        before["guardian"] = old.guardian
        after["guardian"] = guardian
    else:
        before["guardian"] = {"relation": None, "phone": None}
        after["guardian"] = {"relation": c.relation, "phone": c.guardian_phone}


def unnamed_contact(c: RosterChild) -> bool:
    """A row without the guardian's name, but with a phone, relation or situation: kept as
    the household's contact (a guardian row without a name)."""
    return not c.guardian and (
        c.guardian_phone is not None or c.relation is not None or c.guardian_situation is not None
    )


def unnamed_contact_note(row: int, c: RosterChild, old: q.Existing | None) -> str:
    """What became of a row's guardian cells without the guardian's name."""
    kept = "、".join(
        part
        for part in (
            f"联系电话 {mask_phone(c.guardian_phone)}" if c.guardian_phone else "",
            f"与儿童关系“{c.relation}”" if c.relation else "",
            f"监护人状况“{c.guardian_situation.label}”" if c.guardian_situation else "",
        )
        if part
    )
    if old is not None and old.guardian_id is not None and old.guardian:
        return (
            f"第 {row} 行：没有监护人姓名，{kept} 未保存（家庭已有监护人 {old.guardian}）："
            "请在表中填写监护人姓名后重新导入"
        )
    return f"第 {row} 行：没有监护人姓名，{kept} 已保存到家庭档案（监护人姓名待补）"
