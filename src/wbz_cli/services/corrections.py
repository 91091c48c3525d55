"""Putting records right (改错): ``edit`` changes named fields of one record with the checks it
had when it was first written; ``void`` withdraws it with a reason; ``unvoid`` brings it
back. One implementation for every kind in ``KINDS``: each kind names the function of its
own service module that checks a record as it would be written (``checked(conn, Edit)`` ->
the columns to store); store/records.py names its table.

A voided record stays in its table with who, when and why (migration m0901); lists and
figures leave it out. Every edit, void and unvoid writes one audit row with the fields
before and after. The report's kept parts need nothing here: the change triggers of m0703
mark the parts of the old and the new row stale (an edited date moves two months, an edited
child two buckets).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from wbz_cli.domain.corrections import Edit, void_reason
from wbz_cli.domain.errors import InvalidInput, NotFound, RuleViolation
from wbz_cli.services.agreements import checked_agreement_edit
from wbz_cli.services.applications import checked_application_edit, follow_application
from wbz_cli.services.assessment_edits import (
    checked_guardianship_edit,
    checked_risk_assessment_edit,
    checked_risk_entry_edit,
    follow_risk_assessment,
    follow_risk_entry,
)
from wbz_cli.services.assessments import (
    guardianship_assessment_code,
    parse_guardianship_assessment_code,
    parse_risk_assessment_code,
    parse_risk_entry_code,
    risk_assessment_code,
    risk_entry_code,
)
from wbz_cli.services.attachments import checked_attachment_edit, parse_attachment_id
from wbz_cli.services.care import (
    checked_activity_edit,
    checked_service_edit,
    parse_plan_code,
    plan_code,
)
from wbz_cli.services.gifts import checked_gift_edit
from wbz_cli.services.pairs import checked_pair_edit
from wbz_cli.services.placements import checked_placement_edit
from wbz_cli.services.plans import checked_plan_edit
from wbz_cli.services.projects import (
    checked_project_edit,
    checked_project_payment_edit,
    parse_project_code,
    project_code,
)
from wbz_cli.services.resources import checked_resource_edit, parse_resource_code, resource_code
from wbz_cli.services.screenings import checked_screening_edit
from wbz_cli.services.subsidies import checked_payment_edit
from wbz_cli.services.visits import checked_visit_edit
from wbz_cli.store import records as q
from wbz_cli.store.session import Store, now_text

#: A kind's add-time checks of an edited record: the columns to store, or a WbzError.
Checked = Callable[[sqlite3.Connection, Edit], dict[str, Any]]
VOID_FIELDS = ("voided_at", "voided_by", "void_reason")


def _plain_id(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


@dataclass(frozen=True)
class Kind:
    key: str  # the command group and the audit log's record type: "visit"
    label: str  # 走访记录
    checked: Checked
    #: The record's number as shown and logged (R000003), and back; a plain id by default.
    code: Callable[[int], str] = str
    parse: Callable[[str], int | None] = _plain_id
    #: Its audit rows are keyed by its code (P000003), not by child code and id.
    logged_by_code: bool = False
    #: The command group when not named after the kind (assessments: ``wbz assess``).
    command_group: str = ""
    #: What else follows an edit, void or unvoid, in the same transaction (a risk
    #: assessment's risk entry and the child's risk in force).
    follow: Callable[[Store, sqlite3.Connection, int], None] | None = None

    @property
    def table(self) -> str:
        return q.TABLES[self.key].table

    @property
    def child_linked(self) -> bool:
        return q.TABLES[self.key].child_linked

    @property
    def group(self) -> str:
        """The command group that lists, edits and voids it: ``wbz visit ...``."""
        return self.command_group or self.key.replace("_", "-")

    def followed(self, store: Store, conn: sqlite3.Connection, record_id: int) -> None:
        if self.follow is not None:
            self.follow(store, conn, record_id)


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("visit", "走访记录", checked_visit_edit),
        Kind("service", "服务记录", checked_service_edit),
        Kind("subsidy", "补贴发放记录", checked_payment_edit),
        Kind("activity", "活动记录", checked_activity_edit),
        Kind("resource", "资源", checked_resource_edit, resource_code, parse_resource_code),
        Kind("care_agreement", "委托照护协议", checked_agreement_edit),
        Kind("plan", "服务计划", checked_plan_edit, plan_code, parse_plan_code, True),
        Kind(
            "risk_assessment",
            "风险评估",
            checked_risk_assessment_edit,
            risk_assessment_code,
            parse_risk_assessment_code,
            command_group="assess",
            follow=follow_risk_assessment,
        ),
        Kind(
            "guardianship_assessment",
            "监护评估",
            checked_guardianship_edit,
            guardianship_assessment_code,
            parse_guardianship_assessment_code,
            command_group="assess",
        ),
        Kind(
            "risk_entry",
            "风险记录",
            checked_risk_entry_edit,
            risk_entry_code,
            parse_risk_entry_code,
            command_group="assess",
            follow=follow_risk_entry,
        ),
        Kind("placement", "安置记录", checked_placement_edit),
        Kind(
            "application",
            "申请",
            checked_application_edit,
            command_group="apply",
            follow=follow_application,
        ),
        Kind("pair", "结对", checked_pair_edit),
        Kind("screening", "摸排记录", checked_screening_edit, command_group="screen"),
        Kind("attachment", "附件", checked_attachment_edit, parse=parse_attachment_id),
        Kind("project", "项目", checked_project_edit, project_code, parse_project_code, True),
        Kind(
            "project_payment",
            "项目支出",
            checked_project_payment_edit,
            command_group="project payment",
        ),
        Kind("gift", "物资心愿记录", checked_gift_edit, command_group="give"),
    )
}
#: Chinese names a user may type for a kind (``wbz history 走访 12``).
KIND_NAMES = {
    "走访": "visit",
    "服务": "service",
    "补贴": "subsidy",
    "活动": "activity",
    "资源": "resource",
    "协议": "care_agreement",
    "计划": "plan",
    "风险评估": "risk_assessment",
    "监护评估": "guardianship_assessment",
    "风险记录": "risk_entry",
    "care-agreement": "care_agreement",
    "安置": "placement",
    "申请": "application",
    "结对": "pair",
    "摸排": "screening",
    "附件": "attachment",
    "项目": "project",
    "项目支出": "project_payment",
    "物资心愿": "gift",
}


def kind_of(name: str) -> Kind:
    key = KIND_NAMES.get(name.strip(), name.strip().lower())
    if key not in KINDS:
        known = "、".join(f"{k}（{v.label}）" for k, v in KINDS.items())
        raise InvalidInput(f"没有“{name}”这类记录；可用：{known}")
    return KINDS[key]


@dataclass
class Loaded:
    row: sqlite3.Row
    child: str | None  # the child's code

    @property
    def voided(self) -> bool:
        return self.row["voided_at"] is not None


def record_id_of(kind: Kind, text: str) -> int:
    """The id of the record numbered ``text`` (``12``, or a code such as ``R000003``)."""
    found = kind.parse(str(text))
    if found is None or found < 1:
        raise InvalidInput(f"“{text}”不是{kind.label}的编号：请用 wbz {kind.group} list --all 查看")
    return found


def load_record(conn: sqlite3.Connection, kind: Kind, record_id: int) -> Loaded:
    row = q.record(conn, kind.table, record_id)
    if row is None:
        raise NotFound(
            f"找不到{kind.label} {kind.code(record_id)}：请用 wbz {kind.group} list --all 查看"
        )
    child = None
    if kind.child_linked:
        found = q.child_of(conn, int(row["child_id"]))
        child = str(found["code"]) if found else None
    return Loaded(row, child)


def audit_key(kind: Kind, child: str | None, record_id: int) -> str:
    """The audit log's key of a record: ``C000001/12`` under its child, else ``12``, as the
    insert of each kind writes it."""
    if kind.child_linked and not kind.logged_by_code:
        return f"{child}/{record_id}"
    return kind.code(record_id)


def _shown(values: dict[str, Any], conn: sqlite3.Connection) -> dict[str, Any]:
    """Columns as the audit log shows them: the child by code, not by row id."""
    out = dict(values)
    if "child_id" in out:
        child_id = out.pop("child_id")  # None: a gift given to a household
        found = q.child_of(conn, int(child_id)) if child_id is not None else None
        out["child"] = found["code"] if found else None
    return out


def edit_record(
    store: Store,
    kind_key: str,
    number: str | int,
    changes: dict[str, Any],
    today: date,
    *,
    again: bool = False,
) -> dict[str, Any]:
    """Change the named fields of one record after the checks it had when written; returns
    {"id", "kind", "changed": {field: [before, after]}}. A refused edit changes nothing."""
    kind = KINDS[kind_key]
    record_id = record_id_of(kind, str(number))
    if not changes:
        raise InvalidInput(f"没有要修改的内容：请给出要改的字段，见 wbz {kind.group} edit --help")
    with store.write() as conn:
        found = load_record(conn, kind, record_id)
        if found.voided:
            raise RuleViolation(
                f"{kind.label} {kind.code(record_id)} 已作废，不能修改；"
                f"如需恢复，请先用 wbz {kind.group} unvoid {kind.code(record_id)}"
            )
        edit = Edit(dict(found.row), found.child, changes, today, again=True)
        values = kind.checked(conn, edit)
        if not again and any(values[c] != found.row[c] for c in q.TABLES[kind_key].same_when):
            # now the same as another record on file? (an edit that leaves these alone is not
            # refused for a twin recorded with --again)
            kind.checked(conn, replace(edit, again=False))
        diff = {k: v for k, v in values.items() if found.row[k] != v}
        if not diff:
            raise InvalidInput(f"{kind.label} {kind.code(record_id)} 与给出的内容相同，没有修改")
        before = _shown({k: found.row[k] for k in diff}, conn)
        q.set_fields(conn, kind.table, record_id, diff)
        kind.followed(store, conn, record_id)
        after = _shown(diff, conn)
        child = after.get("child", found.child)
        store.audit("edit", kind.key, audit_key(kind, child, record_id), before, after)
    return {
        "id": record_id,
        "code": kind.code(record_id),
        "kind": kind.key,
        "changed": {k: [before.get(k), after[k]] for k in after},
    }


def void_record(store: Store, kind_key: str, number: str | int, reason: str) -> dict[str, Any]:
    """Withdraw one record: it stays on file with who, when and why, and leaves every list
    and figure."""
    kind = KINDS[kind_key]
    record_id = record_id_of(kind, str(number))
    text = void_reason(reason, "重复录入")
    with store.write() as conn:
        found = load_record(conn, kind, record_id)
        if found.voided:
            raise RuleViolation(
                f"{kind.label} {kind.code(record_id)} 已于 {found.row['voided_at']} 由"
                f" {found.row['voided_by']} 作废（{found.row['void_reason']}），无需再次作废"
            )
        marks = {"voided_at": now_text(), "voided_by": store.operator, "void_reason": text}
        q.set_void(conn, kind.table, record_id, *marks.values())
        kind.followed(store, conn, record_id)
        key = audit_key(kind, found.child, record_id)
        store.audit("void", kind.key, key, dict.fromkeys(VOID_FIELDS), marks)
    return {"id": record_id, "code": kind.code(record_id), "kind": kind.key, **marks}


def unvoid_record(
    store: Store, kind_key: str, number: str | int, today: date, *, again: bool = False
) -> dict[str, Any]:
    """Bring a voided record back, after the checks it would have if written now (a visit
    entered again meanwhile is named, and ``again`` keeps both)."""
    kind = KINDS[kind_key]
    record_id = record_id_of(kind, str(number))
    with store.write() as conn:
        found = load_record(conn, kind, record_id)
        if not found.voided:
            raise RuleViolation(f"{kind.label} {kind.code(record_id)} 没有作废，无需恢复")
        kind.checked(conn, Edit(dict(found.row), found.child, {}, today, again))
        marks = {k: found.row[k] for k in VOID_FIELDS}
        q.set_void(conn, kind.table, record_id, None, None, None)
        kind.followed(store, conn, record_id)
        key = audit_key(kind, found.child, record_id)
        store.audit("unvoid", kind.key, key, marks, dict.fromkeys(VOID_FIELDS))
    return {"id": record_id, "code": kind.code(record_id), "kind": kind.key}
