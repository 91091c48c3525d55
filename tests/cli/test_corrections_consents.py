"""改错 of a guardian's consent: ``wbz consent C... --withdraw --reason`` clears a consent or
an exemption recorded by mistake; the audit log keeps what it was and why, ``wbz history``
shows it, and ``wbz doctor`` asks for the consent again."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.test_corrections import audit_rows, dump, ok, refused
from tests.conftest import Invoke, make_id


@pytest.fixture
def wbz(station: Invoke) -> Invoke:
    """C000001, 11 years old, whose consent was recorded from the wrong guardian; C000002,
    also under 14, with none."""
    for seq in (11, 13):
        ok(station("register", "--name", f"王{seq}", "--id-number", make_id("2015-06-01", seq),
                   "-c", "other", "--on", "2026-10-01"))  # fmt: skip
    ok(station("consent", "C000001", "--by", "李大山", "--on", "2026-10-02"))
    return station


def missing_consent(wbz: Invoke) -> list[list[str]]:
    found = wbz("doctor", "--format", "json").json()
    return [f["codes"] for f in found if f["kind"] == "consent_missing"]


def test_withdrawing_clears_the_consent_and_doctor_asks_again(wbz: Invoke, db_path: Path) -> None:
    assert missing_consent(wbz) == [["C000002"]]
    done = ok(wbz("consent", "C000001", "--withdraw", "--reason", "误记同意人", "-f", "json"))
    assert done.json()[0]["consent_by"] is None
    shown = ok(wbz("consent", "C000001", "-f", "json")).json()[0]
    assert (shown["consent_on"], shown["consent_by"], shown["consent_exempt_reason"]) == (
        None, None, None,
    )  # fmt: skip
    assert missing_consent(wbz) == [["C000001"], ["C000002"]]
    [(kind, key, before, after)] = audit_rows(db_path, "consent_withdraw")
    assert (kind, key) == ("child", "C000001")
    assert (before["consent_on"], before["consent_by"]) == ("2026-10-02", "李大山")
    assert after["withdraw_reason"] == "误记同意人" and after["consent_by"] is None
    history = ok(wbz("history", "C000001")).stdout
    assert "撤回同意" in history and "李大山 → （空）" in history and "误记同意人" in history
    # the right consent can then be recorded
    ok(wbz("consent", "C000001", "--by", "王大山", "--on", "2026-10-03"))
    assert missing_consent(wbz) == [["C000002"]]


def test_an_exemption_can_be_withdrawn_too(wbz: Invoke) -> None:
    ok(wbz("consent", "C000002", "--exempt", "依法履行法定职责"))
    ok(wbz("consent", "C000002", "--withdraw", "--reason", "不适用"))
    assert missing_consent(wbz) == [["C000002"]]
    assert "依法履行法定职责 → （空）" in ok(wbz("history", "C000002")).stdout


def test_withdraw_refusals_change_nothing(wbz: Invoke, db_path: Path) -> None:
    before = dump(db_path)
    for args, message in (
        (["C000001", "--withdraw"], "--reason"),
        (["C000001", "--withdraw", "--reason", "  "], "写明原因"),
        (["C000001", "--reason", "x"], "--withdraw"),
        (["C000001", "--withdraw", "--reason", "x", "--by", "王"], "不能与"),
        (["C000002", "--withdraw", "--reason", "x"], "无需撤回"),
        (["C000404", "--withdraw", "--reason", "x"], "C000404"),
    ):
        refused(wbz("consent", *args), message)
    assert dump(db_path) == before
