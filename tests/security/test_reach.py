"""What level code can reach through the names it has: nothing of the game's internals.

Level code may read any attribute whose name does not start with `_` and is not refused by
name (FORBIDDEN_ATTRIBUTES). Starting from every name a worker sees (primitives, `shared`,
its lists and dicts, exceptions it can catch, the builtins, a generator, a function), we walk
all such attributes and check that no module, frame, code object, traceback, scheduler
object or budget hook is within reach. A new public attribute on a primitive that points
at the run would fail this test.
"""

from __future__ import annotations

import collections
import types

from syncgame.program.program import Program, ThreadCode
from syncgame.runtime.scheduler import Run
from syncgame.runtime.strategies import FirstEnabled
from syncgame.sandbox.check import FORBIDDEN_ATTRIBUTES

CODE = """
def helper():
    return 1
gen = (i for i in range(3))
try:
    raise ValueError('x')
except ValueError as error:
    caught = error
try:
    q.get_nowait()
except Empty as empty:
    queue_empty = empty
try:
    lock.release()
except RuntimeError as unlocked:
    runtime_error = unlocked
view = shared.l
table = shared.d
"""
PRIMITIVES = {
    "lock": "Lock()",
    "rlock": "RLock()",
    "cond": "Condition(lock)",
    "sem": "Semaphore(2)",
    "bounded": "BoundedSemaphore(1)",
    "ev": "Event()",
    "bar": "Barrier(2)",
    "q": "Queue(2)",
}
INTERNAL_TYPES = ("Run", "Worker", "SharedState", "MemoryBudget", "Thread")


def _worker_names() -> dict:
    program = Program(
        threads=[ThreadCode("t", CODE)],
        shared={"x": 0, "l": [1], "d": {"a": 1}},
        primitives=PRIMITIVES,
    )
    run = Run(program, FirstEnabled())
    trace = run.execute()
    assert trace.outcome.kind == "finished", trace.outcome.message
    names = dict(run.workers[0].globals)
    builtins = names.pop("__builtins__")
    visible = {k: v for k, v in {**builtins, **names}.items() if not k.startswith("_")}
    assert {"gen", "caught", "queue_empty", "runtime_error", "view", "table", "helper"} <= set(
        visible
    )
    return visible


def _dangerous(obj) -> bool:
    if isinstance(obj, types.ModuleType | types.FrameType | types.CodeType | types.TracebackType):
        return True
    if type(obj).__name__ in INTERNAL_TYPES:
        return True
    return isinstance(obj, dict) and any(str(k).startswith(("_sg", "__")) for k in obj)


def _reach(start: dict, allowed) -> list[tuple[str, str]]:
    """(path, type) of every dangerous object reachable through attribute names `allowed`."""
    seen: set[int] = set()
    found = []
    todo = collections.deque((value, name, 0) for name, value in start.items())
    while todo:
        obj, path, depth = todo.popleft()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if _dangerous(obj):
            found.append((path, type(obj).__name__))
            continue
        if depth == 6:
            continue
        for name in dir(obj):
            if not allowed(name):
                continue
            try:
                value = getattr(obj, name)
            except Exception:
                continue
            todo.append((value, f"{path}.{name}", depth + 1))
        if isinstance(obj, list | tuple):
            todo.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(obj[:8]))
        elif isinstance(obj, dict):
            todo.extend((v, f"{path}[{k!r}]", depth + 1) for k, v in list(obj.items())[:32])
    return found


def _allowed(name: str) -> bool:
    return not name.startswith("_") and name not in FORBIDDEN_ATTRIBUTES


def test_no_internals_within_reach_of_level_code():
    assert _reach(_worker_names(), _allowed) == []


def test_the_walk_finds_internals_when_a_refused_name_is_allowed():
    """The walk can fail: with frame attributes allowed, a generator leads to a frame."""
    found = _reach(_worker_names(), lambda name: _allowed(name) or name.startswith("gi_"))
    assert ("gen.gi_frame", "frame") in found
    assert ("gen.gi_code", "code") in found


def test_overwriting_public_attributes_of_primitives_ends_in_a_verdict():
    """Level code may set the attributes CPython's own objects let it set (`q.maxsize`,
    `cond.acquire`...); that breaks only the level's own program, never the run."""
    code = (
        "q.maxsize = 'many'\nq.mutex = None\ncond.acquire = None\nq.not_empty = shared\n"
        "try:\n    q.put(1)\nexcept Exception:\n    pass\nwith cond:\n    pass\n"
    )
    program = Program(
        threads=[ThreadCode("a", code), ThreadCode("b", "q.put(2)\nshared.x = 1\n")],
        shared={"x": 0},
        primitives=PRIMITIVES,
    )
    for _ in range(3):
        trace = Run(program, FirstEnabled(), wall_timeout=5.0).execute()
        assert trace.outcome.kind in ("finished", "exception", "deadlock")
        trace.to_json()  # every snapshot could be drawn
