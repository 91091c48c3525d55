"""Write the shipped bureau templates (run after changing them: python data/templates/make_templates.py).

- 月报表.xlsx: the monthly statistics sheet, one placeholder per figure of METRICS.md;
- 花名册.xlsx: the children's roster, one row per active child ({{#each children}});
- 月度工作简报.docx: the month's work in sentences, as the stations' own briefings write it
  ("本月共开展入户走访 68 次、电话微信随访 580 次……"), and a table of the communities
  ({%tr for c in community_figures %}): a Word template with docxtpl's Jinja tags, written
  with python-docx (which docxtpl depends on);
- 补贴发放汇总表.xlsx: the subsidy payment summary 乡镇(街道) | 孤儿补助人数 | 孤儿补助金额 |
  困境儿童补助人数 | 困境儿童补助金额 | 共计, with the 共计 column a formula, and the month's
  payments listed below ({{#each subsidy_payments}}) with a SUM that grows with the list.

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


def briefing_document():  # type: ignore[no-untyped-def]
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    _chinese_font(normal, "仿宋")
    normal.font.size = Pt(14)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("{{ station }}未成年人保护工作简报")
    _chinese_font(run, "黑体")
    run.font.size, run.bold = Pt(20), True
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


def main() -> None:
    monthly_sheet().save(HERE / "月报表.xlsx")
    roster_sheet().save(HERE / "花名册.xlsx")
    subsidy_sheet().save(HERE / "补贴发放汇总表.xlsx")
    briefing_document().save(HERE / "月度工作简报.docx")
    print("templates written to", HERE)


if __name__ == "__main__":
    main()
