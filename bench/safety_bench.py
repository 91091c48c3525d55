"""Safety commands on a station-sized database: backup (plain, encrypted), restore, doctor,
purge. Builds N children (each with a household, a guardian and 10 visits) through the store
layer, then times each command as a user runs it (a fresh `wbz` process); prints seconds.

    .venv/bin/python bench/safety_bench.py [--children 3000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BIN = Path(sys.executable).parent


def build(db: Path, children: int) -> None:
    from wbz_cli.domain.enums import CloseReason
    from wbz_cli.domain.idnumber import check_digit
    from wbz_cli.domain.inputs import ChildInput, validate_input
    from wbz_cli.services.children import close_child, register
    from wbz_cli.store.session import Store

    today = date(2026, 11, 24)
    store = Store.open(db, "bench")
    with store.write() as conn:
        for i in range(children):
            birth = date.fromordinal(date(2009, 1, 1).toordinal() + (i * 7) % 5000)
            first17 = "310105" + birth.strftime("%Y%m%d") + f"{i % 1000:03d}"
            child = validate_input(
                ChildInput,
                {
                    "name": f"儿童{i}",
                    "id_number": first17 + check_digit(first17),
                    "categories": ["other"],
                    "guardian": f"家长{i}",
                    "guardian_phone": f"138{i:08d}",
                    "address": f"华阳路{i}号",
                    "on": date(2024, 1, 1),
                },
            )
            done = register(store, child, today)
            cid = int(done.code[1:])
            conn.executemany(
                "INSERT INTO visits (child_id, visited_on, mode, notes, created_at)"
                " VALUES (?, ?, 'home', ?, 't')",
                [(cid, f"2025-{m:02d}-10", f"走访记录{i}-{m}") for m in range(1, 11)],
            )
        for i in range(0, children, 3):
            close_child(store, f"C{i + 1:06d}", CloseReason.MOVED, date(2025, 6, 1), today)
    store.close()


def timed(args: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "wbz"), *args], env=env, capture_output=True, text=True)
    if done.returncode not in ok:
        raise SystemExit(f"wbz {' '.join(args)} failed: {done.stderr}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=3000)
    n = parser.parse_args().children
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "wbz.db"
        env = {
            **os.environ,
            "WBZ_DB": str(db),
            "WBZ_TODAY": "2026-11-24",
            "WBZ_OPERATOR": "bench",
            "WBZ_BACKUP_PASSPHRASE": "bench-passphrase",
        }
        t0 = time.perf_counter()
        build(db, n)
        print(
            f"built {n} children, {n * 10} visits in {time.perf_counter() - t0:.1f} s;"
            f" file {db.stat().st_size / 1e6:.1f} MB"
        )
        rows = [
            ("backup (plain)", ["backup", f"{tmp}/plain.db"], (0,)),
            ("backup --encrypt", ["backup", f"{tmp}/enc.wbzenc", "--encrypt"], (0,)),
            ("restore (plain) --yes", ["restore", f"{tmp}/plain.db", "--yes"], (0,)),
            ("restore (encrypted) --yes", ["restore", f"{tmp}/enc.wbzenc", "--yes"], (0,)),
            ("doctor --format json", ["doctor", "--format", "json"], (0, 3)),
            ("audit --limit 1000 --format json", ["audit", "--limit", "1000", "-f", "json"], (0,)),
            ("purge --closed-before 2026-01-01 --yes",
             ["purge", "--closed-before", "2026-01-01", "--yes"], (0,)),
        ]  # fmt: skip
        for label, args, ok in rows:
            print(f"{label:<42} {timed(args, env, ok):6.2f} s")


if __name__ == "__main__":
    main()
