"""The monthly report's services, subsidies, activities and resources, recorded through
their own commands, with records on the edge days just inside and outside the month."""

from __future__ import annotations

from typing import Any

from tests.conftest import Invoke, make_id

from wbz_cli.domain.vocab import ActivityKind, ResourceKind, ServiceType, SubsidyType

CARE_SECTIONS = ("services", "subsidies", "activities", "resources")


def figures(wbz: Invoke, month: str = "2026-10") -> dict[str, Any]:
    result = wbz("report", "monthly", "--month", month, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = result.json()
    return {section: report[section] for section in CARE_SECTIONS}


def test_an_empty_month_has_every_key_at_zero(station: Invoke) -> None:
    assert figures(station) == {
        "services": {
            "total": 0,
            "by_type": {t.value: 0 for t in ServiceType},
            "children_served": 0,
            "children_by_type": {t.value: 0 for t in ServiceType},
        },
        "subsidies": {
            "payments": 0,
            "amount_yuan": "0.00",
            "children": 0,
            "by_type": {
                t.value: {"payments": 0, "amount_yuan": "0.00", "children": 0} for t in SubsidyType
            },
        },
        "activities": {
            "count": 0,
            "participants": 0,
            "by_kind": {k.value: {"count": 0, "participants": 0} for k in ActivityKind},
        },
        "resources": {"by_kind": {k.value: 0 for k in ResourceKind}},
    }


def test_october(station: Invoke) -> None:
    for seq in (11, 13, 15):
        station("register", "--name", f"儿童{seq}", "--id-number", make_id("2015-06-01", seq),
                "-c", "孤儿", "--on", "2026-01-10")  # fmt: skip
    services = [
        ("C000001", "助学", "2026-09-30"),
        ("C000001", "助学", "2026-10-01"),
        ("C000001", "心理", "2026-10-15"),
        ("C000002", "助医", "2026-10-31"),
        ("C000003", "助洁", "2026-11-01"),
    ]
    for child, kind, on in services:
        assert station("service", "add", child, "--type", kind, "--on", on).exit_code == 0
    for child, month, amount in (
        ("C000001", "2026-09", "1500"),
        ("C000001", "2026-10", "1500.25"),
        ("C000002", "2026-10", "1,234.56"),
        ("C000003", "2026-11", "99"),
    ):
        station("subsidy", "add", child, "--type", "孤儿", "--month", month, "--amount", amount)
    for on, n in (("2026-09-30", 5), ("2026-10-01", 40), ("2026-10-31", 700), ("2026-11-01", 9)):
        station("activity", "add", "--title", "培训", "--kind", "培训", "--participants", str(n),
                "--on", on)  # fmt: skip
    for kind, name, added in (
        ("expert", "甲", "2026-01-01"),
        ("expert", "乙", "2026-01-01"),
        ("lawyer", "丙", "2026-10-31"),
        ("lawyer", "丁", "2026-11-01"),
        ("social_worker", "戊", "2026-01-01"),
    ):
        station("resource", "add", "--kind", kind, "--name", name, "--on", added)
    station("resource", "remove", "R000002", "--on", "2026-10-31")  # gone at month end
    station("resource", "remove", "R000005", "--on", "2026-11-01")  # still there on the 31st

    result = figures(station)
    assert result["services"]["total"] == 3
    assert result["services"]["children_served"] == 2
    assert {k: v for k, v in result["services"]["by_type"].items() if v} == {
        "education": 1,
        "psychological": 1,
        "medical": 1,
    }
    subsidies = result["subsidies"]
    assert {k: subsidies[k] for k in ("payments", "amount_yuan", "children")} == {
        "payments": 2,
        "amount_yuan": "2734.81",
        "children": 2,
    }
    assert subsidies["by_type"]["orphan"] == {
        "payments": 2,
        "amount_yuan": "2734.81",
        "children": 2,
    }
    activities = result["activities"]
    assert (activities["count"], activities["participants"]) == (2, 740)
    assert activities["by_kind"]["training"] == {"count": 2, "participants": 740}
    assert {k: v for k, v in result["resources"]["by_kind"].items() if v} == {
        "expert": 1,
        "lawyer": 1,
        "social_worker": 1,
    }
