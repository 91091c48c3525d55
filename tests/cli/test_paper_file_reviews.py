"""The paper file (``wbz show CHILD --out X.docx``) lists the reviews of the child's plans
under the plans, as ``wbz plan review`` recorded them (plan, day, who, next review, note),
and says under each section how many voided records it leaves out (另有作废记录 N 条，未列出)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.care_records import child_on_file, ok
from tests.cli.paper_records import docx_text
from tests.conftest import Invoke


def paper(station: Invoke, child: str, folder: Path) -> list[str]:
    ok(station("show", child, "--out", "档案.docx", "--force"))
    return docx_text(folder / "档案.docx").splitlines()


def with_a_plan(station: Invoke) -> str:
    child = child_on_file(station)
    ok(station("plan", "add", child, "--goal", "按时上学", "--service", "education",
               "--review-on", "2026-06-01", "--on", "2026-03-01"))  # fmt: skip
    return child


def test_the_plans_reviews_are_listed_under_the_plans(station: Invoke, tmp_path: Path) -> None:
    child = with_a_plan(station)
    assert "计划复核记录" not in paper(station, child, tmp_path)  # none yet: no empty table
    ok(station("plan", "review", "P000001", "--on", "2026-05-20", "--next-review",
               "2026-08-20", "--note", "出勤已恢复"))  # fmt: skip
    ok(station("plan", "review", "P000001", "--on", "2026-08-18", "--note", "继续跟进"))
    lines = paper(station, child, tmp_path)
    plans, reviews, services = (
        lines.index(next(x for x in lines if x.endswith(". 服务计划"))),
        lines.index("计划复核记录"),
        lines.index(next(x for x in lines if x.endswith(". 服务记录"))),
    )
    assert plans < reviews < services
    table = lines[reviews:services]
    assert table[1:6] == ["计划", "复核日期", "复核人", "下次复核", "复核说明"]
    assert table[6:11] == ["P000001", "2026-05-20", "tester", "2026-08-20", "出勤已恢复"]
    assert table[11:16] == ["P000001", "2026-08-18", "tester", "2026-11-18", "继续跟进"]


def test_a_voided_review_is_left_out_and_counted(station: Invoke, tmp_path: Path) -> None:
    child = with_a_plan(station)
    ok(station("plan", "review", "P000001", "--on", "2026-05-20", "--note", "第一次"))
    ok(station("plan", "review", "P000001", "--on", "2026-06-20", "--note", "录错了"))
    ok(station("plan", "void-review", "P000001", "2026-06-20", "--reason", "录入错误"))
    lines = paper(station, child, tmp_path)
    assert "第一次" in lines and "录错了" not in lines
    reviews = lines.index("计划复核记录")
    assert lines[reviews:].index("另有作废记录 1 条，未列出") < 20


def test_each_section_says_how_many_voided_records_it_left_out(
    station: Invoke, tmp_path: Path
) -> None:
    child = with_a_plan(station)
    assert "作废" not in "\n".join(paper(station, child, tmp_path))
    for day in ("2026-02-03", "2026-02-10", "2026-02-17"):
        ok(station("visit", "add", child, "--mode", "入户", "--on", day, "--notes", f"走访{day}"))
    ok(station("service", "add", child, "--type", "legal", "--on", "2026-03-05"))
    ok(station("visit", "void", "1", "--reason", "重复录入"))
    ok(station("visit", "void", "2", "--reason", "重复录入"))
    ok(station("service", "void", "1", "--reason", "重复录入"))
    lines = paper(station, child, tmp_path)
    assert "走访2026-02-17" in lines and "走访2026-02-03" not in lines
    notes = [(i, x) for i, x in enumerate(lines) if x.startswith("另有作废记录")]
    assert [x for _, x in notes] == ["另有作废记录 2 条，未列出", "另有作废记录 1 条，未列出"]
    visits = next(i for i, x in enumerate(lines) if x.endswith(". 走访记录"))
    services = next(i for i, x in enumerate(lines) if x.endswith(". 服务记录"))
    assert visits < notes[0][0] < services < notes[1][0]
    # the service section is empty on paper but says what it left out
    assert lines[services + 1] == "暂无" and lines[services + 2] == notes[1][1]
