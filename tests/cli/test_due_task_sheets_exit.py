"""``wbz due --by worker --out DIR`` (the task sheets) and ``--format text`` (the reminders) end
like plain ``wbz due`` (issue 22's exit contract): 3 when something is overdue, after writing
or printing everything; 0 when nothing is."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

FORMS = {"out": ("--out", "任务单"), "text": ("--format", "text")}


def register(wbz: Invoke, on: str, seq: int) -> str:
    result = wbz(
        "register", "--name", f"儿童{seq}", "--id-number", make_id("2012-06-01", seq),
        "-c", "孤儿", "--on", on, "--worker", "王主任",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def task_sheets(wbz: Invoke, form: str, tmp_path: Path) -> int:
    option, value = FORMS[form]
    if form == "out":
        (tmp_path / value).mkdir(exist_ok=True)
        value = str(tmp_path / value)
    result = wbz("due", "--by", "worker", option, value, "--force")
    assert result.exit_code in (0, 3), result.stderr
    if form == "out":
        assert list((tmp_path / "任务单").glob("*.xlsx")), "the sheets are written all the same"
    else:
        assert "王主任" in result.stdout
    return result.exit_code


@pytest.mark.parametrize("form", sorted(FORMS))
def test_overdue_visits_end_with_3_after_the_sheets(
    station: Invoke, form: str, tmp_path: Path
) -> None:
    register(station, "2026-11-02", 11)  # first visit due 2026-11-09: overdue
    assert station("due").exit_code == 3
    assert task_sheets(station, form, tmp_path) == 3


@pytest.mark.parametrize("form", sorted(FORMS))
def test_nothing_overdue_ends_with_0(station: Invoke, form: str, tmp_path: Path) -> None:
    register(station, "2026-11-23", 11)  # first visit due 2026-11-30: listed, not overdue
    assert station("due").exit_code == 0
    assert task_sheets(station, form, tmp_path) == 0


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_overdue_lead_ends_with_3_as_plain_due_does(
    station: Invoke, form: str, tmp_path: Path
) -> None:
    """The sheets hold visits only; the exit code is still the one of ``wbz due``."""
    child = register(station, "2026-11-23", 11)
    lead = station(
        "refer", "add", child, "--type", "violence_injury", "--source", "home_visit",
        "--on", "2026-11-20",
    )  # fmt: skip
    assert lead.exit_code == 0, lead.stderr
    assert station("due").exit_code == 3
    assert task_sheets(station, form, tmp_path) == 3
    elsewhere = station("due", "--by", "worker", "--format", "text", "--worker", "李主任")
    assert elsewhere.exit_code == station("due", "--worker", "李主任").exit_code == 0
