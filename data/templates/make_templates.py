"""Write the shipped bureau templates (run after changing them: python data/templates/make_templates.py).

- 月报表.xlsx: the monthly statistics sheet, one placeholder per figure of METRICS.md;
- 花名册.xlsx: the children's roster, one row per active child ({{#each children}});
- 月度工作简报.docx: the month's work in sentences, as the stations' own briefings write it
  ("本月共开展入户走访 68 次、电话微信随访 580 次……"), and a table of the communities
  ({%tr for c in community_figures %}): a Word template with docxtpl's Jinja tags, written
  with python-docx (which docxtpl depends on);
- 补贴发放汇总表.xlsx: the subsidy payment summary 乡镇(街道) | 孤儿补助人数 | 孤儿补助金额 |
  困境儿童补助人数 | 困境儿童补助金额 | 共计, with the 共计 column a formula, and the month's
  payments listed below ({{#each subsidy_payments}}) with a SUM that grows with the list;
- 一人一档.docx and 一户一档.docx: the paper file of a child and of a household (issue 25),
  laid out as a station's form: a title, a particulars table (label | value | label | value),
  then one table per section with a header row and {%tr for r in visits %} rows, and 暂无
  where a section has no rows. They are also written into the package
  (src/wbz_cli/data/templates/), where ``wbz show --out X.docx`` finds them.

Fill one with: wbz report monthly --month 2026-10 --template data/templates/月报表.xlsx --out 月报表-2026-10.xlsx
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from wbz_cli.domain.metrics import BREAKDOWNS, SCALARS, SECTIONS
from wbz_cli.domain.report_keys import SECOND_WAVE

HERE = Path(__file__).resolve().parent
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE = Font(name="宋体", size=16, bold=True)
HEAD = Font(name="宋体", size=11, bold=True)
BODY = Font(name="宋体", size=11)
FILL = PatternFill("solid", fgColor="FFF2CC")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def boxed(cells, font=BODY, fill=None):  # type: ignore[no-untyped-def]
    for cell in cells:
        cell.border = BOX
        cell.font = font
        cell.alignment = CENTER
        if fill is not None:
            cell.fill = fill


def monthly_sheet() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "月报表"
    ws.merge_cells("A1:D1")
    ws["A1"] = "{{station}}未成年人保护工作月报表"
    ws["A1"].font = TITLE
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 32
    ws["A2"] = "填报单位：{{station}}"
    ws["C2"] = "统计月份：{{month}}"
    ws["D2"] = "数据截至：{{as_of}}"
    ws.append(["栏目", "指标", "数值", "备注"])
    boxed(ws[3], HEAD, FILL)
    for section, title in SECTIONS.items():
        first = ws.max_row + 1
        for key, label in SCALARS[2:]:
            if key.split(".")[0] == section:
                ws.append([title, label, "{{" + key + "}}", ""])
        for key, label, members in BREAKDOWNS:
            if key.split(".")[0] == section:
                for sub, sub_label in members.items():
                    ws.append([title, f"{label}·{sub_label}", "{{" + f"{key}.{sub}" + "}}", ""])
        for entry in SECOND_WAVE:  # after the first wave's rows of the section
            if entry.section == section:
                for key, label in entry.expanded():
                    ws.append([title, label, "{{" + key + "}}", ""])
        last = ws.max_row
        for row in ws.iter_rows(min_row=first, max_row=last):
            boxed(row)
        if last > first:
            ws.merge_cells(start_row=first, end_row=last, start_column=1, end_column=1)
    for row in ws.iter_rows(min_row=4, min_col=3, max_col=3):
        if str(row[0].value).endswith("_yuan}}"):
            row[0].number_format = "#,##0.00"
    ws.append([])
    ws.append(["填表人：", "", "审核人：", "填报日期：{{period.last}}"])
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 22
    return wb


ROSTER = (
    ("序号", "index", 6),
    ("儿童编号", "code", 10),
    ("姓名", "name", 10),
    ("性别", "gender", 6),
    ("公民身份号码", "id_number", 22),
    ("出生日期", "birth_date", 12),
    ("儿童类别", "categories", 20),
    ("所在社区", "community", 14),
    ("风险等级", "risk", 8),
    ("监护人", "guardian", 10),
    ("与儿童关系", "relation", 10),
    ("监护人电话", "guardian_phone", 14),
    ("家庭住址", "address", 28),
    ("儿童主任", "worker", 10),
)


def roster_sheet() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    last_col = len(ROSTER)
    ws.merge_cells(start_row=1, end_row=1, start_column=1, end_column=last_col)
    ws["A1"] = "{{station}}困境儿童、留守儿童等花名册（截至{{period.last}}）"
    ws["A1"].font = TITLE
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 30
    ws.append([h for h, _, _ in ROSTER])
    boxed(ws[2], HEAD, FILL)
    row = ["{{" + key + "}}" for _, key, _ in ROSTER]
    row[0] = "{{#each children}}{{index}}"
    row[-1] = "{{worker}}{{/each}}"
    ws.append(row)
    boxed(ws[3])
    ws.append([])
    ws.append(["合计人数", '=COUNTA(C3:C3)', "", "填表人：", "", "审核人："])
    ws["B5"].font = HEAD
    for i, (_, _, width) in enumerate(ROSTER, 1):
        ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = width
    ws.freeze_panes = "A3"
    return wb


def subsidy_sheet() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "补贴发放汇总表"
    ws.merge_cells("A1:F1")
    ws["A1"] = "{{district}}儿童福利补贴发放汇总表（{{month}}）"
    ws["A1"].font = TITLE
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 30
    ws.append(["乡镇(街道)", "孤儿补助人数", "孤儿补助金额", "困境儿童补助人数", "困境儿童补助金额", "共计"])
    boxed(ws[2], HEAD, FILL)
    ws.append(
        [
            "{{station}}",
            "{{subsidies.by_type.orphan.payments}}",
            "{{subsidies.by_type.orphan.amount_yuan}}",
            "{{subsidies.difficult.payments}}",
            "{{subsidies.difficult.amount_yuan}}",
            "=C3+E3",
        ]
    )
    boxed(ws[3])
    for col in ("C", "E", "F"):
        ws[f"{col}3"].number_format = "#,##0.00"
    ws.append([])
    ws.append(["发放明细"])
    ws["A5"].font = HEAD
    ws.append(["序号", "儿童编号", "姓名", "所在社区", "补贴类型", "金额(元)"])
    boxed(ws[6], HEAD, FILL)
    ws.append(
        [
            "{{#each subsidy_payments}}{{index}}",
            "{{code}}",
            "{{name}}",
            "{{community}}",
            "{{type}}",
            "{{amount_yuan}}{{/each}}",
        ]
    )
    boxed(ws[7])
    ws["F7"].number_format = "#,##0.00"
    ws.append(["合计", "", "", "", "", "=SUM(F7:F7)"])
    boxed(ws[8], HEAD)
    ws["F8"].number_format = "#,##0.00"
    ws.merge_cells("A8:E8")
    for col, width in zip("ABCDEF", (16, 14, 14, 18, 28, 14), strict=True):
        ws.column_dimensions[col].width = width
    return wb


def _listed(name: str, unit: str, value: str = "value", sep: str = "、") -> str:
    """Jinja: the members of the list ``name`` that are not 0, as "孤儿 2 人、困境儿童 1 人"."""
    return (f"{{% for r in {name} if r.{value} %}}{{{{ r.label }}}} {{{{ r.{value} }}}} {unit}"
            f"{{{{ '{sep}' if not loop.last else '' }}}}{{% endfor %}}")  # fmt: skip


#: The briefing's sentences: (heading or None, paragraph with Jinja tags).
BRIEFING = (
    ("一、基本情况", "截至 {{ as_of }}，本站在册儿童 {{ children.active }} 人，涉及家庭 "
     "{{ households.active }} 户{% if children.active %}，其中"
     "{% for r in children_by_category if r.value %}{{ r.label }} {{ r.value }} 人"
     "{{ '、' if not loop.last else '' }}{% endfor %}（一名儿童可属多个类别）{% endif %}。"
     "本月新增 {{ children.new }} 人、退出 {{ children.closed }} 人。在册儿童中红色风险 "
     "{{ children.by_risk.red }} 人、橙色 {{ children.by_risk.orange }} 人、黄色 "
     "{{ children.by_risk.yellow }} 人、绿色 {{ children.by_risk.green }} 人，未评估 "
     "{{ children.by_risk.unassessed }} 人。{% if children.new %}本月新增儿童来源："
     + _listed("children_new_by_source", "人") + "。{% endif %}"),
    ("二、走访随访", "本月共开展入户走访 {{ visits.by_mode.home }} 次、电话微信随访 "
     "{{ visits.by_mode.phone + visits.by_mode.wechat }} 次、视频随访 {{ visits.by_mode.video }} "
     "次、到校走访 {{ visits.by_mode.school }} 次、来站面谈 {{ visits.by_mode.station }} 次，合计 "
     "{{ visits.total }} 次，覆盖儿童 {{ visits.children_reached }} 人。截至 {{ as_of }}，"
     "逾期未访儿童 {{ visits.overdue }} 人。{% if visits.children_reached %}覆盖儿童中"
     + _listed("visits_children_reached_by_category", "人") + "（一名儿童可属多个类别）。"
     "{% endif %}"),
    ("三、线索发现与转介", "本月发现线索 {{ referrals.found }} 条（其中强制报告 "
     "{{ referrals.mandatory }} 条），移送有关部门 {{ referrals.transferred }} 条，办结 "
     "{{ referrals.done }} 条，救助儿童 {{ referrals.children_helped }} 人；目前在办 "
     "{{ referrals.open }} 条，其中超期 {{ referrals.overdue }} 条。{% if referrals.found %}"
     "本月线索按类型：" + _listed("referrals_by_type", "条") + "；按来源："
     + _listed("referrals_by_source", "条") + "。{% endif %}"),
    ("四、关爱服务与补贴", "本月开展关爱服务 {{ services.total }} 次"
     "{% if services.total %}（{% for r in services_by_type if r.value %}{{ r.label }} "
     "{{ r.value }} 次{{ '、' if not loop.last else '' }}{% endfor %}）{% endif %}，服务儿童 "
     "{{ services.children_served }} 人{% if services.children_served %}（"
     + _listed("services_children_by_type", "人") + "）{% endif %}。发放各类补贴 "
     "{{ subsidies.payments }} 人次、{{ subsidies.amount_yuan }} 元，惠及儿童 "
     "{{ subsidies.children }} 人{% if subsidies.payments %}，其中"
     "{% for r in subsidies_by_type if r.payments %}{{ r.label }} {{ r.payments }} 人次、"
     "{{ r.amount_yuan }} 元（{{ r.children }} 人）{{ '；' if not loop.last else '' }}"
     "{% endfor %}{% endif %}。走访、服务或补贴覆盖家庭 {{ households.served }} 户。"
     "组织开展活动 {{ activities.count }} 场，参与 {{ activities.participants }} 人次"
     "{% if activities.count %}，其中{% for r in activities_by_kind if r.count %}{{ r.label }} "
     "{{ r.count }} 场、{{ r.participants }} 人次{{ '；' if not loop.last else '' }}{% endfor %}"
     "{% endif %}。"),
    ("五、委托照护与评估", "截至 {{ as_of }}，签订有效委托照护协议的在册儿童 "
     "{{ care.agreements_in_force }} 人，留守儿童协议签订率 {{ care.agreement_rate }}。本月开展"
     "监护评估 {{ care.guardianship_assessments }} 次、风险评估 {{ care.risk_assessments }} 次。"),
    ("六、服务计划", "截至 {{ as_of }}，在执行个案服务计划 {{ plans.active }} 个，其中逾期未复核 "
     "{{ plans.reviews_overdue }} 个；本月完成计划复核 {{ plans.reviews }} 次。"),
)
#: The table of the communities: (header, tag in the community's row, tag in the total row).
BRIEFING_TABLE = (
    ("社区", "{{ c.name }}", "合计"),
    ("在册儿童", "{{ c.children.active }}", "{{ children.active }}"),
    ("走访随访", "{{ c.visits.total }}", "{{ visits.total }}"),
    ("覆盖儿童", "{{ c.visits.children_reached }}", "{{ visits.children_reached }}"),
    ("逾期未访", "{{ c.visits.overdue }}", "{{ visits.overdue }}"),
    ("发现线索", "{{ c.referrals.found }}", "{{ referrals.found }}"),
    ("关爱服务", "{{ c.services.total }}", "{{ services.total }}"),
    ("补贴人次", "{{ c.subsidies.payments }}", "{{ subsidies.payments }}"),
)


def _chinese_font(run_or_style, name: str) -> None:  # type: ignore[no-untyped-def]
    """Word takes Chinese text's font from eastAsia, which python-docx does not set."""
    from docx.oxml.ns import qn

    run_or_style.font.name = name
    fonts = run_or_style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def titled_document(title: str, size: float, title_size: float):  # type: ignore[no-untyped-def]
    """A new document in 仿宋 of ``size`` points, its first paragraph ``title`` centred in 黑体."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    _chinese_font(normal, "仿宋")
    normal.font.size = Pt(size)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title)
    _chinese_font(run, "黑体")
    run.font.size, run.bold = Pt(title_size), True
    return doc


def briefing_document():  # type: ignore[no-untyped-def]
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = titled_document("{{ station }}未成年人保护工作简报", 14, 20)
    sub = doc.add_paragraph("（{{ month }}，数据截至 {{ as_of }}）")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for heading, text in BRIEFING:
        run = doc.add_paragraph().add_run(heading)
        _chinese_font(run, "黑体")
        body = doc.add_paragraph(text)
        body.paragraph_format.first_line_indent = Pt(28)
    run = doc.add_paragraph().add_run("七、各社区情况")
    _chinese_font(run, "黑体")
    table = doc.add_table(rows=5, cols=len(BRIEFING_TABLE))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (header, each, total) in enumerate(BRIEFING_TABLE):
        table.cell(0, i).text = header
        table.cell(2, i).text = each
        table.cell(4, i).text = total
        for row in (0, 4):
            for run in table.cell(row, i).paragraphs[0].runs:
                run.bold = True
    table.cell(1, 0).text = "{%tr for c in community_figures %}"
    table.cell(3, 0).text = "{%tr endfor %}"
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    run.font.size = Pt(11)
    note = doc.add_paragraph("注：合计为全站数字；发现线索的合计含尚未关联儿童的线索。")
    note.runs[0].font.size = Pt(10.5)
    end = doc.add_paragraph("{{ district }} {{ station }}　　{{ period.last }}")
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.core_properties.title = "未成年人保护工作简报"
    doc.core_properties.author = "wbz"
    return doc


#: The child's particulars: rows of (label, tag, label, tag).
CHILD_PARTICULARS = (
    ("编号", "child.code", "姓名", "child.name"),
    ("性别", "child.gender", "出生日期", "child.birth_date"),
    ("年龄", "child.age", "身份证号", "child.id_number"),
    ("儿童类别", "child.categories", "风险等级", "child.risk"),
    ("居民区", "child.community", "儿童主任", "child.worker"),
    ("状态", "child.status", "登记日期", "child.registered_on"),
    ("退出日期", "child.closed_on", "退出原因", "child.close_reason"),
    ("监护人", "child.guardian", "监护人电话", "child.guardian_phone"),
)
#: The household's details, in both files.
HOUSEHOLD_PARTICULARS = (
    ("家庭编号", "household.code", "经济状况", "household.income_status"),
    ("住址", "household.address", "居民区", "household.community"),
)
GUARDIANS = ("监护人", "guardians", (("姓名", "name"), ("关系", "relation"), ("电话", "phone"),
             ("状况", "situation"), ("身份证号", "id_number"), ("主要监护人", "primary")))
GIFTS = ("物资与心愿", "gifts", (("日期", "given_on"), ("类型", "kind"), ("物品或心愿", "what"),
         ("价值(元)", "value_yuan"), ("捐赠方", "donor")))
#: The child's sections: (heading, list in the context, (header, key) of each column).
CHILD_SECTIONS = (
    ("类别记录", "categories", (("类别", "category"), ("困境类型", "subtype"),
                            ("开始", "start_on"), ("结束", "end_on"))),
    ("立案记录", "cases", (("立案", "opened_on"), ("退出", "closed_on"),
                         ("退出原因", "close_reason"))),
    GUARDIANS,
    ("风险变化", "risks", (("编号", "code"), ("日期", "effective_on"), ("风险等级", "risk"),
                         ("来源", "source"))),
    ("风险评估", "assessments", (("编号", "code"), ("日期", "assessed_on"), ("结果", "result"),
                             ("得分", "score"), ("紧急情形", "emergency"), ("评估人", "assessor"),
                             ("说明", "notes"))),
    ("监护评估", "guardianship_assessments", (("编号", "code"), ("日期", "assessed_on"),
                                         ("结果", "result"), ("下次复评", "next_due"),
                                         ("说明", "notes"))),
    ("走访记录", "visits", (("日期", "visited_on"), ("方式", "mode"), ("走访人", "worker"),
                          ("发现问题", "problems"), ("处理", "action"), ("情况", "notes"))),
    ("线索", "leads", (("编号", "code"), ("发现日期", "found_on"), ("类型", "type"),
                     ("状态", "status"), ("移送单位", "agency"), ("摘要", "summary"))),
    ("服务计划", "plans", (("编号", "code"), ("目标", "goal"), ("计划服务", "services"),
                         ("开始", "opened_on"), ("下次复核", "review_on"), ("状态", "status"))),
    ("服务记录", "services", (("日期", "served_on"), ("类型", "type"), ("提供方", "provider"),
                            ("时长(小时)", "hours"), ("计划", "plan"), ("备注", "notes"))),
    ("补贴发放", "subsidies", (("月份", "month"), ("类型", "type"), ("金额(元)", "amount_yuan"))),
    ("委托照护协议", "care_agreements", (("受托人", "carer"), ("关系", "relation"),
                                     ("电话", "carer_phone"), ("签订", "signed_on"),
                                     ("有效期至", "valid_until"), ("告知学校", "school_notified"),
                                     ("告知村（居）委", "committee_notified"))),
    ("临时安置", "placements", (("类型", "kind"), ("安置地点", "place"), ("开始", "started_on"),
                              ("结束", "ended_on"), ("原因", "reason"))),
    ("结对帮扶", "pairs", (("资源编号", "resource"), ("资源类型", "resource_kind"),
                         ("结对人或组织", "resource_name"), ("开始", "started_on"),
                         ("结束", "ended_on"))),
    ("申请与审核", "applications", (("申请事项", "what"), ("申请日期", "applied_on"),
                                 ("受理单位", "agency"), ("审核结果", "status"),
                                 ("审核日期", "decided_on"), ("开始日期", "starts_on"),
                                 ("不予批准原因", "refuse_reason"))),
    ("摸排纳入", "screenings", (("摸排日期", "screened_on"), ("来源", "source"),
                              ("居民区", "community"), ("摸排人", "worker"))),
    GIFTS,
    ("附件", "attachments", (("文件名", "name"), ("类型", "kind"), ("格式", "file_type"),
                           ("大小(字节)", "size"), ("附加日期", "added_on"))),
)  # fmt: skip
#: What a section of the child's file holds under its own table: the reviews of the plans.
SUBSECTIONS = {
    "plans": ("计划复核记录", "plan_reviews", (("计划", "plan"), ("复核日期", "reviewed_on"),
                                          ("复核人", "operator"), ("下次复核", "next_review_on"),
                                          ("复核说明", "note"))),
}  # fmt: skip
#: The household's sections.
HOUSEHOLD_SECTIONS = (
    GUARDIANS,
    ("家庭中的儿童", "children", (("编号", "code"), ("姓名", "name"), ("性别", "gender"),
                              ("年龄", "age"), ("身份证号", "id_number"), ("类别", "categories"),
                              ("风险等级", "risk"), ("状态", "status"), ("儿童主任", "worker"),
                              ("走访次数", "visit_count"), ("最近走访", "last_visit"))),
    ("走访记录", "visits", (("日期", "visited_on"), ("儿童", "name"), ("方式", "mode"),
                          ("走访人", "worker"), ("发现问题", "problems"), ("情况", "notes"))),
    GIFTS,
)  # fmt: skip


def _paper_heading(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    from docx.shared import Pt

    run = doc.add_paragraph().add_run(text)
    _chinese_font(run, "黑体")
    run.font.size = Pt(12)


def _small_cells(table) -> None:  # type: ignore[no-untyped-def]
    from docx.shared import Pt

    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _particulars_table(doc, rows) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for i, (label, tag, label2, tag2) in enumerate(rows):
        for j, text in enumerate((label, "{{ " + tag + " }}", label2, "{{ " + tag2 + " }}")):
            table.cell(i, j).text = text
            if j % 2 == 0:
                table.cell(i, j).paragraphs[0].runs[0].bold = True
    _small_cells(table)


def _section_table(doc, number: int, heading: str, name: str, columns, notes: bool) -> None:  # type: ignore[no-untyped-def]
    """A heading, then the section's table ({%tr for r in NAME %}), or 暂无 without rows;
    with ``notes``, the line saying how many voided records it leaves out, and the section's
    sub-section (a plan's reviews) when it has one."""
    _paper_heading(doc, f"{number}. {heading}")
    doc.add_paragraph("{%p if " + name + " %}")
    _rows_table(doc, name, columns)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("暂无")
    doc.add_paragraph("{%p endif %}")
    if not notes:
        return
    _omitted_note(doc, name)
    if name in SUBSECTIONS:
        sub_heading, sub_name, sub_columns = SUBSECTIONS[name]
        doc.add_paragraph("{%p if " + sub_name + " %}")
        doc.add_paragraph(sub_heading)
        _rows_table(doc, sub_name, sub_columns)
        doc.add_paragraph("{%p endif %}")
        _omitted_note(doc, sub_name)


def _omitted_note(doc, name: str) -> None:  # type: ignore[no-untyped-def]
    """另有作废记录 N 条，未列出 under the section, when it left voided records out."""
    doc.add_paragraph("{%p if omitted." + name + " %}")
    doc.add_paragraph("{{ omitted." + name + " }}")
    doc.add_paragraph("{%p endif %}")


def _rows_table(doc, name: str, columns) -> None:  # type: ignore[no-untyped-def]
    """A table with a header and one row for each row of the list ``name``."""
    table = doc.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    for i, (header, key) in enumerate(columns):
        table.cell(0, i).text = header
        table.cell(0, i).paragraphs[0].runs[0].bold = True
        table.cell(2, i).text = "{{ r." + key + " }}"
    table.cell(1, 0).text = "{%tr for r in " + name + " %}"
    table.cell(3, 0).text = "{%tr endfor %}"
    _small_cells(table)


def paper_document(title: str, particulars, sections):  # type: ignore[no-untyped-def]
    """A paper file (一人一档 or 一户一档): title, particulars, one table per section."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = titled_document(title, 11, 18)
    sub = doc.add_paragraph("{{ district }} {{ station }}　　打印日期：{{ printed_on }}")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paper_heading(doc, "基本信息")
    _particulars_table(doc, particulars)
    if particulars is not HOUSEHOLD_PARTICULARS:
        _paper_heading(doc, "家庭情况")
        _particulars_table(doc, HOUSEHOLD_PARTICULARS)
    for number, (heading, name, columns) in enumerate(sections, 1):
        _section_table(doc, number, heading, name, columns, sections is CHILD_SECTIONS)
    end = doc.add_paragraph("儿童主任（签字）：　　　　　　站长（签字）：　　　　　　年　　月　　日")
    end.paragraph_format.space_before = Pt(18)
    doc.core_properties.title = title
    doc.core_properties.author = "wbz"
    return doc


#: The paper files, and the folder inside the package that holds a copy of each.
PAPER_FILES = {
    "一人一档.docx": ("未成年人一人一档（{{ child.code }} {{ child.name }}）", CHILD_PARTICULARS,
                    CHILD_SECTIONS),
    "一户一档.docx": ("家庭一户一档（{{ household.code }}）", HOUSEHOLD_PARTICULARS,
                    HOUSEHOLD_SECTIONS),
}  # fmt: skip
PACKAGE_TEMPLATES = HERE.parent.parent / "src" / "wbz_cli" / "data" / "templates"


def write_paper_files() -> None:
    import io

    PACKAGE_TEMPLATES.mkdir(exist_ok=True)
    for name, (title, particulars, sections) in PAPER_FILES.items():
        buffer = io.BytesIO()
        paper_document(title, particulars, sections).save(buffer)
        for folder in (HERE, PACKAGE_TEMPLATES):  # the same bytes in both
            (folder / name).write_bytes(buffer.getvalue())


def main() -> None:
    monthly_sheet().save(HERE / "月报表.xlsx")
    roster_sheet().save(HERE / "花名册.xlsx")
    subsidy_sheet().save(HERE / "补贴发放汇总表.xlsx")
    briefing_document().save(HERE / "月度工作简报.docx")
    write_paper_files()
    print("templates written to", HERE)


if __name__ == "__main__":
    main()
