"""Masking that no other field can undo: every command that prints or writes children's data,
in every format, without --reveal, shows an ID number as its area code and check character only
(``310105***********4``) and a phone as its first three and last four digits (``138****5678``).

The birth date printed beside a masked ID gives positions 7-14, so the sequence digits (15-17)
are what must never appear: no full number, no masked form keeping more, no run of digits that
joins the birth date to the sequence. One seeded database is copied for every command."""

from __future__ import annotations

import csv
import gzip
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import typer
from openpyxl import Workbook, load_workbook
from tests.conftest import TODAY, Result, make_id
from typer.testing import CliRunner

from wbz_cli.cli.app import app
from wbz_cli.domain.privacy import mask_id, mask_key, mask_phone

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "templates"

# Sequence digits chosen so that no date, amount or code in the outputs contains them.
WANG = make_id("2014-03-01", 947)  # C000001 王小明, orphan and left-behind, red
LI = make_id("2012-02-03", 852)  # C000002 李小红, disabled
ZHANG = make_id("2016-07-07", 769)  # C000003 张小华, left-behind, a care agreement
WANG_TOO = make_id("2014-03-01", 683)  # C000004 王小明 again: a possible duplicate
ZHAO = make_id("2008-01-01", 591)  # C000005 赵大强, 18: doctor reports him
QIAN = make_id("2013-05-20", 438)  # C000006 钱小丽, closed in 2026-03
FATHER = make_id("1985-03-02", 915)  # guardian of H000001, by ID number
NEW_CHILD = make_id("2018-05-05", 977)  # registered by the register command
LISTED = make_id("2017-09-09", 863)  # on the low-income list only
IMPORTED = make_id("2015-11-11", 729)  # in the roster file only
ID_NUMBERS = (WANG, LI, ZHANG, WANG_TOO, ZHAO, QIAN, FATHER, NEW_CHILD, LISTED, IMPORTED)

PHONES = (
    "13812345678",  # 王大明, father of C000001
    "13900001111",  # 李母, mother of C000002
    "13700002222",  # 张父, father of C000003
    "15877776666",  # 张奶奶, carer of C000003
    "13655554444",  # 王奶奶, second guardian of H000001
    "13511112222",  # 王心怡, an expert in the resource library
    "18933334444",  # 陈父, of the child the register command adds
    "18611110000",  # 孙母, of the child in the roster file
)

