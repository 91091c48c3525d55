"""The station's monthly submission to its district (报送包, issue 21): the month's report
and, with the district's key, the pseudonymised list of the children active at its end,
packed in the file format both sides share (domain/submission.py), optionally encrypted as
backups are, written through the output guard and audited as an export.

No name, ID number, phone or address of anyone reaches the file: the figures are counts,
the list holds each child's code, categories, risk and the keyed hash of the ID number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wbz_cli.domain import submission
from wbz_cli.domain.metrics import flatten
from wbz_cli.domain.report import Period, Report
from wbz_cli.services.district_key import station_id
from wbz_cli.services.report import period_report
from wbz_cli.sheets.output import Target, write_bytes
from wbz_cli.store.report_parts import settle_outside_writes
from wbz_cli.store.session import Store, now_text
from wbz_cli.store.submission import ActiveChild, active_children_on, latest_migration

#: An ID number that can be hashed: 18 characters, as registration keeps them (a purged
#: child's placeholder ``ANON-…`` is none).
_ID_NUMBER = re.compile(r"[0-9]{17}[0-9Xx]")


@dataclass(frozen=True)
class Written:
    """What a submission holds: the children listed and those left out for lack of an ID
    number (both 0 without a key, when no list is written), and the report it carries."""

    body: dict[str, Any]
    listed: int
    without_id: int
    report: Report


def package_body(store: Store, period: Period, key: bytes | None, *, reuse: bool = True) -> Written:
    """The month's report and the submission's body read in ONE read transaction, so that a
    write committed meanwhile by another program (a child registered, a case closed) is in
    both or in neither: the figures' ``children.active`` and the list always agree. Inside
    that transaction the report's parts are read but those computed are not stored
    (``report_parts.save`` keeps nothing inside a transaction); other programs' changes are
    settled first, as ``report_snapshot.snapshot`` does outside one, and the station's id
    is made first if it is the first submission (making it is a write)."""
    station_id(store)
    settle_outside_writes(store.conn)
    with store.read_snapshot():
        report = period_report(store, period, None, reuse=reuse)
        return build_body(store, report, key)


def build_body(store: Store, report: Report, key: bytes | None) -> Written:
    """The submission's body for ``report`` (a month's); children only with ``key``. Read in
    the caller's read transaction when one is open (``package_body``)."""
    from wbz_cli import __version__

    with store.read_snapshot() as conn:
        schema = latest_migration(conn)
        active = active_children_on(conn, report.period.as_of) if key is not None else []
    children, without_id = _pseudonymised(active, key) if key is not None else ([], 0)
    body = {
        "station": {
            "id": station_id(store),
            "name": store.setting("station") or "",
            "district": store.setting("district") or "",
        },
        "month": report.period.label,
        "as_of": report.period.as_of,
        "created_at": now_text(),
        "tool_version": __version__,
        "schema_version": schema,
        "figures": dict(flatten(report.figures)),
        "by_community": {
            community: dict(flatten(values))
            for community, values in sorted(report.breakdown("community").items())
        },
        "children": children,
    }
    return Written(body, len(children), without_id, report)


def _pseudonymised(active: list[ActiveChild], key: bytes) -> tuple[list[dict[str, Any]], int]:
    listed, without_id = [], 0
    for child in active:
        number = "".join((child.id_number or "").split())
        if not _ID_NUMBER.fullmatch(number):
            without_id += 1
            continue
        listed.append(
            {
                "hash": submission.child_hash(key, number),
                "child": child.code,
                "categories": list(child.categories),
                "risk": child.risk,
            }
        )
    return listed, without_id


def write_submission(
    store: Store,
    period: Period,
    out: Target,
    key: bytes | None,
    passphrase: str | None,
    *,
    reuse: bool = True,
) -> Written:
    """Build (``package_body``), pack (encrypted with ``passphrase`` if given), write and
    audit the file."""
    written = package_body(store, period, key, reuse=reuse)
    report = written.report
    data = submission.pack(written.body, key)
    if passphrase is not None:
        from wbz_cli.store.encryption import encrypt

        data = encrypt(data, passphrase)
    write_bytes(out, data)
    with store.write():
        store.audit(
            "export",
            "submission",
            report.period.label,
            None,
            {
                "file": str(out.path),
                "format": "package",
                "month": report.period.label,
                "children_listed": written.listed,
                "encrypted": passphrase is not None,
            },
        )
    return written
