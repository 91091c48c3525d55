"""Building a district's file and stations' submission files in tests (issue 21):
``make_district`` runs ``wbz district init``; ``body`` is a station's month as the station
packs it; ``write_package`` writes it sealed with the key; ``district`` runs a district
command on the file."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.conftest import Result, make_id
from typer.testing import CliRunner

from wbz_cli.cli.app import app
from wbz_cli.domain import submission

#: A listed child: (ID number, the station's child code, categories, risk).
Child = tuple[str, str, Sequence[str], str | None]


def district(db: Path, *args: str, input: str | None = None) -> Result:
    """``wbz --db DB district ARGS...``."""
    result = CliRunner().invoke(
        app, ["--db", str(db), "district", *map(str, args)], input=input, catch_exceptions=False
    )
    return Result(result.exit_code, result.stdout, result.stderr)


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows ``sql`` reads from the file ``db`` (a connection of its own)."""
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def make_district(folder: Path, name: str = "莱阳市") -> tuple[Path, bytes]:
    """A new district file in ``folder`` and its key."""
    db, key_file = folder / "district.db", folder / "district.key"
    result = district(db, "init", "--name", name, "--key-out", str(key_file))
    assert result.exit_code == 0, result.stderr
    return db, submission.parse_key(key_file.read_text(encoding="utf-8"))


def child_ids(count: int, first: int = 1) -> list[str]:
    """``count`` distinct valid ID numbers."""
    return [make_id("2015-06-01", n) for n in range(first, first + count)]


def body(
    key: bytes,
    station_id: str,
    name: str,
    month: str,
    children: Sequence[Child] = (),
    figures: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A station's submission body for ``month`` listing ``children``."""
    listed = [
        {
            "hash": submission.child_hash(key, id_number),
            "child": code,
            "categories": list(categories),
            "risk": risk,
        }
        for id_number, code, categories, risk in children
    ]
    b: dict[str, Any] = {
        "station": {"id": station_id, "name": name, "district": "莱阳市"},
        "month": month,
        "as_of": f"{month}-28",
        "created_at": f"{month}-28T09:00:00+08:00",
        "tool_version": "1.0",
        "schema_version": "m0940_report_care_tracking",
        "figures": figures if figures is not None else {"children.active": len(listed)},
        "by_community": {"红星村": {"children.active": len(listed)}},
        "children": listed,
    }
    b.update(extra)
    return b


def write_package(path: Path, b: dict[str, Any], key: bytes | None) -> Path:
    path.write_bytes(submission.pack(b, key))
    return path
