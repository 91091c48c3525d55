"""The triggers and views shipped with wbz (store/expected_schema.py), against which every
opening of an up-to-date file checks its own, are exactly what the migrations create."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from wbz_cli.store import expected_schema, migrations, schema_check, schema_writer

STALE = (
    "src/wbz_cli/store/expected_schema.py is not what the migrations create:"
    " run `make schema` (python -m wbz_cli.store.schema_writer) and commit the file"
)


def test_the_shipped_triggers_and_views_are_what_the_migrations_create() -> None:
    names = tuple(migrations.available())
    assert names == expected_schema.MIGRATIONS, STALE
    assert schema_check.built_code(names) == expected_schema.CODE, STALE
    assert Path(expected_schema.__file__).read_text(encoding="utf-8") == schema_writer.render(
        names
    ), STALE


@pytest.mark.parametrize(
    "text",
    ["plain", "it's", 'say "hi"', 'both \' and ""', "back\\slash", "a\nb\tc\r", "\x00\x1f"],
)
def test_the_writer_writes_each_value_back_as_it_was(text: str) -> None:
    assert ast.literal_eval(schema_writer.literal(text)) == text
