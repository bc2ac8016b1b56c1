"""No thread outlives a run by more than a second, however the run ends."""

from __future__ import annotations

import threading
import time

from syncgame.level.model import Goal
from syncgame.runtime.scheduler import Run, run
from syncgame.runtime.strategies import FirstEnabled, RandomStrategy, Replay, Strategy

from .conftest import wait_for_thread_count
from .helpers import program


def assert_back(baseline: int) -> None:
    count, waited = wait_for_thread_count(baseline, within=1.0)
    assert count == baseline, f"{count - baseline} thread(s) still alive after {waited:.2f} s"
    names = [t.name for t in threading.enumerate() if t.name.startswith("syncgame")]
    assert names == []


def test_finished(thread_baseline):
    prog = program(
        {"inc": ("for _ in range(3):\n    with l:\n        shared.c += 1\n", 4)},
        shared={"c": 0},
        primitives={"l": "Lock()"},
    )
    trace = run(prog, RandomStrategy(1))
    assert (trace.outcome.kind, trace.outcome.shared) == ("finished", {"c": 12})
    assert_back(thread_baseline)


def test_deadlocked(thread_baseline):
    prog = program(
        {
            "a": "with la:\n    sleep(1)\n    with lb:\n        pass\n",
            "b": "with lb:\n    sleep(1)\n    with la:\n        pass\n",
            "c": "with cond:\n    cond.wait()\n",
            "d": "ev.wait()\n",
        },
        primitives={"la": "Lock()", "lb": "Lock()", "cond": "Condition()", "ev": "Event()"},
    )
    trace = run(prog, FirstEnabled())
    assert trace.outcome.kind == "deadlock"
    assert trace.outcome.deadlock["waiting"] == {"a": "lb", "b": "la", "c": "cond", "d": "ev"}
    assert_back(thread_baseline)


def test_raised(thread_baseline):
    prog = program(
        {
            "a": "raise ValueError('boom')\n",
            "b": "with l:\n    shared.x = 1 / 0\n",
            "c": "sleep(1)\nl.release()\n",
        },
        shared={"x": 0},
        primitives={"l": "Lock()"},
    )
    trace = run(prog, FirstEnabled())
    assert trace.outcome.kind == "exception"
    assert sorted((e["thread"], e["type"]) for e in trace.outcome.exceptions) == [
        ("a", "ValueError"),
        ("b", "ZeroDivisionError"),
        ("c", "RuntimeError"),
    ]
    assert_back(thread_baseline)


class SlowFirstEnabled(Strategy):
    """FirstEnabled that takes its time over each choice: a run that lasts in wall time."""

    def __init__(self, delay: float):
        self.delay = delay

    def choose(self, choice):
        time.sleep(self.delay)
        return FirstEnabled().choose(choice)


# Many steps, no loop (the spinning case is below), and threads blocked, sleeping and not yet
# started when the run is stopped.
LONG_STRAIGHT_RUN = program(
    {
        "waiter": "ev.wait()\n",
        "stuck": "with cond:\n    cond.wait()\n",
        "writer": "".join(f"shared.x = {i}\n" for i in range(300)),
        "sleeper": "sleep(10 ** 9)\n",
    },
    shared={"x": -1},
    primitives={"ev": "Event()", "cond": "Condition()"},
)


def test_aborted_from_outside(thread_baseline):
    the_run = Run(LONG_STRAIGHT_RUN, SlowFirstEnabled(0.002), wall_timeout=30.0)
    stopper = threading.Timer(0.2, the_run.stop)
    stopper.start()
    started = time.monotonic()
    trace = the_run.execute()
    elapsed = time.monotonic() - started
    stopper.join()
    assert (trace.outcome.kind, trace.outcome.message) == ("aborted", "stopped from outside")
    assert 10 < trace.outcome.steps < 300
    assert elapsed < 1.0
    assert_back(thread_baseline)


def test_wall_time_budget(thread_baseline):
    started = time.monotonic()
    trace = run(LONG_STRAIGHT_RUN, SlowFirstEnabled(0.002), wall_timeout=0.2)
    assert time.monotonic() - started < 1.0
    assert (trace.outcome.kind, trace.outcome.message) == (
        "budget",
        "the run took longer than 0.2 s",
    )
    assert_back(thread_baseline)


