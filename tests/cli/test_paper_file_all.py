"""``wbz show --all --out DIR`` (issue 25): one paper file per child on the register, named
``<code>-<name>.docx``, none for a closed case; every file claimed before the first is written,
one audit row per file, and a summary line at the end."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.cli.care_records import BOY, GIRL, child_on_file, ok, refused
from tests.cli.paper_records import docx_text
from tests.conftest import Invoke, Result, make_id

from wbz_cli.services.paper_file import file_name


def three_children(station: Invoke) -> None:
    """C000001 王小明 and C000002 李小红 on the register, C000003 赵小刚 closed."""
    child_on_file(station)
    ok(station("register", "--name", "李小红", "--id-number", GIRL, "-c", "留守儿童",
               "--on", "2026-02-01"))  # fmt: skip
    ok(station("register", "--name", "赵小刚", "--id-number", make_id("2013-03-03", 33),
               "-c", "孤儿", "--on", "2026-02-01"))  # fmt: skip
    ok(station("close", "C000003", "--reason", "moved", "--on", "2026-06-01"))


def said(result: Result) -> str:
    return result.stdout + result.stderr


def test_one_file_per_active_child_and_none_for_a_closed_case(
    station: Invoke, tmp_path: Path
) -> None:
    three_children(station)
    folder = tmp_path / "档案"
    folder.mkdir()
    result = ok(station("show", "--all", "--out", folder))
    assert f"2 份档案已写入 {folder}" in said(result)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["C000001-王小明.docx", "C000002-李小红.docx"]
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = docx_text(folder / "C000002-李小红.docx")
    assert "李小红" in text and "留守儿童" in text and "王小明" not in text
    assert GIRL not in text and BOY not in docx_text(folder / "C000001-王小明.docx")
    rows = station("audit", "--action", "export", "--format", "json").json()
    files = [(r["record_type"], r["record_key"]) for r in rows]
    assert sorted(files) == [("child_file", "C000001"), ("child_file", "C000002")]


def test_an_existing_file_stops_all_before_any_is_written(station: Invoke, tmp_path: Path) -> None:
    three_children(station)
    (tmp_path / "C000002-李小红.docx").write_bytes(b"kept")
    refused(station("show", "--all", "--out", tmp_path), "C000002-李小红.docx", "--force")
    assert not (tmp_path / "C000001-王小明.docx").exists()
    assert (tmp_path / "C000002-李小红.docx").read_bytes() == b"kept"
    ok(station("show", "--all", "--out", tmp_path, "--force"))
    assert "李小红" in docx_text(tmp_path / "C000002-李小红.docx")


def test_what_all_refuses(station: Invoke, tmp_path: Path) -> None:
    three_children(station)
    refused(station("show", "--all"), "--out")
    refused(station("show", "--all", "--out", tmp_path / "没有"), "文件夹")
    (tmp_path / "x.docx").write_bytes(b"")
    refused(station("show", "--all", "--out", tmp_path / "x.docx"), "文件夹")
    both = station("show", "C000001", "--all", "--out", tmp_path)
    assert both.exit_code == 2 and "--all" in both.stderr and "Traceback" not in both.stderr
    nothing = station("show")
    assert nothing.exit_code == 2 and "儿童编号" in nothing.stderr
    assert not list(tmp_path.glob("C00000*.docx"))


def test_file_names_keep_to_what_file_systems_allow() -> None:
    assert file_name("C000001", "王小明") == "C000001-王小明.docx"
    assert file_name("C000002", 'a/b\\c:d*e?f"g<h>i|j') == "C000002-abcdefghij.docx"
    assert file_name("C000003", "..\x01") == "C000003.docx"
    assert file_name("C000004", " ..王 ") == "C000004-王.docx"
