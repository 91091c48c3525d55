"""Every key of the report, with its Chinese label and its definition: the one table that the
table, CSV and workbook labels, ``wbz report keys``, the templates' placeholders and the check
against METRICS.md all read. A key written with an upper-case part (``children.by_risk.LEVEL``,
``subsidies.by_type.KEY.payments``) stands for one key per member of its enum."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from wbz_cli.domain.enums import Category, LabeledEnum, Risk
from wbz_cli.domain.vocab import (
    ActivityKind,
    ChildSource,
    LeadSource,
    LeadType,
    ResourceKind,
    ServiceType,
    SubsidyType,
    VisitMode,
)


@dataclass(frozen=True)
class ReportKey:
    #: As METRICS.md writes it: ``visits.total``, ``visits.by_mode.MODE``.
    key: str
    label: str
    definition: str
    #: The members an upper-case part of ``key`` stands for.
    members: type[LabeledEnum] | None = None

    @property
    def section(self) -> str:
        return self.key.split(".")[0]

    @property
    def placeholder(self) -> str:
        return "{{" + self.key + "}}"

    def expanded(self) -> Iterator[tuple[str, str]]:
        """(dotted key, label) of every key this one stands for: ``visits.by_mode.home``,
        方式·入户."""
        parts = self.key.split(".")
        slot = next((i for i, part in enumerate(parts) if part.isupper()), None)
        if slot is None or self.members is None:
            yield self.key, self.label
            return
        for member in self.members:
            dotted = ".".join([*parts[:slot], member.value, *parts[slot + 1 :]])
            yield dotted, f"{self.label}·{member.label}"


K = ReportKey
#: METRICS.md "The monthly report's figures".
FIRST_WAVE: tuple[ReportKey, ...] = (
    K("month", "统计月份", '"YYYY-MM"'),
    K("station", "填报单位", "station name from `wbz init`"),
    K("children.active", "在册儿童", "children with an open case at month end"),
    K("children.new", "本月新增", "cases opened in the month"),
    K("children.closed", "本月退出", "cases closed in the month"),
    K("children.by_category.KEY", "各类别在册",
      "active children in category KEY at month end, one count per category (a child in two"
      " categories counts in both); KEY in orphan, de_facto_unsupported, difficult, low_income,"
      " left_behind, migrant, disabled, other", Category),
    K("children.by_risk.LEVEL", "风险等级",
      "active children by current risk at month end; LEVEL in red, orange, yellow, green,"
      " unassessed", Risk),
    K("households.active", "在册家庭", "households with at least one active child at month end"),
    K("visits.total", "走访随访次数", "visits dated in the month"),
    K("visits.by_mode.MODE", "方式",
      "visits in the month by mode; MODE in home, phone, wechat, video, school, station",
      VisitMode),
    K("visits.children_reached", "覆盖儿童", "distinct children visited in the month"),
    K("visits.overdue", "逾期未访",
      "active children whose next visit was due on or before month end and not done"),
    K("referrals.found", "发现线索", "leads recorded in the month"),
    K("referrals.transferred", "移送线索", "leads moved to transferred in the month"),
    K("referrals.done", "办结线索", "leads moved to done in the month"),
    K("referrals.open", "在办线索", "leads not in a final state at month end"),
    K("referrals.overdue", "超期线索", "open leads past their deadline at month end"),
    K("referrals.mandatory", "强制报告", "leads in the month flagged mandatory"),
    K("referrals.children_helped", "救助儿童",
      "distinct children with a lead moved to done in the month"),
    K("services.total", "服务次数", "services delivered in the month"),
    K("services.by_type.KEY", "服务类型",
      "KEY in education, medical, cleaning, psychological, rehabilitation, legal,"
      " temporary_care, family_guidance, other", ServiceType),
    K("services.children_served", "服务儿童", "distinct children served in the month"),
    K("subsidies.payments", "补贴发放人次", "subsidy records for the month"),
    K("subsidies.amount_yuan", "补贴发放金额(元)", "their exact sum, string with two decimals"),
    K("activities.count", "活动场次", "activities in the month"),
    K("activities.participants", "活动人次", "sum of their participants"),
    K("resources.by_kind.KEY", "资源库",
      "resources on file at month end; KEY in expert, growth_officer, advisor, social_worker,"
      " lawyer, organization, volunteer, child_director, child_supervisor", ResourceKind),
)  # fmt: skip

#: METRICS.md "Added (second wave)".
SECOND_WAVE: tuple[ReportKey, ...] = (
    K("as_of", "截至日期", "last day counted"),
    K("children.new_by_source.KEY", "新增来源",
      "cases opened in the period by how the child came: roster (花名册导入), register (登记),"
      " match (政策找人比对), referral (线索)", ChildSource),
    K("visits.children_reached_by_category.KEY", "各类别覆盖儿童",
      "distinct children visited in the period, by category held on the visit's day; KEY as"
      " children.by_category", Category),
    K("households.served", "服务家庭",
      "distinct households with a visit, service or payment in the period"),
    K("referrals.by_type.KEY", "线索类型",
      "leads recorded in the period by type (the lead types of `wbz refer add`)", LeadType),
    K("referrals.by_source.KEY", "线索来源", "leads recorded in the period by source",
      LeadSource),
    K("services.children_by_type.KEY", "各类服务儿童",
      "distinct children served in the period per service type", ServiceType),
    K("subsidies.children", "补贴发放人数", "distinct children paid in the period"),
    K("subsidies.by_type.KEY.payments", "分类型人次",
      "payments in the period per subsidy type (orphan, de_facto_unsupported, disability_living,"
      " disability_care, study_grant, temporary_relief, other)", SubsidyType),
    K("subsidies.by_type.KEY.amount_yuan", "分类型金额(元)", "their exact sum, two decimals",
      SubsidyType),
    K("subsidies.by_type.KEY.children", "分类型人数", "distinct children paid per type",
      SubsidyType),
    K("activities.by_kind.KEY.count", "分类活动场次",
      "activities in the period per kind (themed_service 主题服务, training 培训, publicity 宣传,"
      " group 小组活动, festival_visit 节日慰问, other)", ActivityKind),
    K("activities.by_kind.KEY.participants", "分类活动人次", "their participants", ActivityKind),
    K("care.agreements_in_force", "委托照护协议", "care agreements in force at the period's end"),
    K("care.agreement_rate", "协议签订率",
      "agreements in force / active left-behind children at the period's end, a string with"
      ' one decimal and "%" ("100.0%"; "—" when there are none)'),
    K("care.guardianship_assessments", "监护评估", "guardianship assessments dated in the period"),
    K("care.risk_assessments", "风险评估", "risk assessments dated in the period"),
    K("plans.active", "在执行计划", "care plans open at the period's end"),
    K("plans.reviews", "计划复核", "plan reviews dated in the period"),
    K("plans.reviews_overdue", "计划逾期未复核",
      "open plans whose review was due on or before the period's end (or today) and not done"),
)  # fmt: skip

#: METRICS.md "Added with the screening, pairing, project, placement, application and gift
#: records" (issue 25): figures of the station as a whole (STATION_ONLY).
CARE_RECORDS: tuple[ReportKey, ...] = (
    K("screening.screened", "摸排人数", "people screened in the period"),
    K("screening.enrolled", "摸排纳入",
      "of them, enrolled as children (outcome enrolled) in the period"),
    K("pairs.active", "结对帮扶", "pairings in force at the period's end"),
    K("projects.active", "在办项目", "projects whose period covers the period's end"),
    K("projects.spent_yuan", "项目支出(元)",
      "payments against projects in the period, exact, two decimals"),
    K("placements.started", "临时安置", "placements begun in the period"),
    K("placements.open", "安置中", "placements not ended at the period's end"),
    K("applications.submitted", "申请", "applications made in the period"),
    K("applications.approved", "批准", "applications approved in the period"),
    K("gifts.count", "物资心愿", "goods and wishes given in the period"),
    K("gifts.value_yuan", "物资价值(元)", "their value, exact, two decimals"),
)  # fmt: skip

#: The keys added after the first wave, each present (0) in every report.
ADDED: tuple[ReportKey, ...] = (*SECOND_WAVE, *CARE_RECORDS)

#: Every key, in the order reports show them.
REPORT_KEYS: tuple[ReportKey, ...] = (*FIRST_WAVE, *ADDED)

#: Keys that name the report rather than count anything.
HEADER_KEYS = ("month", "station", "as_of")

#: Sections of the report and their Chinese titles, by the first part of the key.
SECTION_TITLES = {
    "children": "儿童",
    "households": "家庭",
    "visits": "走访随访",
    "referrals": "线索转介",
    "services": "服务",
    "subsidies": "补贴",
    "activities": "活动",
    "resources": "资源库",
    "care": "委托照护与评估",
    "plans": "服务计划",
    "screening": "摸排",
    "pairs": "结对帮扶",
    "projects": "项目",
    "placements": "临时安置",
    "applications": "申请审核",
    "gifts": "物资心愿",
}

#: The 12-month trend's monthly counts after visits and leads, with their column titles.
TREND_SERIES = {
    "services": "服务次数",
    "subsidies": "补贴发放人次",
    "activities": "活动场次",
    "guardianship_assessments": "监护评估",
    "risk_assessments": "风险评估",
    "plan_reviews": "计划复核",
}

#: Figures that belong to the station, not to a child or household: no ``--by`` split.
STATION_ONLY = (
    "activities", "resources",
    "screening", "pairs", "projects", "placements", "applications", "gifts",
)  # fmt: skip


def figure_keys() -> Iterator[ReportKey]:
    """The keys that are figures (not the report's month, station or as_of)."""
    return (k for k in REPORT_KEYS if k.key not in HEADER_KEYS)


def leaves() -> Iterator[tuple[str, str]]:
    """(dotted key, label) of every figure, each upper-case part expanded, in report order."""
    for entry in figure_keys():
        yield from entry.expanded()


def find(dotted: str) -> ReportKey | None:
    """The entry a dotted key (expanded or not) belongs to."""
    for entry in REPORT_KEYS:
        if entry.key == dotted or any(leaf == dotted for leaf, _ in entry.expanded()):
            return entry
    return None


def label_of(dotted: str) -> str:
    """The Chinese label of a dotted key, e.g. ``visits.by_mode.home`` -> 方式·入户; the key
    itself when it is not a report key."""
    for entry in REPORT_KEYS:
        for leaf, label in entry.expanded():
            if leaf == dotted:
                return label
    return dotted


def key_rows(*, expand: bool = False) -> list[dict[str, object]]:
    """``wbz report keys``: one row per key as METRICS.md writes it (``expand``: per key it
    stands for): key, label, definition, the template placeholder, the enum keys an
    upper-case part stands for, and whether the figure is the station's only (no ``--by``)."""
    rows: list[dict[str, object]] = []
    for entry in REPORT_KEYS:
        members = [m.value for m in entry.members] if entry.members else []
        pairs = list(entry.expanded()) if expand else [(entry.key, entry.label)]
        for key, label in pairs:
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "definition": entry.definition,
                    "placeholder": "{{" + key + "}}",
                    "members": [] if expand else members,
                    "station_only": entry.section in STATION_ONLY,
                }
            )
    return rows
