"""pytest plugin for bench/mutate.py: which lines of the target file each test runs.

Loaded with ``-p mutate_coverage`` in every run. ``MUTATE_TARGET`` names the file (absolute
path): the caches of its functions (``lru_cache``) are emptied before each test, so that a test
runs the lines it needs whatever ran before it. In the baseline run ``MUTATE_COVERAGE_OUT``
names the JSON written at the end: ``{node id: {"lines": [...], "seconds": s}}``; a mutant is
then tested only by the tests that run its line, fastest first.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

_TARGET = os.environ.get("MUTATE_TARGET", "")
_OUT = os.environ.get("MUTATE_COVERAGE_OUT", "")
_seen: dict[str, dict[str, Any]] = {}
_lines: set[int] = set()


def _local(frame: FrameType, event: str, arg: object) -> Any:
    if event == "line":
        _lines.add(frame.f_lineno)
    return _local


def _global(frame: FrameType, event: str, arg: object) -> Any:
    if frame.f_code.co_filename == _TARGET:
        _lines.add(frame.f_lineno)
        return _local
    return None


def _empty_the_targets_caches() -> None:
    for module in list(sys.modules.values()):
        if getattr(module, "__file__", None) == _TARGET:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: object) -> Iterator[None]:
    _empty_the_targets_caches()
    if not _OUT:
        yield
        return
    _lines.clear()
    started = time.monotonic()
    sys.settrace(_global)
    threading.settrace(_global)
    try:
        yield
    finally:
        sys.settrace(None)
        threading.settrace(None)  # type: ignore[arg-type]
    _seen[item.nodeid] = {"lines": sorted(_lines), "seconds": time.monotonic() - started}


#: Set by bench/mutate_worker.py before a run: the node ids to run, in this order. Node ids
#: are not passed on the command line: pytest escapes non-ASCII in them (``[\u5f20...]``) and
#: then does not find the test so named.
ONLY: list[str] | None = None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if ONLY is None:
        return
    order = {nodeid: n for n, nodeid in enumerate(ONLY)}
    # a mutant can rename a test (a parameter's id made from a mutated value): a test asked
    # for and not found brings in every test of its file, after the ones found
    missing = set(order) - {item.nodeid for item in items}
    files = {nodeid.split("::")[0] for nodeid in missing}
    after = len(order)
    for item in items:
        if item.nodeid not in order and item.nodeid.split("::")[0] in files:
            order[item.nodeid] = after
            after += 1
    config.hook.pytest_deselected(items=[item for item in items if item.nodeid not in order])
    items[:] = sorted(
        (item for item in items if item.nodeid in order), key=lambda i: order[i.nodeid]
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _OUT:
        Path(_OUT).write_text(json.dumps(_seen), encoding="utf-8")
