"""The care record's vocabularies: visit modes and findings, leads, services, subsidies,
activities and resource kinds. Keys are the JSON keys of METRICS.md; labels are what users see."""

from __future__ import annotations

from wbz_cli.domain.enums import LabeledEnum


class VisitMode(LabeledEnum):
    """走访方式"""

    HOME = ("home", "入户", ("入户走访", "上门", "家访"))
    PHONE = ("phone", "电话", ("电话随访", "电话回访"))
    WECHAT = ("wechat", "微信", ("微信随访",))
    VIDEO = ("video", "视频", ("视频随访", "视频通话"))
    SCHOOL = ("school", "到校", ("学校", "到校走访"))
    STATION = ("station", "到站", ("来站", "站内"))


class Problem(LabeledEnum):
    """发现问题"""

    STUDY = ("study", "学习", ("学业",))
    HEALTH = ("health", "健康", ("身体",))
    PSYCHOLOGY = ("psychology", "心理", ("情绪",))
    GUARDIANSHIP = (
        "guardianship",
        "监护",
    )
    SAFETY = (
        "safety",
        "安全",
    )
    ECONOMY = ("economy", "经济", ("生活困难",))
    OTHER = (
        "other",
        "其他",
    )


class LeadStatus(LabeledEnum):
    """线索状态"""

    NEW = ("new", "待核实", ("新线索",))
    VERIFIED = ("verified", "已核实", ("核实",))
    TRANSFERRED = ("transferred", "已移送", ("移送",))
    ACCEPTED = ("accepted", "已受理", ("受理",))
    DONE = ("done", "已办结", ("办结",))
    UNFOUNDED = ("unfounded", "不属实", ("查无实据",))
    REJECTED = ("rejected", "退回", ("已退回",))
    WITHDRAWN = ("withdrawn", "撤回", ("已撤回",))


# A rejected (退回) lead is still open: the station re-transfers it or withdraws it.
FINAL_LEAD_STATUSES = frozenset({"done", "unfounded", "withdrawn"})


class LeadType(LabeledEnum):
    """线索类型"""

    # The nine mandatory-report situations (强制报告).
    PRIVATE_PARTS_INJURY = ("private_parts_injury", "隐私部位遭受侵害", ("隐私部位受侵害",))
    GIRL_UNDER_14_ASSAULT = (
        "girl_under_14_assault",
        "不满14周岁女性遭受性侵、怀孕、流产",
        ("幼女性侵", "幼女怀孕"),
    )
    GIRL_14_PLUS_PREGNANCY = (
        "girl_14_plus_pregnancy",
        "14周岁以上女性遭受性侵导致怀孕、流产",
        ("性侵致孕",),
    )
    VIOLENCE_INJURY = (
        "violence_injury",
        "疑似遭受暴力、欺凌、虐待致多处损伤、严重营养不良或意识不清",
        ("暴力伤害", "虐待", "欺凌"),
    )
    SELF_HARM = ("self_harm", "因自杀、自残、工伤、中毒等致残或死亡", ("自杀自残", "自残"))
    ABANDONMENT = ("abandonment", "被遗弃或长期处于无人照料状态", ("遗弃", "无人照料"))
    MISSING = ("missing", "失踪、被拐卖、被收买或来历不明", ("失踪", "被拐卖", "来历不明"))
    ORGANISED_BEGGING = ("organised_begging", "被组织乞讨", ("组织乞讨",))
    OTHER_SERIOUS_HARM = ("other_serious_harm", "其他严重侵害", ("严重侵害",))
    # Other leads.
    SCHOOLING = ("schooling", "就学", ("失学辍学", "辍学"))
    MEDICAL = ("medical", "就医", ("医疗",))
    GUARDIANSHIP = ("guardianship", "监护", ("监护缺失", "监护不当"))
    CHILD_LABOUR = ("child_labour", "童工", ("使用童工",))
    SUBSISTENCE = ("subsistence", "生活困难", ("基本生活",))
    PSYCHOLOGICAL = ("psychological", "心理", ("心理问题",))
    OTHER = ("other", "其他")


