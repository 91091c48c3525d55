"""The services hand the CLI typed records (issue 23): a child, a visit, a lead, a subsidy
payment come back as frozen dataclasses with dates as dates, money as integer fen and the
domain's enums, and each turns into the very row the CLI prints. mypy (run on src/ before
every commit) holds the CLI to them: indexing one by a string key does not type-check."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.cli.contract import child_file_keyed, child_keyed
from wbz_cli.domain.child_record import CasePeriod, CategoryPeriod, ChildFile, ChildSummary
from wbz_cli.domain.enums import CaseStatus, Category, Gender, Risk
from wbz_cli.domain.lead_record import Lead, LeadFile
from wbz_cli.domain.leads import AgencyType
from wbz_cli.domain.payment_record import SubsidyPayment, TypeTotal, payment_totals
from wbz_cli.domain.visit_record import Visit
from wbz_cli.domain.vocab import LeadSource, LeadStatus, LeadType, Problem, SubsidyType, VisitMode
from wbz_cli.domain.void_mark import VoidMark
from wbz_cli.services import child_file, lead_queries, subsidies, visits
from wbz_cli.services.visits import VisitItem
from wbz_cli.store.session import Store

TODAY = date(2026, 11, 24)
BOY = make_id("2015-06-01", 11)


def run(wbz: Invoke, *args: str) -> str:
    result = wbz(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def child(station: Invoke) -> str:
    return run(
        station, "register", "--name", "王小明", "--id-number", BOY, "-c", "orphan",
        "-c", "left_behind", "--risk", "yellow", "--community", "飞乐", "--on", "2026-01-05",
    )  # fmt: skip


@pytest.fixture
def store(db_path: Path, child: str) -> Iterator[Store]:
    opened = Store.open(db_path, "test", create=False)
    yield opened
    opened.close()


def test_a_listed_child_is_a_summary_with_dates_and_enums(
    station: Invoke, store: Store, child: str
) -> None:
    (summary,) = child_file.list_children(store, TODAY)
    assert isinstance(summary, ChildSummary)
    assert summary.code == child
    assert summary.birth_date == date(2015, 6, 1)
    assert summary.registered_on == date(2026, 1, 5)
    assert (summary.age, summary.closed_on) == (11, None)
    assert summary.gender is Gender.MALE
    assert summary.categories == (Category.ORPHAN, Category.LEFT_BEHIND)
    assert (summary.risk, summary.status) == (Risk.YELLOW, CaseStatus.ACTIVE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.name = "改名"  # type: ignore[misc]
    listed = station("children", "--format", "json", "--reveal").json()
    assert listed == [child_keyed(summary.as_row())]  # the output contract: code is `child`


def test_a_childs_file_carries_its_histories_typed(
    station: Invoke, db_path: Path, child: str
) -> None:
    run(station, "close", child, "--reason", "moved", "--on", "2026-06-30")
    run(station, "reopen", child, "--on", "2026-09-01")
    store = Store.open(db_path, "test", create=False)
    try:
        record = child_file.child_file(store, child, TODAY)
    finally:
        store.close()
    assert isinstance(record, ChildFile)
    assert record.code == child
    assert record.case_history == (
        CasePeriod(date(2026, 1, 5), date(2026, 6, 30), "moved"),
        CasePeriod(date(2026, 9, 1), None, None),
    )
    assert isinstance(record.category_history[0], CategoryPeriod)
    assert record.category_history[0].start_on == date(2026, 1, 5)
    assert [r.effective_on for r in record.risk_history] == [date(2026, 1, 5)]
    assert record.risk_history[0].risk is Risk.YELLOW
    shown = station("show", child, "--format", "json", "--reveal").json()
    assert shown == child_file_keyed(record.as_row())  # the output contract: code is `child`
    assert list(shown) == list(child_file_keyed(record.as_row()))  # the keys in the same order


def test_visits_come_back_typed_as_added_and_as_listed(
    station: Invoke, store: Store, child: str
) -> None:
    item = VisitItem(child=child, mode="电话", on="2026-11-20", problems=["学习"], notes="好")
    (added,) = visits.add_visits(store, [item], TODAY).inserted
    assert isinstance(added, Visit)
    assert (added.visited_on, added.mode, added.problems) == (
        date(2026, 11, 20),
        VisitMode.PHONE,
        (Problem.STUDY,),
    )
    assert (added.child, added.community, added.worker, added.void) == (child, "飞乐", None, None)
    (listed,) = visits.list_visits(store, child=child)
    assert listed == added
    (with_marks,) = visits.list_visits(store, child=child, include_voided=True)
    assert with_marks.void == VoidMark(False, None)
    assert station("visit", "list", "--format", "json").json() == [listed.as_row()]
    assert station("visit", "list", "--all", "-f", "json").json() == [with_marks.as_row()]


def test_a_lead_and_its_file_come_back_typed(station: Invoke, db_path: Path, child: str) -> None:
    code = run(
        station, "refer", "add", child, "--type", "abandonment", "--source", "home_visit",
        "--to", "华阳路派出所", "--on", "2026-11-20",
    )  # fmt: skip
    store = Store.open(db_path, "test", create=False)
    try:
        record = lead_queries.lead_file(store, code, TODAY)
        (listed,) = lead_queries.list_leads(store, TODAY)
        (late,) = lead_queries.list_leads(store, TODAY, overdue=True)
    finally:
        store.close()
    assert isinstance(record, LeadFile) and isinstance(listed, Lead)
    assert record.lead == listed == late
    assert (listed.found_on, listed.type, listed.source) == (
        date(2026, 11, 20),
        LeadType.ABANDONMENT,
        LeadSource.HOME_VISIT,
    )
    assert (listed.status, listed.agency_type, listed.mandatory) == (
        LeadStatus.TRANSFERRED,
        AgencyType.POLICE,
        True,
    )
    assert listed.deadline is not None and listed.deadline.due == date(2026, 11, 23)
    assert listed.days_overdue == 1
    assert [(e.status, e.on) for e in record.events] == [
        (LeadStatus.NEW, date(2026, 11, 20)),
        (LeadStatus.TRANSFERRED, date(2026, 11, 20)),
    ]
    assert LeadStatus.ACCEPTED in record.allowed_moves
    assert station("refer", "show", code, "-f", "json").json() == record.as_row()
    assert station("refer", "list", "-f", "json").json() == [listed.as_row()]


def test_payments_come_back_in_integer_fen_and_their_totals_leave_out_voided_ones(
    station: Invoke, db_path: Path, child: str
) -> None:
    for kind, month, amount in [
        ("orphan", "2026-09", "1,900.05"),
        ("orphan", "2026-10", "1900.10"),
        ("temporary_relief", "2026-10", "0.01"),
    ]:
        run(station, "subsidy", "add", child, "--type", kind, "--month", month, "--amount", amount)
    run(station, "subsidy", "void", "2", "--reason", "录重了")
    store = Store.open(db_path, "test", create=False)
    try:
        listed = subsidies.list_payments(store, include_voided=True)
    finally:
        store.close()
    assert all(isinstance(p, SubsidyPayment) for p in listed)
    assert [(p.id, p.type, p.month, p.amount_fen, p.voided) for p in listed] == [
        (1, SubsidyType.ORPHAN, "2026-09", 190005, False),
        (2, SubsidyType.ORPHAN, "2026-10", 190010, True),
        (3, SubsidyType.TEMPORARY_RELIEF, "2026-10", 1, False),
    ]
    assert listed[1].void == VoidMark(True, "录重了")
    totals = payment_totals(listed)
    assert (totals.payments, totals.amount_fen) == (2, 190006)
    assert totals.by_type == (
        TypeTotal(SubsidyType.ORPHAN, 1, 190005),
        TypeTotal(SubsidyType.TEMPORARY_RELIEF, 1, 1),
    )
    shown = station("subsidy", "list", "--all", "-f", "json").json()
    assert shown == [p.as_row() for p in listed]
    assert shown[0]["amount_yuan"] == "1900.05"
    summed = station("subsidy", "list", "--all", "--totals", "-f", "json").json()
    assert summed == totals.as_row()
    assert summed["amount_yuan"] == "1900.06"


MISUSE = """
from datetime import date

