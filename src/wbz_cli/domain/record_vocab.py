"""The vocabularies of the records added for issue 25: placements (临时监护、紧急安置),
applications (申请), pairings (结对帮扶) and screenings (摸排). Keys are the JSON keys; labels
are what users see."""

from __future__ import annotations

from wbz_cli.domain.enums import LabeledEnum


class PlacementKind(LabeledEnum):
    """安置类型"""

    TEMPORARY_CARE = ("temporary_care", "临时监护", ("临时照护", "临时监护照料"))
    EMERGENCY = ("emergency", "紧急安置", ("紧急", "应急安置"))


class ApplicationKind(LabeledEnum):
    """申请事项"""

    CATEGORY = ("category", "儿童类别", ("类别", "身份认定"))
    SUBSIDY = ("subsidy", "补贴", ("补助",))


class ApplicationStatus(LabeledEnum):
    """审核结果"""

    PENDING = ("pending", "待审核", ("审核中",))
    APPROVED = ("approved", "批准", ("通过", "已批准"))
    REFUSED = ("refused", "不予批准", ("驳回", "未通过", "不批准"))


class ScreeningSource(LabeledEnum):
    """摸排来源"""

    DOOR_TO_DOOR = ("door_to_door", "入户摸排", ("入户", "上门摸排"))
    DEPARTMENT_LIST = ("department_list", "部门名单比对", ("部门名单", "名单比对", "政策找人"))
    SCHOOL = ("school", "学校", ("学校排查",))


class ScreeningOutcome(LabeledEnum):
    """摸排结果"""

    ENROLLED = ("enrolled", "已纳入", ("纳入", "已登记"))
    NOT_ELIGIBLE = ("not_eligible", "不符合条件", ("不符合",))
    FOLLOW_UP = ("follow_up", "待跟进", ("跟进", "待核实"))
