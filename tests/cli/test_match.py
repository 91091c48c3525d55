"""wbz match: department lists (adults, children, unknown and malformed ID numbers) against
the register; proposals never applied without --apply; --yes and the interactive confirm."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

CHILD_1 = make_id("2015-06-01", 11)  # C000001 王小明, low_income, father 王大明
CHILD_2 = make_id("2012-02-03", 22)  # C000002 李小红, disabled
CHILD_3 = make_id("2016-07-07", 31)  # C000003 张小华, left_behind, father 张建国
CHILD_4 = make_id("2013-03-03", 41)  # C000004 赵小强, other, closed
CHILD_5 = make_id("2014-04-04", 52)  # C000005 王小丽, low_income, on no list
FATHER_1 = make_id("1985-03-02", 15)
FATHER_3 = make_id("1988-01-01", 33)
NEW_CHILD = make_id("2018-05-05", 47)
NEW_ADULT = make_id("1980-01-01", 43)
BAD_CHECK = CHILD_1[:17] + ("0" if CHILD_1[17] != "0" else "1")
UNKNOWN_AREA = make_id("2015-01-01", 11, "999999")


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def town(station: Invoke) -> Invoke:
    def register(name: str, number: str, category: str, *extra: str) -> None:
        result = station(
            "register", "--name", name, "--id-number", number, "-c", category,
            "--on", "2026-01-05", *extra,
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr

    register("王小明", CHILD_1, "low_income", "--guardian", "王大明", "--relation", "父亲")
    register("李小红", CHILD_2, "disabled")
    register("张小华", CHILD_3, "left_behind")
    register("赵小强", CHILD_4, "other")
    register("王小丽", CHILD_5, "low_income")
    for household, name, number in (
        ("H000001", "王大明", FATHER_1),
        ("H000003", "张建国", FATHER_3),
    ):
        result = station(
            "household", "add-guardian", household, "--name", name, "--relation", "父亲",
            "--id-number", number,
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    assert station("close", "C000004", "--reason", "moved", "--on", "2026-06-01").exit_code == 0
    return station


def write_csv(
    path: Path, header: list[str], body: list[list[str]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(body)
    return path


def write_xlsx(path: Path, header: list[str], body: list[list[object]], title: str = "") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    if title:
        ws.append([title])
    ws.append(header)
    for line in body:
        ws.append(line)
    book.save(path)
    return path


LOWINCOME = [
    ["1", "王大明", FATHER_1, "王大明", "户主"],
    ["2", "王小明", CHILD_1, "王大明", "子"],
    ["3", "张建国", FATHER_3, "张建国", "户主"],
    ["4", "陈小一", NEW_CHILD, "陈大海", "子"],
    ["5", "陈大海", NEW_ADULT, "陈大海", "户主"],
    ["6", "错号码", BAD_CHECK, "某某", "子"],
    ["7", "短号码", "1234", "某某", "子"],
    ["8", "赵小强", CHILD_4, "赵某", "子"],
    ["9", "空号码", "", "某某", "子"],
    ["10", "无地区", UNKNOWN_AREA, "某某", "子"],
    ["11", "陈小一", NEW_CHILD, "陈大海", "子"],
]
LOWINCOME_HEADER = ["序号", "姓名", "身份证号码", "户主姓名", "与户主关系"]


@pytest.fixture
def lowincome_xlsx(tmp_path: Path) -> Path:
    body: list[list[object]] = [list(r) for r in LOWINCOME]
    body.append(["12", "数字号码", 3.20111201303031e17, "某某", "子"])  # typed as a number
    return write_xlsx(tmp_path / "低保名单.xlsx", LOWINCOME_HEADER, body, "2026年11月低保名单")


def test_lowincome_list_sorts_adults_children_unknown_and_malformed(
    town: Invoke, lowincome_xlsx: Path
) -> None:
    result = town("match", lowincome_xlsx, "--kind", "低保", "--format", "json", "--reveal")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    s = data["summary"]
    assert (s["rows"], s["repeated"], s["unmatched"]) == (12, 1, 5)
    assert (s["candidates"], s["registered"], s["confirmed"], s["adults_unlinked"]) == (1, 2, 1, 1)
    # 1: the unregistered child, with age from the ID number; the adult is not a candidate
    [candidate] = data["candidates"]
    assert candidate["id_number"] == NEW_CHILD
    assert (candidate["age"], candidate["category"], candidate["row"]) == (8, "low_income", 6)
    assert "低保" in candidate["reason"] and "陈大海" in candidate["reason"]
    # 2: C000003's father is on the list: add low_income; C000004 is closed: review
    changes = {(c["code"], c["action"], c["category"]) for c in data["changes"]}
    assert changes == {("C000003", "add", "low_income"), ("C000004", "review", None)}
    assert data["confirmed"] == [
        {"row": 4, "code": "C000001", "name": "王小明", "category": "low_income"}
    ]
    # 3: guardians linked through their ID numbers
    linked = {(g["name"], g["household"], tuple(g["children"])) for g in data["guardians"]}
    assert linked == {("王大明", "H000001", ("C000001",)), ("张建国", "H000003", ("C000003",))}
    reasons = {u["row"]: u["reason"] for u in data["unmatched"]}
    assert "校验位错误" in reasons[8]
    assert "应为 18 位" in reasons[9]
    assert "为空" in reasons[11]
    assert "地区码" in reasons[12]
    assert "Excel" in reasons[14]


def test_nothing_changes_without_apply_and_ids_are_masked(
    town: Invoke, lowincome_xlsx: Path, db_path: Path
) -> None:
    before = rows(db_path, "SELECT count(*) FROM audit_log")
    result = town("match", lowincome_xlsx, "--kind", "lowincome")
    assert result.exit_code == 0, result.stderr
    assert "一、名单中未登记的儿童" in result.stdout
    assert "二、在册儿童的变化建议" in result.stdout
    assert "三、名单中在册儿童的监护人" in result.stdout
    assert "无法匹配的行" in result.stdout
    assert NEW_CHILD not in result.stdout
    assert NEW_CHILD[:6] + "*" * 11 + NEW_CHILD[-1] in result.stdout
    assert rows(db_path, "SELECT count(*) FROM audit_log") == before
    cats = town("show", "C000003", "--format", "json").json()["categories"]
    assert cats == ["left_behind"]


def test_apply_yes_records_every_proposal_with_audit(
    town: Invoke, lowincome_xlsx: Path, db_path: Path
) -> None:
    result = town(
        "match", lowincome_xlsx, "--kind", "lowincome", "--apply", "--yes", "--on", "2026-11-20"
    )
    assert result.exit_code == 0, result.stderr
    assert "已记录 1 项修改" in result.stdout
    child = town("show", "C000003", "--format", "json").json()
    assert child["categories"] == ["low_income", "left_behind"]
    assert {"category": "low_income", "subtype": None, "start_on": "2026-11-20", "end_on": None,
            "end_reason": None} in child["category_history"]  # fmt: skip
    audit = rows(db_path, "SELECT action, record_key FROM audit_log WHERE id > 0 ORDER BY id")
    assert ("add_category", "C000003") in audit
    assert audit[-1] == ("match_apply", "低保名单.xlsx")
    again = town("match", lowincome_xlsx, "--kind", "lowincome", "--format", "json").json()
    assert [c["code"] for c in again["changes"]] == ["C000004"]  # only the review is left


def test_complete_list_proposes_ending_low_income_and_confirm_is_asked_per_proposal(
    town: Invoke, lowincome_xlsx: Path
) -> None:
    report = town("match", lowincome_xlsx, "-k", "lowincome", "--complete", "-f", "json").json()
    ends = [(c["no"], c["code"]) for c in report["changes"] if c["action"] == "end"]
    assert ends == [(3, "C000005")]  # C000001 is on the list, C000002 is not low_income
    result = town(
        "match", lowincome_xlsx, "-k", "lowincome", "--complete", "--apply", input="y\nn\nn\n"
    )  # the third: the unregistered child as a screening (issue 25), declined
    assert result.exit_code == 0, result.stderr
    assert "[1] C000003" in result.stderr and "[3] C000005" in result.stderr
    assert "已记录 1 项修改" in result.stdout
    assert town("show", "C000003", "-f", "json").json()["categories"] == [
        "low_income",
        "left_behind",
    ]
    assert town("show", "C000005", "-f", "json").json()["categories"] == ["low_income"]


def test_declining_everything_changes_nothing(
    town: Invoke, lowincome_xlsx: Path, db_path: Path
) -> None:
    before = rows(db_path, "SELECT count(*) FROM audit_log")
    result = town("match", lowincome_xlsx, "-k", "lowincome", "--apply", input="n\nn\n")
    assert result.exit_code == 0
    assert "没有确认任何建议" in result.stdout
    assert rows(db_path, "SELECT count(*) FROM audit_log") == before


def test_detention_list_links_a_parent_and_proposes_custody(
    town: Invoke, tmp_path: Path, db_path: Path
) -> None:
    path = write_csv(
        tmp_path / "在押人员.csv",
        ["序号", "服刑人员姓名", "公民身份号码", "入狱日期", "罪名"],
        [
            ["1", "张建国", FATHER_3, "2026-01-10", "盗窃"],
            ["2", "陈大海", NEW_ADULT, "2025-12-01", ""],
        ],
        encoding="gb18030",
    )
    report = town("match", path, "--kind", "detention", "-f", "json").json()
    [link] = report["guardians"]
    assert (link["name"], link["children"], link["proposed_situation"]) == (
        "张建国",
        ["C000003"],
        "in_custody",
    )
    assert "事实无人抚养" in link["note"]
    actions = [(c["code"], c["action"], c["category"] or c["situation"]) for c in report["changes"]]
    assert actions == [
        ("C000003", "situation", "in_custody"),
        ("C000003", "add", "de_facto_unsupported"),
    ]
    assert "已满 6 个月" in report["changes"][1]["reason"]
    assert report["summary"]["adults_unlinked"] == 1 and report["candidates"] == []
    result = town("match", path, "--kind", "在押", "--apply", "--yes")
    assert result.exit_code == 0, result.stderr
    household = town("household", "show", "H000003", "-f", "json").json()
    assert [g["situation"] for g in household["guardians"]] == ["in_custody"]
    child = town("show", "C000003", "-f", "json").json()
    assert "de_facto_unsupported" in child["categories"]
    audit = rows(db_path, "SELECT action, record_type FROM audit_log ORDER BY id DESC LIMIT 3")
    assert audit == [("match_apply", "match"), ("add_category", "child"), ("update", "guardian")]


def test_a_listed_guardian_brings_the_children_of_the_household(
    town: Invoke, tmp_path: Path
) -> None:
    """The children of a listed guardian's household are the children registered in it, in
    code order, without the one merged into another child."""
    sister, duplicate = make_id("2019-09-09", 61), make_id("2016-07-07", 71)
    for name, number in (("张小雨", sister), ("张小华", duplicate)):
        result = town(
            "register", "--name", name, "--id-number", number, "-c", "left_behind",
            "--on", "2026-01-05", "--household", "H000003",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    assert town("merge", "C000003", "C000007", "--yes", "--force").exit_code == 0
    path = write_csv(tmp_path / "低保.csv", ["姓名", "身份证号码"], [["张建国", FATHER_3]])
    report = town("match", path, "--kind", "lowincome", "-f", "json").json()
    [link] = report["guardians"]
    assert link["children"] == ["C000003", "C000006"]
    assert [(c["code"], c["action"]) for c in report["changes"]] == [
        ("C000003", "add"),
        ("C000006", "add"),
    ]


def test_disability_list_adds_ends_and_finds_candidates(town: Invoke, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "残疾人.xlsx",
        ["姓名", "身份证号", "残疾类别", "残疾等级", "证件状态"],
        [
            ["李小红", CHILD_2, "肢体", "三级", "注销"],
            ["张小华", CHILD_3, "视力", "二级", "正常"],
            ["陈小一", NEW_CHILD, "听力", "一级", "正常"],
            ["王大明", FATHER_1, "肢体", "1级", "正常"],
        ],
    )
    report = town("match", path, "--kind", "disability", "-f", "json").json()
    actions = [(c["code"], c["action"], c["category"] or c["situation"]) for c in report["changes"]]
    assert actions == [
        ("C000002", "end", "disabled"),
        ("C000003", "add", "disabled"),
        ("C000001", "situation", "disabled"),
    ]
    assert "注销" in report["changes"][0]["reason"]
    [candidate] = report["candidates"]
    assert candidate["category"] == "disabled" and "1 级" in candidate["reason"]


def test_dropout_list_asks_for_follow_up(town: Invoke, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "辍学.csv",
        ["学生姓名", "身份证号", "原就读学校"],
        [["王小明", CHILD_1, "华阳路小学"], ["陈小一", NEW_CHILD, "华阳路小学"]],
    )
    report = town("match", path, "--kind", "dropout", "-f", "json").json()
    [change] = report["changes"]
    assert (change["code"], change["action"], change["applicable"]) == (
        "C000001",
        "follow_up",
        False,
    )
    assert "华阳路小学" in change["reason"]
    assert report["candidates"][0]["school"] == "华阳路小学"
    applied = town("match", path, "--kind", "dropout", "--apply", "--yes")
    # the follow-up is not recorded; the unregistered child becomes a screening (issue 25)
    assert "已记录" in applied.stdout and "项修改" not in applied.stdout
    assert "已记录摸排 1 人" in applied.stdout


def test_xlsx_report_has_one_sheet_per_section_masked(
    town: Invoke, lowincome_xlsx: Path, tmp_path: Path, db_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "结果.xlsx"
    result = town("match", lowincome_xlsx, "-k", "lowincome", "-f", "xlsx", "-o", out)
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["未登记儿童", "在册儿童变化建议", "监护人", "无法匹配"]
    first = [c.value for c in book["未登记儿童"][2]]
    assert first[1] == "陈小一" and first[2] == NEW_CHILD[:6] + "*" * 11 + NEW_CHILD[-1]
    assert rows(db_path, "SELECT action, record_type FROM audit_log ORDER BY id DESC LIMIT 1") == [
        ("export", "match")
    ]


def test_mapping_names_a_list_column(town: Invoke, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名单.csv", ["人名", "证件"], [["陈小一", NEW_CHILD]])
    refused = town("match", path, "--kind", "other")
    assert refused.exit_code == 1 and "找不到完整的表头" in refused.stderr
    mapping = tmp_path / "map.json"
    mapping.write_text('{"name": ["人名"], "id_number": ["证件"]}', encoding="utf-8")
    report = town("match", path, "--kind", "other", "--mapping", mapping, "-f", "json").json()
    assert [c["name"] for c in report["candidates"]] == ["陈小一"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "nonsense"], "名单类型"),
        (["--kind", "lowincome", "--yes"], "--apply"),
        (["--kind", "lowincome", "-f", "xlsx"], "--out"),
    ],
)
def test_refusals(town: Invoke, lowincome_xlsx: Path, args: list[str], message: str) -> None:
    result = town("match", lowincome_xlsx, *args)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_detention_list_with_household_members(town: Invoke, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "在押人员家庭.xlsx",
        ["姓名", "身份证号码", "户主姓名", "与户主关系", "入狱日期"],
        [
            ["张小华", CHILD_3, "张建国", "子", ""],
            ["陈大海", NEW_ADULT, "陈大海", "本人", "2026-10-01"],
            ["陈小一", NEW_CHILD, "陈大海", "子", ""],
            ["赵小二", make_id("2010-01-01", 51), "", "", "2026-09-01"],
        ],
    )
    report = town("match", path, "--kind", "detention", "-f", "json").json()
    [change] = report["changes"]
    assert (change["code"], change["action"], change["category"]) == (
        "C000003",
        "add",
        "de_facto_unsupported",
    )
    assert "张建国在押/服刑" in change["reason"]
    categories = {c["name"]: c["category"] for c in report["candidates"]}
    assert categories == {"陈小一": "de_facto_unsupported", "赵小二": "other"}
    assert report["summary"]["adults_unlinked"] == 1


def test_complete_lists_of_lowincome_and_extreme_poverty_each_end_their_own_households(
    town: Invoke, lowincome_xlsx: Path, tmp_path: Path
) -> None:
    assert town("household", "update", "H000005", "--income-status", "特困").exit_code == 0
    low = town("match", lowincome_xlsx, "-k", "lowincome", "--complete", "-f", "json").json()
    assert [c["code"] for c in low["changes"] if c["action"] == "end"] == []
    poverty = write_csv(tmp_path / "特困.csv", ["姓名", "身份证号码"], [["王大明", FATHER_1]])
    report = town("match", poverty, "-k", "特困", "--complete", "-f", "json").json()
    assert [c["code"] for c in report["changes"] if c["action"] == "end"] == ["C000005"]
    assert report["summary"]["complete"] is True


def test_numbers_written_full_width_or_spaced_are_matched(town: Invoke, tmp_path: Path) -> None:
    def full_width(number: str) -> str:
        return "".join(chr(0xFF10 + int(d)) if d.isdigit() else d for d in number)

    spaced = f"{FATHER_1[:6]} {FATHER_1[6:14]} {FATHER_1[14:]}"
    body = [
        ["1", "王小明", full_width(CHILD_1), "王大明", "子"],
        ["2", "王大明", spaced, "王大明", "户主"],
        ["3", "张小华", CHILD_3.lower(), "张建国", "子"],
    ]
    listing = write_csv(tmp_path / "低保.csv", LOWINCOME_HEADER, body)
    result = town("match", listing, "--kind", "lowincome", "--format", "json", "--reveal")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert (data["summary"]["registered"], data["summary"]["unmatched"]) == (2, 0)
    assert [c["code"] for c in data["confirmed"]] == ["C000001"]
    assert [(g["name"], g["id_number"]) for g in data["guardians"]] == [("王大明", FATHER_1)]
    assert ("C000003", "add", "low_income") in {
        (c["code"], c["action"], c["category"]) for c in data["changes"]
    }
