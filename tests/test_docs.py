"""Docs that cannot drift: the CLI reference is what --help says today."""

from __future__ import annotations

from pathlib import Path

from wbz_cli.cli.docgen import reference

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_up_to_date() -> None:
    stored = (ROOT / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    assert stored == reference(), "docs/cli-reference.md is stale: run `make docs`"


def test_readme_starts_with_the_two_commands() -> None:
    lines = [
        line
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    commands = [line for line in lines[:12] if line.startswith(("make ", "    make "))]
    assert [c.strip() for c in commands[:2]] == ["make demo", "make test"]
