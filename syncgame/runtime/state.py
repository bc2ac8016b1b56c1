"""Canonical, hashable pictures of program state, so the judge can tell states apart.

A picture must be equal for two runs exactly when their futures are equal: values, not
identities (thread idents and object ids differ between runs; names and serials do not).
"""

from __future__ import annotations

from types import FunctionType

from syncgame.program.sandbox import MAX_WEIGHT, weigh
from syncgame.runtime import primitives as prim

LOOP_NAMES = ("_sg_items", "_sg_pass")
"""Variables the sandbox adds to every `for` loop: where the loop stands (see sandbox)."""


class Uncanonical(Exception):
    """A value we cannot picture faithfully: the state is then not cached."""


def canonical(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if weigh(value) > MAX_WEIGHT:  # level code can build values too heavy to walk
        raise Uncanonical("a value too large to picture")
    return _canonical(value)


def _canonical(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, range):
        return ("range", value.start, value.stop, value.step)
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((_canonical(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(map(repr, value))))
    if isinstance(value, prim._Primitive):
        return ("prim", value._sg_serial)
    if isinstance(value, FunctionType) and not value.__closure__:
        return ("fn", value.__code__.co_name, value.__code__.co_firstlineno)
    state = getattr(value, "_state", None)
    name = getattr(value, "_name", None)
    if state is not None and name is not None and type(value).__name__.startswith("Shared"):
        return ("shared", name)
    if isinstance(value, BaseException):
        return ("exc", type(value).__name__, str(value))
    raise Uncanonical(type(value).__name__)


def capture_frames(worker, frame) -> tuple | None:
    """Where `worker` stands in level code: each level frame's position and variables."""
    pictures = []
    base = worker.base_names
    try:
        while frame is not None:
            code = frame.f_code
            if code.co_filename.startswith("<level:"):
                if code.co_name == "<module>":
                    names = frame.f_globals
                    variables = tuple(
                        (k, canonical(v))
                        for k, v in names.items()
                        if base.get(k) != id(v)
                        and (not k.startswith("_") or k.startswith(LOOP_NAMES))
                    )
                else:
                    variables = tuple((k, canonical(v)) for k, v in frame.f_locals.items())
                pictures.append(
                    (code.co_name, code.co_firstlineno, frame.f_lasti, variables, frame.f_lineno)
                )
            frame = frame.f_back
    except Uncanonical:
        return None
    return tuple(pictures)


def _waiters(cond: prim.Condition) -> tuple:
    return tuple((w._holder, w._held) for w in cond._waiters)


def primitive_state(obj) -> tuple:
    if isinstance(obj, prim.Lock):
        return ("L", obj._held, obj._holder)
    if isinstance(obj, prim.RLock):
        return ("R", obj._count, obj._block._holder)
    if isinstance(obj, prim.Condition):
        return ("C", primitive_state(obj._lock), _waiters(obj))
    if isinstance(obj, prim.Semaphore):
        return ("S", obj._value, _waiters(obj._cond))
    if isinstance(obj, prim.Event):
        return ("E", obj._flag, _waiters(obj._cond))
    if isinstance(obj, prim.Barrier):
        return ("B", obj._state, obj._count, _waiters(obj._cond))
    if isinstance(obj, prim.Queue):
        return (
            "Q",
            canonical(list(obj._items)),
            obj.unfinished_tasks,
            primitive_state(obj.mutex),
            _waiters(obj.not_empty),
            _waiters(obj.not_full),
            _waiters(obj.all_tasks_done),
        )
    raise Uncanonical(type(obj).__name__)
