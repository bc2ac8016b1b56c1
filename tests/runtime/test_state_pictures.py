"""Guards on the judge's state pictures that fail on an interpreter change rather than let the
judge merge states that differ (and so prove a broken program).

A single thread that runs to its end never meets the same state twice (a repeat would be an
endless loop), so in such a run every state key the judge could cache must be new.
"""

from __future__ import annotations

import dis
from textwrap import indent

import pytest

from syncgame.runtime.bytecode import END_OPS, JUMP_OPS, READ_OPS, WRITE_OPS, live_names
from syncgame.runtime.scheduler import Run
from syncgame.runtime.strategies import FirstEnabled

from .helpers import program

LOOPS = {
    "for loop over equal items": "for _ in [0, 0, 0]:\n    v = shared.x",
    "while loop": "k = 0\nwhile k < 3:\n    v = shared.x\n    k += 1",
    "list comprehension": "got = [shared.x for _ in [0, 0, 0]]",
    "set comprehension": "got = {shared.x for _ in [0, 0, 0]}",
    "dict comprehension": "got = {shared.x: 1 for _ in [0, 0, 0]}",
    "nested comprehensions": "got = [[shared.x for _ in [0, 0]] for _ in [0, 0]]",
    "generator expression": "v = sum(shared.x for _ in [0, 0, 0])",
    "comprehension in a function": "def f():\n    return [shared.x for _ in [0, 0, 0]]\n\nv = f()",
    "loop in a function": "def f():\n    for _ in [0, 0, 0]:\n        v = shared.x\n\nf()",
    "lambda called by map": "got = list(map(lambda _: shared.x, [0, 0, 0]))",
    "function called by filter": "def keep(_):\n    return shared.x == 0\n\ngot = list(filter(keep, [0, 0, 0]))",
    "lambda as a sort key": "got = sorted([0, 0, 0], key=lambda _: shared.x)",
    "lambda as a min key": "got = min([0, 0, 0], key=lambda _: shared.x)",
    "list.sort key": "got = [0, 0, 0]\ngot.sort(key=lambda _: shared.x)",
}
"""Each reads `shared.x` three times (four in the nested one) in a loop of some kind."""

CACHED = {"for loop over equal items", "while loop", "loop in a function"}
"""Loops whose every pass the judge can picture (the others hide some state: not cached)."""


class KeyRecorder(FirstEnabled):
    """Runs one thread and records the state key the judge would see at each decision."""

    def __init__(self):
        self.keys: list = []
        self.run: Run | None = None

    def choose(self, choice):
        self.keys.append(self.run.state_key(None))
        return super().choose(choice)


def state_keys(prog) -> list:
    recorder = KeyRecorder()
    run = Run(prog, recorder, record=False, capture_state=True)
    recorder.run = run
    run.execute()
    assert run.outcome.kind == "finished", run.outcome
    return recorder.keys


def one_thread(code: str):
    return program({"t": code}, shared={"x": 0})


@pytest.mark.parametrize("name", LOOPS)
def test_every_pass_of_a_loop_is_a_new_state(name):
    keys = state_keys(one_thread(LOOPS[name]))
    reads = keys[1:]  # the first decision starts the thread
    assert len(reads) >= 3
    cached = [key for key in keys if key is not None]
    assert len(set(cached)) == len(cached), "two passes look like one state"
    if name in CACHED:
        assert None not in keys, "a loop the judge should cache is not pictured"


@pytest.mark.parametrize("name", LOOPS)
def test_state_keys_are_the_same_when_the_interpreter_is_warm(name):
    """The interpreter specialises code after a few runs; the pictures must not change."""
    prog = one_thread(LOOPS[name])
    first = state_keys(prog)
    for _ in range(12):
        assert state_keys(prog) == first


def _level_code(source: str):
    from syncgame.sandbox import compile_source

    return compile_source(source, "<level:t>")


def test_no_comprehension_is_inlined_into_level_code():
    """PEP 709's inlined comprehensions (3.12+) swap their variables with LOAD_FAST_AND_CLEAR;
    the sandbox runs comprehensions as generator expressions, which are never inlined."""
    code = _level_code(
        "a = [x for x in range(3)]\nb = {x for x in a}\nc = {x: 1 for x in b}\n"
        "def f():\n    return [[y for y in a] for _ in a]\n"
    )
    stack = [code]
    while stack:
        current = stack.pop()
        names = {ins.opname for ins in dis.get_instructions(current)}
        assert "LOAD_FAST_AND_CLEAR" not in names, current.co_name
        stack += [c for c in current.co_consts if hasattr(c, "co_code")]


def test_the_liveness_table_is_dis_own_classification():
    variable_ops = set(dis.hasname) | set(dis.haslocal) | set(dis.hasfree)
    for op in variable_ops:
        name = dis.opname[op]
        if any(word in name for word in ("ATTR", "METHOD", "IMPORT")):
            assert op not in READ_OPS | WRITE_OPS, name  # attributes are not variables
        elif name != "STORE_NAME":
            assert op in READ_OPS, f"{name} reads or needs a variable: it must keep it live"
    assert {dis.opname[op] for op in WRITE_OPS} == {"STORE_NAME", "DELETE_NAME"}
    assert JUMP_OPS >= set(dis.hasjrel) | set(dis.hasjabs)
    for op in END_OPS:  # an end of flow is never a conditional jump
        assert "IF" not in dis.opname[op] and dis.opname[op] not in ("FOR_ITER", "SEND")
    assert {"RETURN_VALUE", "RAISE_VARARGS", "RERAISE", "JUMP_FORWARD", "JUMP_BACKWARD"} <= {
        dis.opname[op] for op in END_OPS
    }


