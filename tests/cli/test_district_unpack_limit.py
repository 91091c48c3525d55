"""A submission file (报送包) that would unpack to more than the limit (a small file made to
fill the memory) is refused by ``domain/submission.unpack`` itself, for every caller, with one
Chinese line, and is not unpacked whole to find out; ordinary gzip files unpack as before."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest

from wbz_cli.domain import district_submission, submission
from wbz_cli.domain.submission import SubmissionError

KEY = bytes(range(32))
MB = 1024 * 1024


def zeros_gzip(megabytes: int) -> bytes:
    """A gzip file of ``megabytes`` MB of zero bytes (some 4 KB a MB), built chunk by chunk."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    chunk = bytes(MB)
    parts = [packer.compress(chunk) for _ in range(megabytes)]
    return b"".join([*parts, packer.flush()])


def test_unpack_refuses_a_small_file_that_unpacks_past_the_limit() -> None:
    bomb = zeros_gzip(district_submission.MAX_BODY_BYTES // MB + 1)
    assert len(bomb) < 2 * MB
    with pytest.raises(SubmissionError) as refused:
        submission.unpack(bomb, KEY)
    assert refused.value.message == (
        "报送包解压后超过 200 MB，不像 wbz 生成的文件：未读取，请让未保站重新生成并发送"
    )


def test_the_file_format_and_the_district_import_have_the_same_limit() -> None:
    assert submission.MAX_UNPACKED_BYTES == district_submission.MAX_BODY_BYTES


def test_the_refusal_comes_at_the_limit_without_unpacking_the_file_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(submission, "MAX_UNPACKED_BYTES", 2 * MB)
    bomb = zeros_gzip(64)
    tracemalloc.start()
    try:
        with pytest.raises(SubmissionError, match="解压后超过 2 MB"):
            submission.sealed_text(bomb, None)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB  # not the 64 MB the file holds


def test_a_package_still_unpacks_in_one_member_or_several_and_a_cut_one_is_refused() -> None:
    body = {k: "" for k in submission.BODY_KEYS} | {"children": [], "figures": {"a": 1}}
    data = submission.pack(body, KEY)
    assert submission.unpack(data, KEY) == body
    text = gzip.decompress(data)
    two_members = gzip.compress(text[:100], mtime=0) + b"\x00" * 4 + gzip.compress(text[100:])
    assert submission.unpack(two_members, KEY) == body  # as gzip.decompress reads it
    for damaged in (data[:-9], data + b"junk", b"", data[:10]):
        with pytest.raises(SubmissionError, match="不是 wbz 报送包，或文件已损坏"):
            submission.unpack(damaged, KEY)
