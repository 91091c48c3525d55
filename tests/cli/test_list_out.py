"""``--out FILE`` on every command that prints data (issue 22: "CSV for Excel is written with
--out (BOM)"): the file holds exactly what the command prints with ``--format csv`` (after a
UTF-8 byte-order mark, so that Excel opens it right) or ``--format json`` (no mark); the
database is never written over; each file is logged in the audit as an export of the command.

The commands are found by walking the command tree, so a new command that prints CSV fails
here until it takes ``--out`` (or is listed below as one that changes records)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import typer.main
from tests.cli.test_output_contract import ARGS, run
from tests.cli.test_output_contract import demo as demo  # the demo station, built once here

from wbz_cli.cli.app import app

BOM = "\ufeff".encode()

#: Commands that print CSV as the confirmation of a change they make: what they print is not
#: a list to keep, and running them again would change the records again.
CHANGES = {
    "register": "登记新儿童",
    "update": "修改档案",
    "purge": "匿名化",
    "refer add": "新增线索",
    "visit add": "新增走访",
    "subsidy run": "生成发放记录",
    "assess risk": "新增评估",
    "attach": "附加文件",
}


def csv_commands() -> Iterator[tuple[str, click.Command]]:
    def walk(cmd: click.Command, path: list[str]) -> Iterator[tuple[str, click.Command]]:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])
            return
        for param in cmd.params:
            if "--format" in getattr(param, "opts", ()):
                choices = getattr(param.type, "choices", ())
                if "csv" in choices:
                    yield " ".join(path), cmd

    yield from walk(typer.main.get_command(app), [])


#: Commands on the district's file, which refuses a station's: tests/cli/test_district_duplicates.py
#: runs the same check on a district file.
DISTRICT_FILE = "district "
LISTS = sorted(
    name for name, _ in csv_commands() if name not in CHANGES and not name.startswith(DISTRICT_FILE)
)


def options(cmd: click.Command) -> set[str]:
    return {opt for p in cmd.params for opt in getattr(p, "opts", ())}


def test_every_command_that_prints_csv_takes_out_and_force() -> None:
    missing = [
        name
        for name, cmd in csv_commands()
        if name not in CHANGES and not {"--out", "--force"} <= options(cmd)
    ]
    assert missing == []
    assert len(LISTS) >= 20  # the walk found the commands


def last_export(db: Path) -> dict[str, Any]:
    result = run(db, "audit", "--action", "export", "--limit", "1", "--format", "json")
    rows = json.loads(result.stdout)
    assert rows, "no export in the audit log"
    return rows[0]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def station(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo station: the exports below add audit rows."""
    copy = tmp_path_factory.mktemp("out") / "station.db"
    shutil.copyfile(demo, copy)
    return copy


@pytest.mark.parametrize("command", LISTS)
def test_out_writes_what_the_command_prints(station: Path, tmp_path: Path, command: str) -> None:
    args = (*command.split(), *ARGS.get(command, ()))
    for fmt in ("csv", "json"):
        printed = run(station, *args, "--format", fmt)
        assert printed.exit_code in (0, 3), (command, printed.stderr)
        out = tmp_path / f"清单.{fmt}"
        written = run(station, *args, "--format", fmt, "--out", str(out))
        assert written.exit_code == printed.exit_code, (command, written.stderr)
        data = out.read_bytes()
        if fmt == "csv":
            assert data.startswith(BOM), command
            assert data[len(BOM) :].decode() == printed.stdout, command
        else:
            assert not data.startswith(BOM), command
            assert data.decode() == printed.stdout, command
        assert out.stat().st_mode & 0o777 == 0o600
        assert f"已写入 {out}" in written.stdout
        export = last_export(station)
        assert export["after"]["file"] == str(out), command
        if command.split()[0] != "report":  # a report's export names its period
            assert (export["record_type"], export["record_key"]) == (command, out.name)
            assert export["after"]["format"] == fmt


def test_the_extension_chooses_the_format_when_none_is_given(station: Path, tmp_path: Path) -> None:
    out = tmp_path / "花名册.csv"
    result = run(station, "children", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == BOM + run(station, "children", "-f", "csv").stdout.encode()
    out = tmp_path / "花名册.json"
    assert run(station, "visit", "list", "--out", str(out)).exit_code == 0
    printed = run(station, "visit", "list", "-f", "json").stdout
    assert json.loads(out.read_text()) == json.loads(printed)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "csv", "--out", "{db}"), "数据库文件本身"),
        (("--format", "csv", "--out", "{db}-wal"), "数据库的日志文件"),
        (("--format", "json", "--out", "{db}-journal"), "数据库的日志文件"),
        (("--format", "csv", "--out", "{folder}/没有/花名册.csv"), "没有 不存在"),
        (("--format", "csv", "--out", "{folder}/花名册.json"), "扩展名"),
        (("--format", "table", "--out", "{folder}/花名册.csv"), "--format csv"),
        (("--out", "{folder}/花名册.xlsx"), "扩展名"),
    ],
)
def test_out_refuses_the_database_a_missing_folder_and_a_wrong_extension(
    station: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    db = tmp_path / "copy.db"
    shutil.copyfile(station, db)
    before = db.read_bytes()
    given = [a.format(db=db, folder=tmp_path) for a in args]
    result = run(db, "children", *given)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before
    assert not (tmp_path / "花名册.csv").exists() and not (tmp_path / "花名册.json").exists()


def test_an_existing_file_is_replaced_only_with_force(station: Path, tmp_path: Path) -> None:
    out = tmp_path / "走访.csv"
    out.write_text("old")
    refused = run(station, "visit", "list", "--out", str(out))
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    assert out.read_text() == "old"
    replaced = run(station, "visit", "list", "--out", str(out), "--force")
    assert replaced.exit_code == 0, replaced.stderr
    assert out.read_bytes().startswith(BOM + b"visited_on,child")


def test_due_writes_its_list_with_out_and_keeps_exit_code_3(station: Path, tmp_path: Path) -> None:
    out = tmp_path / "待办.csv"
    printed = run(station, "due", "--format", "csv")
    written = run(station, "due", "--out", str(out))
    assert printed.exit_code == written.exit_code == 3
    assert out.read_bytes() == BOM + printed.stdout.encode()
    export = last_export(station)
    assert (export["action"], export["record_type"]) == ("export", "due")
    refused = run(station, "due", "--format", "text", "--out", str(tmp_path / "x.csv"))
    assert refused.exit_code == 1 and "--format text" in refused.stderr
