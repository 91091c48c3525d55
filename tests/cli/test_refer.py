"""wbz refer: recording leads, every allowed and refused move, incoming leads, linking, the
timeline, list filters, overdue leads (督办) and the deadline policy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain.leads import TRANSITIONS
from wbz_cli.domain.vocab import MANDATORY_LEAD_TYPES, LeadStatus, LeadType

# How to bring a fresh lead (found 2026-11-01) into each state.
PATHS: dict[str, list[tuple[str, ...]]] = {
    "new": [],
    "verified": [("verified",)],
    "transferred": [("transferred", "--agency", "华阳路派出所")],
    "accepted": [("transferred", "--agency", "华阳路派出所"), ("accepted",)],
    "done": [("transferred", "--agency", "华阳路派出所"), ("accepted",), ("done",)],
    "rejected": [("transferred", "--agency", "区教育局"), ("rejected",)],
    "unfounded": [("unfounded",)],
    "withdrawn": [("withdrawn",)],
}


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def child(wbz: Invoke, name: str = "王小明", seq: int = 11) -> str:
    result = wbz(
        "register",
        "--name",
        name,
        "--id-number",
        make_id("2015-06-01", seq),
        "-c",
        "orphan",
        "--on",
        "2026-01-05",
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def add(wbz: Invoke, *args: str) -> str:
    result = wbz("refer", "add", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def move(wbz: Invoke, lead: str, status: str, *extra: str, on: str = "2026-11-02"):
    return wbz("refer", "move", lead, "--status", status, "--on", on, *extra)


def lead_in(wbz: Invoke, state: str) -> str:
    code = add(
        wbz,
        "--type",
        "schooling",
        "--source",
        "school",
        "--summary",
        "李某，长期未到校",
        "--on",
        "2026-11-01",
    )
    for step in PATHS[state]:
        result = move(wbz, code, *step)
        assert result.exit_code == 0, result.stderr
    return code


def show(wbz: Invoke, code: str) -> dict:
    result = wbz("refer", "show", code, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return result.json()


def test_add_prints_codes_and_flags_mandatory_types(station: Invoke, db_path: Path) -> None:
    kid = child(station)
    first = add(station, kid, "--type", "violence_injury", "--source", "home_visit")
    second = add(station, kid, "--type", "就学", "--source", "入户走访")
    third = add(station, kid, "--type", "other", "--source", "hotline", "--mandatory")
    assert (first, second, third) == ("L000001", "L000002", "L000003")
    assert [show(station, c)["mandatory"] for c in (first, second, third)] == [True, False, True]
    assert show(station, first)["status"] == "new"
    assert rows(db_path, "SELECT count(*) FROM audit_log WHERE record_type = 'lead'") == [(3,)]


@pytest.mark.parametrize("lead_type", sorted(MANDATORY_LEAD_TYPES))
def test_each_of_the_nine_situations_is_mandatory_and_warns_to_report(
    station: Invoke, lead_type: str
) -> None:
    result = station(
        "refer",
        "add",
        "--type",
        LeadType(lead_type).label,
        "--source",
        "neighbour",
        "--summary",
        "邻居反映",
    )
    assert result.exit_code == 0, result.stderr
    assert show(station, "L000001")["mandatory"] is True
    assert "移送公安" in result.stderr


def test_add_with_to_transfers_at_once(station: Invoke) -> None:
    code = add(
        station,
        child(station),
        "--type",
        "abandonment",
        "--source",
        "home_visit",
        "--to",
        "华阳路派出所",
        "--on",
        "2026-11-20",
    )
    lead = show(station, code)
    assert lead["status"] == "transferred"
    assert lead["agency_type"] == "police"
    assert [(e["status"], e["on"]) for e in lead["events"]] == [
        ("new", "2026-11-20"),
        ("transferred", "2026-11-20"),
    ]
    assert lead["deadline"] == "accept"
    assert lead["due_on"] == "2026-11-23"


def test_mandatory_lead_sent_elsewhere_than_the_police_warns(station: Invoke) -> None:
    code = lead_in(station, "new")
    ok = move(station, code, "transferred", "--agency", "区教育局")
    assert ok.exit_code == 0 and "公安" not in ok.stderr
    mandatory = add(station, "--type", "missing", "--source", "neighbour", "--summary", "x")
    warned = move(station, mandatory, "transferred", "--agency", "区民政局", on="2026-11-24")
    assert warned.exit_code == 0
    assert "应移送公安机关" in warned.stderr


def test_lead_without_child_needs_a_summary(station: Invoke, db_path: Path) -> None:
    result = station("refer", "add", "--type", "schooling", "--source", "school")
    assert result.exit_code == 1
    assert "--summary" in result.stderr
    assert rows(db_path, "SELECT count(*) FROM leads") == [(0,)]


@pytest.mark.parametrize("source", ["procuratorate", "police", "court", "检察院"])
def test_incoming_leads_start_verified_with_agency_and_reference(
    station: Invoke, source: str
) -> None:
    code = add(
        station,
        "--type",
        "guardianship",
        "--source",
        source,
        "--summary",
        "监护缺失",
        "--reference",
        "沪长检移〔2026〕7号",
        "--source-agency",
        "长宁区人民检察院",
        "--on",
        "2026-11-10",
    )
    lead = show(station, code)
    assert lead["status"] == "verified"
    assert lead["reference"] == "沪长检移〔2026〕7号"
    assert lead["source_agency"] == "长宁区人民检察院"
    assert lead["events"][0]["status"] == "verified"
    assert lead["events"][0]["agency"] == "长宁区人民检察院"
    assert lead["allowed_moves"] == ["transferred", "unfounded", "withdrawn"]


def test_incoming_lead_agency_defaults_to_source_and_reference_is_unique(station: Invoke) -> None:
    code = add(
        station,
        "--type",
        "missing",
        "--source",
        "police",
        "--summary",
        "来历不明",
        "--reference",
        "A-1",
    )
    lead = show(station, code)
    assert lead["source_agency"] == "公安"
    assert lead["deadline"] is None  # the police already know: no transfer-to-police deadline
    dup = station(
        "refer",
        "add",
        "--type",
        "missing",
        "--source",
        "police",
        "--summary",
        "x",
        "--reference",
        "A-1",
    )
    assert dup.exit_code == 1
    assert code in dup.stderr


def test_ordinary_source_starts_new(station: Invoke) -> None:
    code = add(station, "--type", "medical", "--source", "hospital", "--summary", "x")
    assert show(station, code)["status"] == "new"


@pytest.mark.parametrize("state", list(PATHS))
def test_every_move_from_each_state_is_allowed_or_refused_with_the_allowed_ones(
    station: Invoke, db_path: Path, state: str
) -> None:
    for target in LeadStatus:
        code = lead_in(station, state)
        extra = ("--agency", "华阳路派出所") if target.value == "transferred" else ()
        before = rows(db_path, "SELECT count(*) FROM lead_events")
        result = move(station, code, target.value, *extra, on="2026-11-05")
        if target.value in TRANSITIONS[state]:
            assert result.exit_code == 0, (state, target, result.stderr)
            assert show(station, code)["status"] == target.value
            assert show(station, code)["events"][-1]["on"] == "2026-11-05"
        else:
            assert result.exit_code == 1, (state, target)
            assert rows(db_path, "SELECT count(*) FROM lead_events") == before
            assert show(station, code)["status"] == state
            if TRANSITIONS[state]:
                allowed = "、".join(f"{s}（{LeadStatus(s).label}）" for s in TRANSITIONS[state])
                assert result.stderr.strip().endswith(f"可改为：{allowed}")
            else:
                assert "最终状态" in result.stderr


def test_rejected_lead_is_re_transferred_to_another_agency(station: Invoke) -> None:
    code = lead_in(station, "rejected")
    assert (
        move(
            station, code, "transferred", "--agency", "区人社局劳动监察大队", on="2026-11-06"
        ).exit_code
        == 0
    )
    lead = show(station, code)
    assert lead["agency"] == "区人社局劳动监察大队"
    assert lead["agency_type"] == "labour"
    assert [e["status"] for e in lead["events"]] == [
        "new",
        "transferred",
        "rejected",
        "transferred",
    ]


def test_move_refusals_change_nothing(station: Invoke, db_path: Path) -> None:
    code = lead_in(station, "verified")  # verified on 2026-11-02
    cases = [
        (move(station, code, "transferred", "--agency", "派出所", on="2026-11-25"), "晚于今天"),
        (
            move(station, code, "transferred", "--agency", "派出所", on="2026-11-01"),
            "早于上一次变更",
        ),
        (move(station, code, "transferred"), "--agency"),
        (move(station, "L000099", "verified"), "找不到线索"),
        (move(station, code, "finished"), "线索状态“finished”无效"),
        (
            move(station, code, "transferred", "--agency", "派出所", "--agency-type", "army"),
            "单位类型",
        ),
    ]
    for result, message in cases:
        assert result.exit_code == 1
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert rows(db_path, "SELECT count(*) FROM lead_events") == [(2,)]
    assert show(station, code)["status"] == "verified"


def test_future_found_date_is_refused(station: Invoke) -> None:
    result = station(
        "refer",
        "add",
        "--type",
        "other",
        "--source",
        "self",
        "--summary",
        "x",
        "--on",
        "2026-11-25",
    )
    assert result.exit_code == 1
    assert "晚于今天" in result.stderr


def test_move_says_the_next_deadline(station: Invoke) -> None:
    code = lead_in(station, "new")
    moved = move(station, code, "transferred", "--agency", "华阳路派出所", on="2026-11-23")
    assert moved.stdout.strip() == f"线索 {code} 已改为“已移送”，应于 2026-11-26 前受理"
    late = move(station, code, "accepted", on="2026-11-23")
    assert "应于 2026-11-26 前反馈办结" in late.stdout
    done = move(station, code, "done", on="2026-11-24")
    assert done.stdout.strip() == f"线索 {code} 已改为“已办结”"


def test_same_day_moves_and_note_and_operator_are_kept(station: Invoke) -> None:
    code = lead_in(station, "new")
    assert (
        move(
            station,
            code,
            "transferred",
            "--agency",
            "派出所",
            "--note",
            "电话报案",
            on="2026-11-01",
        ).exit_code
        == 0
    )
    last = show(station, code)["events"][-1]
    assert (last["on"], last["note"], last["operator"]) == ("2026-11-01", "电话报案", "tester")


def test_lead_found_before_registration_is_linked_later(station: Invoke, db_path: Path) -> None:
    code = add(
        station,
        "--type",
        "abandonment",
        "--source",
        "neighbour",
        "--summary",
        "桥下独居男孩，约10岁",
        "--on",
        "2026-11-03",
    )
    assert show(station, code)["child"] is None
    kid = child(station, "陈小军", 31)
    linked = station("refer", "link", code, kid)
    assert linked.exit_code == 0, linked.stderr
    lead = show(station, code)
    assert (lead["child"], lead["name"]) == (kid, "陈小军")
    listed = station("refer", "list", "--child", kid, "--format", "json").json()
    assert [r["code"] for r in listed] == [code]
    other = child(station, "陈小红", 32)
    again = station("refer", "link", code, other)
    assert again.exit_code == 1 and "--replace" in again.stderr
    assert station("refer", "link", code, other, "--replace").exit_code == 0
    assert show(station, code)["child"] == other
    assert rows(db_path, "SELECT count(*) FROM audit_log WHERE action = 'link'") == [(2,)]
    missing = station("refer", "link", code, "C000099")
    assert missing.exit_code == 1 and "找不到儿童" in missing.stderr


def test_show_prints_the_timeline(station: Invoke) -> None:
    code = lead_in(station, "accepted")
    result = station("refer", "show", code)
    assert result.exit_code == 0, result.stderr
    for text in ("办理经过", "待核实", "已移送", "已受理", "华阳路派出所", "可变更为", "反馈办结"):
        assert text in result.stdout
    csv = station("refer", "show", code, "--format", "csv").stdout.splitlines()
    assert len(csv) == 4
    unknown = station("refer", "show", "L000404")
    assert unknown.exit_code == 1 and "找不到线索" in unknown.stderr


def test_list_filters(station: Invoke) -> None:
    kid = child(station)
    a = add(
        station,
        kid,
        "--type",
        "missing",
        "--source",
        "home_visit",
        "--on",
        "2026-10-05",
        "--to",
        "华阳路派出所",
    )
    b = add(
        station, "--type", "schooling", "--source", "school", "--summary", "x", "--on", "2026-11-02"
    )
    c = add(
        station,
        kid,
        "--type",
        "child_labour",
        "--source",
        "neighbour",
        "--on",
        "2026-11-10",
        "--to",
        "区人社局",
    )

    def codes(*args: str) -> list[str]:
        result = station("refer", "list", *args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return [r["code"] for r in result.json()]

    assert codes() == [a, b, c]
    assert codes("--status", "transferred") == [a, c]
    assert codes("--status", "待核实") == [b]
    assert codes("--type", "童工") == [c]
    assert codes("--agency", "派出所") == [a]
    assert codes("--agency-type", "labour") == [c]
    assert codes("--child", kid) == [a, c]
    assert codes("--from", "2026-11-01") == [b, c]
    assert codes("--from", "2026-11-01", "--to", "2026-11-05") == [b]
    assert codes("--mandatory") == [a]
    assert codes("--not-mandatory") == [b, c]
    table = station("refer", "list")
    assert "共 3 条" in table.stdout and "失踪、被拐" in table.stdout
    csv = station("refer", "list", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("code,found_on,type") and len(csv) == 4


def test_overdue_lists_what_is_late_by_how_much_and_exits_3(station: Invoke) -> None:
    kid = child(station)
    # mandatory, found 11-20, never transferred: due 11-20, 4 days late on 11-24
    late_transfer = add(
        station, kid, "--type", "violence_injury", "--source", "home_visit", "--on", "2026-11-20"
    )

    def sent(kind: str, source: str, summary: str, on: str, to: str) -> str:
        """An unlinked lead found and transferred to ``to`` on ``on``."""
        args = ("--type", kind, "--source", source, "--summary", summary, "--on", on, "--to", to)
        return add(station, *args)

    def sent_and_accepted(kind: str, source: str, summary: str, on: str, to: str) -> str:
        lead = sent(kind, source, summary, on, to)
        assert move(station, lead, "accepted", on=on).exit_code == 0
        return lead

    # transferred 11-18, not accepted: due 11-21, 3 days late
    late_accept = sent("schooling", "school", "x", "2026-11-18", "区教育局")
    # accepted by the police on 11-19: feedback due 11-22, 2 days late
    police = sent_and_accepted("medical", "hospital", "y", "2026-11-19", "华阳路派出所")
    # accepted by education on 11-02 (Monday): 15 working days -> 11-23, 1 day late
    school = sent_and_accepted("schooling", "school", "z", "2026-11-02", "区教育局")
    # not late: accepted by education on 11-10
    sent_and_accepted("schooling", "school", "w", "2026-11-10", "区教育局")

    result = station("refer", "list", "--overdue", "--format", "json")
    assert result.exit_code == 3
    got = [(r["code"], r["deadline"], r["due_on"], r["days_overdue"]) for r in result.json()]
    assert got == [
        (late_transfer, "transfer", "2026-11-20", 4),
        (late_accept, "accept", "2026-11-21", 3),
        (police, "done", "2026-11-22", 2),
        (school, "done", "2026-11-23", 1),
    ]
    table = station("refer", "list", "--overdue")
    assert table.exit_code == 3
    assert "强制报告未移送公安" in table.stdout and "移送后未受理" in table.stdout
    assert (
        move(station, late_transfer, "transferred", "--agency", "派出所", on="2026-11-24").exit_code
        == 0
    )
    assert late_transfer not in [
        r["code"] for r in station("refer", "list", "--overdue", "--format", "json").json()
    ]


def test_no_overdue_exits_0(station: Invoke) -> None:
    lead_in(station, "verified")
    result = station("refer", "list", "--overdue")
    assert result.exit_code == 0
    assert "没有超期线索" in result.stdout


def test_policy_show_and_set_changes_deadlines_and_is_audited(
    station: Invoke, db_path: Path
) -> None:
    shown = station("refer", "policy", "show", "--format", "json").json()
    policy = {r["key"]: (r["days"], r["working"]) for r in shown}
    assert policy["transfer_mandatory"] == (0, False)
    assert policy["accept"] == (3, False)
    assert policy["done.police"] == (3, False)
    assert policy["done.education"] == (15, True)
    code = add(
        station,
        "--type",
        "schooling",
        "--source",
        "school",
        "--summary",
        "x",
        "--on",
        "2026-11-18",
        "--to",
        "区教育局",
    )
    assert show(station, code)["days_overdue"] == 3
    result = station("refer", "policy", "set", "accept", "7")
    assert result.exit_code == 0, result.stderr
    assert "7 天" in result.stdout
    assert show(station, code)["days_overdue"] == -1  # due tomorrow
    assert station("refer", "policy", "set", "done.教育", "10", "--calendar").exit_code == 0
    after = {
        r["key"]: (r["days"], r["working"])
        for r in station("refer", "policy", "show", "--format", "json").json()
    }
    assert after["done.education"] == (10, False)
    assert rows(db_path, "SELECT count(*) FROM audit_log WHERE record_type = 'lead_policy'") == [
        (2,)
    ]
    shown = station("refer", "policy", "show", "--format", "json").json()
    assert {r["key"]: r["since"] for r in shown}["accept"] == "2026-11-24"
    before = station("refer", "policy", "show", "--as-of", "2026-11-01", "--format", "json").json()
    assert {r["key"]: (r["days"], r["since"]) for r in before}["accept"] == (3, None)
    assert "默认" in station("refer", "policy", "show", "--as-of", "2026-11-01").stdout
    bad = station("refer", "policy", "set", "sooner", "1")
    assert bad.exit_code == 1 and "accept" in bad.stderr
    negative = station("refer", "policy", "set", "accept", "400")
    assert negative.exit_code == 1 and "0 到 365" in negative.stderr


def test_add_json_output_and_agency_type_only_with_a_transfer(station: Invoke) -> None:
    result = station(
        "refer",
        "add",
        "--type",
        "missing",
        "--source",
        "neighbour",
        "--summary",
        "x",
        "--to",
        "区民政局",
        "--agency-type",
        "police",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    out = result.json()
    assert (out["code"], out["status"], out["mandatory"]) == ("L000001", "transferred", True)
    assert out["warnings"] == []  # declared police: no warning
    assert show(station, "L000001")["agency_type"] == "police"
    refused = move(station, "L000001", "accepted", "--agency-type", "court", on="2026-11-24")
    assert refused.exit_code == 1 and "--agency-type" in refused.stderr
    alone = station(
        "refer",
        "add",
        "--type",
        "other",
        "--source",
        "self",
        "--summary",
        "x",
        "--agency-type",
        "police",
    )
    assert alone.exit_code == 1 and "--to" in alone.stderr
