"""wbz purge and every text column: each one of the schema is declared (anonymised or harmless),
and after a purge no name, number or injury of the child is left anywhere in the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Invoke, make_id

from wbz_cli.domain.purge_rules import DROP, OWN, OWN_RULES, REPLACE, TEXT_COLUMNS, columns
from wbz_cli.store.safety import PURGED_ROWS

BOY = make_id("2014-05-06", 11)
GUARDIAN_ID = make_id("1980-03-04", 22)
OTHER = make_id("2015-07-08", 13)


def text_columns(db: Path) -> dict[str, set[str]]:
    """Every column of every table that can hold text: TEXT affinity or no declared type."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found: dict[str, set[str]] = {}
        for table in tables:
            for _, name, kind, *_ in conn.execute(f"PRAGMA table_info({table})"):
                kind = (kind or "").upper()
                if not kind or any(t in kind for t in ("CHAR", "CLOB", "TEXT")):
                    found.setdefault(table, set()).add(name)
        return found
    finally:
        conn.close()


def test_every_text_column_of_the_schema_is_declared(station: Invoke, db_path: Path) -> None:
    schema = text_columns(db_path)
    missing = sorted(
        f"{t}.{c}" for t, cs in schema.items() for c in cs if c not in TEXT_COLUMNS.get(t, {})
    )
    assert not missing, f"purge_rules.TEXT_COLUMNS does not say what purge does with {missing}"
    stale = sorted(
        f"{t}.{c}" for t, cs in TEXT_COLUMNS.items() for c in cs if c not in schema.get(t, ())
    )
    assert not stale, f"purge_rules.TEXT_COLUMNS names columns the schema lacks: {stale}"


def test_every_table_with_text_to_remove_says_which_rows_are_purged() -> None:
    scoped = {t for tables in PURGED_ROWS.values() for t in tables}
    assert set(columns(REPLACE)) | set(columns(DROP)) <= scoped
    own = {(t, c) for t, cs in columns(OWN).items() for c in cs}
    assert own == set(OWN_RULES)


#: What the child's records say, and must not survive the purge (field -> text).
SECRETS = {
    "visit notes": "王小明左臂骨折",
    "visit action": "王大山陪同去医院",
    "service notes": "王小明头部淤青复查",
    "service provider": "舅舅王二",
    "lead summary": "王小明被继父殴打",
    "lead reference": "沪公长字第88号",
    "lead event note": "派出所称王大山长期酗酒",
    "plan goal": "王小明夜不归宿需矫正",
    "plan review note": "复核时王小明哭泣",
    "plan close note": "王小明转学结束",
    "risk notes": "王小明厌学逃课",
    "guardianship notes": "王大山有家暴史",
    "carer": "王奶奶",
    "carer phone": "13912345678",
    "agreement notes": "王奶奶腿部烫伤",
    "consent by": "王阿姨",
    "activity title": "王小明生日会",
    "activity place": "王小明家",
    "activity notes": "王小明膝盖擦伤",
    "household notes": "王家欠债",
    "shared activity": "王小明",
}


def run(station: Invoke, *args: str) -> None:
    result = station(*args)
    assert result.exit_code == 0, (args, result.stderr)


def seed(station: Invoke, db: Path) -> None:
    """C000001 (closed 2025-09-15) with identifying text in every free-text field; 赵四
    (C000002, another household, active) shares an activity with him."""
    s = SECRETS
    steps = [
        ["register", "--name", "王小明", "--id-number", BOY, "-c", "left_behind",
         "--guardian", "王大山", "--guardian-phone", "13812345678", "--address", "华阳路1弄2号",
         "--on", "2025-01-10"],
        ["household", "add-guardian", "H000001", "--name", "李秀英", "--phone", "13900001111",
         "--id-number", GUARDIAN_ID],
        ["register", "--name", "赵四", "--id-number", OTHER, "-c", "other", "--on", "2025-01-10"],
        ["consent", "C000001", "--by", s["consent by"], "--on", "2025-01-10"],
        ["visit", "add", "C000001", "-m", "home", "--on", "2025-02-01",
         "--notes", s["visit notes"], "--action", s["visit action"]],
        ["service", "add", "C000001", "--type", "medical", "--on", "2025-02-02",
         "--notes", s["service notes"], "--provider", s["service provider"]],
        ["refer", "add", "C000001", "--type", "violence_injury", "--source", "police",
         "--on", "2025-02-03", "--summary", s["lead summary"],
         "--reference", s["lead reference"], "--source-agency", "长宁分局"],
        ["refer", "move", "L000001", "--status", "transferred", "--agency", "华阳路派出所",
         "--on", "2025-02-04",
         "--note", s["lead event note"]],
        ["plan", "add", "C000001", "--goal", s["plan goal"], "--review-on", "2025-05-01",
         "--service", "psychological", "--on", "2025-02-05"],
        ["plan", "review", "P000001", "--on", "2025-03-01", "--note", s["plan review note"]],
        ["plan", "close", "P000001", "--on", "2025-04-01", "--note", s["plan close note"]],
        ["assess", "risk", "C000001", "--item", "neglect=3", "--on", "2025-02-06",
         "--notes", s["risk notes"]],
        ["assess", "guardianship", "C000001", "--result", "improper", "--on", "2025-02-07",
         "--notes", s["guardianship notes"]],
        ["care-agreement", "add", "C000001", "--carer", s["carer"], "--relation", "祖母",
         "--phone", s["carer phone"], "--signed-on", "2025-02-08",
         "--notes", s["agreement notes"]],
        ["activity", "add", "--title", s["activity title"], "--kind", "group",
         "--participants", "3", "--on", "2025-02-09", "--child", "C000001",
         "--place", s["activity place"], "--notes", s["activity notes"]],
        ["activity", "add", "--title", "春节慰问", "--kind", "festival_visit",
         "--participants", "2", "--on", "2025-02-10", "--child", "C000001", "--child", "C000002",
         "--notes", "王小明和赵四都到场，王大山送来饺子"],
        ["close", "C000001", "--reason", "moved", "--on", "2025-09-15"],
    ]  # fmt: skip
    for args in steps:
        run(station, *args)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE households SET notes = ? WHERE code = 'H000001'", (s["household notes"],))
    conn.commit()
    conn.close()


