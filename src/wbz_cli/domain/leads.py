"""Leads (线索) and mandatory reports (强制报告): the state machine and the deadlines. Pure.

States and the moves allowed (DOMAIN.md; a move to the same state is never allowed):

    new         -> verified | transferred | unfounded | withdrawn
                   (a mandatory lead may go straight to the police without verifying)
    verified    -> transferred | unfounded | withdrawn
    transferred -> accepted | rejected | withdrawn
    accepted    -> done | rejected          (the agency has it: only it answers or returns it)
    rejected    -> transferred | unfounded | withdrawn   (re-transfer, e.g. to another agency)
    done, unfounded, withdrawn: final, no moves.

A lead received from the police, the procuratorate or a court (双向移送) starts as verified.

Deadlines (each a policy row; ``working`` counts Monday to Friday, public holidays are not
known): a mandatory lead the station found must be transferred the day it is found
(``transfer_mandatory``, 0 days: overdue from the next day); a transferred lead must be
accepted within ``accept`` days (3) of the transfer; an accepted lead must be done within
``done.<agency type>`` days of acceptance (police 3 days, others 15 working days). A lead is
overdue on day D when D is after its due date; it is late by (D - due) days. Leads received
from the police, procuratorate or a court have no transfer-to-police deadline; a rejected
lead has none until it is transferred again. The caller passes the rules in force on D.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from wbz_cli.domain.enums import LabeledEnum
from wbz_cli.domain.errors import InvalidInput, RuleViolation
from wbz_cli.domain.vocab import FINAL_LEAD_STATUSES, MANDATORY_LEAD_TYPES, LeadStatus


class AgencyType(LabeledEnum):
    """单位类型"""

    POLICE = ("police", "公安", ("公安机关", "派出所", "公安局"))
    PROCURATORATE = ("procuratorate", "检察院", ("检察机关", "人民检察院"))
    COURT = ("court", "法院", ("人民法院",))
    EDUCATION = ("education", "教育", ("教育局", "教育部门", "学校"))
    HEALTH = ("health", "卫生健康", ("卫健委", "卫生部门", "医院"))
    LABOUR = ("labour", "人社劳动监察", ("人社局", "劳动监察", "劳动保障"))
    CIVIL_AFFAIRS = ("civil_affairs", "民政", ("民政局", "民政部门"))
    OTHER = ("other", "其他")


TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "new": ("verified", "transferred", "unfounded", "withdrawn"),
    "verified": ("transferred", "unfounded", "withdrawn"),
    "transferred": ("accepted", "rejected", "withdrawn"),
    "accepted": ("done", "rejected"),
    "rejected": ("transferred", "unfounded", "withdrawn"),
    "done": (),
    "unfounded": (),
    "withdrawn": (),
}

#: Sources whose leads arrive already verified by a judicial or police body (双向移送).
INCOMING_SOURCES = frozenset({"police", "procuratorate", "court"})

_NAME_HINTS = (
    ("police", ("公安", "派出所", "警")),
    ("procuratorate", ("检察",)),
    ("court", ("法院", "法庭")),
    ("education", ("教育", "学校", "中学", "小学", "幼儿园")),
    ("health", ("卫健", "卫生", "医院", "疾控")),
    ("labour", ("人社", "劳动", "人力资源")),
    ("civil_affairs", ("民政", "救助站", "儿童福利")),
)


def label(status: str) -> str:
    return LeadStatus.parse(status).label


def check_move(code: str, current: str, target: str) -> None:
    """Refuse a move the state machine does not allow, listing the allowed ones."""
    allowed = TRANSITIONS[current]
    if target in allowed:
        return
    if not allowed:
        raise RuleViolation(f"线索 {code} 已是“{label(current)}”（最终状态），不能再变更")
    options = "、".join(f"{s}（{label(s)}）" for s in allowed)
    raise RuleViolation(
        f"线索 {code} 当前为“{label(current)}”，不能改为“{label(target)}”；可改为：{options}"
    )


def initial_status(source: str) -> str:
    return "verified" if source in INCOMING_SOURCES else "new"


def is_mandatory(lead_type: str, flagged: bool = False) -> bool:
    """The nine mandatory-report situations are always mandatory; others when flagged."""
    return flagged or lead_type in MANDATORY_LEAD_TYPES


def guess_agency_type(name: str | None) -> AgencyType:
    """The agency type from its name (某某派出所 -> police); ``other`` when nothing fits."""
    text = name or ""
    for key, hints in _NAME_HINTS:
        if any(h in text for h in hints):
            return AgencyType.parse(key)
    try:
        return AgencyType.parse(text)
    except InvalidInput:
        return AgencyType.OTHER


# --- deadlines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    days: int
    working: bool = False

    def text(self) -> str:
        return f"{self.days} 个工作日" if self.working else f"{self.days} 天"


DEFAULT_POLICY: Mapping[str, Rule] = {
    "transfer_mandatory": Rule(0),
    "accept": Rule(3),
    **{
        f"done.{t.value}": Rule(3) if t is AgencyType.POLICE else Rule(15, True) for t in AgencyType
    },
}

POLICY_LABELS: Mapping[str, str] = {
    "transfer_mandatory": "强制报告线索发现后移送公安",
    "accept": "移送后单位受理",
    **{f"done.{t.value}": f"受理后反馈办结（{t.label}）" for t in AgencyType},
}

DEADLINE_LABELS: Mapping[str, str] = {
    "transfer": "强制报告未移送公安",
    "accept": "移送后未受理",
    "done": "受理后未反馈办结",
}


def policy_key(text: str) -> str:
    """A policy key typed by the user: ``accept``, ``done.police`` or ``done.公安``."""
    raw = (text or "").strip()
    if raw in DEFAULT_POLICY:
        return raw
    if raw.startswith("done.") or raw.startswith("done:"):
        return f"done.{AgencyType.parse(raw[5:]).value}"
    choices = "、".join(f"{k}（{v}）" for k, v in POLICY_LABELS.items())
    raise InvalidInput(f"期限规则“{raw}”无效，可选：{choices}")


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days (Monday to Friday) after ``start``."""
    if days <= 0:
        return start
    day = start
    if day.weekday() > 4:  # from a weekend: count from the Friday before
        day -= timedelta(days=day.weekday() - 4)
    weeks, rest = divmod(days, 5)
    day += timedelta(weeks=weeks)
    weekday = day.weekday()
    return day + timedelta(days=rest + (2 if weekday + rest > 4 else 0))


