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


# --- the audit log and ``wbz history``: every field and value of a change, in words ---------

#: The fields of every record as the audit log stores them and edits name them (a child's are
#: FIELD_LABELS, which ``change_field`` asks first for a child's rows).
CHANGE_FIELD_LABELS: dict[str, str] = {
    "child": "儿童",
    "child_id": "儿童",
    "code": "编号",
    "id": "记录号",
    "status": "状态",
    "source": "来源",
    "on": "日期",
    "note": "说明",
    "notes": "备注",
    "reason": "原因",
    "close_reason": "退出原因",
    "closed_on": "退出日期",
    "opened_on": "开始日期",
    "start_on": "开始日期",
    "end_on": "结束日期",
    "category": "类别",
    "situation": "监护人状况",
    "phone": "电话",
    "file": "文件",
    "row": "行号",
    "sheet": "工作表",
    "rows": "行数",
    "format": "格式",
    "reveal": "完整号码",
    "count": "人数",
    "codes": "编号",
    "type": "类型",
    "kind": "类型",
    "mode": "走访方式",
    "visited_on": "走访日期",
    "problems": "发现问题",
    "action": "处理措施",
    "found_on": "发现日期",
    "summary": "情况摘要",
    "mandatory": "强制报告",
    "agency": "承办单位",
    "agency_type": "单位类型",
    "reference": "文号",
    "source_agency": "来源单位",
    "served_on": "服务日期",
    "provider": "服务提供方",
    "resource_id": "资源",
    "hours": "时长(小时)",
    "plan_id": "服务计划",
    "month": "月份",
    "amount_fen": "金额(分)",
    "amount_yuan": "金额(元)",
    "title": "活动名称",
    "held_on": "活动日期",
    "place": "地点",
    "participants": "参加人数",
    "children": "参加儿童",
    "specialty": "专长",
    "added_on": "入库日期",
    "removed_on": "移除日期",
    "carer": "受托照护人",
    "carer_phone": "受托照护人电话",
    "signed_on": "签订日期",
    "valid_until": "有效期至",
    "school_notified": "已告知学校",
    "committee_notified": "已告知村（居）委",
    "goal": "计划目标",
    "services": "计划服务",
    "review_on": "下次复核",
    "previous_review_on": "复核前的下次复核",
    "reviewed_on": "复核日期",
    "assessed_on": "评估日期",
    "result": "结果",
    "risk": "风险等级",
    "effective_on": "生效日期",
    "voided_at": "作废时间",
    "voided_by": "作废人",
    "void_reason": "作废原因",
    "consent_on": "同意日期",
    "consent_by": "同意人",
    "consent_exempt_reason": "免于同意的依据",
    "withdraw_reason": "撤回原因",
    "station": "工作站",
    "district": "区县",
    "dry_run": "仅试算",
    "by_type": "按类型",
    "payments": "笔数",
    "skipped": "未发放",
    "no_rate": "无标准的类型",
    "inserted": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "merged": "合并",
    "rejected": "拒绝",
    "moved": "迁移",
    "started_on": "开始日期",
    "ended_on": "结束日期",
    "end_note": "结束说明",
    "applied_on": "申请日期",
    "budget_fen": "预算(分)",
    "paid_on": "支出日期",
    "record_kind": "所属记录类型",
    "record_id": "所属记录号",
    "children_listed": "名单儿童数",
    "encrypted": "已加密",
    "key_id": "密钥标识",
    "station_id": "工作站标识",
}

#: Fields that mean another thing in some records.
_CHANGE_FIELDS_BY_RECORD = {
    ("resource", "name"): "名称",
    ("lead", "on"): "办理日期",
    ("visit", "worker"): "走访人",
    ("visit", "notes"): "情况记录",
    ("plan", "opened_on"): "计划开始",
}

#: Value labels by field, and where a field holds another kind of value in one record, by
#: (record type, field) first.
_CHANGE_VALUES: dict[str, Callable[[Any], str]] = {
    "gender": gender,
    "risk": risk,
    "result": assessment_result,
    "categories": category,
    "category": category,
    "subtype": subtype,
    "income_status": income,
    "guardian_situation": situation,
    "situation": situation,
    "close_reason": close_reason,
    "status": status,
    "source": risk_source,
    "mode": visit_mode,
    "problems": problem,
    "agency_type": agency_type,
    "services": service_type,
}
_CHANGE_VALUES_BY_RECORD: dict[tuple[str, str], Callable[[Any], str]] = {
    ("lead", "status"): lead_status,
    ("lead", "type"): lead_type,
    ("lead", "source"): lead_source,
    ("plan", "status"): plan_status,
    ("service", "type"): service_type,
    ("subsidy", "type"): subsidy_type,
    ("activity", "kind"): activity_kind,
    ("resource", "kind"): resource_kind,
}
#: Yes/no fields (stored 1/0 or true/false).
_CHANGE_FLAGS = frozenset(
    {"mandatory", "school_notified", "committee_notified", "dry_run", "reveal"} | {"encrypted"}
)


def change_field(record_type: str | None, key: str) -> str:
    """A field of an audited record (``community`` of a child: 所在居民区)."""
    if record_type == "child" and key in FIELD_LABELS:
        return FIELD_LABELS[key]
    found = _CHANGE_FIELDS_BY_RECORD.get((record_type or "", key))
    return found or CHANGE_FIELD_LABELS.get(key) or FIELD_LABELS.get(key) or key


def change_value(record_type: str | None, key: str, value: Any) -> Any:
    """A value of an audited record in words (``import`` as 导入, ``orange`` as 橙); a value
    without a label (a name, a date, a number) as it is."""
    if value is None or value == "":
        return value
    if key in _CHANGE_FLAGS and value in (0, 1, True, False):
        return yes_no(value)
    show = _CHANGE_VALUES_BY_RECORD.get((record_type or "", key)) or _CHANGE_VALUES.get(key)
    if show is None or isinstance(value, dict | bool | int | float):
        return value
    return show(value)
