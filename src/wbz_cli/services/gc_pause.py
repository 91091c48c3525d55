"""Python's cycle collector paused around work that makes hundreds of thousands of small
objects and no reference cycles (a big roster, a 50,000-row list, the cadence of every active
child): the collector would only walk them again and again, for a fifth to a third of the
time. It is switched back on afterwards only if it was on before."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