from wbz_cli.domain.child_record import ChildFile
from wbz_cli.domain.lead_record import Lead
from wbz_cli.domain.payment_record import SubsidyPayment
from wbz_cli.domain.visit_record import Visit


def fine(c: ChildFile, v: Visit, lead: Lead, p: SubsidyPayment) -> tuple[date, date, int]:
    assert lead.found_on <= v.visited_on
    return c.child.birth_date, v.visited_on, p.amount_fen


def keyed(c: ChildFile) -> object:
    return c["code"]


def as_text(v: Visit) -> str:
    return v.visited_on


def as_yuan(p: SubsidyPayment) -> str:
    return p.amount_fen
"""


def test_mypy_refuses_string_keys_and_wrong_types_on_the_records(tmp_path: Path) -> None:
    from mypy import api

    snippet = tmp_path / "uses.py"
    snippet.write_text(MISUSE, encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    out, _, status = api.run(
        [
            "--config-file", str(root / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"),
            "--follow-imports", "silent", str(snippet),
        ]
    )  # fmt: skip
    assert status == 1
    errors = [line.split(": error: ")[1] for line in out.splitlines() if ": error: " in line]
    assert errors == [
        'Value of type "ChildFile" is not indexable  [index]',
        'Incompatible return value type (got "date", expected "str")  [return-value]',
        'Incompatible return value type (got "int", expected "str")  [return-value]',
    ]
