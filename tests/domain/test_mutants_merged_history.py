"""What ``wbz merge`` keeps of two files of one child (domain/merged_history.py): the risk
entries in the order they are written back (the last one on or before a day is the risk in
force that day, and ``wbz show`` lists them), the case and category periods joined. Each case
is one a station can make: a registration with or without a risk, updates, a roster import."""

from __future__ import annotations

from wbz_cli.domain.duplicates import Period
from wbz_cli.domain.merged_history import RiskEntry, merged_categories, merged_periods, merged_risks


def _entries(*rows: tuple[str, str, str]) -> list[RiskEntry]:
    return [RiskEntry(risk, on, source) for risk, on, source in rows]


def test_the_kept_childs_later_red_outlives_the_merged_childs_unassessed_registration() -> None:
    kept = _entries(("orange", "2026-11-01", "register"), ("red", "2026-11-10", "update"))
    merged = _entries(("unassessed", "2026-11-20", "register"))
    assert merged_risks(kept, merged) == kept  # the registration without a risk says nothing


def test_a_risk_given_at_registration_is_an_assessment_a_later_unassessed_one_does_not_undo(
) -> None:  # fmt: skip
    kept = _entries(("red", "2026-11-01", "register"))
    merged = _entries(("unassessed", "2026-11-05", "import"))
    assert merged_risks(kept, merged) == kept
    # the other way round: the kept child registered 未评估, the merged one with a risk
    assert merged_risks(merged, kept) == kept


def test_an_unassessed_update_is_a_risk_taken_back_and_stays_in_force() -> None:
    kept = _entries(("red", "2026-11-01", "register"), ("unassessed", "2026-11-08", "update"))
    merged = _entries(("unassessed", "2026-11-03", "register"))
    assert merged_risks(kept, merged) == [kept[0], kept[1]]


def test_two_changes_of_the_kept_child_on_one_day_keep_their_order() -> None:
    kept = _entries(
        ("unassessed", "2026-11-01", "register"),
        ("red", "2026-11-10", "update"),
        ("green", "2026-11-10", "update"),  # corrected the same day: green is in force
    )
    assert merged_risks(kept, []) == kept
    assert merged_risks(kept, _entries(("yellow", "2026-11-10", "update")))[-1].risk == "green"


def test_both_registrations_without_a_risk_are_kept_before_the_first_assessment() -> None:
    kept = _entries(("unassessed", "2026-11-05", "register"))
    merged = _entries(("unassessed", "2026-11-01", "register"), ("red", "2026-11-05", "update"))
    # the kept child's registration on the day of the merged child's assessment is listed,
    # and the assessment, written after it, is in force that day
    assert merged_risks(kept, merged) == [merged[0], kept[0], merged[1]]


def test_an_import_that_took_a_risk_back_the_day_it_was_given_stays_listed() -> None:
    merged = _entries(
        ("unassessed", "2026-11-01", "register"),
        ("red", "2026-11-09", "update"),
        ("unassessed", "2026-11-09", "import"),  # a roster re-imported that day said 未评估
    )
    assert merged_risks([], merged) == [merged[0], merged[2], merged[1]]


def test_case_periods_of_both_files_are_joined_where_they_overlap() -> None:
    kept = [Period("2026-01-01", "2026-03-01", "moved")]
    merged = [Period("2026-02-01", "2026-05-01", "aged_out"), Period("2026-07-01", None)]
    assert merged_periods(kept, merged) == [
        Period("2026-01-01", "2026-05-01", "aged_out"),
        Period("2026-07-01", None),
    ]


def test_every_category_of_either_file_is_kept_joined() -> None:
    kept = {"orphan": [Period("2026-01-01", "2026-04-01", "ended")]}
    merged = {
        "orphan": [Period("2026-03-01", None)],
        "difficult": [Period("2026-02-01", None, None, "disabled")],
    }
    assert merged_categories(kept, merged) == {
        "difficult": [Period("2026-02-01", None, None, "disabled")],
        "orphan": [Period("2026-01-01", None)],
    }
