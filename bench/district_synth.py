"""Write a district's year of station submissions (报送包), deterministic from a seed.

    python bench/district_synth.py --stations 1500 --months 12 --out /tmp/district-year \\
        --key-out /tmp/district-year.key

Each station has a roster of about ``--children-per-station`` children in 5-20 communities;
every month it submits (``domain.submission.pack`` with the district key) the figures of
EVERY key of the station's report (METRICS.md), the same by community, and its active
children (hash of a made-up ID number, child code, categories, risk). The figures agree
with each other as a station's report does: totals are the sums of their breakdowns,
children.active / by_category / by_risk are the children listed, the station is the sum of
its communities, money has two decimals and the agreement rate its own format. About 1% of
each station's children are also active in the next station (migrants: the same hash).

The district key is written to ``--key-out`` (the key file of ``wbz district init``), or
read from it when it exists, so the files can be imported by a district made with that key.
Files are named ``STATION-MONTH.wbzpkg``; stations are split over worker processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
import uuid
import zlib
from calendar import monthrange
from decimal import Decimal
from pathlib import Path
from typing import Any

from wbz_cli import __version__
from wbz_cli.domain import submission
from wbz_cli.domain.enums import Category
from wbz_cli.domain.metrics import empty_report, flatten
from wbz_cli.domain.report import agreement_rate
from wbz_cli.domain.report_keys import STATION_ONLY
from wbz_cli.domain.vocab import (
    ActivityKind,
    ChildSource,
    LeadSource,
    LeadType,
    ServiceType,
    SubsidyType,
    VisitMode,
)
from wbz_cli.store.migrations import available

TOWNS = "城关东城西城南关北关龙旺团旺穴坊照旺姜疃万第冯格庄河洛吕格庄高格庄大夼山前"
CATEGORY_WEIGHTS = {c.value: w for c, w in zip(Category, (3, 5, 20, 18, 30, 12, 8, 4), strict=True)}
RISK_WEIGHTS = {"red": 3, "orange": 10, "yellow": 30, "green": 50, "unassessed": 7}
LISTED = ("hash", "child", "categories", "risk")
#: A child whose next-station twin is a migrant: one in a hundred.
MIGRANT_SHARE = 0.01


def station_ident(seed: int, n: int) -> dict[str, str]:
    rng = random.Random(seed * 100_003 + n)
    town = TOWNS[(n * 2) % len(TOWNS) : (n * 2) % len(TOWNS) + 2]
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "name": f"{town}镇第{n + 1:04d}未保站",
        "district": "莱阳市",
    }


def months_of(first: str, count: int) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


class Station:
    """One station's roster: children with communities, categories, risk and hash."""

    def __init__(self, seed: int, n: int, stations: int, size: int, key: bytes) -> None:
        self.n = n
        self.ident = station_ident(seed, n)
        self.rng = random.Random(seed * 7919 + n)
        rng = self.rng
        count = max(1, int(size * rng.uniform(0.85, 1.15)))
        self.communities = [f"第{c + 1}村" for c in range(rng.randint(5, 20))]
        self.children = [self._child(key, f"{n}-{i}", f"C{i + 1:05d}") for i in range(count)]
        other = (n + 1) % stations
        if other != n:  # migrants: children of the next station also on this one's roster
            shared = max(1, round(count * MIGRANT_SHARE))
            self.children += [
                self._child(key, f"{other}-{i}", f"C{count + i + 1:05d}") for i in range(shared)
            ]

    def _child(self, key: bytes, ident: str, code: str) -> dict[str, Any]:
        rng = self.rng
        cats = list(CATEGORY_WEIGHTS)
        picked = rng.choices(cats, weights=list(CATEGORY_WEIGHTS.values()), k=rng.choice((1, 1, 2)))
        return {
            "hash": submission.child_hash(key, f"3706820000{ident}"),
            "child": code,
            "categories": sorted(set(picked)),
            "risk": rng.choices(list(RISK_WEIGHTS), weights=list(RISK_WEIGHTS.values()))[0],
            "community": rng.choice(self.communities),
        }

    def body(self, month: str, index: int) -> dict[str, Any]:
        rng = random.Random(zlib.crc32(f"{self.ident['id']}/{month}".encode()))
        # about 2% of the roster is not active in a given month, a different 2% each month
        active = [c for i, c in enumerate(self.children) if (i + index) % 50 != 0]
        by_community: dict[str, list[dict[str, Any]]] = {c: [] for c in self.communities}
        for child in active:
            by_community[child["community"]].append(child)
        year, mon = map(int, month.split("-"))
        as_of = f"{month}-{monthrange(year, mon)[1]:02d}"
        name = self.ident["name"]
        parts = {c: community_figures(rng, kids, month, name) for c, kids in by_community.items()}
        figures = station_figures(rng, parts.values(), month, name)
        figures["as_of"] = as_of
        for part in parts.values():
            part["as_of"] = as_of
        return {
            "station": self.ident,
            "month": month,
            "as_of": as_of,
            "created_at": f"{as_of}T18:00:00+08:00",
            "tool_version": __version__,
            "schema_version": available()[-1],
            "figures": figures,
            "by_community": parts,
            "children": [
                {k: c[k] for k in ("hash", "child", "categories", "risk")} for c in active
            ],
        }


