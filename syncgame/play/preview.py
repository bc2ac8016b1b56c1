"""Snapshots the UI builds itself: the state before any step, and the end of a run as the
runtime reported it (a deadlock's waiters drawn as waiting)."""

from __future__ import annotations

import copy

from syncgame.level.constructors import DeclarationError, parse_declaration
from syncgame.primitives import context
from syncgame.primitives.classes import Primitive


def thread_ids(threads: list[tuple[str, int]]) -> list[str]:
    """[("inc", 2), ("boss", 1)] -> ["inc#0", "inc#1", "boss"] (the runtime's naming)."""
    ids = []
    for name, instances in threads:
        ids += [name] if instances == 1 else [f"{name}#{i}" for i in range(instances)]
    return ids


def primitives_at_rest(primitives: dict[str, str]) -> dict[str, dict]:
    """What fresh primitives look like in a snapshot: each is made as a run makes it and
    pictures itself (its own `_sg_snapshot`). A declaration that does not parse, or names a
    primitive that does not, is drawn by its type alone (the level checker reports it)."""
    kinds = {name: text.split("(")[0].strip() for name, text in primitives.items()}
    made: dict[str, Primitive] = {}
    pictures: dict[str, dict] = {}
    with context.at_rest() as rest:
        for name, text in primitives.items():
            try:
                made[name] = parse_declaration(text, kinds).make_named(name, made)
            except (DeclarationError, KeyError, TypeError, ValueError):
                pictures[name] = {"type": kinds[name], "waiters": []}
                continue
            pictures[name] = dict(rest.snapshot_at_rest(made[name]))
    return pictures


def initial_snapshot(
    threads: list[tuple[str, int]], primitives: dict[str, str], shared: dict
) -> dict:
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
        "primitives": primitives_at_rest(primitives),
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