SEED = [
    ["init", "--station", "华阳路街道未保站", "--district", "长宁区"],
    ["register", "--name", "王小明", "--id-number", WANG, "-c", "orphan", "-c", "left_behind",
     "--guardian", "王大明", "--relation", "父亲", "--guardian-phone", PHONES[0],
     "--address", "华阳路1弄2号", "--community", "华阳居民区", "--worker", "李主任",
     "--risk", "red", "--on", "2026-01-05"],
    ["register", "--name", "李小红", "--id-number", LI, "-c", "disabled", "--guardian", "李母",
     "--relation", "母亲", "--guardian-phone", PHONES[1], "--community", "华阳居民区",
     "--on", "2026-01-05"],
    ["register", "--name", "张小华", "--id-number", ZHANG, "-c", "left_behind",
     "--guardian", "张父", "--relation", "父亲", "--guardian-phone", PHONES[2],
     "--guardian-situation", "外出务工", "--community", "长宁支路居民区", "--on", "2026-01-05"],
    ["register", "--name", "王小明", "--id-number", WANG_TOO, "-c", "low_income",
     "--community", "长宁支路居民区", "--on", "2026-02-01"],
    ["register", "--name", "赵大强", "--id-number", ZHAO, "-c", "difficult", "--subtype",
     "poverty", "--on", "2025-06-01"],
    ["register", "--name", "钱小丽", "--id-number", QIAN, "-c", "other", "--on", "2026-01-05"],
    ["close", "C000006", "--reason", "moved", "--on", "2026-03-01"],
    ["household", "add-guardian", "H000001", "--name", "王奶奶", "--relation", "祖母",
     "--phone", PHONES[4], "--id-number", FATHER],
    ["care-agreement", "add", "C000003", "--carer", "张奶奶", "--relation", "祖母",
     "--phone", PHONES[3], "--signed-on", "2026-02-01"],
    ["resource", "add", "--kind", "expert", "--name", "王心怡", "--phone", PHONES[5]],
    ["visit", "add", "C000001", "-m", "home", "--on", "2026-10-10", "--notes", "孩子在家"],
    ["subsidy", "rate", "set", "orphan", "1200.50", "--from", "2026-01"],
    ["subsidy", "add", "C000001", "--type", "orphan", "--month", "2026-10",
     "--amount", "1200.50"],
    ["subsidy", "add", "C000002", "--type", "disability_living", "--month", "2026-10",
     "--amount", "300"],
    ["service", "add", "C000002", "--type", "medical", "--on", "2026-10-12"],
    ["plan", "add", "C000001", "--goal", "稳定就学", "--review-on", "2026-12-31"],
    ["refer", "add", "C000002", "--type", "guardianship", "--source", "home_visit",
     "--on", "2026-10-15", "--summary", "家中无人照看"],
    ["assess", "risk", "C000003", "--item", "guardian_absent=3", "--on", "2026-10-20"],
    ["assess", "guardianship", "C000003", "--result", "insufficient", "--on", "2026-10-20"],
    ["activity", "add", "--title", "暑期安全课", "--kind", "training", "--participants", "20",
     "--child", "C000001"],
    ["placement", "start", "C000003", "--place", "张奶奶家", "--on", "2026-10-21",
     "--reason", "父亲外出"],
    ["apply", "add", "C000002", "--category", "difficult", "--on", "2026-10-21"],
    ["pair", "add", "C000001", "--resource", "R000001", "--from", "2026-10-01"],
    ["screen", "add", "--name", "王小明", "--id-number", WANG, "--source", "school",
     "--outcome", "enrolled", "--child", "C000001"],
]  # fmt: skip


def environment() -> dict[str, str]:
    return {
        "WBZ_TODAY": TODAY,
        "WBZ_OPERATOR": "tester",
        "COLUMNS": "200",
        "NO_COLOR": "1",
        "TERM": "dumb",
        # a district key, so that the submission (--format package) lists its children
        "WBZ_DISTRICT_KEY": "5a" * 32,
    }


def run(db: Path, args: list[str], input: str | None = None) -> Result:
    result = CliRunner().invoke(
        app, ["--db", str(db), *map(str, args)], input=input, env=environment()
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def bad_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def write_files(folder: Path) -> None:
    """The files the import and match commands read: each holds ID numbers and phones."""
    write_csv(folder / "lowincome.csv", [
        ["姓名", "身份证号码", "与户主关系"],
        ["王大明", FATHER, "户主"],
        ["王小明", WANG, "子"],
        ["周小安", LISTED, "女"],
        ["无效号", bad_check(WANG), "子"],
    ])  # fmt: skip
    write_csv(folder / "roster.csv", [
        ["姓名", "身份证号码", "儿童类别", "监护人姓名", "与儿童关系", "监护人联系电话"],
        ["孙小雨", IMPORTED, "留守儿童", "孙母", "母亲", PHONES[7]],
        ["李小红", LI, "残疾儿童", "李母", "母亲", PHONES[1]],
        ["坏号码", bad_check(IMPORTED), "其他", "", "", ""],
    ])  # fmt: skip
    people = [(ZHANG, "张小华"), (QIAN, "钱小丽"), (LISTED, "周小安")]  # on file, closed, unknown
    write_csv(
        folder / "visits.csv",
        [["儿童编号", "公民身份号码", "姓名", "随访日期", "方式"]]
        + [["", number, name, "2026-11-03", "电话"] for number, name in people],
    )
    write_csv(
        folder / "screenings.csv",
        [["姓名", "身份证号", "摸排日期", "来源", "结果", "原因"]]
        + [[name, number, "2026-11-03", "学校", "不符合条件", ""] for number, name in people],
    )
    write_csv(
        folder / "subsidies.csv",
        [["姓名", "身份证号码", "补贴类型", "发放月份", "金额(元)"]]
        + [[name, number, "助学金", "2026-10", "500"] for number, name in people],
    )
    every_key = Workbook()
    sheet = every_key.active
    fields = ("code", "name", "id_number", "community", "type", "month")
    sheet.append(
        ["{{#each subsidy_payments}}{{index}}"]
        + ["{{" + field + "}}" for field in fields]
        + ["{{amount_yuan}}{{/each}}"]
    )
    every_key.save(folder / "payments-template.xlsx")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 consent form\n%%EOF")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeded")
    db = folder / "wbz.db"
    for args in SEED:
        result = run(db, args)
        assert result.exit_code == 0, (args, result.stderr)
    write_files(folder)
    attached = run(db, ["attach", "C000001", folder / "scan.pdf", "--kind", "consent"])
    assert attached.exit_code == 0, attached.stderr
    project = ["project", "add", "--name", "童心守护", "--budget", "500", "--from", "2026-01-01"]
    for args in (project, ["project", "enrol", "X000001", "C000001", "C000002"]):
        assert run(db, args).exit_code == 0, args
    return folder


