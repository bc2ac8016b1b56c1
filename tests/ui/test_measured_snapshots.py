"""Snapshots of a measured level's play screen and verdict, and of the helpers pane
(hand-written levels in `measured_fixtures.py`; timings injected, animations off).
Update with `--snapshot-update`, then look at each picture."""

from __future__ import annotations

from syncgame.judge import measure
from syncgame.play.judging import verdict_dict
from syncgame.play.placement import Board
from syncgame.play.stars import score
from syncgame.ui.screens.play.screen import PlayScreen
from syncgame.ui.screens.verdict import VerdictScreen
from tests.ui.helpers import make_app, wait_for
from tests.ui.measured_fixtures import GIL, HELPERS, catalog

BIG = (120, 40)
IDLE = {"serial": [1.0, 1.02, 0.98], "threads": [1.01, 1.0, 0.99], "processes": [0.52, 0.5, 0.51]}
BUSY = {"serial": [1.0, 1.1, 0.95], "threads": [1.0, 1.05, 1.0], "processes": [0.9, 0.95, 0.85]}


async def _open(pilot, level) -> PlayScreen:
    pilot.app.play_level(level)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
    return pilot.app.screen


def _measured(monkeypatch, rounds: dict, mode: str) -> dict:
    """A measured verdict from fixed timings, with this machine's cores and load pinned."""
    monkeypatch.setattr(measure, "measure_rounds", lambda *args, **kw: rounds)
    monkeypatch.setattr(measure.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(measure, "_load", lambda: 0.5)
    verdict = verdict_dict(measure.judge_measured(GIL, mode))
    verdict["seconds"] = 3.0
    return verdict


def test_measured_play_screen(snap_compare):
    async def run_before(pilot):
        await _open(pilot, GIL)
        await pilot.press("down", "enter")  # processes chosen

    assert snap_compare(make_app(catalog()), terminal_size=BIG, run_before=run_before)


def test_measured_verdict_pass(snap_compare, monkeypatch):
    verdict = _measured(monkeypatch, IDLE, "processes")
    assert verdict["verdict"] == "pass"
    result = score(True, 0, None, GIL.par)

    async def run_before(pilot):
        await _open(pilot, GIL)
        pilot.app.push_screen(VerdictScreen(GIL, verdict, Board(GIL).draft, result))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, VerdictScreen))

    assert snap_compare(make_app(catalog()), terminal_size=BIG, run_before=run_before)


def test_measured_verdict_busy(snap_compare, monkeypatch):
    verdict = _measured(monkeypatch, BUSY, "processes")
    assert verdict["reason"] == "busy"
    result = score(False, 0, None, GIL.par)

    async def run_before(pilot):
        await _open(pilot, GIL)
        pilot.app.push_screen(VerdictScreen(GIL, verdict, Board(GIL).draft, result))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, VerdictScreen))

    assert snap_compare(make_app(catalog()), terminal_size=BIG, run_before=run_before)


def test_helpers_pane(snap_compare):
    async def run_before(pilot):
        await _open(pilot, HELPERS)

    assert snap_compare(make_app(catalog()), terminal_size=BIG, run_before=run_before)
