"""Build a realistic synthetic wbz database of any size, deterministic from a seed.

    python bench/synth.py --children 500000 --visits 5000000 --out /tmp/province.db

The file is created and migrated by the project's own store layer (``store.db.connect``); rows
are written in bulk with ``executemany`` in one transaction per table, which is what makes a
province-sized database take a minute rather than hours. Every row obeys the schema's rules:
valid ID numbers, case periods, category periods (left_behind and migrant expire on the 16th
birthday), risk history, visits within open cases, leads with a history of moves, services,
subsidies in integer fen, activities and resources, and the second wave's records (care
agreements, assessments, plans, issue 25's records, projects, gifts: bench/synth_second_wave.py).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: bench.X found

from bench.synth_second_wave import SecondWave, fill

from wbz_cli.domain.children import category_expires_on
from wbz_cli.domain.dates import add_years
from wbz_cli.domain.enums import Category
from wbz_cli.domain.idnumber import check_digit
from wbz_cli.domain.vocab import (
    ActivityKind,
    LeadSource,
    LeadType,
    ResourceKind,
    ServiceType,
    VisitMode,
)
from wbz_cli.store.db import connect
from wbz_cli.store.report_parts import tracking_suspended

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "子涵欣怡梓轩浩然一诺宇轩思彤雨桐俊杰佳怡明轩诗琪梓萱嘉怡博文若汐晨曦皓轩"
AREAS = ("310105", "310104", "310112", "320102", "340104", "410105", "510107", "130102")
RELATIONS = ("父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母", "叔叔", "姑姑")
SITUATIONS = ("at_home", "away_for_work", "in_custody", "out_of_contact", "seriously_ill")
CATEGORY_WEIGHTS = {
    "left_behind": 30,
    "difficult": 20,
    "low_income": 18,
    "migrant": 12,
    "disabled": 8,
    "de_facto_unsupported": 5,
    "orphan": 3,
    "other": 4,
}
RISKS = ("red", "orange", "yellow", "green")
RISK_WEIGHTS = (5, 15, 40, 40)
MODES = [m.value for m in VisitMode]
MODE_WEIGHTS = (45, 25, 15, 5, 6, 4)
NOW = "2026-11-24T08:00:00"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=1000)
    parser.add_argument("--visits", type=int, default=None, help="default: 10 per child")
    parser.add_argument("--communities", type=int, default=21)
    parser.add_argument("--start", default="2024-01-01", help="first registration date")
    parser.add_argument("--end", default="2026-11-24", help="last date of any record")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, required=True)
    return parser.parse_args(argv)


class Synth:
    def __init__(self, args: argparse.Namespace) -> None:
        self.rng = random.Random(args.seed)
        self.n = args.children
        self.n_visits = args.visits if args.visits is not None else 10 * args.children
        self.start = date.fromisoformat(args.start)
        self.end = date.fromisoformat(args.end)
        self.span = (self.end - self.start).days
        self.communities = [f"第{i + 1}居民区" for i in range(args.communities)]
        self.workers = {
            c: f"{SURNAMES[i % len(SURNAMES)]}主任" for i, c in enumerate(self.communities)
        }
        # Per child: (id, registered, closed or None, community, worker)
        self.cases: list[tuple[int, date, date | None, str, str]] = []

    def day(self, lo: date, hi: date) -> date:
        span = (hi - lo).days
        return lo + timedelta(days=self.rng.randint(0, max(span, 0)))

    def households(self) -> Iterator[tuple[object, ...]]:
        incomes = ("dibao", "low_income", "extreme_poverty", "none", "none", "none")
        for h in range(1, self.n_households + 1):
            community = self.communities[h % len(self.communities)]
            yield (
                h,
                f"H{h:06d}",
                f"{community}{self.rng.randint(1, 200)}号{self.rng.randint(101, 1204)}室",
                community,
                self.rng.choice(incomes),
                self.start.isoformat(),
            )

    def guardians(self) -> Iterator[tuple[object, ...]]:
        for h in range(1, self.n_households + 1):
            for k in range(self.rng.choice((1, 1, 2))):
                yield (
                    h,
                    self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN),
                    self.rng.choice(RELATIONS),
                    f"13{self.rng.randint(100000000, 999999999)}",
                    self.rng.choice(SITUATIONS),
                    1 if k == 0 else 0,
                )

    def children(self) -> Iterator[tuple[object, ...]]:
        seqs: dict[str, int] = {}
        for i in range(1, self.n + 1):
            registered = self.start + timedelta(days=int(self.span * (i - 1) / self.n))
            birth = registered - timedelta(days=self.rng.randint(365, 17 * 365))
            area = self.rng.choice(AREAS)
            prefix = f"{area}{birth:%Y%m%d}"
            seq = seqs.get(prefix, 0) + 1
            seqs[prefix] = seq
            first17 = f"{prefix}{seq:03d}"
            gender = "M" if seq % 2 else "F"
            hid = 1 + (i - 1) * self.n_households // self.n
            community = self.communities[hid % len(self.communities)]
            worker = self.workers[community]
            closed = None
            if self.rng.random() < 0.08:
                closed = self.day(registered + timedelta(days=30), self.end)
                if closed >= self.end:
                    closed = None
            eighteen = add_years(birth, 18)
            if closed is None and eighteen <= self.end:
                closed = max(eighteen, registered + timedelta(days=1))
            self.cases.append((i, registered, closed, community, worker))
            self.births.append(birth)
            yield (
                i,
                f"C{i:06d}",
                self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN),
                first17 + check_digit(first17),
                birth.isoformat(),
                gender,
                hid,
                community,
                worker,
                "active" if closed is None else "closed",
                registered.isoformat(),
                closed.isoformat() if closed else None,
                "aged_out"
                if closed and closed == add_years(birth, 18)
                else ("moved" if closed else None),
                NOW,
                NOW,
            )

    def case_periods(self) -> Iterator[tuple[object, ...]]:
        for cid, registered, closed, _, _ in self.cases:
            yield (
                cid,
                registered.isoformat(),
                closed.isoformat() if closed else None,
                "moved" if closed else None,
            )

    def categories(self) -> Iterator[tuple[object, ...]]:
        keys = list(CATEGORY_WEIGHTS)
        weights = list(CATEGORY_WEIGHTS.values())
        for (cid, registered, closed, _, _), birth in zip(self.cases, self.births, strict=True):
            chosen = set(self.rng.choices(keys, weights, k=self.rng.choice((1, 1, 2))))
            for key in sorted(chosen):
                expires = category_expires_on(Category(key), birth)
                if expires is not None and expires <= registered:
                    key, expires = "other", None
                end = None
                if self.rng.random() < 0.05:
                    end = self.day(registered + timedelta(days=1), closed or self.end)
                yield (
                    cid,
                    key,
                    registered.isoformat(),
                    end.isoformat() if end else None,
                    expires.isoformat() if expires else None,
                    "changed" if end else None,
                )

    def risks(self) -> Iterator[tuple[object, ...]]:
        for cid, registered, closed, _, _ in self.cases:
            yield (cid, "unassessed", registered.isoformat(), "register")
            first = registered + timedelta(days=self.rng.randint(3, 40))
            if first < (closed or self.end):
                yield (cid, self.rng.choices(RISKS, RISK_WEIGHTS)[0], first.isoformat(), "assess")
                if self.rng.random() < 0.3:
                    later = self.day(first, closed or self.end)
                    yield (
                        cid,
                        self.rng.choices(RISKS, RISK_WEIGHTS)[0],
                        later.isoformat(),
                        "assess",
                    )

    def visits(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        per_child = self.n_visits / max(self.n, 1)
        for idx, (cid, registered, closed, _, worker) in enumerate(self.cases):
            last = (closed - timedelta(days=1)) if closed else self.end
            count = int((idx + 1) * per_child) - int(idx * per_child)
            if last < registered:
                continue
            span = (last - registered).days
            for _ in range(count):
                yield (
                    cid,
                    (registered + timedelta(days=rng.randint(0, span))).isoformat(),
                    rng.choices(MODES, MODE_WEIGHTS)[0],
                    worker,
                    NOW,
                )

    def leads(self, conn_rows: list[tuple[object, ...]], events: list[tuple[object, ...]]) -> None:
        types = [t.value for t in LeadType]
        sources = [s.value for s in LeadSource]
        mandatory = {t for t in types[:9]}
        for n in range(1, max(1, self.n // 20) + 1):
            cid, registered, closed, _, _ = self.rng.choice(self.cases)
            found = self.day(registered, (closed - timedelta(days=1)) if closed else self.end)
            kind = self.rng.choice(types)
            conn_rows.append(
                (
                    n,
                    f"L{n:06d}",
                    cid,
                    kind,
                    self.rng.choice(sources),
                    1 if kind in mandatory else 0,
                    found.isoformat(),
                    NOW,
                )
            )
            status, on = "new", found
            events.append((n, "new", found.isoformat(), None, "发现线索", "synth"))
            path = ("verified", "transferred", "accepted", "done")
            stop = self.rng.choice((0, 1, 2, 3, 4, 4, 4))
            for step in path[:stop]:
                on = on + timedelta(days=self.rng.randint(0, 6))
                if on > self.end:
                    break
                agency = "派出所" if step == "transferred" else None
                events.append((n, step, on.isoformat(), agency, None, "synth"))
                status = step
            conn_rows[-1] = (*conn_rows[-1], status)

    def services(self) -> Iterator[tuple[object, ...]]:
        types = [t.value for t in ServiceType]
        for _ in range(self.n // 2):
            cid, registered, closed, _, _ = self.rng.choice(self.cases)
            on = self.day(registered, (closed - timedelta(days=1)) if closed else self.end)
            yield (cid, self.rng.choice(types), on.isoformat(), "社工站", NOW)

    def subsidies(self) -> Iterator[tuple[object, ...]]:
        months = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]
        months = [m for m in months if m <= f"{self.end:%Y-%m}"]
        for (cid, registered, closed, _, _), birth in zip(self.cases, self.births, strict=True):
            if cid % 12:
                continue
            kind, fen = ("orphan", 229000) if cid % 24 == 0 else ("de_facto_unsupported", 229000)
            for month in months:
                if month < f"{registered:%Y-%m}" or (closed and month > f"{closed:%Y-%m}"):
                    continue
                if month > f"{add_years(birth, 18):%Y-%m}":
                    continue
                yield (cid, kind, month, fen, NOW)

    def activities(self) -> Iterator[tuple[object, ...]]:
        kinds = [k.value for k in ActivityKind]
        for n in range(max(12, self.span // 3)):
            on = self.start + timedelta(days=n * 3)
            yield (
                f"活动{n + 1}",
                self.rng.choice(kinds),
                on.isoformat(),
                self.rng.randint(8, 120),
                NOW,
            )

    def resources(self) -> Iterator[tuple[object, ...]]:
        for n, kind in enumerate(k.value for k in ResourceKind for _ in range(6)):
            yield (kind, f"{kind}-{n + 1}", None, None, self.start.isoformat(), None)

    def build(self, path: Path) -> dict[str, int]:
        self.n_households = max(1, int(self.n / 1.4))
        self.births: list[date] = []
        conn = connect(path)
        counts: dict[str, int] = {}

        def put(table: str, columns: str, rows: Iterator[tuple[object, ...]] | list) -> None:
            marks = ",".join("?" * len(columns.split(",")))
            cur = conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
            counts[table] = cur.rowcount

        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -2000000")  # 2 GB: random index inserts stay in memory
        with conn, tracking_suspended(conn):  # a bulk load: no per-row report change triggers
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('station', ?), "
                "('district', ?)",
                ("合成测试街道未成年人保护工作站", "合成区"),
            )
            put(
                "households",
                "id,code,address,community,income_status,created_on",
                self.households(),
            )
            put(
                "guardians",
                "household_id,name,relation,phone,situation,is_primary",
                self.guardians(),
            )
            put(
                "children",
                "id,code,name,id_number,birth_date,gender,household_id,community,"
                "worker,status,registered_on,closed_on,close_reason,created_at,updated_at",
                self.children(),
            )
            # The children's current risk is the last row of their history.
            put("case_periods", "child_id,opened_on,closed_on,close_reason", self.case_periods())
            put(
                "child_categories",
                "child_id,category,start_on,end_on,expires_on,end_reason",
                self.categories(),
            )
            put("risk_history", "child_id,risk,effective_on,source", self.risks())
            conn.execute(
                "UPDATE children SET risk = (SELECT r.risk FROM risk_history r "
                "WHERE r.child_id = children.id ORDER BY r.effective_on DESC, r.id DESC LIMIT 1)"
            )
            put("visits", "child_id,visited_on,mode,worker,created_at", self.visits())
            leads: list[tuple[object, ...]] = []
            events: list[tuple[object, ...]] = []
            self.leads(leads, events)
            put("leads", "id,code,child_id,type,source,mandatory,found_on,created_at,status", leads)
            put("lead_events", "lead_id,status,on_date,agency,note,operator", events)
            put("services", "child_id,type,served_on,provider,created_at", self.services())
            put("subsidies", "child_id,type,month,amount_fen,created_at", self.subsidies())
            put("activities", "title,kind,held_on,participants,created_at", self.activities())
            put("resources", "kind,name,phone,notes,added_on,removed_on", self.resources())
            wave = SecondWave(self.rng, self.cases, self.start, self.end)
            fill(put, wave, resources=counts["resources"])
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("ANALYZE")
        conn.close()
        return counts


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.out.exists():
        sys.exit(f"{args.out} exists; remove it first")
    started = time.perf_counter()
    counts = Synth(args).build(args.out)
    took = time.perf_counter() - started
    print(
        json.dumps({"out": str(args.out), "seconds": round(took, 1), **counts}, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