# Every command that prints or writes records: its arguments (without --format). Files named
# here are in the seeded folder; OUT is a file the command writes, read back like its output.
OUT = "OUT"
COMMANDS: dict[tuple[str, ...], list[list[str]]] = {
    ("register",): [["register", "--name", "陈小新", "--id-number", NEW_CHILD, "-c", "other",
                     "--guardian", "陈父", "--guardian-phone", PHONES[6]]],
    ("children",): [["children"], ["children", "--status", "closed"]],
    ("show",): [["show", f"C00000{n}"] for n in range(1, 7)],
    ("update",): [["update", "C000001", "--risk", "orange"]],
    ("audit",): [["audit"], ["audit", "--record", WANG]],
    ("history",): [["history", "C000001"], ["history", WANG], ["history", "H000001"],
                   ["history", "C000003"]],
    ("doctor",): [["doctor"]],
    ("consent",): [["consent", "C000002", "--by", "李母"], ["consent", "C000001"]],
    ("purge",): [["purge", "--closed-before", "2026-11-01", "--dry-run"],
                 ["purge", "--closed-before", "2026-11-01", "--yes"]],
    ("match",): [["match", "lowincome.csv", "-k", "lowincome"]],
    ("duplicates",): [["duplicates"]],
    ("merge",): [["merge", "C000001", "C000004", "--yes"]],
    ("due",): [["due", "--within", "400"]],
    ("household", "list"): [["household", "list"]],
    ("household", "show"): [["household", "show", f"H00000{n}"] for n in range(1, 7)],
    ("report", "monthly"): [["report", "monthly", "--month", "2026-10"],
                            ["report", "monthly", "--month", "2026-10", "--by", "community"]],
    ("report", "range"): [["report", "range", "--from", "2026-01-01", "--to", "2026-10-31"]],
    ("report", "keys"): [["report", "keys"]],
    ("refer", "add"): [["refer", "add", "C000001", "--type", "schooling",
                        "--source", "school", "--summary", "长期缺课"]],
    ("refer", "show"): [["refer", "show", "L000001"]],
    ("report", "explain"): [["report", "explain", "visits.total", "--month", "2026-10"],
                            ["report", "explain", "subsidies.amount_yuan", "--month", "2026-10"]],
    ("refer", "move"): [["refer", "move", "L000001", "--status", "verified"]],
    ("refer", "list"): [["refer", "list"]],
    ("refer", "policy", "show"): [["refer", "policy", "show"]],
    ("resource", "list"): [["resource", "list"]],
    ("service", "list"): [["service", "list"]],
    ("service", "add"): [["service", "add", "C000001", "--type", "medical", "--on", "2026-11-02"]],
    ("subsidy", "run"): [["subsidy", "run", "--month", "2026-11", "--dry-run"],
                         ["subsidy", "run", "--month", "2026-11"]],
    ("subsidy", "add"): [["subsidy", "add", "C000002", "--type", "disability_living", "--month",
                          "2026-11", "--amount", "300"]],
    ("subsidy", "list"): [["subsidy", "list"], ["subsidy", "list", "--child", LI]],
    ("subsidy", "import"): [["subsidy", "import", "subsidies.csv"]],
    ("subsidy", "rate", "list"): [["subsidy", "rate", "list"]],
    ("activity", "list"): [["activity", "list"]],
    ("assess", "risk"): [["assess", "risk", "C000001", "--item", "neglect=2"]],
    ("assess", "sheet"): [["assess", "sheet"]],
    ("care-agreement", "list"): [["care-agreement", "list"]],
    ("care-agreement", "rate"): [["care-agreement", "rate", "--missing"]],
    ("plan", "list"): [["plan", "list"]],
    ("assess", "list"): [["assess", "list"], ["assess", "list", "C000003", "--all"]],
    ("import", "roster"): [["import", "roster", "roster.csv", "--dry-run"],
                           ["import", "roster", "roster.csv"]],
    ("export", "children"): [["export", "children", OUT + ".xlsx"],
                             ["export", "children", OUT + ".csv", "--status", "closed"]],
    ("visit", "add"): [["visit", "add", "C000003", "-m", "phone", "--on", "2026-11-20"]],
    ("visit", "list"): [["visit", "list"]],
    ("visit", "import"): [["visit", "import", "visits.csv"]],
    ("policy", "show"): [["policy", "show"]],
    ("placement", "start"): [["placement", "start", "C000002", "--place", "区儿童福利院",
                              "--on", "2026-11-20"]],
    ("placement", "end"): [["placement", "end", "1", "--on", "2026-11-20"]],
    ("placement", "list"): [["placement", "list"], ["placement", "list", "C000003", "--all"]],
    ("apply", "add"): [["apply", "add", "C000001", "--subsidy", "study_grant"]],
    ("apply", "decide"): [["apply", "decide", "1", "--approve", "--starts-on", "2026-11-01"]],
    ("apply", "list"): [["apply", "list"], ["apply", "list", "C000002", "--all"]],
    ("pair", "add"): [["pair", "add", "C000002", "--resource", "R000001"]],
    ("pair", "end"): [["pair", "end", "1", "--on", "2026-11-20"]],
    ("pair", "list"): [["pair", "list"], ["pair", "list", "C000001", "--all"]],
    ("screen", "list"): [["screen", "list"], ["screen", "list", "--outcome", "enrolled"]],
    ("screen", "import"): [["screen", "import", "screenings.csv"]],
    ("attach",): [["attach", "C000002", "scan.pdf", "--kind", "other"]],
    ("attachments",): [["attachments"], ["attachments", "C000001", "--all"]],
    ("attachment", "export"): [["attachment", "export", "1", "--out", OUT + ".pdf"]],
    ("project", "list"): [["project", "list"]],
    ("project", "show"): [["project", "show", "X000001"]],
    ("give", "list"): [["give", "list"], ["give", "list", "H000001", "--all"]],
}  # fmt: skip

