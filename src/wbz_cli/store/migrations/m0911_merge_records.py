"""What each ``wbz merge`` changed, so that ``wbz merge --undo`` can put both children back:
``before`` (JSON) holds the two children's rows, their case, category and risk rows and link
rows as they were, which rows of other tables moved, and which children merged earlier into
the merged one were redirected; ``digest`` fingerprints every row of the two children right
after the merge: while it still matches, neither child has been written since. The child
columns deliberately carry no foreign key, so that a later merge does not move these rows."""

from __future__ import annotations

import sqlite3


def up(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE child_merges ("
        " id INTEGER PRIMARY KEY,"
        " kept_id INTEGER NOT NULL,"
        " merged_id INTEGER NOT NULL,"
        " merged_on TEXT NOT NULL,"
        " before TEXT NOT NULL,"
        " digest TEXT NOT NULL,"
        " created_at TEXT NOT NULL,"
        " undone_at TEXT)"
    )
    conn.execute("CREATE INDEX child_merges_pair ON child_merges (kept_id, merged_id)")
