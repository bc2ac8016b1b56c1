"""The scheduler hook: which run, and which worker of it, the current thread belongs to.

A primitive asks `current_run()` once, when it is made, and keeps the answer: made inside a
controlled run, it reports every operation to that run and blocks through it; made outside
one, it is an ordinary thread-safe primitive. The runtime enters a run around building its
primitives and around each worker's code, and leaves it afterwards.

The protocols below are all a primitive may use of a run, so this package imports nothing of
the runtime that implements them.
"""

from __future__ import annotations

import threading
from _thread import LockType
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # (the classes ask this module for their run: no import at run time)
    from syncgame.primitives.classes import Lock, Primitive, ShowValue, Snapshot


class WorkerView(Protocol):
    """What a primitive may read of a worker thread of a controlled run (for its snapshot)."""

    @property
    def tid(self) -> str:
        """The thread's id in traces ("inc#0")."""
        ...

    @property
    def top(self) -> Primitive | None:
        """The primitive whose public operation the thread is inside (the outermost), if any."""
        ...

    @property
    def blocked_on(self) -> Lock | None:
        """The lock the thread is blocked on right now, if any."""
        ...


class ControlledRun(Protocol):
    """A run under the game's scheduler, as its primitives see it."""

    @property
    def now(self) -> float:
        """The run's virtual clock, in seconds."""
        ...

    @property
    def workers(self) -> Sequence[WorkerView]:
        """The run's worker threads."""
        ...

    def next_serial(self) -> int:
        """A serial number for a primitive made now (the same in every replay of the run)."""
        ...

    def current_id(self) -> str | None:
        """The id of the worker thread running now (None outside the run's workers)."""
        ...

    def enter_operation(
        self, obj: Primitive, name: str, access: str, arguments: tuple[object, ...] = ()
    ) -> None:
        """A public operation on `obj` begins: the scheduling point (outermost ones only)."""
        ...

    def exit_operation(self, result: object = None, error: BaseException | None = None) -> None:
        """The operation begun last has returned `result` or raised `error`."""
        ...

    def block(self, obj: Lock, guard: Callable[[], bool], timeout: float | None) -> bool:
        """Wait on `obj` until `guard()` holds (True) or `timeout` seconds pass (False)."""
        ...

    def waiters_of(self, obj: Primitive) -> list[str]:
        """Ids of the threads blocked inside an operation on `obj` (or on its state)."""
        ...


class FreeRun(Protocol):
    """An uncontrolled run that must be able to stop threads blocked on its locks."""

    def acquire(self, raw: LockType, timeout: float) -> bool:
        """A blocking acquire of `raw` that gives up when the run is stopped."""
        ...


class AtRest:
    """A controlled run before any thread starts: time 0, no workers, nobody waiting.

    Primitives made in it are made as a run makes them (serials from 1, a Condition's own
    lock...), so each pictures itself as a run's first snapshot pictures it: the stage before
    any step. No operation runs at rest; one that is tried raises RuntimeError."""

    def __init__(self) -> None:
        self._serial = 0

    @property
    def now(self) -> float:
        return 0.0

    @property
    def workers(self) -> Sequence[WorkerView]:
        return ()

    def next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def current_id(self) -> str | None:
        return None

    def enter_operation(
        self, obj: Primitive, name: str, access: str, arguments: tuple[object, ...] = ()
    ) -> None:
        raise RuntimeError(f"{name} on a primitive at rest: no thread runs before the first step")

    def exit_operation(self, result: object = None, error: BaseException | None = None) -> None:
        raise RuntimeError("no operation runs at rest")

    def block(self, obj: Lock, guard: Callable[[], bool], timeout: float | None) -> bool:
        raise RuntimeError("nothing blocks at rest")

    def waiters_of(self, obj: Primitive) -> list[str]:
        return []

    def snapshot_at_rest(self, primitive: Primitive, show: ShowValue = repr) -> Snapshot:
        """`primitive` (made in this run) as the stage draws it before any step."""
        return primitive._sg_snapshot(self, show)


_local = threading.local()


def current_run() -> ControlledRun | None:
    """The controlled run primitives made now belong to (None: free-running primitives)."""
    run: ControlledRun | None = getattr(_local, "run", None)
    return run


def current_free_run() -> FreeRun | None:
    """The free (uncontrolled) run whose locks must stay abortable, if one is being set up."""
    free_run: FreeRun | None = getattr(_local, "free_run", None)
    return free_run


def current_worker() -> Any:
    """The worker the current thread runs, if any (the runtime's own object: `Any` here, as
    this package cannot name the runtime's class)."""
    return getattr(_local, "worker", None)


def enter(run: ControlledRun, worker: object = None) -> None:
    """From now on, this thread builds primitives for `run` (and runs `worker`, if given)."""
    _local.run = run
    _local.worker = worker


def enter_free(free_run: FreeRun) -> None:
    """From now on, locks this thread makes stay abortable by `free_run`."""
    _local.free_run = free_run


def leave() -> None:
    """This thread belongs to no run any more."""
    _local.run = None
    _local.worker = None
    _local.free_run = None


@contextmanager
def at_rest() -> Iterator[AtRest]:
    """Within the block, this thread builds primitives for a fresh `AtRest` run; afterwards it
    belongs to the run (or worker, or free run) it belonged to before."""
    before = (current_run(), current_worker(), current_free_run())
    rest = AtRest()
    enter(rest)
    try:
        yield rest
    finally:
        _local.run, _local.worker, _local.free_run = before