# The bureau's templates: the roster (ID, birth date and phone side by side) and a template
# naming every field of the subsidy payments list.
TEMPLATE_RUNS = [
    ["report", "monthly", "--month", "2026-10", "--template", str(TEMPLATES / "花名册.xlsx"),
     "--out", OUT + ".xlsx"],
    ["report", "monthly", "--month", "2026-10", "--template", "payments-template.xlsx",
     "--out", OUT + ".xlsx"],
    ["report", "range", "--from", "2026-01-01", "--to", "2026-10-31", "--template",
     str(TEMPLATES / "花名册.xlsx"), "--out", OUT + ".xlsx"],
]  # fmt: skip


def leaf_commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from leaf_commands(sub, (*path, name))
    else:
        yield path, command


def formats(command: click.Command) -> list[str | None]:
    for param in command.params:
        if "--format" in getattr(param, "opts", ()):
            return list(param.type.choices)  # type: ignore[attr-defined]
    return [None]


def writes_records(path: tuple[str, ...], command: click.Command) -> bool:
    names = {opt for param in command.params for opt in getattr(param, "opts", ())}
    return bool(names & {"--format", "--reveal", "--out"}) or path[0] == "export"


def runnable(args: list[str], fmt: str | None) -> bool:
    """A submission (--format package) is one month's, never split with --by: the other
    runs are refused (tests/cli/test_submission_package.py)."""
    return fmt != "package" or (args[:2] == ["report", "monthly"] and "--by" not in args)


