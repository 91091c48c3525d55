"""改错 for entrusted-care agreements: edited with the checks of ``care-agreement add``, voided
(it leaves the list, the signing rate and the child's file) and restored, each step audited."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_care_agreements import agree, register
from tests.cli.test_corrections import audit_rows, dump, ok, refused
from tests.conftest import Invoke


def rate(wbz: Invoke) -> tuple[int, int]:
    result = ok(wbz("care-agreement", "rate", "-f", "json")).json()
    return result["left_behind"], result["with_agreement"]


def test_an_agreement_is_edited_voided_and_restored(station: Invoke, db_path: Path) -> None:
    wbz = station
    register(wbz, 11, "留守")
    ok(agree(wbz, "C000001", "2026-02-01", "--valid-until", "2026-10-31"))
    [row] = ok(wbz("care-agreement", "list", "-f", "json")).json()
    assert (row["id"], row["valid"]) == (1, False)  # ran out on 2026-10-31; today 2026-11-24
    assert rate(wbz) == (1, 0)

    ok(wbz("care-agreement", "edit", "1", "--valid-until", "2027-01-31", "--school-notified"))
    assert rate(wbz) == (1, 1)
    [(kind, key, old, new)] = audit_rows(db_path, "edit")
    assert (kind, key) == ("care_agreement", "C000001/1")
    assert (old, new) == (
        {"valid_until": "2026-10-31", "school_notified": 0},
        {"valid_until": "2027-01-31", "school_notified": 1},
    )
    before = dump(db_path)
    refused(wbz("care-agreement", "edit", "1", "--valid-until", "2026-01-01"), "早于签订日期")
    refused(wbz("care-agreement", "edit", "1", "--signed-on", "2026-12-01"), "晚于今天")
    refused(wbz("care-agreement", "edit", "1", "--phone", "12"), "电话号码")
    assert dump(db_path) == before

    ok(wbz("care-agreement", "void", "1", "--reason", "受托人填错了人"))
    assert rate(wbz) == (1, 0)
    assert ok(wbz("care-agreement", "list", "-f", "json")).json() == []
    [listed] = ok(wbz("care-agreement", "list", "--all", "-f", "json")).json()
    assert (listed["voided"], listed["void_reason"], listed["valid"]) == (
        True,
        "受托人填错了人",
        False,
    )
    shown = ok(wbz("show", "C000001", "-f", "json")).json()
    assert shown["care_agreements"] == []
    assert [v["kind"] for v in shown["voided_records"]] == ["care_agreement"]
    assert "委托照护协议" in ok(wbz("show", "C000001")).stdout

    ok(wbz("care-agreement", "unvoid", "1"))
    assert rate(wbz) == (1, 1)
    actions = [h["action"] for h in ok(wbz("history", "协议", "1", "-f", "json")).json()]
    assert actions == ["insert", "edit", "void", "unvoid"]
