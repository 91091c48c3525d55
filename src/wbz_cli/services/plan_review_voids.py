"""Voiding a plan review recorded by mistake (``wbz plan void-review P000001 DAY``) and
bringing it back (``wbz plan unvoid-review``). Only the plan's latest review in force can be
voided: the plan's next review date goes back to what it was before that review (kept in
``previous_review_on``, migration m0908), so the plan is due again in ``wbz due`` and
``plan list --overdue`` as it was. The review stays in plan_reviews with who, when and why;
the child's file leaves it out. Unvoid puts its next review date back while it is still the
plan's latest review, on top of the plan's date as it then is. A review never closes a
plan, so the plan's status is untouched."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.corrections import void_reason
from wbz_cli.domain.errors import NotFound, RuleViolation
from wbz_cli.services.care import plan_code, require_plan
from wbz_cli.store import records as rq
from wbz_cli.store.children import update
from wbz_cli.store.session import Store, now_text

VOID_FIELDS = ("voided_at", "voided_by", "void_reason")


def _review_key(plan_id: int, review_id: int) -> str:
    """The audit log's key of a review: ``P000001/review/3``."""
    return f"{plan_code(plan_id)}/review/{review_id}"


def _order(row: sqlite3.Row) -> tuple[str, int]:
    return (str(row["reviewed_on"]), int(row["id"]))


def void_review(store: Store, key: str, reviewed_on: date, reason: str) -> dict[str, Any]:
    """Withdraw the plan's latest review, made on ``reviewed_on``; the plan's next review
    date is restored to what it was before that review."""
    text = void_reason(reason, "误录复核")
    day = reviewed_on.isoformat()
    with store.write() as conn:
        plan = require_plan(conn, key)
        code = plan_code(plan["id"])
        live = rq.plan_reviews(conn, int(plan["id"]), voided=False)
        found = [r for r in live if r["reviewed_on"] == day]
        if not found:
            voided = rq.plan_reviews(conn, int(plan["id"]), voided=True)
            if any(r["reviewed_on"] == day for r in voided):
                raise RuleViolation(
                    f"服务计划 {code} 于 {day} 的复核已作废；"
                    f"如需恢复，请用 wbz plan unvoid-review {code} {day}"
                )
            raise NotFound(
                f"服务计划 {code} 没有 {day} 的复核记录：请用 wbz show {plan['child']} 查看"
            )
        review = found[-1]
        if review["id"] != live[-1]["id"]:
            raise RuleViolation(
                f"只能作废服务计划 {code} 最近的一次复核（{live[-1]['reviewed_on']}）；"
                f"要作废 {day} 的复核，请先作废其后的复核"
            )
        marks = {"voided_at": now_text(), "voided_by": store.operator, "void_reason": text}
        rq.set_void(conn, "plan_reviews", int(review["id"]), *marks.values())
        restored = review["previous_review_on"]
        update(conn, "plans", int(plan["id"]), {"review_on": restored})
        store.audit(
            "void", "plan_review", _review_key(plan["id"], review["id"]),
            dict.fromkeys(VOID_FIELDS), marks,
        )  # fmt: skip
        store.audit("update", "plan", code, {"review_on": plan["review_on"]},
                    {"review_on": restored})  # fmt: skip
    return {"code": code, "reviewed_on": day, "review_on": restored}


def unvoid_review(store: Store, key: str, reviewed_on: date) -> dict[str, Any]:
    """Bring a voided review back and move the plan's next review date on again, unless the
    plan was reviewed after it meanwhile."""
    day = reviewed_on.isoformat()
    with store.write() as conn:
        plan = require_plan(conn, key)
        code = plan_code(plan["id"])
        found = [
            r
            for r in rq.plan_reviews(conn, int(plan["id"]), voided=True)
            if r["reviewed_on"] == day
        ]
        if not found:
            raise NotFound(f"服务计划 {code} 没有 {day} 的已作废复核")
        review = found[-1]
        later = [
            r for r in rq.plan_reviews(conn, int(plan["id"]), voided=False)
            if _order(r) > _order(review)
        ]  # fmt: skip
        if later:
            raise RuleViolation(
                f"不能恢复：服务计划 {code} 其后已于 {later[-1]['reviewed_on']} 复核；"
                "只有最近的一次复核才能恢复"
            )
        marks = {f: review[f] for f in VOID_FIELDS}
        rq.set_void(conn, "plan_reviews", int(review["id"]), None, None, None)
        # applied again on top of the plan's date as it now is (an earlier review may have
        # been voided meanwhile): that is the date a later void restores
        earlier = {"previous_review_on": plan["review_on"]}
        rq.set_fields(conn, "plan_reviews", int(review["id"]), earlier)
        again = review["next_review_on"]
        update(conn, "plans", int(plan["id"]), {"review_on": again})
        store.audit(
            "unvoid", "plan_review", _review_key(plan["id"], review["id"]),
            {**marks, "previous_review_on": review["previous_review_on"]},
            {**dict.fromkeys(VOID_FIELDS), **earlier},
        )  # fmt: skip
        store.audit("update", "plan", code, {"review_on": plan["review_on"]},
                    {"review_on": again})  # fmt: skip
    return {"code": code, "reviewed_on": day, "review_on": again}
