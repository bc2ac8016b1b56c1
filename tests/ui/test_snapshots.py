"""Snapshot tests of every screen and of key states (animations off: fixed frames).

The levels are the hand-written ones in `fixtures.py`, so a change to the shipped pack does not
move these pictures. Judge results are made in-process and given fixed timings.
Update with `python -m pytest tests/ui/test_snapshots.py --snapshot-update`, then look at them.
"""

from __future__ import annotations

from syncgame.judge import judge_level
from syncgame.play.judging import verdict_dict
from syncgame.play.placement import Board, Declare, Placement, Wrap
from syncgame.play.stars import score
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.screens.play.screen import PlayScreen
from syncgame.ui.screens.verdict import VerdictScreen
from tests.ui.fixtures import ABBA, COUNTER, SLOW, catalog
from tests.ui.helpers import make_app, wait_for

BIG = (120, 40)
SMALL = (80, 24)


def app():
    return make_app(catalog())


def test_title(snap_compare):
    assert snap_compare(app(), terminal_size=BIG)


def test_title_chinese(snap_compare):
    assert snap_compare(make_app(catalog(), lang="zh"), terminal_size=BIG)


def test_level_select(snap_compare):
    assert snap_compare(app(), press=["enter", "down"], terminal_size=BIG)


def test_help(snap_compare):
    assert snap_compare(app(), press=["question_mark"], terminal_size=BIG)


async def _open(pilot, level) -> PlayScreen:
    pilot.app.play_level(level)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
    return pilot.app.screen


def test_play_start(snap_compare):
    async def run_before(pilot):
        await _open(pilot, COUNTER)

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)


def test_play_start_small(snap_compare):
    async def run_before(pilot):
        await _open(pilot, COUNTER)

    assert snap_compare(app(), terminal_size=SMALL, run_before=run_before)


def test_place_menu(snap_compare):
    async def run_before(pilot):
        await _open(pilot, COUNTER)

    assert snap_compare(
        app(), press=["down", "shift+down", "enter"], terminal_size=BIG, run_before=run_before
    )


def test_placed_lock(snap_compare):
    async def run_before(pilot):
        await _open(pilot, COUNTER)
        await pilot.press("down", "shift+down", "enter")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "PlaceMenu")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)


async def _schedule(pilot, play: PlayScreen, keys: str) -> None:
    for key in keys:
        before = len(play.stepper.schedule)
        await pilot.press(key)
        await wait_for(pilot, lambda b=before: len(play.stepper.schedule) == b + 1)


def test_mid_run_waiting_on_a_lock(snap_compare):
    """Scheduler mode on the fixed counter: inc#0 holds the lock, inc#1 waits for it."""

    async def run_before(pilot):
        play = await _open(pilot, COUNTER)
        play.board.place(Placement((Declare("lock", "Lock()"), Wrap("inc", 2, 3, "lock"))))
        play._refresh_board()
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await _schedule(pilot, play, "12121")
        await wait_for(pilot, lambda: not play._stepping)

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)


def test_mid_run_waiting_on_a_lock_small(snap_compare):
    async def run_before(pilot):
        play = await _open(pilot, COUNTER)
        play.board.place(Placement((Declare("lock", "Lock()"), Wrap("inc", 2, 3, "lock"))))
        play._refresh_board()
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await _schedule(pilot, play, "12121")

    assert snap_compare(app(), terminal_size=SMALL, run_before=run_before)


def test_mid_run_chinese(snap_compare):
    async def run_before(pilot):
        play = await _open(pilot, COUNTER)
        play.board.place(Placement((Declare("lock", "Lock()"), Wrap("inc", 2, 3, "lock"))))
        play._refresh_board()
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await _schedule(pilot, play, "12121")

    assert snap_compare(make_app(catalog(), lang="zh"), terminal_size=BIG, run_before=run_before)


def _fixed(verdict: dict) -> dict:
    """Figures that change with the machine or the judge's version, pinned for the picture."""
    verdict["seconds"] = 0.25
    verdict["explored"] = 200
    return verdict


def test_deadlock_shown(snap_compare):
    """The AB-BA counterexample replayed to its end on the play stage."""
    trace = verdict_dict(judge_level(ABBA, "start", time_limit=10))["trace"]

    async def run_before(pilot):
        play = await _open(pilot, ABBA)
        play.start_replay(trace)
        play.playback.seek(len(play.playback.events) - 1)
        play.playing = False
        play._show_frame()

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)


def test_verdict_pass(snap_compare):
    board = Board(COUNTER)
    board.place(Placement((Declare("lock", "Lock()"), Wrap("inc", 2, 3, "lock"))))
    verdict = _fixed(verdict_dict(judge_level(COUNTER, "solution", solution=board.solution())))
    assert verdict["verdict"] == "pass"
    result = score(True, board.used_primitives(), verdict.get("makespan"), COUNTER.par)

    async def run_before(pilot):
        await _open(pilot, COUNTER)
        pilot.app.push_screen(VerdictScreen(COUNTER, verdict, board.draft, result))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, VerdictScreen))

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)


def test_verdict_fail_with_counterexample(snap_compare):
    board = Board(COUNTER)
    verdict = _fixed(verdict_dict(judge_level(COUNTER, "solution", solution=board.solution())))
    assert verdict["verdict"] == "fail"
    result = score(False, 0, None, COUNTER.par)

    async def run_before(pilot):
        await _open(pilot, COUNTER)
        pilot.app.push_screen(VerdictScreen(COUNTER, verdict, board.draft, result))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, VerdictScreen))
        # the end of the counterexample: the lost update and the false goal on the stage
        await pilot.press("end")
        playback = pilot.app.screen.playback
        await wait_for(pilot, lambda: playback.finished, what="the last step")

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)


def test_place_menu_grouped_by_primitive(snap_compare):
    """The AB-BA level's outer `with`: each lock's entries, then the code's own edits (swap
    lock order among them)."""

    async def run_before(pilot):
        await _open(pilot, ABBA)

    assert snap_compare(
        app(), press=["shift+down", "shift+down", "enter"], terminal_size=BIG, run_before=run_before
    )


def test_place_menu_filtered(snap_compare):
    async def run_before(pilot):
        await _open(pilot, ABBA)
        await pilot.press("shift+down", "shift+down", "enter")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "PlaceMenu")

    assert snap_compare(app(), press=[*"swap"], terminal_size=BIG, run_before=run_before)


def test_four_threads_at_one_lock(snap_compare):
    """Four threads: one inside the lock, three waiting for it; no label runs into another."""

    async def run_before(pilot):
        play = await _open(pilot, SLOW)
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await _schedule(pilot, play, "1122334")
        await wait_for(pilot, lambda: not play._stepping)

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)


def test_four_threads_at_one_lock_small(snap_compare):
    async def run_before(pilot):
        play = await _open(pilot, SLOW)
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await _schedule(pilot, play, "1122334")
        await wait_for(pilot, lambda: not play._stepping)

    assert snap_compare(app(), terminal_size=SMALL, run_before=run_before)


def test_locals_show_the_stale_value(snap_compare):
    """The unlocked counter by hand: both threads read 0 (`tmp=0` over each head), the first
    writes 1, and the second is about to write its stale `tmp + 1`."""

    async def run_before(pilot):
        play = await _open(pilot, COUNTER)
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await _schedule(pilot, play, "12121")
        await wait_for(pilot, lambda: not play._stepping)

    assert snap_compare(app(), terminal_size=BIG, run_before=run_before)
