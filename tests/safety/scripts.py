"""Writers run in child processes by the fault tests (``python -c SCRIPT ARGS``).

BULK_WRITE is one large transaction (the shape of ``wbz import roster``: every row and its
audit rows, or none). VISIT_WRITER adds visits one transaction each, as ``wbz visit add``
does. When those commands land, the tests can run them instead; the assertions stay.
"""

from __future__ import annotations

#: argv: DB COUNT FIRST_SEQ. Registers COUNT children in ONE transaction; prints "begin"
#: once inside it and "done" after the commit.
BULK_WRITE = """
import sys
from datetime import date
from pathlib import Path
from wbz_cli.domain.idnumber import check_digit
from wbz_cli.domain.inputs import ChildInput, validate_input
from wbz_cli.services.children import register
from wbz_cli.store.session import Store

db, count, first = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
today = date(2026, 11, 24)
store = Store.open(db, "bulk")
with store.write():
    print("begin", flush=True)
    for i in range(first, first + count):
        birth = date(2010, 1, 1).toordinal() + i % 3000
        first17 = "310105" + date.fromordinal(birth).strftime("%Y%m%d") + f"{i % 1000:03d}"
        child = validate_input(ChildInput, {
            "name": f"批量{i}", "id_number": first17 + check_digit(first17),
            "categories": ["other"], "guardian": f"家长{i}", "on": today,
        })
        register(store, child, today)
print("done", flush=True)
"""

#: argv: DB CHILD_ID COUNT START_FILE. Waits for START_FILE, then adds COUNT visits, each in
#: its own transaction with its audit row; exits 0 only if every one was written.
VISIT_WRITER = """
import os, sys, time
from pathlib import Path
from wbz_cli.store.session import Store

db, child, count, start = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
store = Store.open(db, f"writer{os.getpid()}")
while not os.path.exists(start):
    time.sleep(0.005)
for i in range(count):
    with store.write() as conn:
        cur = conn.execute(
            "INSERT INTO visits (child_id, visited_on, mode, notes, created_at)"
            " VALUES (?, '2026-11-20', 'phone', ?, '2026-11-20T10:00:00')",
            (child, f"{os.getpid()}-{i}"),
        )
        store.audit("insert", "visit", str(cur.lastrowid), None, {"child_id": child})
print("ok", flush=True)
"""
