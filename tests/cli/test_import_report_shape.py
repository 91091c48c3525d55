"""One report shape for every import (issue 19): ``--format json`` of import roster, visit import,
subsidy import and match gives file, sheet, header_row, dry_run, counts, changes, rejected (row,
field, reason), unrecognised_columns and warnings; ``--format report``, its name before, is still
accepted and left out of the help."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.test_import_framework import (
    EXTRA,
    KINDS,
    REPORT_KEYS,
    SHEETS,
    rows_of,
    run,
    town,
    workbook,
)
from tests.conftest import Invoke

__all__ = ["town"]  # the fixture, shared with the framework's tests

#: The sections only ``match`` has, after the keys of every import.
MATCH_SECTIONS = {"summary", "candidates", "guardians", "unmatched", "confirmed"}
#: Each import's counts: those its JSON summary had before, by the same names.
COUNTS = {
    "roster": {"inserted", "updated", "unchanged", "merged", "rejected", "moved"},
    "visit": {"inserted", "unchanged", "rejected"},
    "subsidy": {"inserted", "unchanged", "rejected", "amount_yuan"},
}


@pytest.mark.parametrize("kind", KINDS)
def test_json_is_the_report_of_every_import(town: Invoke, kind: str, tmp_path: Path) -> None:
    path = workbook(tmp_path / f"{kind}.xlsx", rows_of(kind))
    result = run(town, kind, path, "--sheet", "名单", "--format", "json")
    assert result.exit_code == (0 if kind == "match" else 3), result.stderr
    report = result.json()
    extra = MATCH_SECTIONS if kind == "match" else set()
    assert set(report) == REPORT_KEYS | extra
    assert (report["file"], report["sheet"], report["header_row"]) == (path.name, "名单", 2)
    assert report["dry_run"] is (kind == "match")  # match writes nothing without --apply
    assert [c["header"] for c in report["unrecognised_columns"]] == [EXTRA]
    assert report["warnings"] == []
    [refused] = report["rejected"]
    assert set(refused) == {"row", "field", "reason"} and refused["row"] == 4
    counts = report["counts"]
    assert counts["rejected"] == 1
    for key, value in counts.items():
        assert isinstance(value, str if key.endswith("_yuan") else int), (key, value)
    if kind in COUNTS:
        assert set(counts) == COUNTS[kind]
        assert counts["inserted"] == 1
    else:
        assert counts["rows"] == 2 == report["summary"]["rows"]


@pytest.mark.parametrize("kind", ["roster", "visit", "subsidy"])
def test_report_is_still_accepted_and_prints_the_same(
    town: Invoke, kind: str, tmp_path: Path
) -> None:
    path = workbook(tmp_path / f"{kind}.xlsx", rows_of(kind))
    as_json = run(town, kind, path, "--dry-run", "--format", "json")
    as_report = run(town, kind, path, "--dry-run", "--format", "report")
    assert as_report.exit_code == as_json.exit_code == 3
    assert as_report.stdout == as_json.stdout


def test_matchs_report_is_its_json_without_its_own_sections(town: Invoke, tmp_path: Path) -> None:
    path = workbook(tmp_path / "低保.xlsx", rows_of("match"))
    as_json = run(town, "match", path, "--format", "json").json()
    as_report = run(town, "match", path, "--format", "report").json()
    assert as_report == {k: v for k, v in as_json.items() if k in REPORT_KEYS}


@pytest.mark.parametrize("kind", KINDS)
def test_the_help_offers_json_and_not_report(town: Invoke, kind: str) -> None:
    shown = town(*SHEETS[kind][0], "--help").stdout
    assert "report" not in shown
    assert ("[table|json|xlsx]" if kind == "match" else "[table|json]") in shown


def test_dry_run_says_so_and_counts_what_a_real_import_does(town: Invoke, tmp_path: Path) -> None:
    path = workbook(tmp_path / "roster.xlsx", rows_of("roster"))
    dry = run(town, "roster", path, "--dry-run", "--format", "json").json()
    real = run(town, "roster", path, "--format", "json").json()
    assert (dry["dry_run"], real["dry_run"]) == (True, False)
    assert dry["counts"] == real["counts"] and dry["rejected"] == real["rejected"]


def test_a_roster_update_lists_its_changes_in_json(town: Invoke, tmp_path: Path) -> None:
    """The changes the summary table shows are in the JSON too (masked phone)."""
    _, header, good, _ = SHEETS["roster"]
    head = [*header, "监护人姓名", "联系电话"]
    first = workbook(tmp_path / "a.xlsx", [head, [*good, "王大明", "13812345678"]])
    assert run(town, "roster", first).exit_code == 0
    second = workbook(tmp_path / "b.xlsx", [head, [*good, "王大明", "13912345678"]])
    report = run(town, "roster", second, "--format", "json").json()
    assert report["counts"]["updated"] == 1
    assert report["changes"], report
    assert "13912345678" not in str(report["changes"])
