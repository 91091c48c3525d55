"""wbz audit: filters, masking, and every disclosure of unmasked data leaves a row."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, make_id

BOY = make_id("2015-06-01", 11)
GIRL = make_id("2013-02-03", 22)


def seed(station: Invoke) -> None:
    for name, number, op in (("王小明", BOY, "张老师"), ("李小红", GIRL, "刘主任")):
        result = station(
            "--operator", op, "register", "--name", name, "--id-number", number, "-c", "other",
            "--guardian", "家长", "--guardian-phone", "13812345678",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    station("update", "C000001", "--risk", "red")


def actions(station: Invoke, *args: str) -> list[tuple[str, str | None]]:
    result = station("audit", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [(r["action"], r["record_key"]) for r in result.json()]


def test_filters_by_record_operator_action_and_dates(station: Invoke) -> None:
    seed(station)
    assert actions(station, "--record", "C000001") == [
        ("register", "C000001"),
        ("update", "C000001"),
    ]
    assert actions(station, "--record", BOY) == actions(station, "--record", "c000001")
    assert actions(station, "--operator", "刘主任") == [
        ("insert", "H000002"),
        ("insert", "H000002/2"),
        ("register", "C000002"),
    ]
    assert actions(station, "--action", "update") == [("update", "C000001")]
    assert len(actions(station, "--action", "register", "--action", "update")) == 3
    assert actions(station, "--from", "2999-01-01") == []
    assert len(actions(station, "--to", "2999-01-01")) == len(actions(station))
    assert actions(station, "--limit", "2") == actions(station)[-2:]


def test_record_filter_includes_the_household_and_its_guardians(station: Invoke) -> None:
    seed(station)
    assert actions(station, "--record", "H000001") == [
        ("insert", "H000001"),
        ("insert", "H000001/1"),
    ]


def test_numbers_in_the_log_are_masked_unless_revealed(station: Invoke) -> None:
    seed(station)
    for fmt in ("table", "json", "csv"):
        out = station("audit", "--format", fmt).stdout
        assert BOY not in out and "13812345678" not in out, fmt
        assert "王小明" in out or fmt == "table"
    revealed = station("audit", "--format", "json", "--reveal").stdout
    assert BOY in revealed
    assert actions(station, "--action", "reveal") == [("reveal", None)]


def test_every_reveal_is_logged(station: Invoke) -> None:
    seed(station)
    for args in (
        ["children", "--reveal"],
        ["show", "C000001", "--reveal"],
        ["update", "C000002", "--worker", "张老师", "--reveal"],
        ["household", "list", "--reveal"],
        ["household", "show", "H000001", "--reveal"],
        ["audit", "--reveal"],
    ):
        assert station(*args).exit_code == 0, args
    logged = station("audit", "--action", "reveal", "--format", "json").json()
    assert [r["record_type"] for r in logged] == [
        "children",
        "child",
        "child",
        "households",
        "household",
        "audit",
    ]
    assert all(r["operator"] == "tester" for r in logged)
    assert logged[1]["after"]["codes"] == ["C000001"]
    who_saw = station(
        "audit", "--record", "C000002", "--action", "reveal", "--format", "json"
    ).json()
    assert [r["record_type"] for r in who_saw] == ["children", "child"]


def test_record_disclosure_is_the_hook_for_exports(station: Invoke, db_path: Path) -> None:
    from wbz_cli.services.audit import record_disclosure
    from wbz_cli.store.session import Store

    seed(station)
    store = Store.open(db_path, "导出人")
    record_disclosure(store, "export", "children", ["C000001", "C000002"], path="out.xlsx")
    store.close()
    row = station("audit", "--action", "export", "--format", "json").json()[0]
    assert row["operator"] == "导出人"
    assert row["after"] == {"count": 2, "codes": ["C000001", "C000002"], "path": "out.xlsx"}


def test_bad_filters_are_refused(station: Invoke) -> None:
    for args, code in (
        (["--from", "2026-02-30"], 1),
        (["--from", "2026-05-01", "--to", "2026-04-01"], 1),
        (["--limit", "0"], 2),
        (["--limit", "99999999999999999999"], 2),
    ):
        result = station("audit", *args)
        assert result.exit_code == code, (args, result.stderr)
        assert "Traceback" not in result.stderr