def everything(db: Path) -> str:
    """Every value of every table, as text."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(
            " ".join(map(str, row)) for t in tables for row in conn.execute(f"SELECT * FROM {t}")
        )
    finally:
        conn.close()


def raw_bytes(db: Path) -> bytes:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    wal = Path(f"{db}-wal")
    return db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


SURVIVORS = ("赵四", OTHER)
GONE = (*SECRETS.values(), BOY, "王大山", "13812345678", "华阳路1弄2号", "李秀英", "13900001111",
        GUARDIAN_ID)  # fmt: skip


def test_nothing_the_records_said_about_the_child_is_left(station: Invoke, db_path: Path) -> None:
    seed(station, db_path)
    before = everything(db_path)
    assert all(secret in before for secret in GONE)
    run(station, "purge", "--closed-before", "2026-01-01", "--yes")
    after, raw = everything(db_path), raw_bytes(db_path)
    left = [name for name, text in SECRETS.items() if text in after]
    assert not left, f"still in the tables or the audit log after purge: {left}"
    assert [s for s in GONE if s in after] == []
    assert [s for s in GONE if s.encode() in raw] == []
    assert all(keep in after and keep.encode() in raw for keep in SURVIVORS)


def test_a_shared_activity_keeps_what_it_says_of_the_others(station: Invoke, db_path: Path) -> None:
    seed(station, db_path)
    run(station, "purge", "--closed-before", "2026-01-01", "--yes")
    activities = station("activity", "list", "--format", "json").json()
    shared = next(a for a in activities if a["title"] == "春节慰问")
    assert shared["notes"] == "已匿名和赵四都到场，已匿名送来饺子"
    own = next(a for a in activities if a["title"] != "春节慰问")
    assert (own["title"], own["place"], own["notes"]) == ("已匿名生日会", "已匿名家", "已匿名")
    assert station("show", "C000002", "--format", "json").json()["name"] == "赵四"


def test_the_records_stay_counted_with_their_text_replaced(station: Invoke, db_path: Path) -> None:
    seed(station, db_path)
    february = station("report", "monthly", "--month", "2025-02", "--format", "json").json()
    run(station, "purge", "--closed-before", "2026-01-01", "--yes")
    assert station("report", "monthly", "--month", "2025-02", "--format", "json").json() == february
    [plan] = station("plan", "list", "--format", "json").json()
    assert (plan["code"], plan["goal"]) == ("P000001", "已匿名")
    [agreement] = station("care-agreement", "list", "--format", "json").json()
    assert (agreement["carer"], agreement["carer_phone"], agreement["relation"]) == (
        "已匿名",
        None,
        "祖母",
    )
    [consent] = station("consent", "C000001", "--format", "json").json()
    assert consent["consent_by"] == "已匿名"


def test_a_later_purge_sweeps_what_an_earlier_version_left(station: Invoke, db_path: Path) -> None:
    """A purge by a version that knew fewer columns left a plan's goal and its audit copy."""
    seed(station, db_path)
    run(station, "purge", "--closed-before", "2026-01-01", "--yes")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE plans SET goal = ?", (SECRETS["plan goal"],))
    conn.execute(
        "UPDATE audit_log SET after = ? WHERE record_key = 'P000001' AND action = 'insert'",
        (f'{{"child": "C000001", "goal": "{SECRETS["plan goal"]}"}}',),
    )
    conn.commit()
    conn.close()
    run(station, "close", "C000002", "--reason", "moved", "--on", "2026-02-01")
    result = station("purge", "--closed-before", "2026-03-01", "--yes")
    assert result.exit_code == 0, result.stderr
    assert SECRETS["plan goal"] not in everything(db_path)
    assert station("show", "C000002", "--format", "json").json()["name"] == "已匿名"
