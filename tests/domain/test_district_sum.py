"""The district's summing rules (区县汇总): counts and money added, rates recomputed, distinct
children from the hashes, flows over the months and stocks from the last month."""

from __future__ import annotations

from typing import Any

import pytest

from wbz_cli.domain import district_sum
from wbz_cli.domain.district_sum import ListedChild, Submitted, agreed_from_rate, sum_period
from wbz_cli.domain.report import agreement_rate
from wbz_cli.domain.report_keys import REPORT_KEYS


def station(name: str, month: str = "2026-10", *kids: ListedChild, **figures: Any) -> Submitted:
    flat = {key.replace("__", "."): value for key, value in figures.items()}
    return Submitted(name, month, flat, kids)


def kid(h: str, *categories: str, risk: str = "green") -> ListedChild:
    return ListedChild(h, categories, risk)


def test_every_report_figure_is_present_and_counts_and_money_add_up() -> None:
    a = station("甲", referrals__found=30, subsidies__amount_yuan="4000000.10",
                subsidies__payments=3000)  # fmt: skip
    b = station("乙", referrals__found=8, subsidies__amount_yuan="696299.90",
                subsidies__payments=297)  # fmt: skip
    out = sum_period([a, b], ["2026-10"]).figures
    assert set(out) == set(district_sum.figure_leaves())
    assert out["referrals.found"] == 38
    assert out["subsidies.payments"] == 3297
    assert out["subsidies.amount_yuan"] == "4696300.00"  # exact, no float drift
    assert out["visits.total"] == 0 and out["gifts.value_yuan"] == "0.00"
    assert "month" not in out and "station" not in out


def test_a_child_in_two_stations_counts_once_with_both_categories_and_the_higher_risk() -> None:
    shared_a = kid("h1", "left_behind", risk="yellow")
    shared_b = kid("h1", "migrant", risk="red")
    a = station("甲", "2026-10", shared_a, kid("h2", "left_behind"), children__active=2,
                children__by_category__left_behind=2, children__by_risk__yellow=1,
                children__by_risk__green=1)  # fmt: skip
    b = station("乙", "2026-10", shared_b, children__active=1,
                children__by_category__migrant=1, children__by_risk__red=1)  # fmt: skip
    out = sum_period([a, b], ["2026-10"]).figures
    assert out["children.active"] == 2
    assert out["children.by_category.left_behind"] == 2
    assert out["children.by_category.migrant"] == 1
    assert out["children.by_risk.red"] == 1
    assert out["children.by_risk.yellow"] == 0  # h1 counts at red only
    assert out["children.by_risk.green"] == 1


def test_a_child_in_the_same_category_in_three_stations_counts_once() -> None:
    subs = [
        station(name, "2026-10", kid("h", "orphan", risk="unassessed"), children__active=1,
                children__by_category__orphan=1, children__by_risk__unassessed=1)
        for name in ("甲", "乙", "丙")
    ]  # fmt: skip
    out = sum_period(subs, ["2026-10"]).figures
    assert out["children.active"] == 1
    assert out["children.by_category.orphan"] == 1
    assert out["children.by_risk.unassessed"] == 1


def test_an_assessed_risk_is_higher_than_unassessed() -> None:
    a = station("甲", "2026-10", kid("h", risk="unassessed"), children__active=1,
                children__by_risk__unassessed=1)  # fmt: skip
    b = station("乙", "2026-10", kid("h", risk="green"), children__active=1,
                children__by_risk__green=1)  # fmt: skip
    out = sum_period([a, b], ["2026-10"]).figures
    assert (out["children.by_risk.green"], out["children.by_risk.unassessed"]) == (1, 0)


def test_children_a_station_counts_but_cannot_list_are_still_counted() -> None:
    # 5 active, only 2 listed (3 without an ID number): 5 + 1 - 1 shared
    a = station("甲", "2026-10", kid("h1", "difficult"), kid("h2", "difficult"),
                children__active=5, children__by_category__difficult=5)  # fmt: skip
    b = station("乙", "2026-10", kid("h1", "difficult"), children__active=1,
                children__by_category__difficult=1)  # fmt: skip
    out = sum_period([a, b], ["2026-10"]).figures
    assert out["children.active"] == 5
    assert out["children.by_category.difficult"] == 5


