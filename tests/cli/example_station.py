"""A test station filled by running the ``--help`` examples in order (help_examples.EXAMPLES):
the children, households, leads, plans and records the examples themselves refer to."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Any

from wbz_cli.cli.help_examples import EXAMPLES

#: Examples run in this order on one station, each relying on what the ones before made.
RUN_IN_ORDER = (
    "register",
    "children",
    "show",
    "close",
    "reopen",
    "case void",
    "case unvoid",
    "update",
    "household show",
    "household update",
    "household add-guardian",
    "household list",
    "visit add",
    "visit list",
    "visit edit",
    "visit void",
    "visit unvoid",
    "service add",
    "service list",
    "service edit",
    "subsidy rate set",
    "subsidy rate list",
    "subsidy add",
    "subsidy list",
    "subsidy edit",
    "subsidy run",
    "activity add",
    "activity list",
    "activity edit",
    "resource add",
    "resource list",
    "resource edit",
    "refer add",
    "refer show",
    "refer move",
    "refer undo",
    "refer list",
    "refer policy show",
    "refer policy set",
    "assess sheet",
    "assess risk",
    "assess list",
    "assess edit",
    "assess guardianship",
    "care-agreement add",
    "care-agreement list",
    "care-agreement edit",
    "care-agreement rate",
    "plan add",
    "plan review",
    "plan list",
    "plan edit",
    "plan void-review",
    "plan unvoid-review",
    "consent",
    "history",
    "due",
    "doctor",
    "audit",
    "duplicates",
    "policy show",
    "policy set",
    "report monthly",
    "report range",
    "export children",
    "backup",
    "category void",
    "category unvoid",
    "service void",
    "service unvoid",
    "subsidy void",
    "subsidy unvoid",
    "activity void",
    "activity unvoid",
    "care-agreement void",
    "care-agreement unvoid",
    "assess void",
    "assess unvoid",
    "plan close",
    "resource void",
    "resource unvoid",
    "resource remove",
    "purge",
)


def run_examples(run: Callable[..., Any]) -> list[str]:
    """Run every example of ``RUN_IN_ORDER`` with ``run(*args)`` (a result with
    ``exit_code`` and ``stderr``); the ones that did not end with 0 or 3, and why."""
    failed = []
    for path in RUN_IN_ORDER:
        for line in EXAMPLES[path]:
            result = run(*shlex.split(line)[1:])
            if result.exit_code not in (0, 3):
                failed.append(f"{line}: {result.exit_code} {result.stderr.strip()}")
    return failed
