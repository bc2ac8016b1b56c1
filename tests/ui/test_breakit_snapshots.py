"""Snapshots of the break-it challenge (animations off; the judge's fewest switches given, so no
judge runs). Update with `--snapshot-update`, then look at them."""

from __future__ import annotations

from dataclasses import replace

from syncgame.play.catalog import Catalog
from syncgame.ui.screens.play.screen import PlayScreen
from tests.ui.fixtures import ABBA, BOSS, COUNTER, POOL, catalog
from tests.ui.helpers import make_app, wait_for

BIG = (120, 40)
BREAKABLE = replace(ABBA, goal=replace(ABBA.goal, start_fails="deadlock"))


def app():
    application = make_app(catalog())
    application._breakit_fewest = {BREAKABLE.id: 1}
    return application


async def _challenge(pilot, keys: str) -> PlayScreen:
    pilot.app.play_level(BREAKABLE)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
    play = pilot.app.screen
    await pilot.press("x")
    await wait_for(pilot, lambda: play.stepper is not None and not play._stepping)
    for key in keys:
        before = len(play.stepper.schedule)
        await pilot.press(key)
        await wait_for(
            pilot, lambda b=before: len(play.stepper.schedule) == b + 1 and not play._stepping
        )
    return play


def test_challenge_goal_and_switches(snap_compare):
    async def run_before(pilot):
        await _challenge(pilot, "112")

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)


def test_challenge_won(snap_compare):
    async def run_before(pilot):
        play = await _challenge(pilot, "112221")
        assert play.breakit_result is not None and play.breakit_result.won

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)


def test_challenge_lost_small(snap_compare):
    """80x24: a deadlock reached with too many switches is not a win, and says why."""

    async def run_before(pilot):
        play = await _challenge(pilot, "121212")
        assert play.breakit_result is not None and play.breakit_result.why == "too_many"

    assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)


def test_challenge_won_chinese(snap_compare):
    async def run_before(pilot):
        await _challenge(pilot, "112221")

    application = make_app(catalog(), lang="zh")
    application._breakit_fewest = {BREAKABLE.id: 1}
    assert snap_compare(application, terminal_size=BIG, run_before=run_before)


def test_level_select_break_it_track(snap_compare):
    """The track: challenge stars where won, "no challenge" where the start cannot fail."""
    counter = replace(COUNTER, goal=replace(COUNTER.goal, start_fails="assertion"))
    levels = [counter, BREAKABLE, BOSS, POOL]

    async def run_before(pilot):
        pilot.app.progress.settings.unlock_all = True
        pilot.app.progress.record_challenge(BREAKABLE.id, won=True, stars=2, switches=2, limit=3)
        await pilot.press("enter", "x", "down", "down")

    assert snap_compare(make_app(Catalog(levels=levels)), terminal_size=BIG, run_before=run_before)
