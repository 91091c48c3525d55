"""Policy finds people (政策找人): a department's list against the register, as pure rules.

The register comes in as dictionaries keyed by ID number (built by one pass of SQL in
``store/matching.py``); ``match`` walks the list once and sorts every person into:
- candidates: children on the list who are not registered, with why they may qualify;
- changes: registered children whose categories the list changes (add, end), or who need a
  look (a closed case on the list, a dropout to follow up); proposed only;
- guardians: people on the list who are guardians of registered children (by the guardian's
  ID number on file), with the guardian's situation the list suggests;
- unmatched: rows whose ID number is malformed, with the reason.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Any

from wbz_cli.domain.children import ADULT_AGE
from wbz_cli.domain.enums import Category, Gender, GuardianSituation, IncomeStatus
from wbz_cli.domain.listrow import (
    ListPerson,
    candidate_category,
    candidate_reason,
    family_member,
    unmatched_row,
)
from wbz_cli.domain.match_report import (
    ADD,
    COMPLETE_KINDS,
    END,
    FOLLOW_UP,
    KIND_CATEGORY,
    REVIEW,
    SITUATION,
    ListKind,
    MatchReport,
    Proposal,
    RegChild,
    RegGuardian,
    Register,
)

# Enum .value is a Python-level property: looked up here instead, for each of 50,000 rows.
_CATEGORY_VALUE = {c: c.value for c in Category}
_GENDER_VALUE = {g: g.value for g in Gender}


class _Matcher:
    def __init__(self, kind: ListKind, on: date, register: Register, complete: bool) -> None:
        self.kind = kind
        self.on = on
        self.iso = on.isoformat()
        self.reg = register
        self.category = KIND_CATEGORY[kind]
        self.values = _CATEGORY_VALUE
        self.report = MatchReport(kind, on, complete)
        self.seen: set[tuple[str, str, str]] = set()
        self.covered: set[int] = set()  # children the list covers (own row or guardian's)

    def propose(
        self,
        p: ListPerson | None,
        child: RegChild,
        action: str,
        cat: Category | None,
        reason: str,
        guardian_id: int | None = None,
        situation: str | None = None,
    ) -> None:
        value = self.values[cat] if cat else None
        key = (child.code, action, value or f"{situation}/{guardian_id}")
        if key in self.seen:
            return
        self.seen.add(key)
        self.report.changes.append(
            Proposal(
                len(self.report.changes) + 1,
                p.row if p else 0,
                child.code,
                child.name,
                action,
                value,
                reason,
                guardian_id,
                situation,
            )
        )

    def confirm(self, p: ListPerson, child: RegChild, cat: Category) -> None:
        self.report.confirmed.append(
            {"row": p.row, "code": child.code, "name": child.name, "category": self.values[cat]}
        )

    def child_on_list(self, p: ListPerson, child: RegChild) -> None:
        self.covered.add(child.id)
        self.report.registered += 1
        note = f"；名单姓名“{p.name}”与档案“{child.name}”不一致" if p.name != child.name else ""
        if not child.active:
            self.propose(
                p,
                child,
                REVIEW,
                None,
                f"已退出的儿童出现在{self.kind.label}名单中，请核实是否恢复（wbz reopen）{note}",
            )
            return
        cat = self.category
        if self.kind is ListKind.DROPOUT:
            self.propose(
                p,
                child,
                FOLLOW_UP,
                None,
                f"在册儿童辍学{f'（{p.school}）' if p.school else ''}，请核实并跟进劝返复学"
                f"（可用 wbz refer add 记录线索）{note}",
            )
            return
        if self.kind is ListKind.DETENTION:
            if not family_member(p):
                self.propose(
                    p, child, REVIEW, None, f"在册儿童出现在在押/服刑名单中，请核实并跟进{note}"
                )
                return
            cat = Category.DE_FACTO_UNSUPPORTED  # the child of a detained person
        assert cat is not None
        has = self.values[cat] in child.categories
        if p.ended:
            if has:
                self.propose(
                    p, child, END, cat, f"名单状态为“{p.status}”，{cat.label}可能已结束{note}"
                )
            return
        if has:
            self.confirm(p, child, cat)
        else:
            self.propose(p, child, ADD, cat, f"{self._why(p)}，可新增{cat.label}{note}")

    def _why(self, p: ListPerson) -> str:
        if self.kind is ListKind.DISABILITY:
            return f"持残疾证（{f'{p.grade} 级' if p.grade else '等级未填'}）"
        if self.kind is ListKind.DETENTION:
            return (
                f"{p.head or '户主'}在押/服刑（名单第 {p.row} 行）：若父母双方均无法履行抚养义务"
                "（服刑在押满 6 个月等）"
            )
        return f"在{self.kind.label}名单中（第 {p.row} 行）"

    def guardian_on_list(self, p: ListPerson, guardians: list[RegGuardian]) -> None:
        for g in guardians:
            kids = [c for c in self.reg.households.get(g.household_id, []) if c.active]
            situation = self._situation(p, g)
            note = self._guardian_note(p, kids)
            self.report.guardians.append(
                {
                    "row": p.row,
                    "name": p.name,
                    "id_number": p.info.number,
                    "household": g.household,
                    "guardian": g.name,
                    "relation": g.relation,
                    "children": [c.code for c in kids],
                    "situation": g.situation,
                    "proposed_situation": situation.value if situation else None,
                    "note": note,
                }
            )
            if situation is not None and kids:
                self.propose(
                    p,
                    kids[0],
                    SITUATION,
                    None,
                    f"监护人 {g.name}（{g.household}）在{self.kind.label}名单中，"
                    f"状况改为“{situation.label}”",
                    guardian_id=g.id,
                    situation=situation.value,
                )
            for child in kids:
                self.child_of_listed_guardian(p, g, child)

    def _situation(self, p: ListPerson, g: RegGuardian) -> GuardianSituation | None:
        if self.kind is ListKind.DETENTION:
            target = GuardianSituation.IN_CUSTODY
        elif self.kind is ListKind.DISABILITY and p.grade in (1, 2) and not p.ended:
            target = GuardianSituation.DISABLED
        else:
            return None
        return None if g.situation == target.value else target

    def _guardian_note(self, p: ListPerson, kids: list[RegChild]) -> str:
        if not kids:
            return "该家庭没有在册儿童"
        if self.kind is ListKind.DETENTION:
            since = f"，入狱日期 {p.detained_on.isoformat()}" if p.detained_on else ""
            return f"父母在押/服刑{since}：子女可能属于事实无人抚养儿童，请核实另一方监护情况"
        if self.kind in (ListKind.LOWINCOME, ListKind.EXTREME_POVERTY):
            return f"家庭在{self.kind.label}名单中：子女可能属于困难儿童"
        return ""

    def child_of_listed_guardian(self, p: ListPerson, g: RegGuardian, child: RegChild) -> None:
        if self.kind in (ListKind.LOWINCOME, ListKind.EXTREME_POVERTY):
            self.covered.add(child.id)
            cat = Category.LOW_INCOME
            if p.ended:
                if self.values[cat] in child.categories:
                    self.propose(
                        p,
                        child,
                        END,
                        cat,
                        f"监护人 {g.name} 在{self.kind.label}名单中的状态为“{p.status}”，"
                        f"{cat.label}可能已结束",
                    )
                return
            if self.values[cat] not in child.categories:
                self.propose(
                    p,
                    child,
                    ADD,
                    cat,
                    f"监护人 {g.name} 在{self.kind.label}名单中（第 {p.row} 行），"
                    f"可新增{cat.label}",
                )
        elif self.kind is ListKind.DETENTION:
            cat = Category.DE_FACTO_UNSUPPORTED
            if self.values[cat] in child.categories:
                return
            months = ""
            if p.detained_on is not None:
                done = "已满" if add_months(p.detained_on, 6) <= self.on else "未满"
                months = f"（入狱 {p.detained_on.isoformat()}，{done} 6 个月）"
            self.propose(
                p,
                child,
                ADD,
                cat,
                f"监护人 {g.name} 在押/服刑{months}：若父母双方均无法履行抚养义务"
                f"（服刑在押满 6 个月等），可新增{cat.label}，请核实后确认",
            )

    def absent(self) -> None:
        """A complete list: children holding the category whom the list does not cover."""
        cat = self.category
        assert cat is not None
        for child in _unique(self.reg.children.values()):
            if not child.active or child.id in self.covered or cat.value not in child.categories:
                continue
            if cat is Category.LOW_INCOME:
                poverty = child.income_status == IncomeStatus.EXTREME_POVERTY.value
                if poverty != (self.kind is ListKind.EXTREME_POVERTY):
                    continue
            self.propose(
                None,
                child,
                END,
                cat,
                f"全量{self.kind.label}名单中没有该儿童及其监护人，{cat.label}可能已结束",
            )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _unique(children: Iterable[RegChild]) -> Iterable[RegChild]:
    seen: set[int] = set()
    for c in children:
        if c.id not in seen:
            seen.add(c.id)
            yield c


def match(
    kind: ListKind,
    on: date,
    register: Register,
    persons: Iterable[ListPerson | dict[str, Any]],
    *,
    complete: bool = False,
) -> MatchReport:
    """Sort the list's persons (or unmatched-row dicts) against ``register``."""
    m = _Matcher(kind, on, register, complete and kind in COMPLETE_KINDS)
    report = m.report
    listed: set[str] = set()
    for p in persons:
        report.rows += 1
        if isinstance(p, dict):
            report.unmatched.append(p)
            continue
        number = p.info.number
        if number in listed:
            report.repeated += 1
            continue
        listed.add(number)
        is_child = p.age < ADULT_AGE
        if is_child:
            report.children_in_list += 1
        else:
            report.adults_in_list += 1
        child = register.children.get(number)
        if child is not None:
            m.child_on_list(p, child)
            continue
        guardians = register.guardians.get(number)
        if guardians:
            m.guardian_on_list(p, guardians)
            continue
        if not is_child:
            report.adults_unlinked += 1
            continue
        reason = candidate_reason(kind, p)
        if reason is None:
            report.unmatched.append(
                unmatched_row(
                    p.row, p.name, number, f"残疾证状态为“{p.status}”，且未登记，无需处理"
                )
            )
            continue
        cat = candidate_category(kind, p)
        report.candidates.append(
            {
                "row": p.row,
                "name": p.name,
                "id_number": number,
                "gender": _GENDER_VALUE[p.info.gender],
                "birth_date": p.info.birth_date.isoformat(),
                "age": p.age,
                "category": _CATEGORY_VALUE[cat] if cat else None,
                "reason": reason,
                "head": p.head,
                "community": p.community,
                "school": p.school,
            }
        )
    if m.report.complete:
        m.absent()
    return report
