"""The first level's tutorial: each step advances by its key, it can be skipped, it is shown once
(remembered in the settings), and help's T replays it."""

from __future__ import annotations

import pytest

from syncgame.play.catalog import load_catalog
from syncgame.play.progress import Progress
from syncgame.play.tutorial import STEPS, Tutorial
from syncgame.ui.screens.help import HelpScreen
from syncgame.ui.screens.play.screen import PlayScreen
from syncgame.ui.screens.verdict import VerdictScreen
from syncgame.ui.widgets.coach import Coach
from tests.ui.helpers import make_app, open_level, screen_name, sync, wait_for

pytestmark = pytest.mark.timeout(90)


@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


def coach_text(play: PlayScreen) -> str:
    return str(play.query_one(Coach).render())


def coach_on(play: PlayScreen) -> bool:
    return play.query_one(Coach).has_class("-on")


def test_steps_advance_only_in_order():
    tutorial = Tutorial()
    assert [step.event for step in STEPS] == ["run", "bug", "place", "submit"]
    assert not tutorial.did("bug") and tutorial.index == 0
    for step in STEPS:
        assert tutorial.did(step.event)
    assert tutorial.finished and tutorial.step is None and not tutorial.did("run")


@sync
async def test_the_tutorial_advances_step_by_step_by_keys(shipped):
    app = make_app(shipped, tutorial=True)
    first = shipped.ordered()[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, first)
        play = app.screen
        assert coach_on(play) and "Tutorial 1/4" in coach_text(play) and "Space" in coach_text(play)
        await pilot.press("space")
        assert "Tutorial 2/4" in coach_text(play) and " B " in coach_text(play)
        await pilot.press("h")  # not this step's key: nothing advances
        assert "Tutorial 2/4" in coach_text(play)
        await pilot.press("b")
        await wait_for(pilot, lambda: play.playback is not None, what="the bug")
        assert "Tutorial 3/4" in coach_text(play) and "Enter" in coach_text(play)
        await pilot.press("escape")  # back to editing
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "PlaceMenu", what="place menu")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is play and play.board.changed(), what="placed")
        assert "Tutorial 4/4" in coach_text(play) and " S " in coach_text(play)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), timeout=60)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is play, what="back to play")
        assert coach_on(play) and "Tutorial done" in coach_text(play)
        assert Progress.load().settings.tutorial_done
        await pilot.press("space")  # the last words go at the next thing done
        assert not coach_on(play)
        # shown once: the first level again, no tutorial
        await pilot.press("escape", "escape")
        await open_level(pilot, first)
        assert app.screen is not play and not coach_on(app.screen)


@sync
async def test_the_tutorial_can_be_skipped_and_replayed_from_help(shipped):
    app = make_app(shipped, tutorial=True)
    first = shipped.ordered()[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, first)
        play = app.screen
        assert coach_on(play)
        await pilot.press("k")
        assert not coach_on(play) and play.tutorial is None
        assert "tutorial skipped" in str(play.query_one("#play-status").render())
        assert Progress.load().settings.tutorial_done
        await pilot.press("space")  # the skipped tutorial does not come back
        assert not coach_on(play)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen) and app.screen is not play)
        replay = app.screen
        assert replay.level.id == first.id and "Tutorial 1/4" in coach_text(replay)


@sync
async def test_no_tutorial_on_other_levels(shipped):
    app = make_app(shipped, tutorial=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-abba"))
        assert not coach_on(app.screen) and app.screen.tutorial is None
