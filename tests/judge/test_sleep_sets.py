"""Sleep sets (partial-order reduction) explore fewer runs but miss no state.

Sleep sets with state caching skip a step only when it commutes into a state that another
run covers; every reachable state is still visited (Godefroid 1996). So the strongest
check is differential: on every program, the search with sleep sets must picture exactly
the states the plain cached search pictures, and find the same kinds of failure.

The default run covers the shipped levels and judge cases whose plain search is quick, and
a few dozen random programs; `pytest -m fuzz tests/judge/test_sleep_sets.py` covers all.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from syncgame.judge.explore import Search, SearchConfig, independent
from syncgame.judge.timing import timings
from syncgame.level.loader import discover_levels, load_level
from syncgame.paths import levels_dir
from syncgame.program.program import Program, ThreadCode
from syncgame.runtime.scheduler import ANY

from .test_random_programs import RICH, STATEMENTS, random_program

CASES_DIR = Path(__file__).resolve().parent.parent / "judge_cases"
QUICK_SECONDS = 0.3
"""In the default run, programs whose plain search takes longer than this are left out."""


def _variants() -> list[tuple[str, Program]]:
    levels = list(discover_levels(levels_dir()))
    levels += [load_level(path) for path in sorted(CASES_DIR.glob("*.toml"))]
    programs = []
    for level in levels:
        if level.measure is not None:
            continue
        programs.append((f"{level.id}:start", Program.from_level(level, "start")))
        if level.solution is not None:
            programs.append((f"{level.id}:reference", Program.from_level(level, "reference")))
        for lazy in level.lazy:
            program = Program.from_level(level, "start", solution=lazy)
            programs.append((f"{level.id}:{lazy.name}", program))
    return [
        (f"{name}@{model.timing}", model)  # under each timing the judge uses
        for name, program in programs
        if not program.may_loop
        for model in timings(program)
    ]


VARIANTS = _variants()


def explore(program: Program, sleep_sets: bool, seconds: float) -> tuple[Search, object]:
    search = Search(program, SearchConfig(stop_at_first=False, sleep_sets=sleep_sets))
    return search, search.explore(time.monotonic() + seconds)


def same_states(program: Program, quick: bool) -> None:
    """The two searches picture the same states and fail for the same reasons."""
    plain, plain_result = explore(program, False, QUICK_SECONDS if quick else 60)
    if not plain_result.complete:
        pytest.skip("slow: checked in the fuzz run" if quick else "too large to explore")
    reduced, reduced_result = explore(program, True, 60)
    assert reduced_result.complete
    assert set(reduced.visited) == set(plain.visited)
    assert {f.reason for f in reduced_result.failures} == {f.reason for f in plain_result.failures}
    assert reduced_result.explored <= plain_result.explored


@pytest.mark.parametrize("name", [name for name, _ in VARIANTS])
def test_levels_and_cases_keep_every_state(name):
    same_states(dict(VARIANTS)[name], quick=True)


@pytest.mark.fuzz
@pytest.mark.parametrize("name", [name for name, _ in VARIANTS])
def test_levels_and_cases_keep_every_state_however_long(name):
    same_states(dict(VARIANTS)[name], quick=False)


LOOP_FREE_RICH = [statement for statement in RICH if "while" not in statement]


@pytest.mark.parametrize("seed", range(20))
def test_random_programs_keep_every_state(seed):
    same_states(random_program(seed, STATEMENTS), quick=True)
    same_states(random_program(seed, LOOP_FREE_RICH), quick=True)


@pytest.mark.fuzz
@pytest.mark.parametrize("seed", range(20, 600))
def test_many_random_programs_keep_every_state(seed):
    same_states(random_program(seed, STATEMENTS), quick=False)
    same_states(random_program(seed, LOOP_FREE_RICH), quick=False)


def test_sleep_sets_explore_far_fewer_runs_on_independent_threads():
    """Two threads that only touch their own shared values: one order covers them all."""
    program = Program(
        threads=[
            ThreadCode("a", "for i in range(6):\n    shared.a = i\n"),
            ThreadCode("b", "for i in range(6):\n    shared.b = i\n"),
        ],
        shared={"a": 0, "b": 0},
    )
    _, plain = explore(program, False, 30)
    _, reduced = explore(program, True, 30)
    assert plain.complete and reduced.complete
    # One run, plus one short run for each place where b could first overtake a.
    assert reduced.explored <= 8
    assert plain.explored >= 4 * reduced.explored


def test_a_program_with_a_while_loop_keeps_every_edge_for_the_fairness_analysis():
    spin = Program(
        threads=[
            ThreadCode("waiter", "while shared.flag == 0:\n    pass\n"),
            ThreadCode("setter", "shared.flag = 1\n"),
        ],
        shared={"flag": 0},
    )
    assert spin.may_loop
    assert not Search(spin).sleep_sets
    loop_free = Program(threads=[ThreadCode("t", "for i in range(3):\n    shared.x = i\n")])
    assert not loop_free.may_loop
    assert Search(loop_free).sleep_sets
    bounded = SearchConfig(bound=1)
    assert not Search(loop_free, bounded).sleep_sets  # preemption bounding keeps every order


def test_independence_of_steps():
    lock, other = ("prim", 1), ("prim", 2)
    assert independent((lock, "w"), (other, "w"))
    assert independent((lock, "r"), (lock, "r"))
    assert not independent((lock, "w"), (lock, "r"))
    assert not independent((lock, "w"), (lock, "w"))
    assert not independent(ANY, (("thread", "a"), "r"))
    assert not independent((("shared", "x"), "r"), ANY)


def test_wait_for_and_a_barrier_action_may_touch_anything():
    """Their level code runs inside the operation, where the scheduler does not look."""
    from syncgame.runtime.scheduler import Run
    from syncgame.runtime.strategies import Strategy

    program = Program(
        threads=[
            ThreadCode("w", "with cond:\n    cond.wait_for(lambda: shared.x > 0, 1)\n"),
            ThreadCode("b", "bar.wait()\n"),
            ThreadCode("e", "ev.wait(1)\n"),
        ],
        shared={"x": 0},
        primitives={"cond": "Condition()", "bar": "Barrier(1)", "ev": "Event()"},
    )
    footprints: dict[str, tuple] = {}

    class Look(Strategy):
        def choose(self, choice):
            for tid in choice.enabled:
                worker = run._by_tid[tid]
                footprints.setdefault((tid, worker.pending.op), run.footprint(tid))
                if tid == "b" and worker.pending.op == "wait":
                    # Level declarations cannot give an action (it is code): give one here.
                    worker.top._action = lambda: None
                    footprints["b", "wait with an action"] = run.footprint(tid)
                    worker.top._action = None
            return choice.enabled[0]

    run = Run(program, Look(), record=False, capture_state=True)
    run.execute()
    assert footprints[("w", "wait_for")] is ANY
    assert footprints[("e", "wait")][1] == "w"
    assert footprints[("b", "wait")][1] == "w"  # no action: only the barrier
    assert footprints[("b", "wait with an action")] is ANY


ALIASING = {
    # The producer changes the list it put in the queue, in a step whose operation is a
    # write to `shared.a`: that step does not commute with the consumer's `len(x)`.
    "queue": Program(
        threads=[
            ThreadCode("producer", "lst = []\nq.put(lst)\nshared.a = 1\nlst.append(1)\n"),
            ThreadCode("consumer", "x = q.get()\nshared.b = len(x)\n"),
        ],
        shared={"a": 0, "b": -1},
        primitives={"q": "Queue()"},
    ),
    # The writer keeps the list it wrote to `shared` and changes it unseen.
    "write": Program(
        threads=[
            ThreadCode("w", "lst = [0]\nshared.items = lst\nshared.a = 1\nlst.append(1)\n"),
            ThreadCode("r", "shared.b = len(shared.items)\n"),
        ],
        shared={"a": 0, "b": -1, "items": []},
    ),
    # A list inside a shared list comes back raw from `shared.rows[0]`.
    "nested": Program(
        threads=[
            ThreadCode("w", "row = shared.rows[0]\nshared.a = 1\nrow.append(1)\n"),
            ThreadCode("r", "shared.a = 2\nshared.b = len(shared.rows[0])\n"),
        ],
        shared={"a": 0, "b": -1, "rows": [[0]]},
    ),
}


@pytest.mark.parametrize("name", sorted(ALIASING))
def test_objects_changed_between_steps_keep_every_state(name):
    """A mutable object two threads can reach changes inside "local" code: no step
    commutes then, and sleep sets must not skip anything."""
    same_states(ALIASING[name], quick=False)


def test_a_function_in_shared_carries_its_thread_s_variables():
    """Calling a function another thread wrote to `shared` changes that thread's list."""
    program = Program(
        threads=[
            ThreadCode(
                "owner",
                "seen = []\nshared.f = lambda: seen.append(1)\nshared.a = 1\n"
                "shared.b = len(seen)\n",
            ),
            ThreadCode("caller", "shared.a = 2\nf = shared.f\nif f:\n    f()\n"),
        ],
        shared={"a": 0, "b": -1, "f": None},
    )
    same_states(program, quick=False)
