"""Every primitive type a level may declare, in one place.

One entry per type: its name (what a level writes, "Semaphore"), its class (with CPython's
constructor signature), and the rules a declaration's arguments must follow beyond that
signature. A primitive's snapshot, state key and holder are its class's own methods
(`Primitive._sg_snapshot`, `_sg_state_key`, `_sg_holder`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeGuard

from syncgame.primitives.classes import (
    Barrier,
    BoundedSemaphore,
    Condition,
    Event,
    Lock,
    Primitive,
    Queue,
    RLock,
    Semaphore,
)

Arguments = Mapping[str, object]
"""A declaration's arguments by parameter name (as `inspect.Signature.bind` gives them)."""


@dataclass(frozen=True)
class PrimitiveType:
    """A primitive type a level may declare."""

    name: str
    """The class name a level writes in a declaration ("Semaphore")."""
    cls: type[Primitive]
    """The class that makes it."""
    rule: Callable[[Arguments], str | None] | None = None
    """What is wrong with a declaration's (signature-bound) arguments, or None if nothing."""
    primitive_argument: str | None = None
    """The one parameter that names another declared primitive (Condition's `lock`), if any."""
    lock_like: bool = False
    """Whether a Condition may use it as its lock."""

    @property
    def signature(self) -> inspect.Signature:
        """The constructor's signature (CPython's: `Semaphore(value=1)`)."""
        return inspect.signature(self.cls)


def _plain_int(value: object) -> TypeGuard[int]:
    """An int that is not a bool (True is an int to Python, not a count to a level)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _semaphore_rule(arguments: Arguments) -> str | None:
    value = arguments.get("value", 1)
    if not _plain_int(value):
        return "the value must be an integer"
    if value < 0:
        return "semaphore initial value must be >= 0"
    return None


def _barrier_rule(arguments: Arguments) -> str | None:
    parties = arguments.get("parties")
    if not _plain_int(parties) or parties < 1:
        return "parties must be an integer >= 1"
    if arguments.get("action") is not None:
        return "a barrier action is not supported in levels"
    timeout = arguments.get("timeout")
    if timeout is not None and (not isinstance(timeout, int | float) or timeout < 0):
        return "timeout must be a non-negative number"
    return None


def _queue_rule(arguments: Arguments) -> str | None:
    if not _plain_int(arguments.get("maxsize", 0)):
        return "maxsize must be an integer"
    return None


_ALL = (
    PrimitiveType("Lock", Lock, lock_like=True),
    PrimitiveType("RLock", RLock, lock_like=True),
    PrimitiveType("Condition", Condition, primitive_argument="lock"),
    PrimitiveType("Semaphore", Semaphore, _semaphore_rule),
    PrimitiveType("BoundedSemaphore", BoundedSemaphore, _semaphore_rule),
    PrimitiveType("Event", Event),
    PrimitiveType("Barrier", Barrier, _barrier_rule),
    PrimitiveType("Queue", Queue, _queue_rule),
)

PRIMITIVES: Mapping[str, PrimitiveType] = {kind.name: kind for kind in _ALL}
"""Every primitive type by name, in the order menus and messages list them."""

PRIMITIVE_TYPES: tuple[str, ...] = tuple(PRIMITIVES)
"""The names of the primitive types, in that order."""

LOCK_TYPES: tuple[str, ...] = tuple(kind.name for kind in _ALL if kind.lock_like)
"""The types a Condition may take as its lock."""


def primitive_class(name: str) -> type[Primitive] | None:
    """The class of the primitive type `name`, or None if there is no such type."""
    kind = PRIMITIVES.get(name)
    return kind.cls if kind is not None else None


WITH_TYPES: tuple[str, ...] = tuple(kind.name for kind in _ALL if hasattr(kind.cls, "__enter__"))
"""The types a `with` statement can hold (context managers, as in CPython's threading)."""
