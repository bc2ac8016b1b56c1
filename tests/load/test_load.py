"""Load: the most threads a level may have, a run of ten thousand steps, and judging levels
back to back in one process with nothing left behind (threads, processes, file handles,
memory), counted with `threading.active_count()`, `multiprocessing.active_children()` and
/proc/self/fd.

The default run keeps these short; the whole shipped pack judged back to back (slow) is
behind the `soak` marker:

    python -m pytest -m soak tests/load
"""

from __future__ import annotations

import asyncio
import gc
import json
import multiprocessing
import os
import threading
import time

import pytest

from syncgame.judge import judge_level
from syncgame.judge.background import BackgroundJudge
from syncgame.level.loader import discover_levels, parse_level
from syncgame.paths import levels_dir
from syncgame.play.catalog import Catalog
from syncgame.play.playback import Playback
from syncgame.program.program import Program
from syncgame.runtime.scheduler import run
from syncgame.runtime.strategies import FirstEnabled, RandomStrategy
from syncgame.sandbox import resident_memory
from syncgame.ui.screens.play.modes import Mode

pytestmark = pytest.mark.timeout(300)

HEAD = """format = 1
id = "{id}"
chapter = "Lock"
order = 1
notes_section = "Lock类"

[title]
en = "Load"
zh = "负载"

[briefing]
en = "Many threads, many steps."
zh = "很多线程，很多步。"

[shared]
counter = 0

[primitives]
lock = "Lock()"

[[threads]]
name = "worker"
instances = {instances}
code = '''
{code}'''

[goal]
final = ["shared.counter == {expected}"]
max_steps = {max_steps}
"""


def _level(level_id: str, instances: int, code: str, expected: int, max_steps: int = 10_000):
    text = HEAD.format(
        id=level_id, instances=instances, code=code, expected=expected, max_steps=max_steps
    )
    return parse_level(text, f"{level_id}.toml")


SIXTY_FOUR = "with lock:\n    shared.counter = shared.counter + 1\n"
TEN_THOUSAND = "for i in range(4999):\n    shared.counter = shared.counter + 1\n"


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


