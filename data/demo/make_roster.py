"""Generate data/demo/roster.xlsx: the demo station's roster, as messy as committees send them.

    .venv/bin/python data/demo/make_roster.py

A title row merged across the sheet, a 填报单位 line, headers under other names (公民身份号码,
社区（村）, 儿童类型, 负责儿童主任, 建档日期), birth dates as Excel dates and as text in three
formats, community cells merged over consecutive rows, full-width spaces, a footer (合计,
填表人, 审核人), a second sheet of instructions, and five rows `wbz import roster` must refuse
or merge: an ID that Excel turned into a number, a wrong check digit, an adult, a birth date
that disagrees with the ID, and the same child twice. The first 24 children keep the order of
the earlier demo register, so they get the codes C000001-C000024 again.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from wbz_cli.domain.idnumber import check_digit

HERE = Path(__file__).resolve().parent
HEADERS = [
    "序号", "姓名", "性别", "公民身份号码", "出生日期", "社区（村）", "儿童类型", "监护人姓名",
    "与儿童关系", "监护人联系电话", "家庭住址", "风险等级", "负责儿童主任", "建档日期",
]  # fmt: skip
# name, id_number, categories, community, guardian, relation, phone, address, risk, worker, on
KNOWN = """\
高萱杰,310105201903138416,孤儿、其他需关注儿童,秀水居民区,李宇,父亲,13140260662,华阳路89弄28号,绿,张敏,2026-04-03
林涵思,310105202201276464,事实无人抚养儿童、其他需关注儿童,秀水居民区,马涵,父亲,13150017772,华阳路571弄9号,黄,李娟,2026-03-18
林嘉浩,310105201210105961,困境儿童、孤儿,长宁支路居民区,刘轩,母亲,13705985840,华阳路62弄40号,橙,李娟,2026-09-14
赵涵诺,310105201908193078,流动儿童,西南居民区,赵梓,外祖母,13422390037,华阳路538弄32号,黄,陈静,2026-08-10
徐一怡,310105201102177765,困境儿童,大西居民区,李怡,母亲,13920951719,华阳路572弄37号,黄,李娟,2026-06-20
张欣怡,310105202410268612,事实无人抚养儿童,西南居民区,张涵,祖母,13794849312,华阳路592弄29号,黄,陈静,2026-07-22
刘怡涵,310105202001156265,困境儿童,飞乐居民区,吴一,父亲,13527239380,华阳路401弄32号,红,张敏,2026-08-13
朱杰怡,310105201703277243,留守儿童,大西居民区,赵一,母亲,13289212348,华阳路155弄15号,橙,张敏,2026-08-27
高杰远,310105201405104301,困境儿童,秀水居民区,徐一,外祖母,13763135165,华阳路671弄4号,绿,陈静,2026-09-13
马涵浩,310105202107136502,其他需关注儿童,华阳居民区,黄佳,父亲,13218034622,华阳路349弄39号,红,张敏,2026-01-19
黄远雨,310105201309040731,孤儿,飞乐居民区,周杰,外祖母,13491017514,华阳路486弄8号,红,李娟,2026-08-16
徐轩欣,310105202405037684,事实无人抚养儿童,大西居民区,杨宇,母亲,13320347933,华阳路541弄24号,橙,陈静,2026-09-01
孙诺杰,310105201811285312,留守儿童,飞乐居民区,高轩,外祖母,13453975088,华阳路652弄15号,,张敏,2026-04-27
郭杰轩,310105202112265317,困难儿童,华阳居民区,王涵,祖母,13607063907,华阳路266弄13号,,李娟,2026-08-26
郭浩俊,310105202006032333,事实无人抚养儿童,飞乐居民区,郭远,外祖母,13102049037,华阳路491弄23号,红,陈静,2026-02-13
马佳雨,310105201508060890,流动儿童,西南居民区,张轩,父亲,13282540039,华阳路131弄2号,橙,陈静,2026-08-26
孙一轩,310105201310279600,其他需关注儿童、流动儿童,秀水居民区,陈子,母亲,13958303050,华阳路744弄7号,,陈静,2026-03-14
何宇诗,31010520150401300X,困难儿童,秀水居民区,徐欣,外祖母,13549911297,华阳路855弄9号,红,陈静,2026-06-15
王文佳,310105202209055236,困境儿童、留守儿童,飞乐居民区,罗子,父亲,13285055879,华阳路145弄31号,,陈静,2026-02-18
高怡涵,310105201006225448,残疾儿童,华阳居民区,高涵,父亲,13305413398,华阳路284弄3号,红,陈静,2026-08-18
何远宇,31010520090215628X,困境儿童,飞乐居民区,周佳,外祖母,13672610874,华阳路827弄31号,,张敏,2026-09-09
胡俊梓,310105201508054028,事实无人抚养儿童,西南居民区,赵桐,母亲,13328373931,华阳路686弄20号,红,张敏,2026-06-05
郭诺怡,310105201703154083,事实无人抚养儿童,飞乐居民区,杨明,祖父,13653626718,华阳路414弄22号,绿,张敏,2026-06-11
胡佳明,310105201112125686,流动儿童,华阳居民区,马俊,外祖母,13769936596,华阳路303弄33号,红,张敏,2026-04-04
"""
COMMUNITIES = ["长宁支路居民区", "西南居民区", "秀水居民区", "飞乐居民区", "华阳居民区", "大西居民区"]
CATEGORIES = ["孤儿", "事实无人抚养儿童", "困境儿童", "困难儿童", "残疾儿童", "留守儿童", "流动儿童"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "子涵梓轩雨欣宇浩一诺佳琪明博思睿文嘉俊可远天航"
RELATIONS = ["父亲", "母亲", "祖父", "祖母", "外祖母", "叔叔"]
WORKERS = ["张敏", "李娟", "陈静"]
RISKS = ["红", "橙", "黄", "绿", ""]


def make_id(birth: date, seq: int, area: str = "310105") -> str:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def shown_birth(birth: date, style: int) -> object:
    """The birth date as committees write it: an Excel date, or text in three formats."""
    return (
        birth,
        f"{birth.year}.{birth.month}.{birth.day}",
        f"{birth.year}年{birth.month}月{birth.day}日",
        f"{birth:%Y%m%d}",
    )[style % 4]


def known_rows() -> list[list[object]]:
    rows = []
    for i, line in enumerate(KNOWN.splitlines()):
        name, number, cats, community, guardian, relation, phone, address, risk, worker, on = (
            line.split(",")
        )
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        gender = "男" if int(number[16]) % 2 else "女"
        rows.append(
            [name, "" if i == 12 else gender, number, shown_birth(birth, i), community, cats,
             guardian, relation, phone, address, risk, worker, on.replace("-", ".")]
        )  # fmt: skip
    rows[4][0] = "徐\u3000一怡"  # a full-width space inside the name
    return rows


def new_rows(rnd: random.Random, count: int) -> list[list[object]]:
    rows = []
    for i in range(count):
        birth = date(2011, 3, 1) + timedelta(days=rnd.randrange(4800))
        seq = rnd.randrange(100, 999)
        registered = date(2025, 3, 1) + timedelta(days=rnd.randrange(620))
        cats = rnd.sample(CATEGORIES, rnd.choice((1, 1, 2)))
        rows.append(
            [
                rnd.choice(SURNAMES) + "".join(rnd.choices(GIVEN, k=rnd.choice((1, 2)))),
                "男" if seq % 2 else "女",
                make_id(birth, seq),
                shown_birth(birth, i),
                rnd.choice(COMMUNITIES),
                "、".join(cats),
                rnd.choice(SURNAMES) + rnd.choice(GIVEN),
                rnd.choice(RELATIONS),
                f"13{rnd.randrange(10**9):09d}",
                f"华阳路{rnd.randrange(1, 999)}弄{rnd.randrange(1, 40)}号",
                rnd.choice(RISKS),
                rnd.choice(WORKERS),
                f"{registered.year}年{registered.month}月{registered.day}日",
            ]
        )
    # October 2026 gets some new children for the monthly report
    for row in rows[:6]:
        row[12] = f"2026年10月{rnd.randrange(1, 31)}日"
    rows.sort(key=lambda r: COMMUNITIES.index(str(r[4])))
    return rows


def bad_rows() -> list[list[object]]:
    boy = make_id(date(2016, 4, 9), 131)
    return [
        # the ID typed as a number: Excel keeps 15 significant digits
        ["钱小雨", "女", float(make_id(date(2014, 2, 3), 228)[:17] + "0"), date(2014, 2, 3),
         "华阳居民区", "困难儿童", "钱强", "父亲", "13800001111", "华阳路9弄1号", "", "李娟",
         "2026.10.12"],
        # a wrong check digit
        ["孔明", "男", make_id(date(2013, 5, 11), 505)[:17] + "1", "2013.5.11", "飞乐居民区",
         "困境儿童", "孔亮", "叔叔", "13800002222", "华阳路12弄3号", "黄", "张敏", "2026.10.3"],
        # 18 years old on the registration date
        ["严青", "女", make_id(date(2007, 11, 20), 224), "2007年11月20日", "西南居民区",
         "孤儿", "严华", "祖母", "13800003333", "华阳路30弄2号", "", "陈静", "2026.10.8"],
        # the birth-date column disagrees with the ID number
        ["方圆", "男", boy, "2016.4.19", "大西居民区", "残疾儿童", "方正", "父亲",
         "13800004444", "华阳路77弄6号", "绿", "李娟", "2026.9.30"],
    ]  # fmt: skip


def main() -> None:
    rnd = random.Random(20261124)
    known = known_rows()
    extra = new_rows(rnd, 22)
    rows = [*known, *bad_rows()[:2], *extra[:11], *bad_rows()[2:], *extra[11:], list(extra[3])]
    book = Workbook()
    ws = book.active
    ws.title = "花名册"
    ws.append(["长宁区华阳路街道困境儿童花名册（2026年11月）"])
    ws.append(["填报单位：华阳路街道未成年人保护工作站", *[""] * 10, "填报日期：2026年11月20日"])
    ws.append(HEADERS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    first = ws.max_row + 1
    for n, row in enumerate(rows, start=1):
        ws.append([n, *row])
        ws.cell(row=ws.max_row, column=4).number_format = "@"
        if isinstance(row[3], date):
            ws.cell(row=ws.max_row, column=5).number_format = "yyyy/m/d"
    _merge_runs(ws, first, ws.max_row, column=6)
    ws.append([])
    ws.append(["合计", f"{len(rows)}人"])
    ws.append(["填表人：", "李娟", "", "审核人：", "王主任"])
    for col, width in zip("ABCDEFGHIJKLMN", (5, 9, 5, 21, 14, 15, 22, 10, 9, 14, 20, 9, 12, 14)):
        ws.column_dimensions[col].width = width
    notes = book.create_sheet("填表说明")
    notes.append(["身份证号码列请设置为文本格式；儿童类型可填多个，用顿号分隔。每月5日前报送。"])
    book.save(HERE / "roster.xlsx")
    print(f"wrote {HERE / 'roster.xlsx'}: {len(rows)} rows")


def _merge_runs(ws: Any, first: int, last: int, column: int) -> None:
    """Merge the community cells of consecutive rows of one community (as committees do)."""
    start = first
    for row in range(first + 1, last + 2):
        value = ws.cell(row=row, column=column).value if row <= last else None
        if value != ws.cell(row=start, column=column).value:
            if row - start > 1:
                ws.merge_cells(
                    start_row=start, start_column=column, end_row=row - 1, end_column=column
                )
            start = row


if __name__ == "__main__":
    main()
