"""Leads at scale: builds a database with N leads (spread over two years, every state, moves
recorded through the services in one transaction), then times `wbz refer list`,
`wbz refer list --overdue` and `wbz refer show` (subprocesses, medians) and the report's
`lead_figures` for one month and `overdue_leads` (in process).

    .venv/bin/python bench/leads_bench.py [--leads 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from wbz_cli.domain.leads import AgencyType
from wbz_cli.domain.vocab import LeadSource, LeadStatus, LeadType
from wbz_cli.services import leads as svc
from wbz_cli.services.lead_report import lead_figures, overdue_leads
from wbz_cli.store.session import Store

BIN = Path(sys.executable).parent
TODAY = date(2026, 11, 24)
AGENCIES = [
    ("华阳路派出所", AgencyType.POLICE),
    ("区教育局", AgencyType.EDUCATION),
    ("区民政局", AgencyType.CIVIL_AFFAIRS),
    ("区人社局", AgencyType.LABOUR),
]


def build(path: Path, n: int) -> None:
    rng = random.Random(5)
    store = Store.open(path, "bench")
    types = list(LeadType)
    sources = [s for s in LeadSource if s.value not in ("police", "procuratorate", "court")]
    with store.write():
        for i in range(n):
            found = TODAY - timedelta(days=rng.randint(0, 730))
            incoming = i % 10 == 0
            source = LeadSource.PROCURATORATE if incoming else rng.choice(sources)
            out = svc.add_lead(
                store,
                TODAY,
                lead_type=rng.choice(types),
                source=source,
                on=found,
                summary=f"线索{i}",
                reference=f"检移{i}号" if incoming else None,
            )
            day = found
            steps = rng.choice(
                [
                    [],
                    ["verified"],
                    ["transferred"],
                    ["transferred", "accepted"],
                    ["transferred", "accepted", "done"],
                    ["unfounded"],
                    ["transferred", "rejected"],
                    ["withdrawn"],
                ]
            )
            if incoming and steps[:1] == ["verified"]:
                steps = steps[1:]
            for step in steps:
                day = min(day + timedelta(days=rng.randint(0, 6)), TODAY)
                name, kind = rng.choice(AGENCIES)
                svc.move_lead(
                    store,
                    TODAY,
                    out.code,
                    LeadStatus(step),
                    on=day,
                    agency=name if step == "transferred" else None,
                    agency_type=kind if step == "transferred" else None,
                )
    store.close()


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "leads.db"
        start = time.perf_counter()
        build(path, args.leads)
        print(f"built {args.leads} leads in {time.perf_counter() - start:.1f} s")
        env = {**os.environ, "WBZ_DB": str(path), "WBZ_TODAY": TODAY.isoformat()}
        wbz = str(BIN / "wbz")
        commands = {
            "wbz refer list --format json": [wbz, "refer", "list", "--format", "json"],
            "wbz refer list --overdue --format json": [
                wbz,
                "refer",
                "list",
                "--overdue",
                "--format",
                "json",
            ],
            "wbz refer show L000123": [wbz, "refer", "show", "L000123"],
        }
        for name, cmd in commands.items():
            runs = [timed(cmd, env) for _ in range(args.runs)]
            ms = [t for t, _ in runs]
            print(f"{name:40s} median {statistics.median(ms):7.1f} ms (exit {runs[0][1]})")
        store = Store.open(path, "bench", create=False)
        for label, call in (
            (
                "lead_figures 2026-10",
                lambda: lead_figures(store.conn, date(2026, 10, 1), date(2026, 10, 31)),
            ),
            ("overdue_leads today", lambda: overdue_leads(store.conn, TODAY)),
        ):
            ms = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                result = call()
                ms.append((time.perf_counter() - t0) * 1000)
            size = result if isinstance(result, dict) else f"{len(result)} rows"
            print(f"{label:40s} median {statistics.median(ms):7.1f} ms  {size}")
        store.close()


if __name__ == "__main__":
    main()
