"""The records the report's second-wave figures and issue 25's figures read, for bench/synth.py:
care agreements, guardianship and risk assessments, plans and their reviews, placements,
applications, pairings, screenings, projects with their payments, and gifts. Each is dated
within its child's case, in proportions a station's files show (an agreement for one child in
four, a risk sheet for one in two, a plan for one in ten, ...)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta

#: (child id, registered, closed or None, community, worker), as Synth.cases.
Case = tuple[int, date, date | None, str, str]
Row = tuple[object, ...]
NOW = "2026-11-24T08:00:00"
RESULTS = ("red", "orange", "yellow", "green")
GUARDIANSHIP = ("absent", "improper", "insufficient", "normal", "normal", "normal")
SUBSIDY_KINDS = ("orphan", "de_facto_unsupported", "disability_living", "study_grant", "other")
CATEGORY_KINDS = ("left_behind", "difficult", "low_income", "disabled")


class SecondWave:
    def __init__(self, rng: random.Random, cases: list[Case], start: date, end: date) -> None:
        self.rng = rng
        self.cases = cases
        self.start = start
        self.end = end

    def _within(self, case: Case) -> tuple[date, date]:
        _, registered, closed, _, _ = case
        return registered, (closed - timedelta(days=1)) if closed else self.end

    def _day(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randint(0, max((hi - lo).days, 0)))

    def _each(self, every: int) -> Iterator[tuple[Case, date, date]]:
        """Every ``every``-th child, with the first and last day of its case."""
        for case in self.cases[::every]:
            lo, hi = self._within(case)
            if hi >= lo:
                yield case, lo, hi

    def care_agreements(self) -> Iterator[Row]:
        for case, lo, hi in self._each(4):
            signed = self._day(lo, hi)
            until = signed + timedelta(days=365) if self.rng.random() < 0.7 else None
            yield (case[0], "祖母", "祖母", signed.isoformat(),
                   until.isoformat() if until else None, NOW)  # fmt: skip

    def guardianship_assessments(self) -> Iterator[Row]:
        for case, lo, hi in self._each(5):
            yield (case[0], self._day(lo, hi).isoformat(), self.rng.choice(GUARDIANSHIP),
                   case[4], NOW)  # fmt: skip

    def assessments(self) -> Iterator[Row]:
        for case, lo, hi in self._each(2):
            score = self.rng.randint(0, 40)
            yield (case[0], self._day(lo, hi).isoformat(), "standard", json.dumps({"q1": 1}),
                   score, RESULTS[min(score // 10, 3)], case[4], NOW)  # fmt: skip

    def plans(self, reviews: list[Row]) -> Iterator[Row]:
        """The plans (one child in ten); their reviews go into ``reviews``."""
        for n, (case, lo, hi) in enumerate(self._each(10), start=1):
            opened = self._day(lo, hi)
            review = opened + timedelta(days=90)
            closed = self._day(opened, hi) if self.rng.random() < 0.3 else None
            on = opened
            for _ in range(self.rng.choice((0, 1, 1, 2, 3))):
                on = on + timedelta(days=self.rng.randint(30, 120))
                if on > (closed or self.end):
                    break
                following = on + timedelta(days=90)
                reviews.append((n, on.isoformat(), following.isoformat(), review.isoformat(),
                                case[4], NOW))  # fmt: skip
                review = following
            first_review = opened + timedelta(days=90)
            yield (n, case[0], "稳定监护", "[]", opened.isoformat(), first_review.isoformat(),
                   "closed" if closed else "open", closed.isoformat() if closed else None,
                   NOW)  # fmt: skip

    def placements(self) -> Iterator[Row]:
        for case, lo, hi in self._each(200):
            started = self._day(lo, hi)
            ended = started + timedelta(days=self.rng.randint(1, 60))
            yield (case[0], self.rng.choice(("temporary_care", "emergency")), "临时照护点",
                   started.isoformat(), ended.isoformat() if ended <= self.end else None,
                   case[4], NOW)  # fmt: skip

    def applications(self) -> Iterator[Row]:
        for case, lo, hi in self._each(20):
            applied = self._day(lo, hi)
            kind = self.rng.choice(("category", "subsidy"))
            what = self.rng.choice(SUBSIDY_KINDS if kind == "subsidy" else CATEGORY_KINDS)
            decided = applied + timedelta(days=self.rng.randint(5, 40))
            status = "pending" if decided > self.end else self.rng.choice(("approved", "refused"))
            yield (case[0], kind, what, applied.isoformat(), status,
                   None if status == "pending" else decided.isoformat(), NOW)  # fmt: skip

    def pairs(self, resources: int) -> Iterator[Row]:
        for case, lo, hi in self._each(50):
            started = self._day(lo, hi)
            ended = self._day(started, hi) if self.rng.random() < 0.4 else None
            yield (case[0], self.rng.randint(1, resources), started.isoformat(),
                   ended.isoformat() if ended else None, NOW)  # fmt: skip

    def screenings(self) -> Iterator[Row]:
        for case, lo, _ in self._each(10):
            outcome = self.rng.choice(("enrolled", "not_eligible", "follow_up"))
            on = lo if outcome == "enrolled" else self._day(self.start, self.end)
            yield ("筛查对象", case[3], on.isoformat(),
                   self.rng.choice(("door_to_door", "department_list", "school")), outcome,
                   case[0] if outcome == "enrolled" else None,
                   case[4] if outcome == "follow_up" else None, NOW)  # fmt: skip

    def projects(self, payments: list[Row]) -> Iterator[Row]:
        """A project a quarter, each with a payment a month; payments go into ``payments``."""
        on, n = self.start, 0
        while on <= self.end:
            n += 1
            end = on + timedelta(days=180)
            paid = on
            while paid <= min(end, self.end):
                payments.append((n, self.rng.randint(1, 50) * 100000, paid.isoformat(), NOW))
                paid += timedelta(days=30)
            yield (n, f"项目{n}", 5_000_000, on.isoformat(), end.isoformat(), NOW)
            on += timedelta(days=90)

    def gifts(self) -> Iterator[Row]:
        for case, lo, hi in self._each(20):
            yield (case[0], "书包", self.rng.choice(("goods", "wish")),
                   self.rng.randint(1, 50) * 1000, self._day(lo, hi).isoformat(), NOW)  # fmt: skip


def fill(put: Callable[[str, str, Iterator[Row] | list[Row]], None], wave: SecondWave,
         resources: int) -> None:  # fmt: skip
    """Write every table of the second wave with ``put(table, columns, rows)``."""
    put("care_agreements", "child_id,carer,relation,signed_on,valid_until,created_at",
        wave.care_agreements())  # fmt: skip
    put("guardianship_assessments", "child_id,assessed_on,result,assessor,created_at",
        wave.guardianship_assessments())  # fmt: skip
    put("assessments", "child_id,assessed_on,sheet,answers,score,result,assessor,created_at",
        wave.assessments())  # fmt: skip
    reviews: list[Row] = []
    put("plans", "id,child_id,goal,services,opened_on,review_on,status,closed_on,created_at",
        list(wave.plans(reviews)))  # fmt: skip
    put("plan_reviews",
        "plan_id,reviewed_on,next_review_on,previous_review_on,operator,created_at",
        reviews)  # fmt: skip
    put("placements", "child_id,kind,place,started_on,ended_on,worker,created_at",
        wave.placements())  # fmt: skip
    put("applications", "child_id,kind,what,applied_on,status,decided_on,created_at",
        wave.applications())  # fmt: skip
    put("pairs", "child_id,resource_id,started_on,ended_on,created_at", wave.pairs(resources))
    put("screenings", "name,community,screened_on,source,outcome,child_id,follow_up_by,"
        "created_at", wave.screenings())  # fmt: skip
    payments: list[Row] = []
    put("projects", "id,name,budget_fen,start_on,end_on,created_at", list(wave.projects(payments)))
    put("project_payments", "project_id,amount_fen,paid_on,created_at", payments)
    put("gifts", "child_id,what,kind,value_fen,given_on,created_at", wave.gifts())
