"""Turning stored keys into the Chinese labels shown in tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wbz_cli.domain.attachments import AttachmentKind, FileType
from wbz_cli.domain.care import GuardianshipResult, PlanStatus
from wbz_cli.domain.enums import (
    CaseStatus,
    Category,
    CloseReason,
    DifficultSubtype,
    Gender,
    GuardianSituation,
    IncomeStatus,
    LabeledEnum,
    Risk,
)
from wbz_cli.domain.gifts import GiftKind
from wbz_cli.domain.leads import DEADLINE_LABELS, AgencyType
from wbz_cli.domain.record_vocab import (
    ApplicationKind,
    ApplicationStatus,
    PlacementKind,
    ScreeningOutcome,
    ScreeningSource,
)
from wbz_cli.domain.vocab import (
    ActivityKind,
    LeadSource,
    LeadStatus,
    LeadType,
    Problem,
    ResourceKind,
    ServiceType,
    SubsidyType,
    VisitMode,
)

#: A child's fields as imports, tables and messages name them: the one table (the names the
#: shared docs and sample rosters use: 所在居民区, 监护人姓名). Keys are the fields of
#: ``domain.inputs.ChildInput`` and of a roster row (``domain.roster.RosterChild``).
FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "id_number": "身份证号",
    "gender": "性别",
    "birth_date": "出生日期",
    "categories": "儿童类别",
    "subtype": "困境类型",
    "community": "所在居民区",
    "guardian": "监护人姓名",
    "relation": "与儿童关系",
    "guardian_phone": "监护人电话",
    "guardian_situation": "监护人状况",
    "address": "家庭住址",
    "income_status": "家庭经济状况",
    "risk": "风险等级",
    "worker": "儿童主任",
    "on": "登记日期",
    "registered_on": "登记日期",
    "household": "家庭编号",
}


def label_of(cls: type[LabeledEnum]) -> Callable[[Any], str]:
    table = {m.value: m.label for m in cls}

    def show(value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, list | tuple):
            return "、".join(table.get(str(v), str(v)) for v in value)
        return table.get(str(value), str(value))

    return show


category = label_of(Category)

_SHORT_CATEGORY = {
    "orphan": "孤儿",
    "de_facto_unsupported": "事实无人抚养",
    "difficult": "困境",
    "low_income": "困难",
    "left_behind": "留守",
    "migrant": "流动",
    "disabled": "残疾",
    "other": "其他",
}


def category_short(value: Any) -> str:
    """Short category names for narrow tables (孤儿、留守 ...)."""
    items = value if isinstance(value, list | tuple) else [value] if value else []
    return "、".join(_SHORT_CATEGORY.get(str(v), str(v)) for v in items)


risk = label_of(Risk)
gender = label_of(Gender)
status = label_of(CaseStatus)
close_reason = label_of(CloseReason)
income = label_of(IncomeStatus)
situation = label_of(GuardianSituation)


lead_status = label_of(LeadStatus)
lead_type = label_of(LeadType)
lead_source = label_of(LeadSource)

_SHORT_LEAD_TYPE = {
    "private_parts_injury": "隐私部位受侵害",
    "girl_under_14_assault": "幼女性侵、怀孕",
    "girl_14_plus_pregnancy": "性侵致孕",
    "violence_injury": "暴力伤害",
    "self_harm": "自杀自残等",
    "abandonment": "遗弃、无人照料",
    "missing": "失踪、被拐",
    "organised_begging": "组织乞讨",
    "other_serious_harm": "其他严重侵害",
}


def lead_type_short(value: Any) -> str:
    """Short lead-type names for tables (the nine mandatory situations have long labels)."""
    return _SHORT_LEAD_TYPE.get(str(value)) or lead_type(value)


agency_type = label_of(AgencyType)


def deadline(value: Any) -> str:
    return DEADLINE_LABELS.get(str(value), "") if value else ""


service_type = label_of(ServiceType)
subsidy_type = label_of(SubsidyType)
activity_kind = label_of(ActivityKind)
resource_kind = label_of(ResourceKind)
guardianship_result = label_of(GuardianshipResult)
plan_status = label_of(PlanStatus)


def yes_no(value: Any) -> str:
    return "是" if value else "否"


visit_mode = label_of(VisitMode)
problem = label_of(Problem)


def assessment_result(value: Any) -> str:
    """A risk colour or a guardianship result, whichever the value is."""
    shown = risk(value)
    return shown if shown != str(value) else guardianship_result(value)


subtype = label_of(DifficultSubtype)

#: Where a risk level came from (``risk_history.source``); ``assessment:N`` is an assessment.
_RISK_SOURCES = {"register": "登记", "update": "修改", "import": "导入", "merge": "合并"}


def risk_source(value: Any) -> str:
    text = str(value or "")
    if text.startswith("assessment:"):
        return f"风险评估 #{text.split(':', 1)[1]}"
    return _RISK_SOURCES.get(text, text)


#: A child's records by kind (the tables ``merge`` moves), for messages such as
#: "转移记录：风险记录 1 条、走访 1 条".
_RECORD_KINDS = {
    "case_periods": "立案期间",
    "child_categories": "类别",
    "risk_history": "风险记录",
    "visits": "走访",
    "leads": "线索",
    "services": "服务",
    "plans": "服务计划",
    "activity_children": "活动参与",
    "assessments": "风险评估",
    "guardianship_assessments": "监护评估",
    "care_agreements": "委托照护协议",
    "subsidies": "补贴",
}


def record_kind(value: Any) -> str:
    return _RECORD_KINDS.get(str(value), str(value))


# Issue 25's records: placements, applications, pairings and screenings.
placement_kind = label_of(PlacementKind)
application_kind = label_of(ApplicationKind)
application_status = label_of(ApplicationStatus)
screening_source = label_of(ScreeningSource)
screening_outcome = label_of(ScreeningOutcome)
_RECORD_KINDS["placements"] = "安置"
_RECORD_KINDS["applications"] = "申请"
_RECORD_KINDS["pairs"] = "结对"


def application_what(kind: Any, what: Any) -> str:
    """What an application asks for: a category's label or a subsidy type's."""
    if str(kind) == "category":
        return category(what)
    return subsidy_type(what)


# Attached files (wbz attach): the kind of paper and the file's format.
attachment_kind = label_of(AttachmentKind)
file_type = label_of(FileType)

# Goods and wishes given (wbz give).
gift_kind = label_of(GiftKind)
_RECORD_KINDS.update(attachments="附件", project_children="项目参与", gifts="物资心愿")
