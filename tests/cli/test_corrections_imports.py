"""A sheet imported again does not bring back a record voided since its first import: the
voided visit or payment counts as on file for the import's "already imported" check."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_corrections import monthly, ok
from tests.cli.test_subsidy_import import imported
from tests.cli.test_subsidy_import import setup as two_orphans
from tests.cli.test_subsidy_import import sheet as payment_sheet
from tests.cli.test_visit_import import children, sheet, visits  # noqa: F401  (fixtures)
from tests.conftest import Invoke


def test_a_visit_voided_after_an_import_stays_voided_when_the_sheet_comes_again(
    children: Invoke,  # noqa: F811
    sheet: Path,  # noqa: F811
) -> None:
    wbz = children
    wbz("visit", "import", str(sheet), "-q")
    first = ok(wbz("visit", "list", "-f", "json")).json()[0]
    ok(wbz("visit", "void", str(first["id"]), "--reason", "表上多填了一行"))
    listed = visits(wbz)
    again = wbz("visit", "import", str(sheet), "-f", "json").json()["counts"]
    assert (again["inserted"], again["unchanged"]) == (0, 4)
    assert visits(wbz) == listed


def test_a_payment_voided_after_an_import_stays_voided_when_the_sheet_comes_again(
    station: Invoke, tmp_path: Path
) -> None:
    two_orphans(station)
    path = payment_sheet(tmp_path / "发放表.xlsx")
    imported(station, path)
    before = monthly(station, "2026-10")["subsidies"]
    [paid] = [
        p for p in ok(station("subsidy", "list", "-f", "json")).json() if p["type"] == "study_grant"
    ]
    ok(station("subsidy", "void", str(paid["id"]), "--reason", "助学金未发"))
    _, summary = imported(station, path)
    assert summary["inserted"] == 0
    after = monthly(station, "2026-10")["subsidies"]
    assert after["payments"] == before["payments"] - 1
