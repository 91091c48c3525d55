"""What ``wbz report explain KEY`` lists for each report key: the named query of the records
(store/explain.py, or the lead history for ``referrals.*``), what one row is, and how the
rows add up to the figure: their number, the sum of ``amount_yuan`` or of ``participants``,
or, for a rate, numerator rows over denominator rows (column ``part``).

One entry per key pattern; ``{k}`` stands for the member of a breakdown (a mode, a type, a
category), checked against the members listed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from wbz_cli.domain.enums import Category, Risk
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.vocab import (
    ActivityKind,
    LeadSource,
    LeadType,
    ResourceKind,
    ServiceType,
    SubsidyType,
    VisitMode,
)

#: How the rows make the figure: count them, sum a column, or divide two parts.
Measure = Literal["rows", "amount", "participants", "rate"]
#: What one row is: a record, a child (its first record of the figure), a household, or a
#: child per ``part`` of a rate.
Per = Literal["record", "child", "household", "child_part"]


@dataclass(frozen=True)
class ExplainKey:
    pattern: str
    query: str
    row: str  # what one row is, in Chinese (help and the table's title)
    per: Per = "record"
    measure: Measure = "rows"
    members: tuple[str, ...] = ()
    #: A figure of the whole station (activities, resources): not split by community/worker.
    station: bool = False

    def match(self, key: str) -> str | Literal[False] | None:
        """The member ``{k}`` of ``key`` (None for a key without one), or False."""
        if "{k}" not in self.pattern:
            return None if key == self.pattern else False
        head, tail = self.pattern.split("{k}")
        found = re.fullmatch(re.escape(head) + r"([a-z0-9_]+)" + re.escape(tail), key)
        if found is None or found.group(1) not in self.members:
            return False
        return found.group(1)

    def expanded(self) -> list[str]:
        """Every key of the pattern."""
        if "{k}" not in self.pattern:
            return [self.pattern]
        return [self.pattern.replace("{k}", m) for m in self.members]


def _values(enum: type) -> tuple[str, ...]:
    return tuple(m.value for m in enum)  # type: ignore[attr-defined]


_CATEGORIES = _values(Category)
#: How a child came (children.new_by_source): roster import, registration, list match, lead.
CHILD_SOURCES = ("roster", "register", "match", "referral")
_ONE_PER_CHILD = "一行一名儿童（列出其本期第一条记录）"

KEYS: tuple[ExplainKey, ...] = (
    ExplainKey("children.active", "active_children", "一行一名期末在册儿童（日期为立案日）",
               per="child"),
    ExplainKey("children.new", "cases_opened", "一行一次本期立案"),
    ExplainKey("children.closed", "cases_closed", "一行一次本期结案"),
    ExplainKey("children.by_category.{k}", "category_at_end",
               "一行一名期末在册且属该类别的儿童", per="child", members=_CATEGORIES),
    ExplainKey("children.by_risk.{k}", "risk_at_end", "一行一名期末在册儿童（按期末风险等级）",
               per="child", members=_values(Risk)),
    ExplainKey("households.active", "active_children", "一行一户（有期末在册儿童的家庭）",
               per="household"),
    ExplainKey("visits.total", "visits", "一行一次走访随访"),
    ExplainKey("visits.by_mode.{k}", "visits", "一行一次该方式的走访随访",
               members=_values(VisitMode)),
    ExplainKey("visits.children_reached", "visits", _ONE_PER_CHILD, per="child"),
    ExplainKey("visits.overdue", "overdue_children", "一行一名期末逾期未访的在册儿童",
               per="child"),
    ExplainKey("referrals.found", "leads_found", "一条线索一行"),
    ExplainKey("referrals.transferred", "leads_transferred", "一条线索一行（日期为移送日）"),
    ExplainKey("referrals.done", "leads_done", "一条线索一行（日期为办结日）"),
    ExplainKey("referrals.open", "leads_open", "一条期末在办线索一行"),
    ExplainKey("referrals.overdue", "leads_overdue", "一条期末超期线索一行（日期为期限）"),
    ExplainKey("referrals.mandatory", "leads_mandatory", "一条强制报告线索一行"),
    ExplainKey("referrals.children_helped", "leads_done", "一行一名儿童（其线索本期办结）",
               per="child"),
    ExplainKey("services.total", "services", "一行一次服务"),
    ExplainKey("services.by_type.{k}", "services", "一行一次该类服务",
               members=_values(ServiceType)),
    ExplainKey("services.children_served", "services", _ONE_PER_CHILD, per="child"),
    ExplainKey("subsidies.payments", "payments", "一行一笔补贴发放（日期为发放月份）"),
    ExplainKey("subsidies.amount_yuan", "payments", "一行一笔补贴发放，金额合计即该数",
               measure="amount"),
    ExplainKey("activities.count", "activities", "一行一场活动", station=True),
    ExplainKey("activities.participants", "activities", "一行一场活动，人次合计即该数",
               measure="participants", station=True),
    ExplainKey("resources.by_kind.{k}", "resources_at_end", "一行一项期末在库资源",
               members=_values(ResourceKind), station=True),
    # The second wave (METRICS.md "Added (second wave)").
    ExplainKey("children.new_by_source.{k}", "cases_opened_by_source",
               "一行一次本期立案（按儿童来源）", members=CHILD_SOURCES),
    ExplainKey("visits.children_reached_by_category.{k}", "visits_in_category",
               "一行一名儿童（列出其本期属该类别时的第一次走访）", per="child",
               members=_CATEGORIES),
    ExplainKey("households.served", "household_contacts",
               "一行一户（列出本期第一条走访、服务或补贴记录）", per="household"),
    ExplainKey("referrals.by_type.{k}", "leads_found", "一条该类型线索一行",
               members=_values(LeadType)),
    ExplainKey("referrals.by_source.{k}", "leads_found", "一条该来源线索一行",
               members=_values(LeadSource)),
    ExplainKey("services.children_by_type.{k}", "services", _ONE_PER_CHILD, per="child",
               members=_values(ServiceType)),
    ExplainKey("subsidies.children", "payments", _ONE_PER_CHILD, per="child"),
    ExplainKey("subsidies.by_type.{k}.payments", "payments", "一行一笔该类补贴发放",
               members=_values(SubsidyType)),
    ExplainKey("subsidies.by_type.{k}.amount_yuan", "payments",
               "一行一笔该类补贴发放，金额合计即该数", measure="amount",
               members=_values(SubsidyType)),
    ExplainKey("subsidies.by_type.{k}.children", "payments", _ONE_PER_CHILD, per="child",
               members=_values(SubsidyType)),
    ExplainKey("activities.by_kind.{k}.count", "activities", "一行一场该类活动",
               members=_values(ActivityKind), station=True),
    ExplainKey("activities.by_kind.{k}.participants", "activities",
               "一行一场该类活动，人次合计即该数", measure="participants",
               members=_values(ActivityKind), station=True),
    ExplainKey("care.agreements_in_force", "agreements_in_force",
               "一行一名期末在册且有有效委托照护协议的儿童", per="child"),
    ExplainKey("care.agreement_rate", "agreement_rate",
               "part=denominator 一行一名期末在册留守儿童；part=numerator 其中有有效协议的，"
               "一人一行", per="child_part", measure="rate"),
    ExplainKey("care.guardianship_assessments", "guardianship_assessments", "一行一次监护评估"),
    ExplainKey("care.risk_assessments", "risk_assessments", "一行一次风险评估"),
    ExplainKey("plans.active", "plans_open", "一行一份期末在执行的服务计划（在册儿童的）"),
    ExplainKey("plans.reviews", "plan_reviews", "一行一次计划复核"),
    ExplainKey("plans.reviews_overdue", "plan_reviews_overdue",
               "一行一份期末逾期未复核的计划（日期为应复核日）"),
    # Issue 25's records: figures of the station as a whole.
    ExplainKey("screening.screened", "screenings", "一行一人次本期摸排", station=True),
    ExplainKey("screening.enrolled", "screenings_enrolled", "一行一人次本期摸排且已纳入",
               station=True),
    ExplainKey("pairs.active", "pairs_in_force", "一行一对期末在结对", station=True),
    ExplainKey("projects.active", "projects_active", "一行一个期末在办项目", station=True),
    ExplainKey("projects.spent_yuan", "project_payments", "一行一笔项目支出，金额合计即该数",
               measure="amount", station=True),
    ExplainKey("placements.started", "placements_started", "一行一次本期开始的安置",
               station=True),
    ExplainKey("placements.open", "placements_open", "一行一次期末未结束的安置", station=True),
    ExplainKey("applications.submitted", "applications_submitted", "一行一份本期申请",
               station=True),
    ExplainKey("applications.approved", "applications_approved", "一行一份本期批准的申请",
               station=True),
    ExplainKey("gifts.count", "gifts", "一行一次物资心愿发放", station=True),
    ExplainKey("gifts.value_yuan", "gifts", "一行一次物资心愿发放，价值合计即该数",
               measure="amount", station=True),
)  # fmt: skip

#: Keys that are not counts of records, and why they cannot be explained.
NOT_EXPLAINED = {
    "month": "统计月份不是统计出来的数字，没有对应的记录",
    "period": "统计时段不是统计出来的数字，没有对应的记录",
    "start": "开始日期不是统计出来的数字，没有对应的记录",
    "end": "结束日期不是统计出来的数字，没有对应的记录",
    "station": "填报单位不是统计出来的数字，没有对应的记录",
    "as_of": "截至日期不是统计出来的数字，没有对应的记录",
}


def every_key() -> list[str]:
    return [key for entry in KEYS for key in entry.expanded()]


def resolve(key: str) -> tuple[ExplainKey, str | None]:
    """The entry for ``key`` and its member; an unknown key is refused naming the near ones."""
    for entry in KEYS:
        member = entry.match(key)
        if member is not False:
            return entry, member
    if key in NOT_EXPLAINED:
        raise InvalidInput(f"{key}：{NOT_EXPLAINED[key]}，请换一个数字指标")
    near = difflib.get_close_matches(key, every_key(), n=5, cutoff=0.6)
    if not near:
        section = key.split(".")[0]
        near = [k for k in every_key() if k.split(".")[0] == section][:5]
    hint = (
        f"，相近的指标：{'、'.join(near)}"
        if near
        else "，用 wbz report monthly --format csv 查看全部指标"
    )
    raise InvalidInput(f"没有指标 {key}{hint}")
