"""The structure rule: a solution may change synchronisation (within the palette), nothing else."""

from __future__ import annotations

import pytest

from syncgame.judge import judge_level
from syncgame.judge.structure import check_structure
from syncgame.level.model import Solution

from .conftest import case_level

COUNTER = case_level("structure-counter")  # inc x2: for 3 times: tmp = counter; counter = tmp+1


def problem(level, threads=None, primitives=None):
    return check_structure(level, Solution(primitives=primitives or {}, threads=threads or {}))


def test_writing_the_answer_names_its_own_line_inside_the_loop():
    found = problem(
        COUNTER,
        {
            "inc": "for _ in range(3):\n    with lock:\n        tmp = shared.counter\n"
            "        shared.counter = 6\n"
        },  # fmt: skip
        {"lock": "Lock()"},
    )
    assert found.line == 4
    assert found.message == (
        "inc, line 4: only synchronisation may change; this line changes what the thread does"
    )


def test_deleted_work_names_the_line_of_the_start_code():
    found = problem(COUNTER, {"inc": "for _ in range(3):\n    tmp = shared.counter\n"})
    assert (found.line, found.message) == (
        3,
        "inc: the work at line 3 of the start code is missing",
    )


def test_added_work_is_refused():
    source = (
        "for _ in range(3):\n    tmp = shared.counter\n    shared.counter = tmp + 1\nlog('x')\n"
    )
    found = problem(COUNTER, {"inc": source})
    assert found.line == 4 and "this line adds work" in found.message


def test_changing_the_loop_count_is_refused():
    found = problem(COUNTER, {"inc": "for _ in range(1):\n    tmp = shared.counter\n"
                                     "    shared.counter = tmp + 1\n"})  # fmt: skip
    assert found.line == 1


def test_swallowing_exceptions_is_refused():
    source = (
        "for _ in range(3):\n    try:\n        tmp = shared.counter\n"
        "        shared.counter = tmp + 1\n    except Exception:\n        pass\n"
    )
    assert problem(COUNTER, {"inc": source}).line == 2


@pytest.mark.parametrize(
    "source",
    [
        "for _ in range(3):\n    with lock:\n        tmp = shared.counter\n"
        "        shared.counter = tmp + 1\n",
        "for _ in range(3):\n    lock.acquire()\n    try:\n        tmp = shared.counter\n"
        "        shared.counter = tmp + 1\n    finally:\n        lock.release()\n",
        "with lock:\n    for _ in range(3):\n        tmp = shared.counter\n"
        "        shared.counter = tmp + 1\n",
        "for _ in range(3):\n    while not lock.acquire(False):\n        pass\n"
        "    tmp = shared.counter\n    shared.counter = tmp + 1\n    lock.release()\n",
    ],
    ids=["with", "try-finally", "around-the-loop", "spin-acquire"],
)
def test_synchronisation_alone_may_change(source):
    assert problem(COUNTER, {"inc": source}, {"lock": "Lock()"}) is None


def test_a_timeout_in_a_condition_may_change():
    level = case_level("lock-acquire-timeout")
    assert problem(level, level.solution.threads) is None  # acquire(timeout=1) -> timeout=3
    level = case_level("event-wait-timeout")
    assert problem(level, level.solution.threads) is None  # ev.wait(1.0) -> ev.wait()


def test_an_argument_of_other_work_may_not_change():
    level = case_level("work-range-high")  # maker: work(1, 3)
    found = problem(level, {"maker": "work(1, 1)\nshared.x = 1\n"})
    assert found is not None and found.line == 1


@pytest.mark.parametrize(
    ("primitives", "message"),
    [
        (
            {"lock": "Lock()", "spare": "Lock()"},
            "the solution adds 2 Lock(s); the palette allows 1",
        ),
        ({"sem": "Semaphore(1)"}, "the solution adds 1 Semaphore(s); the palette allows 0"),
        ({"counter": "Lock()"}, "primitive 'counter' has the name of a shared variable"),
        ({"__builtins__": "Lock()"}, "primitive name '__builtins__' must not start with '_'"),
        ({"_sg_tick": "Lock()"}, "primitive name '_sg_tick' must not start with '_'"),
        ({"len": "Lock()"}, "primitive name 'len' is reserved for worker code"),
        ({"work": "Lock()"}, "primitive name 'work' is reserved for worker code"),
        ({"for": "Lock()"}, "primitive name 'for' must be a Python identifier"),
        ({"lock": "Mutex()"}, "primitive 'lock': "),
    ],
)
def test_declarations_outside_the_rules_are_refused(primitives, message):
    found = problem(COUNTER, {}, primitives)
    assert found is not None and found.message.startswith(message)


def test_changing_a_primitive_counts_against_the_palette_only_when_its_type_changes():
    barrier = case_level("barrier-wrong-parties")  # gate = Barrier(3), empty palette
    assert problem(barrier, {}, {"gate": "Barrier(2)"}) is None
    assert "palette allows 0" in problem(barrier, {}, {"gate": "Semaphore(2)"}).message
    reentry = case_level("rlock-reentry")  # lock = Lock(), palette RLock = 1
    assert problem(reentry, {}, {"lock": "RLock()"}) is None


def test_a_structure_failure_is_a_verdict_without_running_anything():
    solution = Solution(primitives={"__builtins__": "Lock()"})
    verdict = judge_level(COUNTER, "solution", solution, time_limit=5)
    assert (verdict.verdict, verdict.reason, verdict.explored) == ("fail", "structure", 0)
    assert verdict.to_json()["counterexample"] is None


def test_acting_on_what_a_primitive_answered_is_synchronisation():
    """`if ok:` (ok = lock.acquire(...)) and `if ev.wait(1): break` only synchronise."""
    guarded = (
        "for _ in range(3):\n    ok = lock.acquire(timeout=1)\n    if ok:\n"
        "        tmp = shared.counter\n        shared.counter = tmp + 1\n        lock.release()\n"
    )
    assert problem(COUNTER, {"inc": guarded}, {"lock": "Lock()"}) is None
    leaving = (
        "for _ in range(3):\n    tmp = shared.counter\n    shared.counter = tmp + 1\n"
        "    if not lock.acquire(False):\n        break\n"
    )
    assert problem(COUNTER, {"inc": leaving}, {"lock": "Lock()"}) is None


def test_an_if_on_a_name_that_also_holds_work_is_not_synchronisation():
    source = (
        "ok = lock.acquire(False)\nok = shared.counter\nfor _ in range(3):\n    if ok:\n"
        "        tmp = shared.counter\n        shared.counter = tmp + 1\n"
    )
    found = problem(COUNTER, {"inc": source}, {"lock": "Lock()"})
    assert found is not None


def test_an_if_on_a_primitive_answer_still_keeps_its_work_in_order():
    source = (
        "for _ in range(3):\n    if lock.acquire(False):\n        shared.counter = 6\n"
        "    else:\n        tmp = shared.counter\n"
    )
    found = problem(COUNTER, {"inc": source}, {"lock": "Lock()"})
    assert found is not None and found.line == 3
