"""Lead events are not voided one by one (every later move and deadline rests on the one
before): ``wbz refer undo``, repeated, is the way to put a lead's history right, and its help
says so."""

from __future__ import annotations

from tests.conftest import Invoke


def test_refer_undo_help_names_it_the_way_to_correct_lead_events(station: Invoke) -> None:
    result = station("refer", "undo", "--help")
    assert result.exit_code == 0, result.stderr
    text = "".join(result.stdout.split())
    assert "改正办理经过的唯一方法" in text
    assert "逐次撤销" in text
    assert station("refer", "void", "L000001", "--reason", "x").exit_code == 2
