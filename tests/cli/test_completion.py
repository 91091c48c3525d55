"""Shell completion through the real entry point, as the installed scripts ask for it: commands,
options, enum values (keys and Chinese labels) and children's codes read without touching the
database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id


def _complete(
    words: str, *, instruction: str = "bash_complete", env: dict[str, str] | None = None
) -> list[str]:
    """What bash gets back for the command line ``words`` (completing its last word)."""
    parts = words.split(" ")
    full = {
        **os.environ,
        **(env or {}),
        "_WBZ_COMPLETE": instruction,
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    result = subprocess.run(
        [sys.executable, "-m", "wbz_cli"], env=full, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.split()


@pytest.fixture
def two_children(station: Invoke, db_path: Path) -> Path:
    for n, name in enumerate(("王小明", "李小红"), start=1):
        result = station(
            "register", "--name", name, "--id-number", make_id("2015-06-01", n),
            "--category", "留守儿童",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    return db_path


def test_commands_and_subcommands() -> None:
    assert "children" in _complete("wbz chi")
    assert _complete("wbz visit a") == ["add"]


def test_typer_wording_of_the_installed_script_works_too() -> None:
    assert "children" in _complete("wbz chi", instruction="complete_bash")


def test_option_names() -> None:
    assert "--community" in _complete("wbz children --com")


def test_enum_values_by_key_and_chinese_label() -> None:
    offered = _complete("wbz visit add C000001 --mode ")
    assert {"home", "phone", "入户", "电话"} <= set(offered)
    assert _complete("wbz visit add C000001 --mode 入") == ["入户"]
    assert _complete("wbz children --risk r") == ["red"]
    assert "红" in _complete("wbz children --risk ")
    assert "lowincome" in _complete("wbz match x.xlsx --kind ")


def test_child_codes_from_the_database_named_by_db(two_children: Path) -> None:
    before = _snapshot(two_children.parent)
    assert _complete(f"wbz --db {two_children} show C") == ["C000001", "C000002"]
    assert _complete(f"wbz --db {two_children} visit add C0000") == ["C000001", "C000002"]
    assert _complete(f"wbz --db {two_children} merge C000001 C000002") == ["C000002"]
    assert _snapshot(two_children.parent) == before  # no -wal, -shm, migration or mode change


def test_child_codes_from_wbz_db_and_nothing_but_codes(two_children: Path) -> None:
    offered = _complete("wbz show ", env={"WBZ_DB": str(two_children)})
    assert offered == ["C000001", "C000002"]
    zsh = subprocess.run(
        [sys.executable, "-m", "wbz_cli"],
        env={
            **os.environ,
            "WBZ_DB": str(two_children),
            "_WBZ_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": "wbz show C",
        },
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "C000001" in zsh
    assert "王小明" not in zsh and "李小红" not in zsh  # codes only, never names


def test_completion_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert _complete(f"wbz --db {missing} show C") == []
    assert not missing.exists()
    assert _complete("wbz show C") == []  # ./wbz.db is not there either
    assert not (tmp_path / "wbz.db").exists()


def test_a_file_that_is_not_a_database_gives_no_codes(tmp_path: Path) -> None:
    sheet = tmp_path / "花名册.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not a database")
    sheet.chmod(0o644)
    assert _complete(f"wbz --db {sheet} show C") == []
    assert sheet.read_bytes() == b"PK\x03\x04 not a database"
    assert sheet.stat().st_mode & 0o777 == 0o644


def test_zsh_and_fish_get_values_too() -> None:
    base = {**os.environ, "_TYPER_COMPLETE_ARGS": "wbz visit add C000001 --mode 入"}
    zsh = subprocess.run(
        [sys.executable, "-m", "wbz_cli"],
        env={**base, "_WBZ_COMPLETE": "complete_zsh"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "入户" in zsh.stdout
    fish = subprocess.run(
        [sys.executable, "-m", "wbz_cli"],
        env={**base, "_WBZ_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "入户" in fish.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script(shell: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wbz_cli", "--show-completion", shell],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert f"_WBZ_COMPLETE=complete_{shell}" in result.stdout


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        p.name: (p.stat().st_mode, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_the_completion_options_are_described_in_chinese(wbz: Invoke) -> None:
    shown = wbz("--help").stdout
    assert "--install-completion" in shown and "安装命令补全" in shown
    assert "--show-completion" in shown and "打印当前 shell 的补全脚本" in shown
    assert "Install completion" not in shown
