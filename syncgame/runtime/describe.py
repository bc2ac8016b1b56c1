"""Plain-data views of primitives' state for snapshots (what the stage draws)."""

from __future__ import annotations

from syncgame.primitives import classes as prim
from syncgame.program.sandbox import safe_repr


def holder_of(obj) -> str | None:
    """The thread holding a lock-like object in a controlled run, if any."""
    if isinstance(obj, prim.Lock):
        return None if obj._internal or obj._run is None else obj._holder
    if isinstance(obj, prim.RLock):
        return holder_of(obj._block) if obj._count else None
    if isinstance(obj, prim.Condition):
        return holder_of(obj._lock)
    return None


def describe_primitive(obj, run) -> dict:
    kind = type(obj).__name__
    state: dict = {"type": kind, "waiters": run.waiters_of(obj)}
    if isinstance(obj, prim.Lock):
        state.update(locked=obj._held, holder=obj._holder)
    elif isinstance(obj, prim.RLock):
        state.update(locked=obj._count > 0, holder=holder_of(obj), count=obj._count)
    elif isinstance(obj, prim.Condition):
        state.update(holder=holder_of(obj), lock=getattr(obj._lock, "_sg_name", None))
        state["waiters"] = _condition_waiters(obj, run)
    elif isinstance(obj, prim.BoundedSemaphore):
        state.update(value=obj._value, initial=obj._initial_value)
    elif isinstance(obj, prim.Semaphore):
        state.update(value=obj._value)
    elif isinstance(obj, prim.Event):
        state.update(flag=obj._flag)
    elif isinstance(obj, prim.Barrier):
        waiting = obj._count if obj._state == 0 else 0
        state.update(n_waiting=waiting, parties=obj._parties, broken=obj._state == -2)
    elif isinstance(obj, prim.Queue):
        state.update(items=[safe_repr(item) for item in obj._items], maxsize=obj.maxsize)
    return state


def _condition_waiters(cond, run) -> list[str]:
    """Threads inside cond.wait (notified or not), in FIFO order of their waiter locks."""
    order = {id(w): i for i, w in enumerate(cond._waiters)}
    waiting = [
        (order.get(id(worker.blocked_on), len(order)), worker.tid)
        for worker in run.workers
        if worker.blocked_on is not None and worker.top is cond
    ]
    return [tid for _, tid in sorted(waiting)]


LOCALS_SHOWN = 4
"""At most this many of a thread's variables go into a snapshot."""
LOCAL_WIDTH = 16
"""Characters of one variable's repr in a snapshot."""
_PLAIN = (bool, int, float, str, type(None), range)


def _plain(value, depth: int = 0) -> bool:
    """Only values whose repr runs no level code (no level-defined class), shallowly nested."""
    if isinstance(value, _PLAIN):
        return True
    if depth >= 2 or not isinstance(value, list | tuple | dict | set | frozenset):
        return False
    if len(value) > 8:
        return False
    items = value.items() if isinstance(value, dict) else ((v, None) for v in value)
    return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in items)


def thread_locals(names: dict, base: dict) -> dict[str, str]:
    """The variables a thread's own code made at module level (`tmp = shared.counter`), as
    short reprs for the stage: what it carries and may write back stale. Names the run put
    there (`shared`, primitives, helpers) and `_`-names are left out; so are functions."""
    shown: dict[str, str] = {}
    for name, value in names.items():
        if name[:1] == "_" or base.get(name) == id(value) or not _plain(value):
            continue
        text = safe_repr(value)
        shown[name] = text if len(text) <= LOCAL_WIDTH else text[: LOCAL_WIDTH - 1] + "…"
        if len(shown) >= LOCALS_SHOWN:
            break
    return shown
