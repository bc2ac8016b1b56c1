"""Random small programs: the judge against plain enumeration of every schedule.

Each program has two or three threads over two shared integers, a Lock and an Event, and a
final goal. The oracle (conftest.enumerate_runs) runs every schedule with no reduction; the
judge must agree: a fail exactly when some schedule fails, with the fewest preemptions and,
among those, the fewest steps; a pass proved exhaustively.

The default run checks a few dozen seeds; `pytest -m fuzz tests/judge` checks many more.
"""

from __future__ import annotations

import random

import pytest

from syncgame.judge.core import judge
from syncgame.level.model import Goal
from syncgame.program.program import Program, ThreadCode

from .conftest import TooManyRuns, enumerate_as_judged, enumerate_runs

STATEMENTS = [
    "tmp = shared.x\nshared.x = tmp + 1\n",
    "shared.y = shared.x\n",
    "shared.x = shared.y + 1\n",
    "with lock:\n    tmp = shared.x\n    shared.x = tmp + 1\n",
    "with lock:\n    shared.y = shared.y + shared.x\n",
    "if shared.x > 0:\n    shared.y = 1\n",
    "ev.set()\n",
    "ev.wait()\n",
    "ev.wait(0.5)\n",
    "sleep(0.25)\n",
    "work(0.1, 0.4)\n",
    "lock.acquire()\nshared.x = shared.x + 1\nlock.release()\n",
]
RICH = [
    "with cond:\n    while shared.x == 0:\n        cond.wait(0.5)\n",
    "with cond:\n    shared.x = shared.x + 1\n    cond.notify()\n",
    "with cond:\n    cond.notify_all()\n",
    "sem.acquire()\nshared.y = shared.y + 1\nsem.release()\n",
    "if me == 0:\n    shared.x = 5\n",
    "with rl:\n    with rl:\n        shared.y = shared.x\n",
    "box.put(me)\n",
    "shared.y = box.get(timeout=0.5)\n",
    "bar.wait(0.5)\n",
    "tmp = shared.x\nshared.x = tmp + 1\n",
]
HELD = [
    "shared.y = get() * 2 + get()\n",
    "shared.y = (shared.x * 2 +\n    shared.x)\n",
    "tmp = shared.x\nshared.y = tmp * 2 + shared.x\n",
    "shared.y = (2 if shared.x else 0) + get()\n",
    "shared.x = bump(get())\n",
    "tmp = shared.y\nshared.y = tmp + (tmp := shared.x)\n",
    "with lock:\n    shared.x = shared.x + 1\n",
    "shared.x = 1\nshared.x = 0\n",
]
"""Statements that hold values on the evaluation stack across a scheduling point: a helper's
result, a second line, a variable read and then dead, a walrus (runtime/held.py)."""

HELD_GOALS = ["shared.y != {n}", "shared.y != {n} + 1"]
"""Goals that single out one value of y: the value a merged state would hide."""

HELPERS = "def get():\n    return shared.x\n\ndef bump(v):\n    return get() + v + 1\n"

GOALS = [
    "shared.x == {n}",
    "shared.x >= {n}",
    "shared.y <= shared.x",
    "shared.y == {n}",
]


def random_program(seed: int, statements: list[str] = STATEMENTS) -> Program:
    rng = random.Random(seed)
    threads = []
    for index in range(rng.choice((2, 2, 3))):
        body = "".join(rng.choice(statements) for _ in range(rng.randint(1, 2)))
        instances = 2 if index == 0 and rng.random() < 0.3 else 1
        threads.append(ThreadCode(f"t{index}", body, instances))
        if sum(t.instances for t in threads) >= 3:
            break
    goals = GOALS + HELD_GOALS if statements is HELD else GOALS
    goal = rng.choice(goals).format(n=rng.randint(0, 3))
    return Program(
        threads=threads,
        shared={"x": 0, "y": 0},
        primitives={
            "lock": "Lock()",
            "ev": "Event()",
            "cond": "Condition()",
            "sem": "Semaphore(1)",
            "rl": "RLock()",
            "box": "Queue()",
            "bar": "Barrier(2)",
        },  # fmt: skip
        helpers=HELPERS if statements is HELD else "",
        goal=Goal(final=(goal,), max_steps=200),
        level_id=f"random-{seed}",
    )


def check(seed: int, statements: list[str] = STATEMENTS) -> None:
    program = random_program(seed, statements)
    try:
        timing, runs = enumerate_as_judged(program, limit=1500)
    except TooManyRuns:
        pytest.skip("too many schedules to enumerate")
    failing = [r for r in runs if r.reason is not None]
    verdict = judge(program, time_limit=30)
    shown = "\n".join(f"{t.name} x{t.instances}:\n{t.source}" for t in program.threads)
    context = f"seed {seed}\n{shown}goal: {program.goal.final}\n{verdict.message}"
    if not failing:
        assert verdict.passed and verdict.exhaustive, context
        return
    assert verdict.verdict == "fail", context
    assert verdict.timing == timing, context
    assert verdict.reason in {r.reason for r in failing}, context
    fewest = min(r.preemptions for r in failing)
    assert verdict.preemptions == fewest, context
    shortest = min(
        r.steps for r in failing if r.preemptions == fewest and r.reason == verdict.reason
    )
    assert len(verdict.counterexample.schedule) == shortest, context


@pytest.mark.parametrize("seed", range(25))
def test_random_program_agrees_with_enumeration(seed):
    check(seed)


@pytest.mark.fuzz
@pytest.mark.parametrize("seed", range(25, 1000))
def test_many_random_programs_agree_with_enumeration(seed):
    check(seed)


@pytest.mark.parametrize("seed", range(10))
def test_random_program_with_more_primitives_agrees(seed):
    check(seed, RICH)


@pytest.mark.fuzz
@pytest.mark.parametrize("seed", range(10, 1000))
def test_many_random_programs_with_more_primitives_agree(seed):
    check(seed, RICH)


@pytest.mark.parametrize("seed", range(12))
def test_random_program_holding_values_on_the_stack_agrees(seed):
    check(seed, HELD)


@pytest.mark.fuzz
@pytest.mark.parametrize("seed", range(12, 1000))
def test_many_random_programs_holding_values_on_the_stack_agree(seed):
    check(seed, HELD)


def test_a_random_find_is_shrunk_to_the_fewest_steps():
    """Found by fuzzing (seed 798): the Event is set before the write the waiter wants."""
    program = Program(
        threads=[
            ThreadCode("t0", "ev.set()\ntmp = shared.x\nshared.x = tmp + 1\n"),
            ThreadCode("t1", "ev.wait()\nshared.y = shared.x\n"),
        ],
        shared={"x": 0, "y": 0},
        primitives={"ev": "Event()"},
        goal=Goal(final=("shared.y == 1",)),
        level_id="event-too-early",
    )
    runs = enumerate_runs(program)
    failing = [r for r in runs if r.reason is not None]
    fewest = min(r.preemptions for r in failing)
    shortest = min(r.steps for r in failing if r.preemptions == fewest)
    assert (fewest, shortest) == (1, 8)
    verdict = judge(program, time_limit=30)
    assert verdict.preemptions == fewest
    assert len(verdict.counterexample.schedule) == shortest
