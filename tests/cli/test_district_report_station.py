"""A station's real submission (``wbz report monthly --format package``) loaded into the
district gives back, in ``wbz district report``, the figures the station's own report shows:
the two sides of issue 21 agree on every key."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.district_files import district, make_district
from tests.conftest import Invoke, make_id


def ok(result: object) -> object:
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    return result


def test_one_stations_package_reported_by_the_district_equals_its_own_report(
    station: Invoke, tmp_path: Path
) -> None:
    db, _ = make_district(tmp_path)
    wbz = station
    children = []
    for n, (cats, risk) in enumerate(
        [(("left_behind", "difficult"), "red"), (("orphan",), "green"), (("migrant",), "yellow")],
        1,
    ):
        args = [
            "register",
            "--name",
            f"测试{n}",
            "--id-number",
            make_id("2014-03-01", n),
            "--on",
            "2026-09-10",
            "--risk",
            risk,
            "--community",
            f"第{n}村",
        ]
        for cat in cats:
            args += ["--category", cat]
        children.append(json.loads(ok(wbz(*args, "--format", "json")).stdout)["child"])
    ok(wbz("visit", "add", children[0], "-m", "home", "--on", "2026-10-12"))
    ok(
        wbz(
            "subsidy",
            "add",
            children[1],
            "--type",
            "orphan",
            "--month",
            "2026-10",
            "--amount",
            "1234.56",
        )
    )
    ok(
        wbz(
            "refer",
            "add",
            children[2],
            "--type",
            "schooling",
            "--source",
            "school",
            "--on",
            "2026-10-08",
        )
    )
    ok(wbz("init", "--district-key", str(tmp_path / "district.key")))
    package = tmp_path / "本站-2026-10.wbzpkg"
    ok(wbz("report", "monthly", "--month", "2026-10", "--format", "package", "--out", package))
    ok(district(db, "import", str(package)))
    own = json.loads(ok(wbz("report", "monthly", "--month", "2026-10", "-f", "json")).stdout)
    rolled = district(db, "report", "monthly", "--month", "2026-10", "-f", "json").json()
    assert rolled["stations_submitted"] == 1 and rolled["missing_stations"] == []
    assert rolled["children"]["active"] == 3 and rolled["subsidies"]["amount_yuan"] == "1234.56"
    for section in own:
        if section not in ("station", "month"):
            assert rolled[section] == own[section], section
