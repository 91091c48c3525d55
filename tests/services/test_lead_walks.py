"""Random walks through the state machine: the stored state is always the last move, and
the figures as of today agree with the listings."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wbz_cli.domain.errors import RuleViolation
from wbz_cli.domain.leads import TRANSITIONS
from wbz_cli.domain.vocab import FINAL_LEAD_STATUSES, LeadSource, LeadStatus, LeadType
from wbz_cli.services import lead_queries, leads
from wbz_cli.services.lead_report import lead_figures, overdue_leads
from wbz_cli.store.session import Store

TODAY = date(2026, 11, 24)
TYPES = [LeadType.MISSING, LeadType.SCHOOLING, LeadType.CHILD_LABOUR]
SOURCES = [LeadSource.HOME_VISIT, LeadSource.PROCURATORATE, LeadSource.SCHOOL]

walk = st.lists(
    st.tuples(
        st.sampled_from(TYPES),
        st.sampled_from(SOURCES),
        st.integers(0, 60),  # found this many days before today
        st.lists(st.tuples(st.sampled_from(list(LeadStatus)), st.integers(0, 5)), max_size=6),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(walk)
def test_random_walks_keep_state_history_and_figures_consistent(plan: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "walk.db", "tester")
        try:
            for lead_type, source, ago, moves in plan:
                day = TODAY - timedelta(days=ago)
                out = leads.add_lead(
                    store, TODAY, lead_type=lead_type, source=source, on=day, summary="x"
                )
                state = out.status
                for target, gap in moves:
                    day = min(day + timedelta(days=gap), TODAY)
                    try:
                        leads.move_lead(
                            store, TODAY, out.code, target, on=day, agency="华阳路派出所"
                        )
                    except RuleViolation:
                        assert target.value not in TRANSITIONS[state]
                        continue
                    assert target.value in TRANSITIONS[state]
                    state = target.value
                record = lead_queries.lead_file(store, out.code, TODAY)
                assert record.lead.status == state == record.events[-1].status
                dates = [e.on for e in record.events]
                assert dates == sorted(dates)
            listed = lead_queries.list_leads(store, TODAY)
            figures = lead_figures(store.conn, TODAY.replace(day=1), TODAY)
            assert figures["open"] == sum(r.status not in FINAL_LEAD_STATUSES for r in listed)
            late = overdue_leads(store.conn, TODAY)
            assert figures["overdue"] == len(late)
            assert [r["lead"] for r in late] == [
                r.code for r in lead_queries.list_leads(store, TODAY, overdue=True)
            ]
        finally:
            store.close()
