"""wbz activity add / list: activities, their place, participants and the children there."""

from __future__ import annotations

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain.vocab import ActivityKind


@pytest.mark.parametrize("kind", list(ActivityKind))
def test_every_kind_by_key_and_label(station: Invoke, kind: ActivityKind) -> None:
    for k in (kind.value, kind.label):
        result = station("activity", "add", "--title", "活动", "--kind", k, "--participants", "3",
                         "--again")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    listed = station("activity", "list", "--kind", kind.label, "--format", "json").json()
    assert [r["kind"] for r in listed] == [kind.value, kind.value]


def test_activity_with_place_and_children(station: Invoke) -> None:
    for seq, name in ((11, "王小明"), (13, "张小军")):
        station("register", "--name", name, "--id-number", make_id("2015-06-01", seq), "-c", "留守")
    result = station(
        "activity", "add", "--title", "防溺水安全教育", "--kind", "主题服务", "--on", "2026-07-05",
        "--place", "华阳居民区活动室", "--participants", "35",
        "--child", "C000002", "--child", "C000001", "--child", "C000001",
    )  # fmt: skip
    assert result.exit_code == 1 and "还未登记" in result.stderr  # registered 2026-11-24
    result = station(
        "activity", "add", "--title", "防溺水安全教育", "--kind", "主题服务",
        "--place", "华阳居民区活动室", "--participants", "35",
        "--child", "C000002", "--child", "C000001", "--child", "C000001",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    [row] = station("activity", "list", "--format", "json").json()
    assert row["place"] == "华阳居民区活动室"
    assert row["participants"] == 35
    assert row["children"] == ["C000001", "C000002"]
    assert "防溺水安全教育" in station("activity", "list").stdout


def test_refusals(station: Invoke) -> None:
    station("register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "孤儿")
    too_many = station(
        "activity", "add", "--title", "慰问", "--kind", "节日慰问", "--participants", "0",
        "--child", "C000001",
    )  # fmt: skip
    assert too_many.exit_code == 1 and "多于参加人数 0" in too_many.stderr
    future = station(
        "activity", "add", "--title", "培训", "--kind", "training", "--participants", "10",
        "--on", "2026-12-01",
    )  # fmt: skip
    assert future.exit_code == 1 and "晚于今天" in future.stderr
    blank = station("activity", "add", "--title", " ", "--kind", "training", "--participants", "1")
    assert blank.exit_code == 1 and "活动名称为空" in blank.stderr
    negative = station("activity", "add", "--title", "x", "--kind", "宣传", "--participants", "-1")
    assert negative.exit_code == 2
    assert station("activity", "list", "--format", "json").json() == []