def _split(rng: random.Random, total: int, keys: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    for _ in range(total):
        counts[rng.choice(keys)] += 1
    return counts


def community_figures(
    rng: random.Random, kids: list[dict[str, Any]], month: str, station: str
) -> dict[str, Any]:
    """A community's figures for the month, flat, consistent with its children."""
    report = dict(flatten(empty_report(month, station)))
    n = len(kids)
    report["children.active"] = n
    for kid in kids:
        for cat in kid["categories"]:
            report[f"children.by_category.{cat}"] += 1
        report[f"children.by_risk.{kid['risk']}"] += 1
    new = rng.randint(0, 2)
    report["children.new"] = new
    report["children.closed"] = rng.randint(0, 2)
    for source, k in _split(rng, new, [s.value for s in ChildSource]).items():
        report[f"children.new_by_source.{source}"] = k
    report["households.active"] = round(n * 0.8)
    modes = _split(rng, rng.randint(n // 2, n), [m.value for m in VisitMode])
    for mode, k in modes.items():
        report[f"visits.by_mode.{mode}"] = k
    visits = sum(modes.values())
    report["visits.total"] = visits
    reached = min(n, round(visits * 0.8))
    report["visits.children_reached"] = reached
    for cat in CATEGORY_WEIGHTS:
        held = report[f"children.by_category.{cat}"]
        report[f"visits.children_reached_by_category.{cat}"] = round(held * reached / n) if n else 0
    report["visits.overdue"] = rng.randint(0, max(1, n // 20))
    found = rng.randint(0, 3)
    report["referrals.found"] = found
    report["referrals.transferred"] = rng.randint(0, found)
    report["referrals.done"] = rng.randint(0, found)
    report["referrals.open"] = rng.randint(0, 4)
    report["referrals.overdue"] = rng.randint(0, 1)
    report["referrals.mandatory"] = rng.randint(0, found)
    report["referrals.children_helped"] = report["referrals.done"]
    for kind, k in _split(rng, found, [t.value for t in LeadType]).items():
        report[f"referrals.by_type.{kind}"] = k
    for kind, k in _split(rng, found, [s.value for s in LeadSource]).items():
        report[f"referrals.by_source.{kind}"] = k
    services = _split(rng, rng.randint(0, n // 3), [s.value for s in ServiceType])
    for kind, k in services.items():
        report[f"services.by_type.{kind}"] = k
        report[f"services.children_by_type.{kind}"] = min(k, n)
    report["services.total"] = sum(services.values())
    report["services.children_served"] = min(n, sum(services.values()))
    payments = fen = 0
    for kind in SubsidyType:
        k = rng.randint(0, n // 10)
        amount = sum(rng.randint(300, 1500) * 100 for _ in range(k))
        report[f"subsidies.by_type.{kind.value}.payments"] = k
        report[f"subsidies.by_type.{kind.value}.amount_yuan"] = f"{Decimal(amount) / 100:.2f}"
        report[f"subsidies.by_type.{kind.value}.children"] = k
        payments, fen = payments + k, fen + amount
    report["subsidies.payments"] = payments
    report["subsidies.amount_yuan"] = f"{Decimal(fen) / 100:.2f}"
    report["subsidies.children"] = payments
    report["households.served"] = min(report["households.active"], reached)
    left_behind = report["children.by_category.left_behind"]
    agreed = rng.randint(left_behind * 8 // 10, left_behind) if left_behind else 0
    report["care.agreements_in_force"] = agreed + rng.randint(0, 2)
    report["care.left_behind_agreed"] = agreed  # taken out by station_figures
    report["care.guardianship_assessments"] = rng.randint(0, 3)
    report["care.risk_assessments"] = rng.randint(0, 5)
    report["plans.active"] = rng.randint(0, 5)
    report["plans.reviews"] = rng.randint(0, 3)
    report["plans.reviews_overdue"] = rng.randint(0, 1)
    return report


def station_figures(rng: random.Random, parts: Any, month: str, station: str) -> dict[str, Any]:
    """The station's figures: its communities added up, and its own (STATION_ONLY)."""
    total = dict(flatten(empty_report(month, station)))
    agreed = 0
    for part in parts:
        own = part.pop("care.left_behind_agreed")
        part["care.agreement_rate"] = agreement_rate(own, part["children.by_category.left_behind"])
        agreed += own
        for key, value in part.items():
            if key in ("month", "station", "as_of", "care.agreement_rate"):
                continue
            if key.endswith("_yuan"):
                total[key] = f"{Decimal(total[key]) + Decimal(value):.2f}"
            else:
                total[key] += value
    total["care.agreement_rate"] = agreement_rate(agreed, total["children.by_category.left_behind"])
    for key in list(total):
        if key.split(".")[0] not in STATION_ONLY:
            continue
        if key.endswith("_yuan"):
            total[key] = f"{rng.randint(0, 5000)}.{rng.randint(0, 99):02d}"
        elif key.startswith("resources."):
            total[key] = rng.randint(0, 12)
        else:
            total[key] = rng.randint(0, 6)
    for kind in ActivityKind:
        total[f"activities.by_kind.{kind.value}.participants"] = total[
            f"activities.by_kind.{kind.value}.count"
        ] * rng.randint(5, 40)
    total["activities.count"] = sum(
        total[f"activities.by_kind.{k.value}.count"] for k in ActivityKind
    )
    total["activities.participants"] = sum(
        total[f"activities.by_kind.{k.value}.participants"] for k in ActivityKind
    )
    return total


def write_station(job: tuple[int, int, int, int, bytes, list[str], str]) -> int:
    seed, n, stations, size, key, months, out = job
    station = Station(seed, n, stations, size, key)
    folder = Path(out)
    for index, month in enumerate(months):
        data = submission.pack(station.body(month, index), key)
        path = folder / f"{n + 1:04d}-{month}{submission.SUFFIX}"
        path.write_bytes(data)
        path.chmod(0o600)
    return len(months)


def district_key(path: Path | None) -> bytes:
    if path is not None and path.exists():
        return submission.parse_key(path.read_text(encoding="utf-8"))
    key = bytes(random.Random(20261103).getrandbits(8) for _ in range(submission.KEY_BYTES))
    if path is not None:
        path.write_text(submission.key_text(key, "莱阳市"), encoding="utf-8")
        path.chmod(0o600)
    return key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=1500)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--first-month", default="2025-11")
    parser.add_argument("--children-per-station", type=int, default=330)
    parser.add_argument("--key-out", type=Path, help="district key file (written, or read)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the files")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--workers", type=int, default=max(1, min(4, multiprocessing.cpu_count())))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    key = district_key(args.key_out)
    months = months_of(args.first_month, args.months)
    started = time.perf_counter()
    jobs = [
        (args.seed, n, args.stations, args.children_per_station, key, months, str(args.out))
        for n in range(args.stations)
    ]
    with multiprocessing.Pool(args.workers) as pool:
        files = sum(pool.imap_unordered(write_station, jobs, chunksize=8))
    took = time.perf_counter() - started
    print(f"{files} files ({args.stations} stations x {len(months)} months, "
          f"{months[0]}..{months[-1]}) in {args.out} in {took:.1f} s", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
