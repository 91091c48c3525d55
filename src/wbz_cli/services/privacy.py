"""Guardian consent on a child's file, and anonymising closed cases (wbz purge)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wbz_cli.domain.children import check_name, normalise_text
from wbz_cli.domain.dates import check_not_future
from wbz_cli.domain.errors import InvalidInput, RuleViolation
from wbz_cli.domain.safety import ANONYMOUS, month_precision, placeholder_id, redact, scrub
from wbz_cli.services.care import plan_code
from wbz_cli.store import children as cq
from wbz_cli.store import safety as q
from wbz_cli.store.children import require_child
from wbz_cli.store.session import Store, now_text

CONSENT_FIELDS = ("consent_on", "consent_by", "consent_exempt_reason")


def consent_of(store: Store, key: str) -> dict[str, Any]:
    row = require_child(store.conn, key)
    return {"code": row["code"], **{k: row[k] for k in CONSENT_FIELDS}}


def record_consent(
    store: Store,
    key: str,
    today: date,
    *,
    by: str | None = None,
    on: date | None = None,
    exempt: str | None = None,
) -> dict[str, Any]:
    """Record who consented and when, or the legal ground for needing no consent."""
    if (by is None) == (exempt is None):
        raise InvalidInput("请给出 --by 监护人姓名（同意）或 --exempt 依据（免于同意），二选一")
    if exempt is not None:
        reason = normalise_text(exempt, 200)
        if not reason:
            raise InvalidInput("免于同意的依据为空：请写明法律依据，如 依法履行法定职责")
        after = {"consent_on": None, "consent_by": None, "consent_exempt_reason": reason}
    else:
        day = on or today
        check_not_future(day, today, "同意日期")
        after = {
            "consent_on": day.isoformat(),
            "consent_by": check_name(by, "同意人姓名"),
            "consent_exempt_reason": None,
        }
    with store.write() as conn:
        row = require_child(conn, key)
        if row["anonymised_on"]:
            raise RuleViolation(f"{row['code']} 的档案已匿名，不能再记录同意")
        if after["consent_on"] and after["consent_on"] < row["birth_date"]:
            raise RuleViolation(f"同意日期 {after['consent_on']} 早于出生日期，请核对")
        before = {k: row[k] for k in CONSENT_FIELDS}
        if before == after:
            raise InvalidInput(f"{row['code']} 已有相同的记录，无需重复登记")
        cq.update(conn, "children", int(row["id"]), {**after, "updated_at": now_text()})
        store.audit("consent", "child", row["code"], before, after)
    return {"code": row["code"], **after}


def withdraw_consent(store: Store, key: str, reason: str) -> dict[str, Any]:
    """Clear a consent or an exemption recorded by mistake; the audit row keeps what it was
    and why it was withdrawn, so ``wbz history`` shows it and ``wbz doctor`` asks again."""
    text = normalise_text(reason, 500)
    if not text:
        raise InvalidInput("撤回必须写明原因：请用 --reason 说明，如 --reason 误记到别的儿童")
    after: dict[str, Any] = dict.fromkeys(CONSENT_FIELDS)
    with store.write() as conn:
        row = require_child(conn, key)
        if row["anonymised_on"]:
            raise RuleViolation(f"{row['code']} 的档案已匿名，不能再改动同意记录")
        before = {k: row[k] for k in CONSENT_FIELDS}
        if before == after:
            raise InvalidInput(f"{row['code']} 没有记录监护人同意或免于同意的依据，无需撤回")
        cq.update(conn, "children", int(row["id"]), {**after, "updated_at": now_text()})
        store.audit(
            "consent_withdraw", "child", row["code"], before, {**after, "withdraw_reason": text}
        )
    return {"code": row["code"], **after, "withdraw_reason": text}


@dataclass
class Purge:
    closed_before: str
    children: list[dict[str, Any]] = field(default_factory=list)
    households: list[str] = field(default_factory=list)
    audit_rows: int = 0
    #: People screened and never enrolled whose time is over (``screenings_to_purge``).
    screenings: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "closed_before": self.closed_before,
            "children": len(self.children),
            "households": len(self.households),
            "audit_rows": self.audit_rows,
            "codes": [c["code"] for c in self.children],
            "screenings": self.screenings,
        }


def purge_plan(store: Store, before: date, today: date) -> Purge:
    """What ``purge`` would anonymise; changes nothing."""
    check_not_future(before, today, "退出日期界限")
    rows = q.purge_candidates(store.conn, before.isoformat())
    return Purge(
        before.isoformat(),
        [
            {"code": r["code"], "closed_on": r["closed_on"], "community": r["community"]}
            for r in rows
        ],
        screenings=len(q.screenings_to_purge(store.conn, before.isoformat(), ANONYMOUS)),
    )


def purge(store: Store, before: date, today: date) -> Purge:
    """Anonymise the children closed before ``before``; counts and dates stay for reports.

    Names become 已匿名, ID numbers a unique placeholder, birth dates keep year and month
    (ages and category expiries at every month end are unchanged). Every text column is
    treated as domain/purge_rules.py declares: free text of the children's records (visits,
    services, leads, plans, assessments, care agreements, consent) replaced, phones dropped;
    their names and numbers taken out of the activities they shared with other children;
    guardians and addresses go when no file in the household is left un-anonymised; the audit
    log's copies of all of it are scrubbed. The records of children anonymised by an earlier
    purge are swept again: a version that knew fewer text columns may have left some.

    People screened and never enrolled go the same way once their time is over: found not
    eligible before ``before``, or to follow up by a day before it (``_purge_screenings``).
    """
    done = purge_plan(store, before, today)
    if not done.children and not done.screenings:
        return done
    q.zero_freed_space(store.conn)
    with store.write() as conn:
        if done.children:
            _purge_children(store, conn, done, before, today)
        _purge_screenings(conn, done, before)
        store.audit("purge", "children", None, None, done.as_dict())
    q.empty_wal_file(store.conn)
    return done


def _purge_screenings(conn: Any, done: Purge, before: date) -> None:
    """Inside a write: the screenings of people never enrolled whose time is over before
    ``before`` anonymised (name and reasons 已匿名, ID number gone) and their audit rows
    scrubbed, counted in ``done``."""
    rows = q.screenings_to_purge(conn, before.isoformat(), ANONYMOUS)
    ids = [int(r["id"]) for r in rows]
    q.anonymise_rows(conn, "screenings", ids, ANONYMOUS)
    for a in q.screening_audit_rows(conn, ids):
        clean = (_scrub_json(a["before"]), _scrub_json(a["after"]))
        if clean != (a["before"], a["after"]):
            q.rewrite_audit_texts(conn, a["id"], *clean)
            done.audit_rows += 1
    done.screenings = len(ids)


def _purge_children(store: Store, conn: Any, done: Purge, before: date, today: date) -> None:
    """Inside a write: the children of ``done`` anonymised (see ``purge``)."""
    rows = q.purge_candidates(conn, before.isoformat())
    codes = [r["code"] for r in rows]
    ids = [int(r["id"]) for r in rows]
    numbers = [r["id_number"] for r in rows]
    earlier = q.anonymised_children(conn)
    every = ids + [int(e["id"]) for e in earlier]
    every_code = codes + [e["code"] for e in earlier]
    secrets = q.purge_secrets(conn, ids)
    leads, plans = q.purged_record_keys(conn, every)
    for r in rows:
        cq.update(
            conn,
            "children",
            int(r["id"]),
            {
                "name": ANONYMOUS,
                "id_number": placeholder_id(r["code"]),
                "birth_date": month_precision(r["birth_date"]),
                "anonymised_on": today.isoformat(),
                "updated_at": now_text(),
            },
        )
    q.anonymise_rows(conn, "children", every, ANONYMOUS)
    q.anonymise_own_columns(conn, every, ANONYMOUS)
    _anonymise_activities(conn, every, secrets)
    gone = q.fully_anonymised_households(conn, ids)
    q.anonymise_rows(conn, "households", [int(h["id"]) for h in gone], ANONYMOUS)
    hcodes = [h["code"] for h in gone]
    records = {*leads, *(plan_code(p) for p in plans)}
    keys = {*every_code, *hcodes, *records}
    scrubbed = 0
    for a in _audit_rows_about(conn, keys, {*numbers, *every_code, *records}):
        clean = (_scrub_json(a["before"]), _scrub_json(a["after"]))
        if clean != (a["before"], a["after"]):
            q.rewrite_audit_texts(conn, a["id"], *clean)
            scrubbed += 1
    done.households = hcodes
    done.audit_rows += scrubbed


def _anonymise_activities(conn: Any, child_ids: list[int], secrets: set[str]) -> None:
    """An activity is shared: the purged children's and families' names and numbers leave its
    title, place, notes and void reason; the notes go altogether once every child listed is
    anonymised."""
    for a in q.purged_activities(conn, child_ids):
        notes = ANONYMOUS if a["all_anonymised"] and a["notes"] else redact(a["notes"], secrets)
        values = {
            "title": redact(a["title"], secrets),
            "place": redact(a["place"], secrets),
            "notes": notes,
            "void_reason": redact(a["void_reason"], secrets),
        }
        changed = {k: v for k, v in values.items() if v != a[k]}
        cq.update(conn, "activities", int(a["id"]), changed)


_TOKENS = re.compile(r"\d{17}[\dX]|[CHLP]\d{6,}")


def _audit_rows_about(conn: Any, keys: set[str], tokens: set[str]) -> list[Any]:
    """Audit rows keyed by one of ``keys`` (or ``KEY/...``, a household's guardians), or whose
    before/after names one of ``tokens`` (an ID number or a child's code); one pass."""
    found = []
    for row in q.audit_texts(conn):
        key = row["record_key"] or ""
        text = (row["before"] or "") + (row["after"] or "")
        if (
            key in keys
            or key.split("/", 1)[0] in keys
            or not tokens.isdisjoint(_TOKENS.findall(text))
        ):
            found.append(row)
    return found


def _scrub_json(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return json.dumps(ANONYMOUS, ensure_ascii=False)
    return json.dumps(scrub(value), ensure_ascii=False, sort_keys=True)
