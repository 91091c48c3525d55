"""The output contract, per command (CLI.md "The output contract"): the JSON keys and their
types, and the CSV columns, of every command that prints data with ``--format json|csv``.

``tests/cli/test_output_contract.py`` runs each command on the demo station and checks its
output against ``SCHEMAS``; a command with a ``--format`` option that is missing here fails
that test, so a new command joins the contract when it is added: in the module of its group
(children, casework, care, support, reports, station), in ``summaries`` when its JSON is a
one-off answer, in ``district`` when it runs on the district's file. The types a schema
names are listed in ``schema``.
"""

from wbz_cli.cli.output_schemas import care, casework, children, reports, station, support
from wbz_cli.cli.output_schemas.district import DISTRICT
from wbz_cli.cli.output_schemas.schema import Schema
from wbz_cli.cli.output_schemas.summaries import SUMMARIES

__all__ = ["DISTRICT", "SCHEMAS", "SUMMARIES", "Schema", "covered", "schema_for"]

_GROUPS = (children, casework, care, support, reports, station)

#: Command path (as typed after ``wbz``) -> its output contract.
SCHEMAS: dict[str, Schema] = {
    command: schema for group in _GROUPS for command, schema in group.SCHEMAS.items()
}
assert len(SCHEMAS) == sum(len(group.SCHEMAS) for group in _GROUPS), "a command in two groups"


def schema_for(command: str) -> Schema | None:
    return SCHEMAS.get(command)


def covered(command: str) -> bool:
    """Whether ``command`` (a path such as ``refer list``) is part of the contract."""
    return command in SCHEMAS or command in SUMMARIES or command in DISTRICT
