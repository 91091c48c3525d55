"""The report's keys as tables, sheets and submissions lay them out (domain/metrics.py): the
report of a month in which nothing happened, the rows of each section with their Chinese
labels, dotted keys read and flattened, and communities in their natural order."""

from __future__ import annotations

from wbz_cli.domain.metrics import (
    empty_report,
    flatten,
    get_path,
    label_for,
    natural_key,
    section_rows,
)


def test_a_month_in_which_nothing_happened_shows_every_figure_as_zero() -> None:
    report = empty_report("2026-10", "长宁区新华路街道未保站")
    assert (report["month"], report["station"]) == ("2026-10", "长宁区新华路街道未保站")
    assert "as_of" not in report  # the day the figures were read is set by the report itself
    assert report["children"]["active"] == 0
    assert report["visits"]["total"] == 0
    assert report["children"]["by_risk"] == dict.fromkeys(
        ["red", "orange", "yellow", "green", "unassessed"], 0
    )
    assert report["subsidies"]["amount_yuan"] == "0.00"
    assert report["subsidies"]["by_type"]["orphan"] == {
        "payments": 0, "amount_yuan": "0.00", "children": 0
    }  # fmt: skip
    assert report["gifts"] == {"count": 0, "value_yuan": "0.00"}
    assert report["care"]["agreement_rate"] == "—"  # a rate of nothing is not 0%
    assert report["care"]["agreements_in_force"] == 0
    assert report["referrals"]["by_source"]["school"] == 0


def test_a_section_lists_its_figures_then_its_breakdowns_then_the_keys_added_since() -> None:
    rows = list(section_rows("children"))
    assert rows[:3] == [
        ("children.active", "在册儿童"),
        ("children.new", "本月新增"),
        ("children.closed", "本月退出"),
    ]
    assert rows[3] == ("children.by_category.orphan", "各类别在册·孤儿")
    assert ("children.by_risk.red", "风险等级·红") in rows
    assert rows[-1] == ("children.new_by_source.referral", "新增来源·线索")
    assert all(key.startswith("children.") for key, _ in rows)
    assert list(section_rows("care"))[1] == ("care.agreement_rate", "协议签订率")


def test_dotted_keys_are_read_labelled_and_flattened() -> None:
    report = empty_report("2026-10", "站")
    report["visits"]["by_mode"]["home"] = 7
    assert get_path(report, "visits.by_mode.home") == 7
    assert label_for("visits.by_mode.home") == "方式·入户"
    flat = dict(flatten(report))
    assert flat["visits.by_mode.home"] == 7
    assert flat["subsidies.by_type.orphan.amount_yuan"] == "0.00"
    assert all(not isinstance(value, dict) for value in flat.values())


def test_communities_sort_by_their_number_not_as_text() -> None:
    names = ["第10居民区", "第2居民区", "新华村", "第1居民区"]
    assert sorted(names, key=natural_key) == ["新华村", "第1居民区", "第2居民区", "第10居民区"]