ALL = dict(leaf_commands(typer.main.get_command(app)))
RUNS = [
    pytest.param(args, fmt, id=f"{'-'.join(path)}-{n}-{fmt or 'file'}")
    for path, variants in COMMANDS.items()
    for n, args in enumerate(variants, 1)
    for fmt in formats(ALL[path])
    if runnable(args, fmt)
] + [pytest.param(args, None, id=f"template-{n}") for n, args in enumerate(TEMPLATE_RUNS)]


#: Commands on the district's file, which refuses a station's: they hold no name, ID number
#: or phone (only keyed hashes); tests/cli/test_district_duplicates.py checks their output.
DISTRICT_FILE = {"district"}


def test_every_command_that_prints_or_writes_records_is_checked() -> None:
    """A new command with --format, --reveal or --out, or a new export, must be added above."""
    expected = {
        path
        for path, command in ALL.items()
        if writes_records(path, command) and path[0] not in DISTRICT_FILE
    }
    assert set(COMMANDS) == expected


def workbook_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    return "\n".join(
        "\t".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def copy_of(seeded: Path, tmp_path: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(seeded, work)
    return work


def output_of(seeded: Path, tmp_path: Path, args: list[str], fmt: str | None) -> str:
    """Run one command on a copy of the seeded folder; its stdout, stderr and written file."""
    work = copy_of(seeded, tmp_path)
    out = work / (OUT + ".xlsx")
    args = [str(work / a) if (work / a).is_file() else a for a in args]
    args = [str(work / a) if a.startswith(OUT + ".") else a for a in args]
    if fmt is not None:
        args += ["--format", fmt]
        if fmt == "xlsx":
            args += ["--out", str(out)]
        if fmt == "package":
            args += ["--out", str(work / (OUT + ".wbzpkg"))]
    result = run(work / "wbz.db", args, input="y\n")
    assert result.exit_code in (0, 3), (args, result.stderr)
    texts = [result.stdout, result.stderr]
    for written in (work / (OUT + ".xlsx"), work / (OUT + ".csv")):
        if written.exists():
            is_book = written.suffix == ".xlsx"
            texts.append(workbook_text(written) if is_book else written.read_text("utf-8-sig"))
    package = work / (OUT + ".wbzpkg")
    if package.exists():
        texts.append(gzip.decompress(package.read_bytes()).decode("utf-8"))
    return "\n".join(texts)


MASKED_ID = re.compile(r"\d{6}\*+[\dXx]*")
MASKED_PHONE = re.compile(r"(?<![\d*])\d{3}\*+\d+")


def rebuild_problems(text: str) -> list[str]:
    """What in ``text`` gives more of an ID number than its area code, birth date and check
    character, or more of a phone than its first three and last four digits."""
    problems = []
    for number in ID_NUMBERS:
        birth_and_sequence = number[6:17]
        for part, what in ((number, "full ID"), (number[:17], "first 17 digits of an ID"),
                           (birth_and_sequence, "birth date and sequence of an ID"),
                           ("*" + number[14:], "sequence digits beside a mask")):  # fmt: skip
            if part in text:
                problems.append(f"{what}: {part}")
    for token in MASKED_ID.findall(text):
        if not re.fullmatch(r"\d{6}\*{11}[\dX]", token):
            problems.append(f"masked ID keeps more than area code and check character: {token}")
    for phone in PHONES:
        for part, what in ((phone, "full phone"), (phone[:7], "first 7 digits of a phone"),
                           (phone[3:], "last 8 digits of a phone")):  # fmt: skip
            if part in text:
                problems.append(f"{what}: {part}")
    for token in MASKED_PHONE.findall(text):
        if not re.fullmatch(r"\d{3}\*{4}\d{4}", token):
            problems.append(f"masked phone keeps more than 3 + 4 digits: {token}")
    return problems


@pytest.mark.parametrize(("args", "fmt"), RUNS)
def test_no_masked_output_can_rebuild_an_id_number_or_phone(
    seeded: Path, tmp_path: Path, args: list[str], fmt: str | None
) -> None:
    text = output_of(seeded, tmp_path, args, fmt)
    assert rebuild_problems(text) == []


def test_the_masks_show_what_the_readme_says() -> None:
    assert mask_id(WANG) == WANG[:6] + "***********" + WANG[-1]
    assert mask_id("31010520140301947X") == "310105***********X"
    assert mask_id("310105140301947") == "310105*********"  # old 15 digits end in the sequence
    assert mask_id("ANON-C000001") == "ANON-C******"
    assert mask_phone("13812345678") == "138****5678"
    assert (mask_key(WANG), mask_key("C000123")) == (mask_id(WANG), "C000123")


def candidates(masked: str, birth: str, gender: str) -> list[str]:
    """Every valid ID number agreeing with what one row shows: the masked number's visible
    characters, the birth date (positions 7-14) and the gender (the parity of the sequence)."""
    from wbz_cli.domain.idnumber import check_digit

    odd = gender in ("M", "男")
    found = []
    for sequence in range(odd, 1000, 2):
        first17 = masked[:6] + birth.replace("-", "") + f"{sequence:03d}"
        number = first17 + check_digit(first17)
        if len(masked) == 18 and all(m in ("*", n) for m, n in zip(masked, number, strict=True)):
            found.append(number)
    return found


def listed_rows(folder: Path, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The rows that print a masked ID number beside the birth date and gender."""
    db = folder / "wbz.db"
    for row in run(db, ["children", "--format", "json"]).json():
        yield "children json", row
    yield from (("children csv", r) for r in csv.DictReader(run(db, ["children", "-f", "csv"])
                .stdout.splitlines()))  # fmt: skip
    for group in run(db, ["duplicates", "--format", "json"]).json():
        yield from (("duplicates json", r) for r in group["children"])
    exported = tmp_path / "children.csv"
    assert run(db, ["export", "children", str(exported)]).exit_code == 0
    with exported.open(encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            yield "export children", {"id_number": r["身份证号码"], "birth_date": r["出生日期"],
                                      "gender": r["性别"], "child": r["儿童编号"]}  # fmt: skip


def test_a_masked_id_beside_the_birth_date_and_gender_leaves_dozens_of_numbers(
    seeded: Path, tmp_path: Path
) -> None:
    """The issue's attack: area code and last four digits from the mask, the birth date from
    the next column: all 18 digits. Now the sequence digits are missing: every row leaves at
    least 40 valid numbers, the child's own among them."""
    rows = list(listed_rows(copy_of(seeded, tmp_path), tmp_path))
    assert {source for source, _ in rows} == {
        "children json", "children csv", "duplicates json", "export children"
    }  # fmt: skip
    own = dict(zip(("C000001", "C000002", "C000003", "C000004", "C000005", "C000006"),
                   (WANG, LI, ZHANG, WANG_TOO, ZHAO, QIAN), strict=True))  # fmt: skip
    for source, row in rows:
        found = candidates(row["id_number"], row["birth_date"], row["gender"])
        assert own[row["child"]] in found, (source, row["child"])
        assert len(found) >= 40, (source, row["child"], len(found))
