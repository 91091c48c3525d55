"""The care sections of ``wbz show`` on screen: assessments, visits, leads, plans, services,
subsidies and entrusted-care agreements (each printed when it has rows)."""

from __future__ import annotations

from typing import Any

from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels

risk_source = labels.risk_source


#: Voided records that are not kinds of ``wbz history KIND N``.
OTHER_KINDS = {"category": "类别", "case": "立案期间", "plan_review": "计划复核"}


#: The sections of issue 25's records, left out of the "暂无" line when empty.
RECORD_KEYS = frozenset({"placements", "applications", "pairs", "screenings"})


def record_sections() -> list[tuple[str, str, tuple[Column, ...]]]:
    """The sections of issue 25's records: placements."""
    return [
        (
            "placements",
            "临时安置",
            (
                Column("id", "记录号", justify="right"),
                Column("kind", "类型", labels.placement_kind),
                Column("place", "安置地点"),
                Column("started_on", "开始"),
                Column("ended_on", "结束", lambda v: v or "安置中"),
                Column("reason", "原因"),
            ),
        ),
        (
            "applications",
            "申请与审核",
            (
                Column("id", "记录号", justify="right"),
                Column("what", "申请事项"),
                Column("applied_on", "申请日期"),
                Column("status", "审核结果", labels.application_status),
                Column("decided_on", "审核日期"),
                Column("starts_on", "开始日期"),
                Column("refuse_reason", "不予批准原因"),
            ),
        ),
        (
            "pairs",
            "结对帮扶",
            (
                Column("id", "记录号", justify="right"),
                Column("resource", "资源编号"),
                Column("resource_kind", "资源类型", labels.resource_kind),
                Column("resource_name", "结对人或组织"),
                Column("started_on", "开始"),
                Column("ended_on", "结束", lambda v: v or "结对中"),
                Column("visits", "走访", justify="right"),
                Column("services", "服务", justify="right"),
            ),
        ),
        (
            "screenings",
            "摸排纳入",
            (
                Column("id", "记录号", justify="right"),
                Column("screened_on", "摸排日期"),
                Column("source", "来源", labels.screening_source),
                Column("community", "居民区"),
                Column("worker", "摸排人"),
            ),
        ),
    ]


def _record_kind(value: Any) -> str:
    from wbz_cli.services.corrections import KINDS

    kind = KINDS.get(str(value))
    return kind.label if kind else OTHER_KINDS.get(str(value), str(value))


def print_care_sections(r: dict[str, Any]) -> None:
    from wbz_cli.cli.terminal import info, print_table
    from wbz_cli.domain.vocab import LeadStatus, LeadType, VisitMode

    sections: list[tuple[str, str, tuple[Column, ...]]] = [
        (
            "assessments",
            "风险评估",
            (
                Column("code", "编号"),
                Column("assessed_on", "日期"),
                Column("result", "结果", labels.risk),
                Column("score", "得分", justify="right"),
                Column("emergency", "紧急情形"),
                Column("assessor", "评估人"),
                Column("notes", "说明"),
            ),
        ),
        (
            "guardianship_assessments",
            "监护评估",
            (
                Column("code", "编号"),
                Column("assessed_on", "日期"),
                Column("result", "结果", labels.guardianship_result),
                Column("next_due", "下次复评"),
                Column("notes", "说明"),
            ),
        ),
        (
            "visits",
            "走访记录",
            (
                Column("visited_on", "日期"),
                Column("mode", "方式", labels.label_of(VisitMode)),
                Column("worker", "走访人"),
                Column("notes", "情况"),
            ),
        ),
        (
            "leads",
            "线索",
            (
                Column("code", "编号"),
                Column("found_on", "发现日期"),
                Column("type", "类型", labels.label_of(LeadType)),
                Column("status", "状态", labels.label_of(LeadStatus)),
                Column("agency", "移送单位"),
                Column("summary", "摘要"),
            ),
        ),
        (
            "plans",
            "服务计划",
            (
                Column("code", "编号"),
                Column("goal", "目标"),
                Column("services", "计划服务", labels.service_type),
                Column("opened_on", "开始"),
                Column("review_on", "下次复核"),
                Column("status", "状态", labels.plan_status),
            ),
        ),
        (
            "services",
            "服务记录",
            (
                Column("served_on", "日期"),
                Column("type", "类型", labels.service_type),
                Column("provider", "提供方"),
                Column("hours", "时长(小时)", justify="right"),
                Column("plan", "计划"),
                Column("notes", "备注"),
            ),
        ),
        (
            "subsidies",
            "补贴发放",
            (
                Column("month", "月份"),
                Column("type", "类型", labels.subsidy_type),
                Column("amount_yuan", "金额(元)", justify="right"),
            ),
        ),
        (
            "care_agreements",
            "委托照护协议",
            (
                Column("carer", "受托人"),
                Column("relation", "关系"),
                Column("carer_phone", "电话"),
                Column("signed_on", "签订"),
                Column("valid_until", "有效期至"),
                Column("school_notified", "告知学校", labels.yes_no),
                Column("committee_notified", "告知村（居）委", labels.yes_no),
            ),
        ),
    ]
    sections += record_sections()
    for row in r.get("applications") or []:  # what is applied for, by its label
        row["what"] = labels.application_what(row["kind"], row["what"])
    sections.append(
        (
            "attachments",
            "附件",
            (
                Column("id", "记录号", justify="right"),
                Column("added_on", "附加日期"),
                Column("kind", "类型", labels.attachment_kind),
                Column("name", "文件名"),
                Column("record", "所属记录"),
                Column("size", "大小(字节)", justify="right"),
            ),
        )
    )
    sections.append(
        (
            "voided_records",
            "已作废的记录",
            (
                Column("kind", "类别", _record_kind),
                Column("id", "记录号", justify="right"),
                Column("day", "日期"),
                Column("what", "内容"),
                Column("voided_at", "作废时间"),
                Column("voided_by", "作废人"),
                Column("void_reason", "作废原因"),
            ),
        )
    )
    empty = []
    for key, title, columns in sections:
        rows = r.get(key) or []
        if rows:
            caption = None
            if key == "visits" and r.get("visit_count", 0) > len(rows):
                caption = f"共 {r['visit_count']} 次，最近 {len(rows)} 次"
            print_table(rows, columns, True, title=title, caption=caption)
        elif key not in RECORD_KEYS:  # issue 25's records: shown only when there are some
            empty.append(title)
    if empty:
        info(f"暂无：{'、'.join(empty)}")