def test_the_same_hash_in_two_months_of_one_station_is_not_a_duplicate() -> None:
    sep = station("甲", "2026-09", kid("h1"), children__active=1, visits__total=4)
    octo = station("甲", "2026-10", kid("h1"), children__active=1, visits__total=6)
    out = sum_period([sep, octo], ["2026-09", "2026-10"]).figures
    assert out["children.active"] == 1  # a stock: October's
    assert out["visits.total"] == 10  # a flow: both months


def test_a_range_adds_flows_over_the_months_and_takes_stocks_from_the_last() -> None:
    months = ["2026-08", "2026-09", "2026-10"]
    subs = [
        station("甲", m, children__active=10 + n, referrals__open=n, referrals__found=2,
                resources__by_kind__lawyer=n, subsidies__amount_yuan="100.50",
                care__agreements_in_force=n)
        for n, m in enumerate(months, 1)
    ]  # fmt: skip
    out = sum_period(subs, months).figures
    assert out["referrals.found"] == 6
    assert out["subsidies.amount_yuan"] == "301.50"
    assert out["children.active"] == 13
    assert out["referrals.open"] == 3
    assert out["resources.by_kind.lawyer"] == 3
    assert out["care.agreements_in_force"] == 3


def test_a_station_missing_the_last_month_adds_its_flows_but_no_stocks() -> None:
    subs = [
        station("甲", "2026-09", children__active=7, visits__total=3),
        station("乙", "2026-09", children__active=4, visits__total=1),
        station("乙", "2026-10", children__active=5, visits__total=2),
    ]
    out = sum_period(subs, ["2026-09", "2026-10"]).figures
    assert out["visits.total"] == 6
    assert out["children.active"] == 5


def test_submissions_outside_the_months_are_left_out() -> None:
    subs = [station("甲", "2026-09", visits__total=3), station("甲", "2026-10", visits__total=2)]
    assert sum_period(subs, ["2026-10"]).figures["visits.total"] == 2


def test_the_agreement_rate_is_recomputed_from_summed_counts_not_averaged() -> None:
    a = station("甲", children__by_category__left_behind=8, care__agreement_rate="87.5%")
    b = station("乙", children__by_category__left_behind=2, care__agreement_rate="0.0%")
    c = station("丙", care__agreement_rate="—")
    out = sum_period([a, b, c], ["2026-10"]).figures
    assert out["care.agreement_rate"] == "70.0%"  # 7 of 10, not (87.5 + 0) / 2


def test_no_left_behind_children_anywhere_gives_a_dash() -> None:
    out = sum_period([station("甲", care__agreement_rate="—")], ["2026-10"]).figures
    assert out["care.agreement_rate"] == "—"


@pytest.mark.parametrize("left_behind", [1, 3, 7, 333, 999, 1000])
def test_a_rate_gives_back_its_agreements_exactly_up_to_a_thousand_children(
    left_behind: int,
) -> None:
    for agreed in range(left_behind + 1):
        assert agreed_from_rate(agreement_rate(agreed, left_behind), left_behind) == agreed


def test_distinct_figures_that_cannot_be_deduplicated_are_named() -> None:
    a = station("甲", visits__children_reached=5, subsidies__by_type__orphan__children=2)
    b = station("乙", visits__children_reached=4, subsidies__by_type__orphan__children=1)
    summed = sum_period([a, b], ["2026-10"])
    assert summed.figures["visits.children_reached"] == 9
    assert summed.figures["subsidies.by_type.orphan.children"] == 3
    names = summed.summed_not_distinct
    assert "visits.children_reached" in names
    assert "subsidies.by_type.orphan.children" in names
    assert "households.active" in names and "services.children_by_type.legal" in names
    assert "children.active" not in names  # from the hashes
    assert "subsidies.by_type.orphan.payments" not in names  # a count of payments


def test_one_stations_month_has_nothing_summed_across_stations_or_months() -> None:
    assert sum_period([station("甲")], ["2026-10"]).summed_not_distinct == []
    two_months = [station("甲", "2026-09"), station("甲", "2026-10")]
    summed = sum_period(two_months, ["2026-09", "2026-10"])
    assert "visits.children_reached" in summed.summed_not_distinct


def test_stocks_are_exactly_the_keys_metrics_counts_at_the_end() -> None:
    for entry in REPORT_KEYS:
        if entry.key in ("month", "station", "as_of"):
            continue
        at_end = "month end" in entry.definition or "period's end" in entry.definition
        for leaf, _ in entry.expanded():
            assert district_sum.is_stock(leaf) == at_end, leaf


def test_a_period_needs_a_month() -> None:
    with pytest.raises(ValueError):
        sum_period([], [])