def settle(threads: int, timeout: float = 5.0) -> tuple[int, list]:
    """Thread count and child processes once the game's helpers have ended (or timed out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if threading.active_count() <= threads and not multiprocessing.active_children():
            break
        time.sleep(0.05)
    return threading.active_count(), multiprocessing.active_children()


# --- 64 threads ---------------------------------------------------------------------------------


def test_sixty_four_threads_run_and_are_judged():
    level = _level("sixty-four", 64, SIXTY_FOUR, 64)
    program = Program.from_level(level, "start")
    assert len(program.thread_ids()) == 64
    threads = settle(threading.active_count())[0]  # earlier tests' helpers have ended
    for seed in range(3):
        started = time.monotonic()
        trace = run(program, RandomStrategy(seed))
        assert trace.outcome.kind == "finished" and not trace.outcome.failed_goals
        assert time.monotonic() - started < 5.0
        assert len(trace.events[-1]["snapshot"]["threads"]) == 64
    started = time.monotonic()
    verdict = judge_level(level, "start", time_limit=3.0)
    assert verdict.verdict == "pass" and not verdict.exhaustive  # far too many schedules
    assert time.monotonic() - started < 3.0 + 5.0
    count, children = settle(threads)
    assert count <= threads and children == []


def test_sixty_four_threads_on_the_stage():
    from tests.ui.helpers import make_app, open_level, wait_for

    level = _level("sixty-four", 64, SIXTY_FOUR, 64)

    async def play():
        app = make_app(Catalog(levels=[level]))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_level(pilot, level)
            screen = app.screen
            await pilot.press("plus", "plus", "plus", "plus", "space")
            await wait_for(
                pilot, lambda: screen.playback is not None and screen.playback.index > 30
            )
            for size in ((80, 24), (40, 12), (120, 40)):
                await pilot.resize_terminal(*size)
                await pilot.pause(0.05)
            await pilot.press("escape", "m")  # scheduler mode with 64 threads to pick from
            await wait_for(
                pilot, lambda: screen.mode is Mode.SCHEDULER and screen.stepper is not None
            )
            assert len(screen.stepper.enabled()) == 64
            return app.is_running

    assert asyncio.run(play())


# --- 10,000 steps -------------------------------------------------------------------------------


def test_a_run_of_ten_thousand_steps():
    level = _level("ten-thousand", 1, TEN_THOUSAND, 4999, max_steps=10_000)
    program = Program.from_level(level, "start")
    started = time.monotonic()
    trace = run(program, FirstEnabled())
    seconds = time.monotonic() - started
    assert trace.outcome.kind == "finished" and not trace.outcome.failed_goals
    assert len(trace.schedule) == 9_999  # start, then a read and a write per pass
    assert seconds < 8.0
    data = trace.to_json()
    assert len(json.dumps(data)) < 20_000_000
    playback = Playback.from_trace({"shared": {"counter": 0}}, data)
    playback.seek(len(playback.events) - 1)
    assert playback.finished and playback.snapshot()["shared"]["counter"] == 4999
    # one more pass is one step too many: the step budget says so
    over = _level("ten-thousand", 1, TEN_THOUSAND.replace("4999", "5000"), 5000, 10_000)
    trace = run(Program.from_level(over, "start"), FirstEnabled(), record=False)
    assert trace.outcome.kind == "budget"
    assert trace.outcome.message == "the program did not finish within 10,000 steps"


def test_ten_thousand_steps_are_judged_within_the_time_limit():
    level = _level("ten-thousand", 1, TEN_THOUSAND, 4999, max_steps=10_000)
    started = time.monotonic()
    verdict = judge_level(level, "start", time_limit=3.0)
    assert verdict.verdict == "pass" and verdict.exhaustive  # one thread: one schedule
    assert time.monotonic() - started < 10.0


# --- back to back -------------------------------------------------------------------------------

QUICK_LEVELS = ("lock-counter", "lock-abba", "event-boss-cups", "condition-missed-signal")


def _judge_back_to_back(levels, rounds: int, time_limit: float, background: bool) -> None:
    for _ in range(rounds):
        for level in levels:
            for variant in ("start", "reference"):
                if background:
                    program = Program.from_level(level, variant)
                    verdict = BackgroundJudge(program, time_limit=time_limit).start().wait(60)
                else:
                    verdict = judge_level(level, variant, time_limit=time_limit)
                assert verdict is not None and verdict.verdict in ("pass", "fail")
                assert verdict.reason != "error", verdict.message


def _leaks(work, warm_up) -> dict:
    """What `work` leaves behind, measured after `warm_up` ran once (imports, caches)."""
    warm_up()
    threads = settle(threading.active_count())[0]
    gc.collect()
    before = {"fds": fd_count(), "memory": resident_memory() or 0}
    work()
    after_threads, children = settle(threads)
    gc.collect()
    return {
        "threads": after_threads - threads,
        "processes": children,
        "fds": fd_count() - before["fds"],
        "memory": (resident_memory() or 0) - before["memory"],
    }


@pytest.fixture(scope="module")
def quick_levels():
    by_id = {level.id: level for level in discover_levels(levels_dir())}
    return [by_id[level_id] for level_id in QUICK_LEVELS]


def test_judging_back_to_back_in_process_leaks_nothing(quick_levels):
    leaks = _leaks(
        lambda: _judge_back_to_back(quick_levels, 3, 0.5, background=False),
        lambda: _judge_back_to_back(quick_levels[:1], 1, 0.5, background=False),
    )
    assert leaks["threads"] <= 0 and leaks["processes"] == [] and leaks["fds"] <= 0, leaks
    assert leaks["memory"] < 40 * 2**20, leaks


def test_judging_back_to_back_in_worker_processes_leaks_nothing(quick_levels):
    leaks = _leaks(
        lambda: _judge_back_to_back(quick_levels[:2], 2, 0.5, background=True),
        lambda: _judge_back_to_back(quick_levels[:1], 1, 0.5, background=True),
    )
    assert leaks["threads"] <= 0 and leaks["processes"] == [] and leaks["fds"] <= 0, leaks
    assert leaks["memory"] < 40 * 2**20, leaks


@pytest.mark.soak
def test_every_shipped_level_judged_back_to_back_leaks_nothing():
    levels = [lv for lv in discover_levels(levels_dir()) if lv.measure is None]
    leaks = _leaks(
        lambda: _judge_back_to_back(levels, 2, 3.0, background=False),
        lambda: _judge_back_to_back(levels[:2], 1, 1.0, background=False),
    )
    assert leaks["threads"] <= 0 and leaks["processes"] == [] and leaks["fds"] <= 0, leaks
    assert leaks["memory"] < 60 * 2**20, leaks


@pytest.mark.soak
def test_every_shipped_level_judged_in_worker_processes_leaks_nothing():
    levels = [lv for lv in discover_levels(levels_dir()) if lv.measure is None]
    leaks = _leaks(
        lambda: _judge_back_to_back(levels, 1, 3.0, background=True),
        lambda: _judge_back_to_back(levels[:1], 1, 1.0, background=True),
    )
    assert leaks["threads"] <= 0 and leaks["processes"] == [] and leaks["fds"] <= 0, leaks
    assert leaks["memory"] < 60 * 2**20, leaks


@pytest.mark.soak
def test_the_measured_level_back_to_back_leaks_nothing():
    [gil] = [lv for lv in discover_levels(levels_dir()) if lv.measure is not None]

    def judge_both() -> None:
        for mode in gil.measure.choices:
            assert judge_level(gil, mode=mode).verdict in ("pass", "fail")

    leaks = _leaks(judge_both, judge_both)
    assert leaks["threads"] <= 0 and leaks["processes"] == [] and leaks["fds"] <= 0, leaks