def due_date(start: date, rule: Rule) -> date:
    if rule.working:
        return add_working_days(start, rule.days)
    return start + timedelta(days=rule.days)


@dataclass(frozen=True)
class Event:
    status: str
    on: date
    agency_type: str | None = None


@dataclass(frozen=True)
class Deadline:
    kind: str  # transfer | accept | done
    start: date
    due: date
    rule: str  # the policy key

    def days_overdue(self, day: date) -> int:
        return max((day - self.due).days, 0)

    @property
    def reason(self) -> str:
        return DEADLINE_LABELS[self.kind]


def state_on(events: Sequence[Event], day: date) -> Event | None:
    """The lead's last event on or before ``day`` (events in date order), or None."""
    last = None
    for event in events:
        if event.on > day:
            break
        last = event
    return last


def deadline_on(
    *,
    mandatory: bool,
    source: str,
    found_on: date,
    events: Sequence[Event],
    day: date,
    policy: Mapping[str, Rule],
) -> Deadline | None:
    """The deadline running on ``day`` for a lead with these ``events``, or None."""
    current = state_on(events, day)
    if current is None or current.status in FINAL_LEAD_STATUSES:
        return None
    if current.status in ("new", "verified"):
        if not mandatory or source in INCOMING_SOURCES:
            return None
        key = "transfer_mandatory"
        return Deadline("transfer", found_on, due_date(found_on, _rule(policy, key)), key)
    if current.status == "transferred":
        return Deadline(
            "accept", current.on, due_date(current.on, _rule(policy, "accept")), "accept"
        )
    if current.status == "accepted":
        agency = _last_transfer_agency_type(events, day)
        key = f"done.{agency}"
        return Deadline("done", current.on, due_date(current.on, _rule(policy, key)), key)
    return None


def _last_transfer_agency_type(events: Iterable[Event], day: date) -> str:
    agency = "other"
    for event in events:
        if event.on > day:
            break
        if event.status == "transferred":
            agency = event.agency_type or "other"
    return agency


def _rule(policy: Mapping[str, Rule], key: str) -> Rule:
    return policy.get(key) or DEFAULT_POLICY.get(key) or DEFAULT_POLICY["done.other"]


def is_open(status: str) -> bool:
    return status not in FINAL_LEAD_STATUSES
