"""The submission file (报送包) both sides share: sealed, checked, refused with one line."""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

import pytest

from wbz_cli.domain import submission
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.submission import SubmissionError, pack, unpack

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))


def body(**extra: Any) -> dict[str, Any]:
    b: dict[str, Any] = {
        "station": {"id": "s1", "name": "华阳路街道未保站", "district": "长宁区"},
        "month": "2026-10",
        "as_of": "2026-10-31",
        "created_at": "2026-11-02T09:00:00+08:00",
        "tool_version": "1.0",
        "schema_version": "m0940_report_care_tracking",
        "figures": {"children.active": 2, "subsidies.amount_yuan": "1200.00"},
        "by_community": {"红星村": {"children.active": 2}},
        "children": [
            {
                "hash": submission.child_hash(KEY, "11010520150601011X"),
                "child": "C00001",
                "categories": ["left_behind"],
                "risk": "yellow",
            }
        ],
    }
    b.update(extra)
    return b


def envelope(data: bytes) -> dict[str, Any]:
    return dict(json.loads(gzip.decompress(data)))


def rewrap(env: dict[str, Any]) -> bytes:
    return gzip.compress(json.dumps(env, ensure_ascii=False).encode("utf-8"))


def test_a_sealed_submission_reads_back_whole() -> None:
    data = pack(body(), KEY)
    assert submission.is_submission(data[:4])
    assert unpack(data, KEY) == body()
    assert b"11010520150601011X" not in gzip.decompress(data)


def test_the_child_hash_is_the_same_for_every_station_and_differs_by_district() -> None:
    one = submission.child_hash(KEY, "11010520150601011x")
    assert one == submission.child_hash(KEY, " 11010520150601011X ")
    assert one != submission.child_hash(OTHER, "11010520150601011X")
    assert len(one) == 64 and "1101052015" not in one


def test_another_districts_file_is_refused() -> None:
    with pytest.raises(SubmissionError, match="不属于本区县"):
        unpack(pack(body(), OTHER), KEY)


def test_a_changed_figure_with_its_checksum_recomputed_is_refused_by_the_seal() -> None:
    env = envelope(pack(body(), KEY))
    changed = env["body"].replace('"children.active":2', '"children.active":20')
    assert changed != env["body"]
    env["body"] = changed
    env["body_sha256"] = hashlib.sha256(changed.encode()).hexdigest()
    with pytest.raises(SubmissionError, match="被改动过"):
        unpack(rewrap(env), KEY)


def test_a_damaged_file_is_refused_with_one_line() -> None:
    data = pack(body(), KEY)
    for broken, words in (
        (data[: len(data) // 2], "无法解压"),
        (b"PK\x03\x04 a workbook", "无法解压"),
        (rewrap({"format": "other"}), "不是 wbz 报送包"),
    ):
        with pytest.raises(SubmissionError, match=words):
            unpack(broken, KEY)
    env = envelope(data)
    env["body"] = env["body"].replace("华阳路", "华阴路")
    with pytest.raises(SubmissionError, match="校验和不符"):
        unpack(rewrap(env), KEY)


def test_a_newer_format_is_refused() -> None:
    env = envelope(pack(body(), KEY))
    env["version"] = submission.VERSION + 1
    with pytest.raises(SubmissionError, match="升级 wbz"):
        unpack(rewrap(env), KEY)


def test_no_key_no_children_and_no_seal() -> None:
    with pytest.raises(ValueError):
        pack(body(), None)
    data = pack(body(children=[]), None)
    assert unpack(data, None)["children"] == []
    with pytest.raises(SubmissionError, match="没有用区县密钥封存"):
        unpack(data, KEY)


def test_key_files_round_trip_and_bad_keys_say_what_a_key_is() -> None:
    text = submission.key_text(KEY, "莱阳市")
    assert submission.parse_key(text) == KEY
    assert submission.parse_key(KEY.hex().upper()) == KEY
    assert submission.key_id(KEY) not in text
    for bad in ("", "abc", KEY.hex()[:-2], "zz" * 32):
        with pytest.raises(InvalidInput, match="区县密钥格式不对"):
            submission.parse_key(bad)
