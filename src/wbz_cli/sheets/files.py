"""Writing files that hold children's data: owner-only (0600), and atomically, so that a
crash or a full disk never leaves half a workbook where the user expects a whole one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def private_output(out: Path) -> Iterator[IO[bytes]]:
    """A binary file object whose content replaces ``out`` (mode 0600) when the block ends
    without error; on error ``out`` is untouched and the temporary file removed."""
    out = Path(out)
    directory = out.parent if str(out.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=directory)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_private_text(out: Path, text: str, *, bom: bool = False) -> None:
    """UTF-8 text (with a BOM when Excel is to open it) written privately and atomically."""
    with private_output(out) as handle:
        handle.write(("\ufeff" if bom else "").encode() + text.encode("utf-8"))


def save_private(out: Path, save: Callable[[IO[bytes]], None]) -> None:
    """Run ``save(file)`` (e.g. ``workbook.save``) into a private, atomic output."""
    with private_output(out) as handle:
        save(handle)