def test_aborted_from_outside_while_a_thread_spins(thread_baseline):
    prog = program(
        {"spin": "while True:\n    x = sum(range(2000))\n", "waiter": "ev.wait()\n"},
        primitives={"ev": "Event()"},
    )
    the_run = Run(prog, FirstEnabled(), wall_timeout=0.2)
    stopper = threading.Timer(0.05, the_run.stop)
    stopper.start()
    try:
        started = time.monotonic()
        trace = the_run.execute()
        elapsed = time.monotonic() - started
        stopper.join()
        assert (trace.outcome.kind, trace.outcome.message) == ("aborted", "stopped from outside")
        assert elapsed < 1.0
        assert_back(thread_baseline)
    finally:  # free the threads the bug leaves blocked, so that later tests start clean
        the_run._ended = True
        for worker in the_run.workers:
            if worker.go.locked():
                worker.go.release()


def test_wall_time_budget_while_a_thread_spins(thread_baseline):
    prog = program(
        {"spin": "while True:\n    x = sum(range(2000))\n", "waiter": "ev.wait()\n"},
        primitives={"ev": "Event()"},
    )
    started = time.monotonic()
    trace = run(prog, FirstEnabled(), wall_timeout=0.2)
    assert time.monotonic() - started < 1.0
    assert (trace.outcome.kind, trace.outcome.message) == (
        "budget",
        "the run took longer than 0.2 s",
    )
    assert_back(thread_baseline)


def test_livelocked(thread_baseline):
    prog = program(
        {"a": "while not shared.flag:\n    sleep(0)\n", "b": "while not shared.flag:\n    pass\n"},
        shared={"flag": False},
        goal=Goal(max_steps=2000),
    )
    trace = run(prog, RandomStrategy(3), record=False)
    assert trace.outcome.kind == "budget"
    assert trace.outcome.message == "the program did not finish within 2,000 steps"
    assert_back(thread_baseline)


def test_infinite_loop_without_a_scheduling_point(thread_baseline):
    prog = program(
        {"spin": "while True:\n    pass\n", "other": "ev.wait()\n"},
        primitives={"ev": "Event()"},
    )
    started = time.monotonic()
    trace = run(prog, FirstEnabled())
    assert time.monotonic() - started < 5.0
    assert trace.outcome.kind == "budget"
    assert trace.outcome.message == ("spin ran more than 200,000 loop iterations in one run")
    assert_back(thread_baseline)


def test_paused(thread_baseline):
    prog = program({"t": ("with l:\n    sleep(1)\n", 3)}, primitives={"l": "Lock()"})
    trace = run(prog, FirstEnabled(), stop_after=4)
    assert (trace.outcome.kind, trace.outcome.steps) == ("paused", 4)
    assert_back(thread_baseline)


def test_invariant_broken(thread_baseline):
    prog = program(
        {"t": ("with l:\n    shared.x += 1\n    shared.x -= 1\n", 3)},
        shared={"x": 0},
        primitives={"l": "Lock()"},
        goal=Goal(always=("shared.x == 0",)),
    )
    trace = run(prog, FirstEnabled())
    assert trace.outcome.kind == "invariant"
    assert_back(thread_baseline)


def test_replay_that_does_not_fit(thread_baseline):
    prog = program(
        {"a": "with l:\n    sleep(1)\n", "b": "with l:\n    sleep(1)\n"}, primitives={"l": "Lock()"}
    )
    trace = run(prog, Replay(["a", "a", "b", "nobody"]))
    assert (trace.outcome.kind, trace.outcome.message) == (
        "error",
        "step 3: nobody is not enabled (enabled: ['b'])",  # a sleeps until 1
    )
    assert_back(thread_baseline)


def test_many_runs_in_a_row(thread_baseline):
    prog = program(
        {
            "a": "with la:\n    with lb:\n        pass\n",
            "b": "with lb:\n    with la:\n        pass\n",
        },
        primitives={"la": "Lock()", "lb": "Lock()"},
    )
    kinds = {run(prog, RandomStrategy(seed), record=False).outcome.kind for seed in range(200)}
    assert kinds == {"finished", "deadlock"}
    assert_back(thread_baseline)
