"""Writes ``expected_schema.py``: the triggers and views the whole migration list creates,
built in memory (``schema_check.built_code``), as a Python constant shipped with wbz.

Run after adding a migration: ``make schema`` (``python -m wbz_cli.store.schema_writer``).
tests/store/test_expected_schema.py fails until then. The text is laid out as
``ruff format`` lays it out, so formatting leaves it as written.
"""

from __future__ import annotations

from pathlib import Path

from wbz_cli.store import migrations
from wbz_cli.store.schema_check import built_code

TARGET = Path(__file__).with_name("expected_schema.py")

HEADER = '''"""The triggers and views the whole migration list creates, as SQLite keeps them:
(type, name, table, SQL as written), for the migrations ``MIGRATIONS``.

Every opening of a file that records exactly ``MIGRATIONS`` (the usual case) compares its
triggers and views with ``CODE`` instead of running the migrations in memory
(``schema_check.written_code``). Generated from the migrations by ``make schema``
(``python -m wbz_cli.store.schema_writer``): do not edit by hand.
"""

# ruff: noqa: E501
'''


def literal(text: str) -> str:
    """``text`` as a Python string literal, quoted as ``ruff format`` quotes it."""
    quote = '"' if text.count('"') <= text.count("'") else "'"
    escaped = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    for char, escape in (("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        escaped = escaped.replace(char, escape)
    escaped = "".join(f"\\x{ord(c):02x}" if ord(c) < 32 or ord(c) == 127 else c for c in escaped)
    return f"{quote}{escaped}{quote}"


def render(names: tuple[str, ...]) -> str:
    """The module's text for the migrations ``names``."""
    lines = [HEADER, "MIGRATIONS: tuple[str, ...] = ("]
    lines += [f"    {literal(name)}," for name in names]
    lines += [")", "", "CODE: tuple[tuple[str, str, str, str], ...] = ("]
    for row in built_code(names):
        lines += ["    (", *(f"        {literal(value)}," for value in row), "    ),"]
    lines.append(")")
    return "\n".join(lines) + "\n"


def main() -> None:
    names = tuple(migrations.available())
    TARGET.write_text(render(names), encoding="utf-8")
    print(f"{TARGET}: {len(built_code(names))} triggers and views of {len(names)} migrations")


if __name__ == "__main__":
    main()
