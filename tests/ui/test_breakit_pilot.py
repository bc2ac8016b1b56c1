"""Break-it challenges played by keys: X opens the challenge on the start code, number keys
schedule the threads, and only the level's failure within the switches allowed is a win."""

from __future__ import annotations

import pytest

from syncgame.play.catalog import load_catalog
from syncgame.play.progress import Progress
from syncgame.ui.screens.level_select import LevelSelectScreen
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.screens.play.screen import PlayScreen
from syncgame.ui.widgets.challenge_bar import ChallengeBar
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(90)

# number keys: 1 = the first thread (inc#0, pay), 2 = the second (inc#1, refund)
LOST_UPDATE_KEYS = "11" + "2" * 7 + "1" * 5
ABBA_KEYS = "112221"


@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


async def start_challenge(pilot) -> PlayScreen:
    play = pilot.app.screen
    await pilot.press("x")
    await wait_for(
        pilot,
        lambda: play.breakit is not None and play.stepper is not None and not play._stepping,
        what="the challenge",
    )
    return play


async def pick(pilot, play: PlayScreen, key: str) -> None:
    before = len(play.stepper.schedule)
    await pilot.press(key)
    await wait_for(pilot, lambda: len(play.stepper.schedule) == before + 1 and not play._stepping)


def bar_text(play: PlayScreen) -> str:
    return str(play.query_one(ChallengeBar).render())


def saved(level_id: str):
    return Progress.load().challenges.get(level_id)


@pytest.mark.parametrize(
    ("level_id", "keys", "failure"),
    [("lock-counter", LOST_UPDATE_KEYS, "assertion"), ("lock-abba", ABBA_KEYS, "deadlock")],
)
@sync
async def test_a_challenge_is_won_by_keys(shipped, level_id, keys, failure):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id(level_id))
        play = await start_challenge(pilot)
        assert play.mode is Mode.SCHEDULER
        assert play.breakit.failure == failure and play.breakit.fewest == 1
        assert "Break it" in bar_text(play) and "switches 0/3" in bar_text(play)
        for key in keys:
            await pick(pilot, play, key)
        assert play.stepper.outcome is not None and play.stepper.reason == failure
        assert play.breakit_result.won and play.breakit_result.stars == 3
        assert "Broken!" in bar_text(play) and "★★★" in bar_text(play)
        assert "switches 1/3" in bar_text(play)
    record = saved(level_id)
    assert record.won and record.stars == 3 and record.switches == 1 and record.tries == 1


@sync
async def test_too_many_switches_is_not_a_win(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-abba"))
        play = await start_challenge(pilot)
        # pay and refund take turns at every step: the deadlock, with 4 switches
        for key in "1212121":
            if play.stepper.outcome is not None:
                break
            if key == "1" and "pay" not in play.stepper.enabled():
                key = "2"
            await pick(pilot, play, key)
        while play.stepper.outcome is None:
            await pick(pilot, play, "1" if "pay" in play.stepper.enabled() else "2")
        assert play.stepper.reason == "deadlock" and play.stepper.preemptions > 3
        assert not play.breakit_result.won and play.breakit_result.why == "too_many"
        assert "Not won" in bar_text(play)
    record = saved("lock-abba")
    assert record is not None and not record.won and record.stars == 0 and record.tries == 1


@sync
async def test_another_failure_or_none_is_not_a_win(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-abba"))
        play = await start_challenge(pilot)
        # pay runs to its end, then refund: both transfers finish, no deadlock
        while play.stepper.outcome is None:
            await pick(pilot, play, "1" if "pay" in play.stepper.enabled() else "2")
        assert play.stepper.reason is None and play.stepper.preemptions == 0
        assert not play.breakit_result.won and play.breakit_result.why == "none"
        assert "met every goal" in bar_text(play)
        # Esc ends the challenge and restores the player's code: nothing is shown any more
        await pilot.press("escape")
        assert play.breakit is None and play.mode is Mode.EDIT
        assert not play.query_one(ChallengeBar).has_class("-on")
    assert not saved("lock-abba").won


@sync
async def test_level_select_break_it_track(shipped):
    app = make_app(shipped)
    progress = Progress.load()
    progress.record_challenge("lock-counter", won=True, stars=2, switches=2, limit=3)
    progress.settings.unlock_all = True  # lock-counter is not in the first chapter
    app.progress = progress
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(LevelSelectScreen(select="lock-counter"))
        await pilot.pause()
        select = app.screen
        await pilot.press("x")
        assert select.breakit_track
        assert "Break it" in str(select.query_one("#select-title").render())
        assert "★★☆" in str(select.query_one("#level-info").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), what="play screen")
        play = app.screen
        await wait_for(pilot, lambda: play.breakit is not None and play.stepper is not None)
        assert play.breakit.level_id == "lock-counter"


@sync
async def test_a_run_started_while_the_judge_measures_is_not_taken_over(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-abba"))
        play = app.screen
        await pilot.press("x", "space")  # the player runs the code before the judge answers
        await wait_for(pilot, lambda: "lock-abba" in getattr(app, "_breakit_fewest", {}))
        await pilot.pause(0.2)
        assert play.mode is Mode.LIVE and play.breakit is None
        await pilot.press("x")  # measured once: the challenge opens at once
        await wait_for(pilot, lambda: play.breakit is not None and play.stepper is not None)
        assert play.mode is Mode.SCHEDULER
