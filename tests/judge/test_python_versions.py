"""The same verdict and the same number of explored runs on CPython 3.11, 3.12 and 3.13.

Python 3.12 inlines list, set and dict comprehensions into the enclosing frame (PEP 709);
before the sandbox rewrote them as generator expressions, their passes looked like one state
there and the judge proved broken programs. The counts below were measured on 3.11; `.ci/run`
runs this file on 3.12 and 3.13 too, so any interpreter that explores differently fails here.
"""

from __future__ import annotations

import pytest

from syncgame.judge.core import judge
from syncgame.level.model import Goal
from syncgame.program.program import Program, ThreadCode


def program(code: str, instances: int, final: str, primitives: dict | None = None) -> Program:
    return Program(
        threads=[ThreadCode("t", code + "\n", instances)],
        shared={"x": 0, "n": 0},
        primitives=primitives or {},
        helpers="",
        goal=Goal(final=(final,)),
    )


ALONE = {
    "list comprehension": "got = [shared.x for _ in range(2)]\nshared.n = len(got)",
    "set comprehension": "got = {shared.x + k for k in range(3)}\nshared.n = len(got)",
    "dict comprehension": "got = {k: shared.x for k in range(2)}\nshared.n = len(got)",
    "nested comprehensions": (
        "got = [[shared.x for _ in range(2)] for _ in range(2)]\nshared.n = len(got[0]) * len(got)"
    ),
    "generator expression": "shared.n = sum(shared.x + 1 for _ in range(2))",
    "comprehension in a function": (
        "def read_twice():\n    return [shared.x for _ in range(2)]\n\nshared.n = len(read_twice())"
    ),
    "loop in a function": (
        "def read_twice():\n    got = []\n    for _ in [0, 0]:\n        got.append(shared.x)\n"
        "    return got\n\nshared.n = len(read_twice())"
    ),
    "lambda called by map": "got = list(map(lambda _: shared.x, [0, 0]))\nshared.n = len(got)",
    "lambda as a sort key": "got = sorted([0, 0], key=lambda _: shared.x)\nshared.n = len(got)",
}
"""One thread that reads `shared.x` more than once, then fails `shared.n == 1` for certain:
every pass of its loop must count as a new state, or the judge would prove it."""


@pytest.mark.parametrize("name", ALONE)
def test_a_single_thread_that_always_fails_is_failed(name):
    alone = program(ALONE[name], 1, "shared.n == 1")
    verdict = judge(alone, time_limit=30, seed=0)
    assert (verdict.verdict, verdict.reason) == ("fail", "assertion"), verdict.message


LOCKED = {
    "list comprehension": (
        "with lock:\n    got = [shared.x for _ in range(2)]\n    shared.x = got[0] + got[1] + 1",
        "shared.x == 3",
    ),
    "set comprehension": (
        "with lock:\n    got = {shared.x + k for k in range(2)}\n    shared.x = max(got)",
        "shared.x == 2",
    ),
    "dict comprehension": (
        "with lock:\n    got = {k: shared.x for k in range(2)}\n    shared.x = got[1] + 1",
        "shared.x == 2",
    ),
    "generator expression": (
        "with lock:\n    shared.x = sum(shared.x for _ in range(2)) + 1",
        "shared.x == 3",
    ),
    "comprehension in a function": (
        "def read_twice():\n    return [shared.x for _ in range(2)]\n\n"
        "with lock:\n    shared.x = read_twice()[0] + 1",
        "shared.x == 2",
    ),
}
"""Two instances, each reading `shared.x` twice inside a comprehension (and then writing it)."""

EXPECTED = {
    # name: (runs explored to prove the locked program, runs to find the race without lock)
    "list comprehension": (91, 6),
    "set comprehension": (91, 6),
    "dict comprehension": (91, 6),
    "generator expression": (91, 6),
    "comprehension in a function": (91, 6),
}


@pytest.mark.parametrize("name", LOCKED)
def test_comprehensions_are_explored_alike_on_every_python(name):
    code, final = LOCKED[name]
    proved_runs, race_runs = EXPECTED[name]
    locked = program(code, 2, final, primitives={"lock": "Lock()"})
    verdict = judge(locked, time_limit=30, seed=0)
    assert (verdict.verdict, verdict.exhaustive, verdict.explored) == ("pass", True, proved_runs)
    racy = program(code.replace("with lock:", "if True:"), 2, final)
    verdict = judge(racy, time_limit=30, seed=0)
    assert (verdict.verdict, verdict.reason, verdict.explored) == ("fail", "assertion", race_runs)
