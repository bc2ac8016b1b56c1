"""Canonical, hashable pictures of program state, so the judge can tell states apart.

A picture must be equal for two runs exactly when their futures are equal: values, not
identities (thread idents and object ids differ between runs; names and serials do not).
"""

from __future__ import annotations

from collections.abc import Hashable
from inspect import CO_GENERATOR
from types import FrameType, FunctionType
from typing import TYPE_CHECKING

from syncgame.primitives.classes import Primitive
from syncgame.runtime.bytecode import UNKNOWN_SPOT, live_names, spots
from syncgame.runtime.shared import SharedContainer
from syncgame.sandbox import CALLBACK_CODE, MAX_WEIGHT, weigh

if TYPE_CHECKING:
    from syncgame.runtime.scheduler import Worker

LOOP_NAMES = ("_sg_items", "_sg_pass")
"""Variables the sandbox adds to every `for` loop: where the loop stands (see sandbox)."""


class Uncanonical(Exception):
    """A value we cannot picture faithfully: the state is then not cached."""


def canonical(value: object) -> Hashable:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if weigh(value) > MAX_WEIGHT:  # level code can build values too heavy to walk
        raise Uncanonical("a value too large to picture")
    return _canonical(value)


def _canonical(value: object) -> Hashable:
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
    if isinstance(value, Primitive):
        return ("prim", value._sg_serial)
    if isinstance(value, FunctionType) and not value.__closure__:
        return ("fn", value.__code__.co_name, value.__code__.co_firstlineno)
    if isinstance(value, SharedContainer):  # a list or dict another variable of `shared` holds
        return ("shared", value._name)
    if isinstance(value, BaseException):
        return ("exc", type(value).__name__, str(value))
    raise Uncanonical(type(value).__name__)


def capture_frames(worker: Worker, frame: FrameType | None) -> tuple[Hashable, ...] | None:
    """Where `worker` stands in level code: each level frame's position and variables.

    A module frame shows only the variables still to be read, and those its statement
    read before this point when the statement may hold them on its stack
    (`shared.y = tmp * 10 + shared.x` holds `tmp`, which is read no more).
    """
    pictures = []
    base = worker.base_names
    innermost = True
    try:
        while frame is not None:
            code = frame.f_code
            if code is CALLBACK_CODE:
                raise Uncanonical("inside a function that C code calls (map, a sort key...)")
            if code.co_filename.startswith("<level:"):
                if code.co_flags & CO_GENERATOR:
                    # a generator expression (comprehensions are rewritten into them): the
                    # code consuming it holds its partial result out of sight
                    raise Uncanonical("inside a generator expression")
                spot = spots(code).get(frame.f_lasti, UNKNOWN_SPOT)
                at = spot.start if spot is not UNKNOWN_SPOT else frame.f_lasti
                if code.co_name == "<module>":
                    names = frame.f_globals
                    live = live_names(code, worker.helpers_code).get(at)
                    holds = spot.holds_below_operation if innermost else spot.holds_below_call
                    if live is not None and holds:
                        live = live | spot.read_before
                    variables = tuple(
                        (k, canonical(v))
                        for k, v in names.items()
                        if base.get(k) != id(v)
                        and (
                            k.startswith(LOOP_NAMES)
                            or (not k.startswith("_") and (live is None or k in live))
                        )
                    )
                else:
                    variables = tuple((k, canonical(v)) for k, v in frame.f_locals.items())
                pictures.append((code.co_name, code.co_firstlineno, at, variables, frame.f_lineno))
                innermost = False
            frame = frame.f_back
    except Uncanonical:
        return None
    return tuple(pictures)


def primitive_state(obj: Primitive) -> tuple[object, ...]:
    """The primitive's own state key, with level values (a Queue's items) pictured here."""
    return obj._sg_state_key(canonical)
