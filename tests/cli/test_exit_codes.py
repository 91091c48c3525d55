"""Exit code 3, "done, and something needs attention", the same for every command that lists
attention items: wbz due, refer list --overdue, plan list --overdue and doctor (需处理 only)."""

from __future__ import annotations

from tests.conftest import Invoke, make_id


def register(wbz: Invoke, on: str, birth: str = "2010-06-01", seq: int = 11) -> str:
    result = wbz(
        "register", "--name", f"儿童{seq}", "--id-number", make_id(birth, seq),
        "-c", "孤儿", "--on", on,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_due_exits_3_when_something_is_overdue_without_any_option(station: Invoke) -> None:
    register(station, "2026-11-23")  # first visit due 2026-11-30: listed, not overdue
    assert station("due").exit_code == 0
    assert station("due", "--format", "json").exit_code == 0
    register(station, "2026-11-02", seq=13)  # first visit due 2026-11-09: overdue
    for args in ((), ("--format", "json"), ("--format", "csv"), ("--overdue",)):
        result = station("due", *args)
        assert result.exit_code == 3, (args, result.stderr)
        assert "C000002" in result.stdout


def test_due_keeps_fail_on_overdue_as_a_hidden_alias(station: Invoke) -> None:
    register(station, "2026-11-02")
    assert station("due", "--fail-on-overdue").exit_code == 3
    elsewhere = station("due", "--fail-on-overdue", "--community", "别处")
    assert elsewhere.exit_code == 0
    help_text = station("due", "--help").stdout
    assert "--fail-on-overdue" not in help_text
    assert "退出码为 3" in help_text


def test_refer_list_overdue_exits_3_only_with_overdue_leads(station: Invoke) -> None:
    child = register(station, "2026-10-01")
    # A mandatory report not transferred to the police the same day: overdue.
    lead = station(
        "refer", "add", child, "--type", "violence_injury", "--source", "home_visit",
        "--on", "2026-11-20",
    )  # fmt: skip
    assert lead.exit_code == 0, lead.stderr
    assert station("refer", "list", "--overdue", "--format", "json").exit_code == 3
    assert station("refer", "list").exit_code == 0  # the whole list is not an alert
    moved = station("refer", "move", lead.stdout.strip(), "--status", "transferred",
                    "--agency", "华阳路派出所")  # fmt: skip
    assert moved.exit_code == 0, moved.stderr
    assert station("refer", "list", "--overdue").exit_code == 0


def test_plan_list_overdue_exits_3_only_with_overdue_plans(station: Invoke) -> None:
    child = register(station, "2026-01-10")
    assert station("plan", "list", "--overdue").exit_code == 0  # no plans at all
    made = station("plan", "add", child, "--goal", "稳定学业", "--review-on", "2026-11-01",
                   "--on", "2026-05-01")  # fmt: skip
    assert made.exit_code == 0, made.stderr
    result = station("plan", "list", "--overdue", "--format", "json")
    assert result.exit_code == 3
    assert [p["code"] for p in result.json()] == ["P000001"]
    assert station("plan", "list", "--overdue").exit_code == 3
    assert station("plan", "list").exit_code == 0  # the whole list is not an alert
    reviewed = station("plan", "review", "P000001", "--next-review", "2027-02-01")
    assert reviewed.exit_code == 0, reviewed.stderr
    assert station("plan", "list", "--overdue").exit_code == 0


def test_doctor_notes_exit_0_and_findings_to_act_on_exit_3(station: Invoke) -> None:
    register(station, "2026-01-10", birth="2015-06-01")  # under 14, no consent: a note
    notes = station("doctor")
    assert notes.exit_code == 0, notes.stdout  # a set -e script goes on
    assert "提示" in notes.stdout and "缺监护人同意" in notes.stdout
    assert "需处理" not in notes.stdout
    assert "没有需要处理的问题" in notes.stdout
    as_json = station("doctor", "--format", "json")
    assert as_json.exit_code == 0
    assert [f["kind"] for f in as_json.json()] == ["consent_missing"]

    register(station, "2026-01-10", birth="2008-06-01", seq=13)  # 18 now, still active
    both = station("doctor")
    assert both.exit_code == 3
    out = both.stdout
    assert "需处理" in out and "已满18岁仍在册" in out
    assert out.index("需处理") < out.index("已满18岁仍在册") < out.index("提示")
    assert out.index("提示") < out.index("缺监护人同意")
    assert station("doctor", "--format", "csv").exit_code == 3
