"""A pytest process that bench/mutate.py reuses for every mutant of a target.

It imports pytest and the heavy libraries once, then for each line on stdin (a JSON list of
pytest arguments) forks a child that imports wbz_cli and the tests afresh (the mutated file is
already on disk) and runs them; it answers one JSON line: the exit code and the first failing
test, or "timeout" when it ran past the line's ``timeout`` (seconds). On this shared machine
that saves a mutant a second or more of start-up. Never imports wbz_cli itself.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
from typing import Any

import hypothesis  # noqa: F401  (imported once for every child)
import openpyxl  # noqa: F401
import pydantic  # noqa: F401
import pytest
import rich.console
import rich.table  # noqa: F401
import sqlite_utils  # noqa: F401
import typer  # noqa: F401


class _FirstFailure:
    def __init__(self) -> None:
        self.nodeid = ""

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed and not self.nodeid:
            self.nodeid = report.nodeid

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed and not self.nodeid:
            self.nodeid = f"collecting {report.nodeid}"


def _run_child(args: list[str], only: list[str], answer: int) -> None:
    import mutate_coverage  # the plugin ``-p mutate_coverage`` then finds, told what to run

    mutate_coverage.ONLY = only
    files = list(dict.fromkeys(nodeid.split("::")[0] for nodeid in only))
    args = [*args, *files]
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    first = _FirstFailure()
    code = 1
    try:
        code = int(pytest.main(args, plugins=[first]))
    finally:
        os.write(answer, json.dumps({"code": code, "by": first.nodeid}).encode())
        os._exit(0)


def main() -> None:
    sys.path.insert(0, os.getcwd())  # as ``python -m pytest`` does: ``import tests.conftest``
    for line in sys.stdin:
        request = json.loads(line)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _run_child(request["args"], request["only"], write)
        os.close(write)
        ready, _, _ = select.select([read], [], [], request["timeout"])
        if ready:
            with os.fdopen(read, "rb") as answer:
                text = answer.read().decode() or '{"code": -1, "by": "crashed"}'
        else:
            os.kill(pid, signal.SIGKILL)
            os.close(read)
            text = '{"code": -1, "by": "timeout"}'
        os.waitpid(pid, 0)
        print(text, flush=True)


if __name__ == "__main__":
    main()
