"""Snapshots the UI builds itself: the state before any step, and the end of a run as the
runtime reported it (a deadlock's waiters drawn as waiting)."""

from __future__ import annotations

import copy

from syncgame.level.constructors import DeclarationError, parse_declaration
from syncgame.primitives.registry import PRIMITIVES


def thread_ids(threads: list[tuple[str, int]]) -> list[str]:
    """[("inc", 2), ("boss", 1)] -> ["inc#0", "inc#1", "boss"] (the runtime's naming)."""
    ids = []
    for name, instances in threads:
        ids += [name] if instances == 1 else [f"{name}#{i}" for i in range(instances)]
    return ids


def primitive_at_rest(declaration: str, kinds: dict[str, str]) -> dict:
    """What a fresh primitive looks like in a snapshot."""
    try:
        parsed = parse_declaration(declaration, kinds)
    except DeclarationError:
        return {"type": declaration.split("(")[0], "waiters": []}
    kind, args = parsed.type, _bound_arguments(parsed)
    state: dict = {"type": kind, "waiters": []}
    if kind == "Lock":
        state.update(locked=False, holder=None)
    elif kind == "RLock":
        state.update(locked=False, holder=None, count=0)
    elif kind == "Condition":
        state.update(holder=None, lock=args.get("lock"))
    elif kind == "BoundedSemaphore":
        state.update(value=args["value"], initial=args["value"])
    elif kind == "Semaphore":
        state.update(value=args["value"])
    elif kind == "Event":
        state.update(flag=False)
    elif kind == "Barrier":
        state.update(n_waiting=0, parties=args["parties"], broken=False)
    elif kind == "Queue":
        state.update(items=[], maxsize=args["maxsize"])
    return state


def _bound_arguments(parsed) -> dict:
    """Constructor arguments by parameter name, defaults filled in (CPython's signatures)."""
    bound = PRIMITIVES[parsed.type].signature.bind(*parsed.args, **parsed.kwargs)
    bound.apply_defaults()
    return {name: getattr(value, "name", value) for name, value in bound.arguments.items()}


def initial_snapshot(
    threads: list[tuple[str, int]], primitives: dict[str, str], shared: dict
) -> dict:
    kinds = {name: decl.split("(")[0].strip() for name, decl in primitives.items()}
    return {
        "time": 0.0,
        "threads": {
            tid: {
                "name": tid.split("#")[0],
                "status": "runnable",
                "line": 0,
                "waiting_for": None,
                "holding": [],
                "op": "start",
            }
            for tid in thread_ids(threads)
        },
        "primitives": {name: primitive_at_rest(decl, kinds) for name, decl in primitives.items()},
        "shared": copy.deepcopy(shared),
    }


def final_snapshot(snapshot: dict, outcome: dict) -> dict:
    """The last snapshot with the outcome applied: deadlocked threads drawn as waiting,
    crashed threads as crashed."""
    result = copy.deepcopy(snapshot)
    threads = result.get("threads", {})
    deadlock = outcome.get("deadlock") or {}
    for tid, obj in (deadlock.get("waiting") or {}).items():
        if tid in threads:
            threads[tid].update(status="blocked", waiting_for=obj)
    crashed = {e.get("thread") for e in outcome.get("exceptions") or ()}
    for tid in crashed:
        if tid in threads:
            threads[tid]["status"] = "crashed"
    if outcome.get("kind") in ("finished", "exception"):
        for tid, info in threads.items():
            if tid not in crashed:
                info.update(status="done", waiting_for=None, holding=[], op=None)
    return result


def after_step(snapshot: dict, event: dict | None) -> dict:
    """The snapshot a step left, with the stepping thread shown as the step left it.

    The runtime pictures a step before its thread hands over: the thread that just blocked
    still reads "running" and is not yet among the primitive's waiters, and one that just
    went to sleep is not yet asleep. The stage shows where the step left it.
    """
    if not event:
        return snapshot
    tid = event.get("thread")
    info = snapshot.get("threads", {}).get(tid)
    if info is None or info.get("status") != "running":
        return snapshot
    result, op, obj = event.get("result"), event.get("op"), event.get("obj")
    if result == "blocked" and obj:
        threads = {**snapshot["threads"], tid: {**info, "status": "blocked", "waiting_for": obj}}
        primitives = dict(snapshot.get("primitives", {}))
        target = primitives.get(obj)
        if target is not None and tid not in (target.get("waiters") or []):
            primitives[obj] = {**target, "waiters": [*(target.get("waiters") or []), tid]}
        return {**snapshot, "threads": threads, "primitives": primitives}
    if op in ("sleep", "work") and result != "timed out":
        threads = {**snapshot["threads"], tid: {**info, "status": "sleeping"}}
        return {**snapshot, "threads": threads}
    return snapshot