def _live_at_each_line(source: str) -> dict[int, frozenset[str]]:
    code = _level_code(source)
    live = live_names(code)
    lines = {}
    for ins in dis.get_instructions(code):
        if ins.positions and ins.positions.lineno and ins.offset in live:
            lines.setdefault(ins.positions.lineno, live[ins.offset])
    return lines


def test_liveness_follows_loops_branches_and_deletes():
    lines = _live_at_each_line(
        "tmp = shared.x\n"  # 1
        "shared.x = tmp + 1\n"  # 2
        "k = 0\n"  # 3
        "while k < 2:\n"  # 4
        "    k += 1\n"  # 5
        "if shared.x:\n"  # 6
        "    gone = 1\n"  # 7
        "    del gone\n"  # 8
        "v = shared.x\n"  # 9
    )
    assert "tmp" in lines[2] and "tmp" not in lines[3]
    assert "k" in lines[5] and "k" in lines[4]  # read again on the way round the loop
    assert "k" not in lines[9]
    assert "gone" in lines[8]  # `del` needs the name to exist


HELD_ON_THE_STACK = {
    "a step's result": "shared.y = shared.x * 10 + shared.x\n",
    "a call's result": "def f():\n    return shared.x\n\nshared.y = f() * 10 + f()\n",
    "a call's result in a function": (
        "def f():\n    return shared.x\n\ndef g():\n    return f() * 10 + f()\n\nshared.y = g()\n"
    ),
    "a variable dead after it was loaded": "tmp = shared.x\nshared.y = tmp * 10 + shared.x\n",
    "a statement on two lines": "shared.y = (shared.x * 10 +\n    shared.x)\n",
    "a conditional expression": "shared.y = (10 if shared.x else 0) + shared.x\n",
    "a variable overwritten by its statement": (
        "tmp = shared.x\nshared.y = tmp * 10 + (tmp := shared.x)\n"
    ),
}
"""Thread `a` computes y from two reads of x; `b` sets x to 1 and back to 0. y == 10 (a reads
1, b resets x, a reads 0) happens; the proof must not merge the states where a holds 1 or 0
on its evaluation stack (runtime/held.py)."""


def assert_the_failure_is_found(code: str, writer: str, goal: str) -> None:
    """The proof (state caching on) must find the schedule where `code`, racing `writer`,
    breaks `goal`: it would not if two states that differ were pictured alike."""
    from syncgame.judge.explore import Search
    from syncgame.level.model import Goal
    from syncgame.program.program import Program, ThreadCode

    prog = Program(
        threads=[ThreadCode("a", code, 1), ThreadCode("b", writer, 1)],
        shared={"x": 0, "y": 0},
        primitives={"go": "Event()", "lock": "Lock()"},
        helpers="",
        goal=Goal(final=(goal,)),
    )
    exploration = Search(prog).explore()
    assert exploration.failures, f"proved after {exploration.explored} runs"


@pytest.mark.parametrize("name", HELD_ON_THE_STACK)
def test_a_value_held_on_the_stack_keeps_states_apart(name):
    writer = "shared.x = 1\nshared.x = 0\n"
    assert_the_failure_is_found(HELD_ON_THE_STACK[name], writer, "shared.y != 10")


RAISES = "if shared.x == 1:\n    raise ValueError('one')\nraise KeyError('other')\n"
"""Once the writer has set x to 1 and back, only the exception in flight says what x was."""

IN_FLIGHT = {
    "handled, then raised again": (
        "try:\n" + indent(RAISES, "    ") + "except Exception:\n"
        "    try:\n        go.wait()\n        raise\n"
        "    except ValueError:\n        shared.y = 1\n    except KeyError:\n        shared.y = 2\n"
    ),
    "carried through a finally": (
        "try:\n    try:\n" + indent(RAISES, "        ") + "    finally:\n        go.wait()\n"
        "except ValueError:\n    shared.y = 1\nexcept KeyError:\n    shared.y = 2\n"
    ),
    "carried out of a with block": (
        "try:\n    with lock:\n"
        + indent(RAISES, "        ")
        + "except ValueError:\n    shared.y = 1\nexcept KeyError:\n    shared.y = 2\n"
    ),
}
"""Thread `a` raises ValueError or KeyError depending on what it read of x, then waits (on
`go`, or to release `lock`) while `b` sets x back: the states differ only in the exception
in flight, which no variable shows (runtime/held.py)."""


@pytest.mark.parametrize("name", IN_FLIGHT)
def test_the_exception_in_flight_keeps_states_apart(name):
    writer = "shared.x = 1\nshared.x = 0\ngo.set()\n"
    assert_the_failure_is_found(IN_FLIGHT[name], writer, "shared.y != 1")
