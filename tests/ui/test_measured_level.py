"""A measured level (gil-cpu-bound) is solvable from the play screen by keys, and a level's
[helpers] are shown: pilot tests on the shipped levels."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from syncgame.play.catalog import load_catalog
from syncgame.ui.screens.judging import JudgingScreen
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.screens.play.screen import PlayScreen
from syncgame.ui.screens.verdict import VerdictScreen
from syncgame.ui.widgets.helpers_pane import HelpersPane
from syncgame.ui.widgets.mode_choice import ModeChoice
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


@sync
async def test_gil_cpu_bound_solved_by_keys_with_the_measuring_judge(shipped):
    app = make_app(shipped)
    level = shipped.by_id("gil-cpu-bound")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, level)
        play = app.screen
        choice = play.query_one(ModeChoice)
        assert choice.has_focus_within and choice.mode == "threads"  # the start's choice
        await pilot.press("n")  # a live run would say "livelock": it explains instead
        assert play.mode is Mode.EDIT and play.live is None
        assert "judged by timing" in str(play.query_one("#play-status").render())
        await pilot.press("down", "enter")  # choose processes
        assert choice.mode == "processes"
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, JudgingScreen), what="judging")
        judging = app.screen
        await wait_for(
            pilot,
            lambda: "timing" in str(judging.query_one("#judge-progress").render()),
            what="measuring progress",
        )
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), 120, "verdict")
        verdict = app.screen
        shown = str(verdict.query_one("#verdict-text").render())
        measured = verdict.verdict["measured"]
        assert measured["chosen"] == "processes"
        assert set(measured["seconds"]) == {"serial", "threads", "processes"}
        assert "processes" in shown and "← your choice" in shown and "core" in shown
        if verdict.verdict["reason"] == "busy":
            assert not verdict.passed and "NOT JUDGED" in shown and "too busy" in shown
            entry = app.progress.get(level.id)
            assert entry is None or not entry.attempts  # not counted as a failed attempt
            pytest.skip(
                f"machine too busy to measure (shown as such): {verdict.verdict['message']}"
            )
        assert verdict.passed, verdict.verdict["message"]
        assert "PASSED" in shown and verdict.score.stars == 3
    assert not multiprocessing.active_children()


@sync
async def test_submit_on_a_measured_level_can_be_cancelled(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("gil-cpu-bound"))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, JudgingScreen), what="judging")
        await wait_for(pilot, lambda: multiprocessing.active_children(), what="the measurer")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), what="play again")
        await wait_for(pilot, lambda: not multiprocessing.active_children(), what="it to stop")
        await pilot.pause(0.5)
        assert isinstance(app.screen, PlayScreen)  # a cancelled measurement brings no verdict


@sync
async def test_helpers_pane_is_visible_on_rlock_reentrant(shipped):
    app = make_app(shipped)
    level = shipped.by_id("rlock-reentrant")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, level)
        pane = app.screen.query_one(HelpersPane)
        assert pane.region.height > 3 and pane.region.width > 20  # on screen, not squeezed
        shown = str(pane.render())
        assert "def transfer(src, dst, n):" in shown and "def withdraw" in shown
        assert pane.border_title == "helpers" and "read-only" in pane.border_subtitle


def _children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the job processes")
@sync
async def test_quit_while_timing_processes_leaves_no_process_behind(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("gil-cpu-bound"))
        play = app.screen
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, JudgingScreen), what="judging")
        judging = app.screen
        await wait_for(
            pilot,
            lambda: "timing processes" in str(judging.query_one("#judge-progress").render()),
            timeout=60,
            what="the processes' timing",
        )
        (measurer,) = play._judging._judge.pids  # the one measuring process
        await wait_for(pilot, lambda: _children_of(measurer), what="the job processes")
        jobs = _children_of(measurer)
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in {measurer, *jobs}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in {measurer, *jobs} if _alive(pid)]


MASHED = [
    "up", "down", "left", "right", "enter", "tab", "shift+tab", "space", "n", "b", "m", "z",
    "y", "t", "p", "1", "2", "u", "plus", "minus", "home", "end", "shift+down", "backspace",
    "c", "e", "h", "r",
]  # fmt: skip


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@sync
async def test_measured_level_keys_never_run_the_task_under_the_scheduler(shipped, size):
    app = make_app(shipped)
    async with app.run_test(size=size) as pilot:
        await open_level(pilot, shipped.by_id("gil-cpu-bound"))
        play = app.screen
        choice = play.query_one(ModeChoice)
        assert choice.region.height >= 4 and choice.region.width >= 20  # both choices on screen
        for key in MASHED:
            await pilot.press(key)
            await pilot.pause(0.01)
            if app.screen is not play:  # a dialog opened by a key: close it
                await pilot.press("escape")
                await wait_for(pilot, lambda: app.screen is play, what="the play screen")
            assert play.live is None and play.stepper is None and play.playback is None
        assert app.is_running and choice.mode in ("threads", "processes")


@sync
async def test_mode_chosen_with_the_mouse(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("gil-cpu-bound"))
        choice = app.screen.query_one(ModeChoice)
        await pilot.click("#mode-processes")
        assert choice.mode == "processes"
        await pilot.click("#mode-threads")
        assert choice.mode == "threads"