MANDATORY_LEAD_TYPES = frozenset(
    {
        "private_parts_injury",
        "girl_under_14_assault",
        "girl_14_plus_pregnancy",
        "violence_injury",
        "self_harm",
        "abandonment",
        "missing",
        "organised_begging",
        "other_serious_harm",
    }
)


class LeadSource(LabeledEnum):
    """线索来源"""

    HOME_VISIT = ("home_visit", "入户走访", ("走访",))
    SCHOOL = ("school", "学校")
    HOSPITAL = ("hospital", "医院", ("医疗机构",))
    POLICE = ("police", "公安", ("派出所", "公安机关"))
    PROCURATORATE = ("procuratorate", "检察院", ("检察机关",))
    COURT = ("court", "法院")
    HOTLINE = ("hotline", "12345热线", ("12345", "热线"))
    NEIGHBOUR = ("neighbour", "邻居", ("群众",))
    SELF = ("self", "本人", ("自述",))
    OTHER = ("other", "其他")


class ServiceType(LabeledEnum):
    """服务类型"""

    EDUCATION = ("education", "助学")
    MEDICAL = ("medical", "助医")
    CLEANING = ("cleaning", "助洁")
    PSYCHOLOGICAL = ("psychological", "心理关爱", ("心理", "心理辅导"))
    REHABILITATION = ("rehabilitation", "康复")
    LEGAL = ("legal", "法律援助", ("法援",))
    TEMPORARY_CARE = ("temporary_care", "临时照护")
    FAMILY_GUIDANCE = ("family_guidance", "家庭教育指导", ("家庭教育",))
    OTHER = ("other", "其他")
    CRISIS_INTERVENTION = ("crisis_intervention", "危机干预", ("紧急干预",))
    PLACEMENT = ("placement", "安置", ("协助安置",))


class SubsidyType(LabeledEnum):
    """补贴类型"""

    ORPHAN = ("orphan", "孤儿基本生活费", ("孤儿补助", "孤儿"))
    DE_FACTO_UNSUPPORTED = (
        "de_facto_unsupported",
        "事实无人抚养儿童基本生活补贴",
        ("事实无人抚养儿童补贴", "事实无人抚养"),
    )
    DISABILITY_LIVING = ("disability_living", "困难残疾人生活补贴", ("残疾人生活补贴",))
    DISABILITY_CARE = ("disability_care", "重度残疾人护理补贴", ("护理补贴",))
    STUDY_GRANT = ("study_grant", "助学金")
    TEMPORARY_RELIEF = ("temporary_relief", "临时救助")
    OTHER = ("other", "其他")


class ActivityKind(LabeledEnum):
    """活动类型"""

    THEMED_SERVICE = ("themed_service", "主题服务")
    TRAINING = ("training", "培训")
    PUBLICITY = ("publicity", "宣传")
    GROUP = ("group", "小组活动")
    FESTIVAL_VISIT = ("festival_visit", "节日慰问")
    OTHER = ("other", "其他")


class ResourceKind(LabeledEnum):
    """资源类型"""

    EXPERT = ("expert", "专家")
    GROWTH_OFFICER = ("growth_officer", "成长导师", ("成长官",))
    ADVISOR = ("advisor", "顾问")
    SOCIAL_WORKER = ("social_worker", "社工")
    LAWYER = ("lawyer", "律师")
    ORGANIZATION = ("organization", "社会组织", ("机构",))
    VOLUNTEER = ("volunteer", "志愿者")
    CHILD_DIRECTOR = ("child_director", "儿童主任")
    CHILD_SUPERVISOR = ("child_supervisor", "儿童督导员")


class ChildSource(LabeledEnum):
    """新增来源"""

    ROSTER = ("roster", "花名册导入")
    REGISTER = ("register", "登记")
    MATCH = ("match", "政策找人比对")
    REFERRAL = ("referral", "线索")
