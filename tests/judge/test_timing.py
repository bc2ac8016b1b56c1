"""The judge's time model: a sleep orders nothing, a timeout may fire at any moment, and only
the goals that read the clock (and busy-waiting) are judged with the nominal durations."""

from __future__ import annotations

import pytest

from syncgame.judge import judge
from syncgame.judge.timing import timings
from syncgame.level.model import Goal
from syncgame.program.program import Program, ThreadCode, reads_clock
from syncgame.runtime.scheduler import run
from syncgame.runtime.strategies import FirstEnabled, Replay


def program(threads: dict[str, str], goal: Goal, **options) -> Program:
    return Program(
        threads=[ThreadCode(name, code) for name, code in threads.items()], goal=goal, **options
    )


SLEEP_ORDERED = {
    "first": "shared.x = 1\n",
    "second": "sleep(1)\nshared.y = shared.x\n",
}
"""`second` sleeps so that `first` has written: right on the clock, wrong for real threads."""


def test_a_sleep_does_not_order_threads_under_real_time():
    goal = Goal(final=("shared.y == 1",))
    verdict = judge(program(SLEEP_ORDERED, goal, shared={"x": 0, "y": 0}), time_limit=10)
    assert (verdict.verdict, verdict.reason, verdict.timing) == ("fail", "assertion", "real")
    assert "second's sleep 1s ended before first moved" in verdict.message
    assert "a sleep() orders nothing" in verdict.message


def test_a_level_that_opts_in_to_exact_time_is_ordered_by_its_sleeps():
    goal = Goal(final=("shared.y == 1",), timing="exact")
    verdict = judge(program(SLEEP_ORDERED, goal, shared={"x": 0, "y": 0}), time_limit=10)
    assert verdict.passed and verdict.exhaustive, verdict.message


def test_a_timeout_may_fire_before_a_signal_that_comes_sooner_on_the_clock():
    threads = {
        "waiter": "if ev.wait(5):\n    shared.got = 'signal'\nelse:\n    shared.got = 'timeout'\n",
        "setter": "sleep(1)\nev.set()\n",
    }
    verdict = judge(
        program(
            threads,
            Goal(final=("shared.got == 'signal'",)),
            shared={"got": ""},
            primitives={"ev": "Event()"},
        ),
        time_limit=10,
    )
    assert (verdict.verdict, verdict.reason) == ("fail", "assertion")
    assert "timed out before setter moved" in verdict.message


def test_makespan_goals_are_judged_with_the_nominal_durations():
    threads = {"a": "work(1)\nshared.x = 1\n", "b": "work(2)\n"}
    ok = program(threads, Goal(final=("makespan <= 2",)), shared={"x": 0})
    verdict = judge(ok, time_limit=10)
    assert verdict.passed and verdict.exhaustive, verdict.message
    assert verdict.makespan == 2
    assert "whatever the delays" in verdict.message
    slow = program(threads, Goal(final=("makespan <= 1.5",)), shared={"x": 0})
    verdict = judge(slow, time_limit=10)
    assert (verdict.verdict, verdict.reason, verdict.timing) == ("fail", "assertion", "exact")
    assert "makespan=2" in verdict.message


def test_a_busy_wait_is_a_livelock_that_says_what_it_costs():
    threads = {
        "boss": "while shared.cups < 2:\n    pass\n",
        "worker": "for _ in range(2):\n    work(0.5)\n    shared.cups += 1\n",
    }
    verdict = judge(program(threads, Goal(), shared={"cups": 0}), time_limit=20)
    assert (verdict.verdict, verdict.reason, verdict.timing) == ("fail", "livelock", "exact")
    assert verdict.message.startswith("busy-wait: boss keeps looping on cups without ever waiting")
    assert "burns a CPU core" in verdict.message
    assert "worker's work 0.5s never ends while boss spins" in verdict.message


def test_a_counterexample_replays_under_the_timing_it_names():
    goal = Goal(final=("shared.y == 1",))
    start = program(SLEEP_ORDERED, goal, shared={"x": 0, "y": 0})
    verdict = judge(start, time_limit=10)
    example = verdict.counterexample
    assert verdict.to_json()["counterexample"]["timing"] == "real"
    again = run(start.with_timing(verdict.timing), Replay(example.schedule, example.durations))
    assert again.schedule == example.schedule
    assert again.outcome.shared == example.outcome.shared
    diverged = run(start.with_timing("exact"), Replay(example.schedule, example.durations))
    assert diverged.outcome.kind == "error"  # on the clock this schedule cannot happen


def test_under_real_time_a_sleeping_thread_may_move_at_once_and_the_clock_follows_it():
    threads = {"sleeper": "sleep(2)\nshared.x = 1\n", "other": "shared.y = 1\n"}
    start = program(threads, Goal(), shared={"x": 0, "y": 0}, timing="real")
    trace = run(start, Replay(["sleeper", "sleeper", "sleeper"], then=FirstEnabled()))
    assert trace.schedule[:3] == ["sleeper", "sleeper", "sleeper"]
    sleeper_write = next(e for e in trace.events if e["op"] == "write" and e["obj"] == "x")
    assert sleeper_write["time"] == 2  # a possible time: the other thread was the slow one
    on_time = run(start.with_timing("exact"), FirstEnabled())
    writes = [e["obj"] for e in on_time.events if e["op"] == "write"]
    assert writes == ["y", "x"]


@pytest.mark.parametrize(
    ("code", "primitives", "goal", "uses"),
    [
        ("shared.x = 1\n", {}, Goal(), False),
        ("with lock:\n    shared.x = 1\n", {"lock": "Lock()"}, Goal(), False),
        ("q.put(1)\nq.get()\n", {"q": "Queue()"}, Goal(), False),
        ("sleep(1)\n", {}, Goal(), True),
        ("work(1, 2)\n", {}, Goal(), True),
        ("ev.wait(1)\n", {"ev": "Event()"}, Goal(), True),
        ("lock.acquire(timeout=1)\n", {"lock": "Lock()"}, Goal(), True),
        ("q.get(True, 1)\n", {"q": "Queue()"}, Goal(), True),
        ("gate.wait()\n", {"gate": "Barrier(1, timeout=2)"}, Goal(), True),
        ("shared.x = 1\n", {}, Goal(final=("makespan <= 1",)), True),
        ("shared.x = 1\n", {}, Goal(max_makespan=1.0), True),
    ],
)
def test_uses_clock_sees_every_way_time_can_matter(code, primitives, goal, uses):
    start = program({"t": code}, goal, shared={"x": 0}, primitives=primitives)
    assert start.uses_clock is uses
    assert [p.timing for p in timings(start)] == (["real", "exact"] if uses else ["real"])


def test_real_time_leaves_out_only_the_goals_that_read_the_clock():
    goal = Goal(
        final=("shared.x == 1", "makespan <= 2"),
        final_lines=(10, 11),
        always=("shared.x >= 0",),
        max_makespan=3.0,
    )
    real = program({"t": "shared.x = 1\n"}, goal, shared={"x": 0}).with_timing("real")
    assert real.goal.final == ("shared.x == 1",)
    assert real.goal.final_lines == (10,)
    assert real.goal.always == ("shared.x >= 0",)
    assert real.goal.max_makespan is None
    assert reads_clock("makespan <= 2") and not reads_clock("shared.makespan_x == 1")
