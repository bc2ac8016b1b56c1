"""Synchronization primitives with CPython's exact semantics, free or under the scheduler.

These are the objects a level's threads share: `Lock`, `RLock`, `Condition`, `Semaphore`,
`BoundedSemaphore`, `Event`, `Barrier` (all as in the `threading` module) and `Queue` (as in
the `queue` module), with the same signatures, return values, exceptions and messages.
`BrokenBarrierError`, `Empty` and `Full` are the standard library's own exception classes.

How they are built
------------------
CPython builds Condition, Semaphore, Event and Barrier in pure Python on top of Lock and RLock
(Lib/threading.py), and queue.Queue on top of Lock and Condition (Lib/queue.py). We do the
same, line for line where it matters, so only `Lock` has two implementations:

- free (no controlled run was active when it was made): a real `_thread` lock, so the
  primitives work with ordinary threads exactly as `threading`'s do (CPython's own test
  suite for locks runs on them: tests/runtime/test_conformance.py);
- controlled (made inside a run of the game's scheduler): plain state, and blocking is a
  wait the scheduler knows about.

Scheduling points
-----------------
In a controlled run only one thread moves at a time, and it may only lose its turn at a
*scheduling point*. Each public operation (`acquire`, `release`, `wait`, `notify`, `put`,
`get`, `is_set`, ... marked `@operation` below) is one scheduling point, at its start: before
the operation does anything, the scheduler may let any other thread run first. The operation
then runs atomically, up to its end or up to the moment it blocks. Operations nested inside
it (a Semaphore's internal Condition, a Condition's lock) are part of the same step.

Blocking is always a further scheduling point: a thread that must wait (a `Lock` someone
else holds, a `Condition.wait`, an empty `Queue.get`...) is set aside, and the scheduler does
not pick it again until what it waits for has happened (the lock is free, it was notified...)
or its timeout has passed on the run's virtual clock. If no thread can move and none is
sleeping, the run ends in a deadlock, naming who waits for what.

The game's own hooks
--------------------
Names beginning `_sg_` are the game's, not CPython's: the name a level declared
(`_sg_name`), a serial number stable across replays (`_sg_serial`), and what the runtime asks
of a primitive: who holds it (`_sg_holder`), what the stage draws (`_sg_snapshot`) and how
the judge tells its states apart (`_sg_state_key`). Level code cannot reach them: the sandbox
refuses every attribute that starts with `_`.
"""

from __future__ import annotations

import _thread
import functools
import inspect
import queue as _queue
import threading as _threading
import time as _time
from _thread import LockType
from collections import deque
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from syncgame.primitives import context
from syncgame.primitives.context import ControlledRun, FreeRun

BrokenBarrierError = _threading.BrokenBarrierError
"""Raised by `Barrier.wait` when the barrier is broken or reset while a thread waits."""
Empty = _queue.Empty
"""Raised by `Queue.get` when there is no item (without waiting, or after the timeout)."""
Full = _queue.Full
"""Raised by `Queue.put` when there is no room (without waiting, or after the timeout)."""

ShowValue = Callable[[object], str]
"""How a snapshot shows a level's value (the runtime passes its safe repr)."""
PictureValue = Callable[[object], object]
"""How a state key pictures a level's value (the runtime passes its canonical picture)."""
Snapshot = dict[str, object]
"""A primitive as the stage draws it: plain, JSON-able data."""

_Self = TypeVar("_Self", bound="Primitive")
_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def _check_lock_arguments(blocking: bool, timeout: float) -> None:
    """Raise what `_thread.lock.acquire` raises for these arguments, message for message."""
    probe = _thread.allocate_lock()
    probe.acquire(blocking, timeout)  # a fresh lock never blocks; bad arguments raise


def operation(
    name: str, access: str = "w"
) -> Callable[
    [Callable[Concatenate[_Self, _Params], _Result]],
    Callable[Concatenate[_Self, _Params], _Result],
]:
    """Mark a public method as one operation: in a controlled run, one scheduling point.

    `name` is how traces show the operation. `access` is "r" for operations that only look
    (locked, is_set, qsize...): two looks at the same object commute, which the judge's
    partial-order reduction relies on; "w" (the default) for everything else.
    """

    def decorate(
        method: Callable[Concatenate[_Self, _Params], _Result],
    ) -> Callable[Concatenate[_Self, _Params], _Result]:
        timeout_at = _timeout_position(method)

        @functools.wraps(method)
        def run_operation(self: _Self, /, *args: _Params.args, **kwargs: _Params.kwargs) -> _Result:
            if timeout_at is not None:
                _refuse_nan(args[timeout_at] if len(args) > timeout_at else kwargs.get("timeout"))
            run = self._run
            if run is None:
                return method(self, *args, **kwargs)
            run.enter_operation(self, name, access, (*args, *sorted(kwargs.items())))
            try:
                result = method(self, *args, **kwargs)
            except BaseException as error:
                run.exit_operation(error=error)
                raise
            run.exit_operation(result=result)
            return result

        return run_operation

    return decorate


def _timeout_position(method: Callable[..., object]) -> int | None:
    """Where `timeout` stands among a method's positional arguments (after self), if anywhere."""
    names = list(inspect.signature(method).parameters)[1:]
    return names.index("timeout") if "timeout" in names else None


def _refuse_nan(timeout: object) -> None:
    """A NaN timeout: `lock.acquire` refuses it, but Queue, Semaphore, Barrier and wait_for
    compute with it and, in CPython as here, loop forever without blocking (NaN <= 0 is
    false): a spin no scheduling point can stop. Refused the way `lock.acquire` does."""
    if type(timeout) is float and timeout != timeout:
        raise ValueError("Invalid value NaN (not a number)")


def _type_name(obj: object, cpython: str) -> str:
    """The type's name as CPython's repr shows it (`threading.Event`), unless subclassed."""
    cls = type(obj)
    if cls.__module__ == __name__:
        return cpython
    return f"{cls.__module__}.{cls.__qualname__}"


class Primitive:
    """What every primitive shares: the run it belongs to, its name and serial for traces,
    and the game's questions about its state (who holds it, its snapshot, its state key)."""

    _run: ControlledRun | None
    """The controlled run the primitive was made in; None for a free-running primitive."""
    _sg_serial: int
    """Made in a controlled run: its number there, the same in every replay (else 0)."""
    _sg_name: str | None
    """The name the level declared it under (None for primitives made inside others)."""
    _sg_key: Primitive
    """Operations on objects with the same key touch the same state (see Condition)."""

    def _bind(self) -> None:
        self._run = context.current_run()
        self._sg_serial = self._run.next_serial() if self._run is not None else 0
        self._sg_name = None
        self._sg_key = self

    def _time(self) -> float:
        return self._run.now if self._run is not None else _time.monotonic()

    def _sg_holder(self) -> str | None:
        """The id of the thread holding this primitive in a controlled run, if it is held
        and can be held by one thread (a Lock, an RLock, a Condition's lock); else None."""
        return None

    def _sg_snapshot(self, run: ControlledRun, show: ShowValue) -> Snapshot:
        """The primitive as the stage draws it at this moment of `run` (plain JSON data).

        Every snapshot starts with "type" (the class name) and "waiters" (ids of the
        threads blocked in an operation on it); each class adds its own fields. `show`
        turns a level's value (an item in a Queue) into text."""
        return {"type": type(self).__name__, "waiters": run.waiters_of(self)}

    def _sg_state_key(self, picture: PictureValue) -> tuple[object, ...]:
        """A hashable picture of the primitive's state, for the judge's state cache.

        Equal for two runs exactly when the primitive's future behaviour is the same: values
        and thread ids, never object identities. `picture` pictures a level's value (an item
        in a Queue)."""
        raise NotImplementedError(type(self).__name__)


def _waiters_key(cond: Condition) -> tuple[tuple[str | None, bool], ...]:
    """A Condition's waiters for a state key: in FIFO order, who waits and whether it is
    still waiting (a notified waiter's lock is released before it runs again)."""
    return tuple((w._holder, w._held) for w in cond._waiters)


class Lock(Primitive):
    """A primitive lock, as `threading.Lock` (`_thread.lock` in CPython).

    A lock is either locked or unlocked; it is created unlocked. It has no owner: any
    thread may release it, not only the one that acquired it. A thread that acquires a lock
    it already holds waits for itself forever (use `RLock` to acquire again).

    Supports the context-management protocol: `with lock:` acquires on entry and releases
    on exit.
    """

    _raw: LockType
    _free_run: FreeRun | None
    _held: bool
    _holder: str | None

    def __init__(self) -> None:
        """Create an unlocked lock."""
        self._bind()
        self._internal = False
        """A lock made by another primitive for its own use (a Condition's waiter)."""
        if self._run is None:
            self._raw = _thread.allocate_lock()
            self._free_run = context.current_free_run()
        else:
            self._held = False
            self._holder = None

    @operation("acquire")
    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        """Acquire the lock, blocking or not.

        When the lock is unlocked, lock it and return True at once. When it is locked and
        `blocking` is true (the default), block until another thread releases it, then lock
        it and return True. When `blocking` is false, do not block: return False at once if
        the lock is locked.

        `timeout` (seconds, a float) bounds the wait when `blocking` is true: after that
        long without getting the lock, return False. -1 (the default) waits without limit.

        Raises ValueError when a timeout is given with `blocking` false, or when it is
        negative other than -1, or NaN; OverflowError when it exceeds `threading.TIMEOUT_MAX`.

        In a controlled run: one scheduling point at the call; if the lock is taken, a
        second one where the thread blocks, and the scheduler picks it again only once the
        lock is free (or its timeout has passed on the virtual clock). Another thread may
        take the freed lock first: then this one keeps waiting.
        """
        if self._run is None:
            if self._free_run is not None and blocking:
                return self._free_run.acquire(self._raw, timeout)
            return self._raw.acquire(blocking, timeout)
        _check_lock_arguments(blocking, timeout)
        if not self._held:
            return self._take(self._run)
        if not blocking:
            return False
        limit = None if timeout < 0 else timeout
        if not self._run.block(self, lambda: not self._held, limit):
            return False
        return self._take(self._run)

    def _take(self, run: ControlledRun) -> bool:
        self._held = True
        self._holder = run.current_id()
        return True

    @operation("release")
    def release(self) -> None:
        """Release the lock, so that one thread blocked in `acquire` may take it.

        Any thread may release a locked lock, not only the one that acquired it. Never
        blocks. Raises RuntimeError("release unlocked lock") when the lock is not locked.

        In a controlled run: one scheduling point at the call. The threads waiting for the
        lock become able to move; which of them gets it is the scheduler's choice.
        """
        if self._run is None:
            self._raw.release()
            return
        if not self._held:
            raise RuntimeError("release unlocked lock")
        self._held = False
        self._holder = None

    @operation("locked", "r")
    def locked(self) -> bool:
        """Return True if the lock is locked (by any thread), else False. Never blocks.

        The answer may be out of date as soon as it is given: another thread may acquire
        or release the lock before the caller acts on it.

        In a controlled run: one scheduling point at the call (a look: it changes nothing).
        """
        if self._run is None:
            return self._raw.locked()
        return self._held

    __enter__ = acquire

    def __exit__(self, *exc_info: object) -> None:
        """Release the lock on leaving a `with` block (the release is the scheduling point)."""
        self.release()

    def _is_locked(self) -> bool:
        return self._raw.locked() if self._run is None else self._held

    def _at_fork_reinit(self) -> None:
        if self._run is None:
            self._raw = _thread.allocate_lock()
        else:
            self._held, self._holder = False, None

    def __repr__(self) -> str:
        state = "locked" if self._is_locked() else "unlocked"
        return f"<{state} {_type_name(self, '_thread.lock')} object at {id(self):#x}>"

    def _sg_holder(self) -> str | None:
        # A Condition's waiter lock is "held" by the thread that waits on it: not a holder.
        return None if self._internal or self._run is None else self._holder

    def _sg_snapshot(self, run: ControlledRun, show: ShowValue) -> Snapshot:
        return {**super()._sg_snapshot(run, show), "locked": self._held, "holder": self._holder}

    def _sg_state_key(self, picture: PictureValue) -> tuple[object, ...]:
        return ("L", self._held, self._holder)


class RLock(Primitive):
    """A reentrant lock, as `threading.RLock`.

    An RLock has an owner (the thread that acquired it) and a recursion level. The owner
    may acquire it again without blocking; it must release it as many times as it acquired
    it before another thread can take it. Only the owner may release it.

    Supports the context-management protocol (`with rlock:`).
    """

    def __init__(self) -> None:
        """Create an unlocked reentrant lock."""
        self._bind()
        self._block = Lock()
        self._owner: int | None = None
        self._count = 0

    @operation("acquire")
    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        """Acquire the lock, blocking or not; return True if it was acquired.

        If the calling thread owns the lock already, add one to the recursion level and
        return True at once. If another thread owns it, block (when `blocking` is true, the
        default) until it is released completely, then take it with recursion level 1. If
        nobody owns it, take it at once. With `blocking` false, return False at once instead
        of blocking.

        `timeout` (seconds) bounds the wait as in `Lock.acquire`: False after that long
        without the lock; -1 (the default) waits without limit. The same ValueError and
        OverflowError for bad `blocking`/`timeout` combinations as `Lock.acquire`.

        In a controlled run: one scheduling point at the call, and one more where the thread
        blocks (another thread owns the lock) until the lock is free or the timeout passes.
        """
        me = _thread.get_ident()
        if self._owner == me:
            _check_lock_arguments(blocking, timeout)  # threading.RLock checks them first
            self._count += 1
            return True
        got = self._block.acquire(blocking, timeout)
        if got:
            self._owner = me
            self._count = 1
        return got

    __enter__ = acquire

    @operation("release")
    def release(self) -> None:
        """Release the lock once: subtract one from the recursion level.

        When the level reaches zero the lock is unlocked, and one thread blocked in
        `acquire` may take it. Never blocks. Raises RuntimeError("cannot release
        un-acquired lock") when the calling thread does not own the lock.

        In a controlled run: one scheduling point at the call.
        """
        if self._owner != _thread.get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None
            self._block.release()

    def __exit__(self, *exc_info: object) -> None:
        """Release the lock once on leaving a `with` block (the scheduling point)."""
        self.release()

    @operation("locked", "r")
    def locked(self) -> bool:
        """Return True if some thread owns the lock, else False. Never blocks.

        In a controlled run: one scheduling point at the call (a look: it changes nothing).
        """
        return self._count > 0

    # What Condition uses to release an RLock fully while waiting, and to restore it.
    def _release_save(self) -> tuple[int, int | None]:
        if self._count == 0:
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._owner)
        self._count = 0
        self._owner = None
        self._block.release()
        return state

    def _acquire_restore(self, state: tuple[int, int | None]) -> None:
        self._block.acquire()
        self._count, self._owner = state

    def _is_owned(self) -> bool:
        return self._owner == _thread.get_ident()

    def _recursion_count(self) -> int:
        return self._count if self._owner == _thread.get_ident() else 0

    def _at_fork_reinit(self) -> None:
        self._block._at_fork_reinit()
        self._owner, self._count = None, 0

    def __repr__(self) -> str:
        state = "locked" if self._count else "unlocked"
        return (
            f"<{state} {_type_name(self, '_thread.RLock')} object "
            f"owner={self._owner or 0} count={self._count} at {id(self):#x}>"
        )

    def _sg_holder(self) -> str | None:
        return self._block._sg_holder() if self._count else None

    def _sg_snapshot(self, run: ControlledRun, show: ShowValue) -> Snapshot:
        return {
            **super()._sg_snapshot(run, show),
            "locked": self._count > 0,
            "holder": self._sg_holder(),
            "count": self._count,
        }

    def _sg_state_key(self, picture: PictureValue) -> tuple[object, ...]:
        return ("R", self._count, self._block._holder)


class Condition(Primitive):
    """A condition variable, as `threading.Condition`.

    A condition variable lets threads wait until another thread tells them that something
    has changed. It is always used with a lock: `lock` (a Lock or an RLock) if given, else a
    new RLock. The condition's `acquire` and `release` are its lock's; `wait`, `notify` and
    `notify_all` may only be called while holding the lock.

    The usual pattern waits in a loop, since being woken says only that something changed::

        with cond:
            while not ready():
                cond.wait()

    Supports the context-management protocol: `with cond:` holds its lock for the block.
    """

    acquire: Callable[..., bool]
    """Acquire the underlying lock (its own `acquire`, with its arguments and result)."""
    release: Callable[[], None]
    """Release the underlying lock (its own `release`)."""

    def __init__(self, lock: Lock | RLock | None = None) -> None:
        """Create a condition variable using `lock`, or a new RLock when `lock` is None."""
        self._bind()
        if lock is None:
            lock = RLock()
        self._lock = lock
        self._sg_key = getattr(lock, "_sg_key", lock)  # a Condition's state is its lock's
        self.acquire = lock.acquire
        self.release = lock.release
        for name in ("_release_save", "_acquire_restore", "_is_owned"):
            if hasattr(lock, name):
                setattr(self, name, getattr(lock, name))
        self._waiters: deque[Lock] = deque()

    def __enter__(self) -> bool:
        """Acquire the underlying lock for a `with` block (the lock's scheduling point)."""
        return self._lock.__enter__()

    def __exit__(self, *exc_info: object) -> None:
        """Release the underlying lock on leaving a `with` block."""
        return self._lock.__exit__(*exc_info)

    def __repr__(self) -> str:
        return f"<Condition({self._lock}, {len(self._waiters)})>"

    def _release_save(self) -> object:
        self._lock.release()
        return None

    def _acquire_restore(self, state: object) -> None:
        self._lock.acquire()

    def _is_owned(self) -> bool:
        # A plain Lock has no owner: if we can take it, nobody (so not we) held it.
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    @operation("wait")
    def wait(self, timeout: float | None = None) -> bool:
        """Release the lock, wait until notified or until `timeout` passes, then take the
        lock back; return True if notified, False if the timeout passed first.

        The calling thread must hold the lock, else RuntimeError("cannot wait on
        un-acquired lock"). An RLock is released completely, whatever its recursion level,
        and restored to that level afterwards. Whether notified or timed out, `wait` returns
        only once the thread holds the lock again, so it may wait for the lock too.

        `timeout` is in seconds (a float); None (the default) waits until notified, 0 or
        less does not wait at all (and returns False unless already notified).

        In a controlled run: one scheduling point at the call; the thread then blocks until
        a `notify` picks it (or the timeout passes), and blocks again if another thread
        holds the lock by then: each of these waits is a scheduling point.
        """
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = Lock()
        waiter._internal = True
        waiter.acquire()
        self._waiters.append(waiter)
        saved = self._release_save()
        notified = False
        try:
            if timeout is None:
                waiter.acquire()
                notified = True
            elif timeout > 0:
                notified = waiter.acquire(True, timeout)
            else:
                notified = waiter.acquire(False)
            return notified
        finally:
            self._acquire_restore(saved)
            if not notified:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    @operation("wait_for")
    def wait_for(self, predicate: Callable[[], _Result], timeout: float | None = None) -> _Result:
        """Wait until `predicate()` is true; return its last result.

        `predicate` is called at once, while holding the lock; as long as its result is
        false, `wait` (which releases the lock meanwhile) and call it again. `timeout`
        (seconds, None for no limit) bounds the whole wait: when it has passed, return the
        predicate's last (false) result. The lock must be held, as for `wait`.

        In a controlled run: one scheduling point at the call, and one wherever the inner
        `wait` blocks. The predicate runs inside the operation, in the calling thread,
        without scheduling points of its own (the judge treats it as touching anything).
        """
        end_time = None
        wait_time = timeout
        result = predicate()
        while not result:
            if wait_time is not None:
                if end_time is None:
                    end_time = self._time() + wait_time
                else:
                    wait_time = end_time - self._time()
                    if wait_time <= 0:
                        break
            self.wait(wait_time)
            result = predicate()
        return result

    @operation("notify")
    def notify(self, n: int = 1) -> None:
        """Wake up to `n` threads waiting on this condition (one by default), oldest first.

        Does nothing when no thread waits. The woken threads do not return from `wait` at
        once: each must first take the lock back, which the notifying thread still holds.
        Never blocks. The calling thread must hold the lock, else RuntimeError("cannot
        notify on un-acquired lock").

        In a controlled run: one scheduling point at the call.
        """
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        chosen = list(self._waiters)[:n]
        for waiter in chosen:
            waiter.release()
            try:
                self._waiters.remove(waiter)
            except ValueError:
                pass

    @operation("notify_all")
    def notify_all(self) -> None:
        """Wake every thread waiting on this condition; otherwise as `notify`.

        In a controlled run: one scheduling point at the call.
        """
        self.notify(len(self._waiters))

    def _sg_holder(self) -> str | None:
        return self._lock._sg_holder()

    def _sg_snapshot(self, run: ControlledRun, show: ShowValue) -> Snapshot:
        return {
            **super()._sg_snapshot(run, show),
            "waiters": self._sg_waiting(run),
            "holder": self._sg_holder(),
            "lock": getattr(self._lock, "_sg_name", None),
        }

    def _sg_waiting(self, run: ControlledRun) -> list[str]:
        """Threads inside `wait` (notified or not), in FIFO order of their waiter locks."""
        order = {id(w): i for i, w in enumerate(self._waiters)}
        waiting = [
            (order.get(id(worker.blocked_on), len(order)), worker.tid)
            for worker in run.workers
            if worker.blocked_on is not None and worker.top is self
        ]
        return [tid for _, tid in sorted(waiting)]

    def _sg_state_key(self, picture: PictureValue) -> tuple[object, ...]:
        return ("C", self._lock._sg_state_key(picture), _waiters_key(self))


class Semaphore(Primitive):
    """A counting semaphore, as `threading.Semaphore`.

    A semaphore manages a counter: `release` adds to it, `acquire` takes one from it and
    blocks while it is zero. The counter never goes below zero. Typical use: at most
    `value` threads at once in some section.

    Supports the context-management protocol: `with sem:` acquires on entry and releases on
    exit.
    """

    def __init__(self, value: int = 1) -> None:
        """Create a semaphore whose counter starts at `value` (1 by default).

        Raises ValueError("semaphore initial value must be >= 0") when `value` is negative.
        """
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._bind()
        self._cond = Condition(Lock())
        self._value = value

    def __repr__(self) -> str:
        return f"<{_type_name(self, 'threading.Semaphore')} at {id(self):#x}: value={self._value}>"

    @operation("acquire")
    def acquire(self, blocking: bool = True, timeout: float | None = None) -> bool:
        """Take one from the counter, waiting while it is zero; return True if taken.

        When the counter is above zero, subtract one and return True at once. When it is
        zero and `blocking` is true (the default), block until a `release` makes it positive,
        then take one and return True; if several threads wait, which one is woken first is
        not defined. With `blocking` false, return False at once instead of blocking.

        `timeout` (seconds, None for no limit) bounds the wait: False after that long
        without taking one. Raises ValueError("can't specify timeout for non-blocking
        acquire") when a timeout is given with `blocking` false.

        In a controlled run: one scheduling point at the call, and one more each time the
        thread blocks waiting for the counter.
        """
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        got = False
        end_time = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    break
                if timeout is not None:
                    if end_time is None:
                        end_time = self._time() + timeout
                    else:
                        timeout = end_time - self._time()
                        if timeout <= 0:
                            break
                self._cond.wait(timeout)
            else:
                self._value -= 1
                got = True
        return got

    __enter__ = acquire

    @operation("release")
    def release(self, n: int = 1) -> None:
        """Add `n` (1 by default) to the counter and wake up to `n` threads waiting in
        `acquire`.

        Any thread may release, whether it acquired or not. Never blocks. Raises
        ValueError("n must be one or more") when `n` is less than 1.

        In a controlled run: one scheduling point at the call.
        """
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            self._value += n
            self._cond.notify(n)

    def __exit__(self, *exc_info: object) -> None:
        """Release once on leaving a `with` block (the release is the scheduling point)."""
        self.release()

    def _sg_snapshot(self, run: ControlledRun, show: ShowValue) -> Snapshot:
        return {**super()._sg_snapshot(run, show), "value": self._value}

    def _sg_state_key(self, picture: PictureValue) -> tuple[object, ...]:
        return ("S", self._value, _waiters_key(self._cond))


class BoundedSemaphore(Semaphore):
    """A semaphore that may not be released above its initial value, as
    `threading.BoundedSemaphore`.

    The bound catches a classic bug: releasing more often than acquiring. Otherwise as
    `Semaphore`.
    """

    def __init__(self, value: int = 1) -> None:
        """Create a bounded semaphore whose counter starts, and may go up to, `value`.

        Raises ValueError("semaphore initial value must be >= 0") when `value` is negative.
        """
        super().__init__(value)
        self._initial_value = value

    def __repr__(self) -> str:
        return (
            f"<{_type_name(self, 'threading.BoundedSemaphore')} at {id(self):#x}: "
            f"value={self._value}/{self._initial_value}>"
        )

    @operation("release")
    def release(self, n: int = 1) -> None:
        """Add `n` (1 by default) to the counter and wake up to `n` waiting threads.

        Raises ValueError("Semaphore released too many times") when the counter would go
        above the initial value (and then changes nothing), ValueError("n must be one or
        more") when `n` is less than 1. Never blocks.

        In a controlled run: one scheduling point at the call.
        """
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
            self._value += n
            self._cond.notify(n)

    def _sg_snapshot(self, run: ControlledRun, show: ShowValue) -> Snapshot:
        return {**super()._sg_snapshot(run, show), "initial": self._initial_value}


class Event(Primitive):
    """An event, as `threading.Event`: a flag threads can wait for.

    The flag starts false. `set` makes it true and wakes every waiting thread; `clear`
    makes it false again; `wait` blocks until it is true.
    """

    def __init__(self) -> None:
        """Create an event whose flag is false."""
        self._bind()
        self._cond = Condition(Lock())
        self._flag = False

    def __repr__(self) -> str:
        state = "set" if self._flag else "unset"
        return f"<{_type_name(self, 'threading.Event')} at {id(self):#x}: {state}>"

    def _at_fork_reinit(self) -> None:
        self._cond.__init__(Lock())  # type: ignore[misc]  # CPython's own way

    @operation("is_set", "r")
    def is_set(self) -> bool:
        """Return True if the flag is true, else False. Never blocks.

        In a controlled run: one scheduling point at the call (a look: it changes nothing).
        """
        return self._flag

    @operation("set")
    def set(self) -> None:
        """Make the flag true and wake every thread waiting for it. Never blocks.

        Threads that call `wait` afterwards do not block at all, until `clear`.

        In a controlled run: one scheduling point at the call.
        """
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    @operation("clear")
    def clear(self) -> None:
        """Make the flag false: threads calling `wait` from now on block until `set`.
        Never blocks.

        In a controlled run: one scheduling point at the call.
        """
        with self._cond:
            self._flag = False

    @operation("wait")
    def wait(self, timeout: float | None = None) -> bool:
        """Block until the flag is true, or until `timeout` seconds pass; return the flag.

        Returns True at once if the flag is true. Otherwise blocks until another thread
        calls `set` (True) or the timeout passes (False). `timeout` is in seconds (a
        float); None (the default) waits without limit.

        In a controlled run: one scheduling point at the call, and one more if the thread
        blocks, until `set` (or the timeout) lets it move again.
        """
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled

    def _sg_snapshot(self, run: ControlledRun, show: ShowValue) -> Snapshot:
        return {**super()._sg_snapshot(run, show), "flag": self._flag}

    def _sg_state_key(self, picture: PictureValue) -> tuple[object, ...]:
        return ("E", self._flag, _waiters_key(self._cond))


# Barrier states, as in CPython.
_FILLING, _DRAINING, _RESETTING, _BROKEN = 0, 1, -1, -2


class Barrier(Primitive):
    """A barrier, as `threading.Barrier`: a fixed number of threads wait for each other.

    Each of `parties` threads calls `wait`; all of them block until the last one arrives,
    then all continue at once, and the barrier is ready for the next round. A barrier is
    broken by `abort`, by a `wait` that times out, or by an `action` that raises; waiting
    threads then get BrokenBarrierError, and so does every `wait` until `reset`.
    """

    def __init__(
        self, parties: int, action: Callable[[], object] | None = None, timeout: float | None = None
    ) -> None:
        """Create a barrier for `parties` threads.

        `action`, if given, is called by one of the threads when all have arrived, before
        any of them continues. `timeout` is the default timeout of `wait` (seconds, None for
        no limit). Raises ValueError("parties must be >= 1") when `parties` is below 1.
        """
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self._bind()
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = _FILLING
        self._count = 0

    def __repr__(self) -> str:
        name = _type_name(self, "threading.Barrier")
        if self._state == _BROKEN:
            return f"<{name} at {id(self):#x}: broken>"
        waiting = self._count if self._state == _FILLING else 0
        return f"<{name} at {id(self):#x}: waiters={waiting}/{self._parties}>"

    @operation("wait")
    def wait(self, timeout: float | None = None) -> int:
        """Arrive at the barrier and block until all `parties` threads have arrived.

        Returns an arrival index, different for each thread of a round, from 0 to
        `parties - 1` (the last to arrive gets `parties - 1`): useful to choose one thread
        for some job. If the barrier has an action, the last thread to arrive calls it
        before anyone is released; if it raises, the barrier breaks.

        `timeout` (seconds) overrides the barrier's default timeout. If it passes before all
        threads arrive, the barrier breaks. Raises BrokenBarrierError when the barrier is
        broken, or is reset or aborted while the thread waits.

        In a controlled run: one scheduling point at the call, and one more where the thread
        blocks until the others arrive (the last to arrive does not block). The action runs
        inside the operation, without scheduling points of its own.
        """
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            self._enter()
            index = self._count
            self._count += 1
            try:
                if index + 1 == self._parties:
                    self._release()
                else:
                    self._wait(timeout)
                return index
            finally:
                self._count -= 1
                self._exit()

    def _enter(self) -> None:
        while self._state in (_RESETTING, _DRAINING):
            self._cond.wait()
        if self._state < 0:
            raise BrokenBarrierError

    def _release(self) -> None:
        try:
            if self._action:
                self._action()
            self._state = _DRAINING
            self._cond.notify_all()
        except BaseException:
            self._break()
            raise

    def _wait(self, timeout: float | None) -> None:
        if not self._cond.wait_for(lambda: self._state != _FILLING, timeout):
            self._break()
            raise BrokenBarrierError
        if self._state < 0:
            raise BrokenBarrierError

    def _exit(self) -> None:
        if self._count == 0 and self._state in (_RESETTING, _DRAINING):
            self._state = _FILLING
            self._cond.notify_all()

    @operation("reset")
    def reset(self) -> None:
        """Return the barrier to its empty, unbroken state.

        Threads waiting in it get BrokenBarrierError; the barrier is usable again once they
        have left. Never blocks.

        In a controlled run: one scheduling point at the call.
        """
        with self._cond:
            if self._count > 0:
                if self._state in (_FILLING, _BROKEN):
                    self._state = _RESETTING
            else:
                self._state = _FILLING
            self._cond.notify_all()

    @operation("abort")
    def abort(self) -> None:
        """Break the barrier: threads waiting in it, and every later `wait`, get
        BrokenBarrierError until `reset`. Never blocks.

        In a controlled run: one scheduling point at the call.
        """
        with self._cond:
            self._break()

    def _break(self) -> None:
        self._state = _BROKEN
        self._cond.notify_all()

    @property
    def parties(self) -> int:
        """The number of threads needed to pass the barrier (no scheduling point: it never
        changes)."""
        return self._parties

    @property
    @operation("n_waiting", "r")
    def n_waiting(self) -> int:
        """The number of threads waiting in the barrier now, in the round being filled.

        In a controlled run: reading it is one scheduling point (a look).
        """
        return self._count if self._state == _FILLING else 0

    @property
    @operation("broken", "r")
    def broken(self) -> bool:
        """True if the barrier is broken.

        In a controlled run: reading it is one scheduling point (a look).
        """
        return self._state == _BROKEN

    def _sg_snapshot(self, run: ControlledRun, show: ShowValue) -> Snapshot:
        return {
            **super()._sg_snapshot(run, show),
            "n_waiting": self._count if self._state == _FILLING else 0,
            "parties": self._parties,
            "broken": self._state == _BROKEN,
        }

    def _sg_state_key(self, picture: PictureValue) -> tuple[object, ...]:
        return ("B", self._state, self._count, _waiters_key(self._cond))


class Queue(Primitive):
    """A first-in, first-out queue for passing items between threads, as `queue.Queue`.

    `maxsize` bounds the number of items (0 or less: no bound): `put` blocks while the queue
    is full, `get` while it is empty. Each `put` adds an unfinished task; `task_done` marks
    one finished, and `join` waits until none is left.

    Its lock and conditions are public, as in CPython: `mutex` (a Lock) guards the items;
    `not_empty`, `not_full` and `all_tasks_done` are Conditions on it. `unfinished_tasks`
    counts the tasks not yet marked done.
    """

    def __init__(self, maxsize: int = 0) -> None:
        """Create a queue holding at most `maxsize` items (0 or less: without limit)."""
        self._bind()
        self.maxsize = maxsize
        self._items: deque[object] = deque()
        self.mutex = Lock()
        self.not_empty = Condition(self.mutex)
        self.not_full = Condition(self.mutex)
        self.all_tasks_done = Condition(self.mutex)
        self.unfinished_tasks = 0
        self._sg_key = self.mutex._sg_key

    def __repr__(self) -> str:
        return f"<{_type_name(self, 'queue.Queue')} object at {id(self):#x}>"

    @operation("task_done")
    def task_done(self) -> None:
        """Mark one task (an item put earlier) as finished, for threads waiting in `join`.

        When the last unfinished task is marked, every thread in `join` is woken. Never
        blocks. Raises ValueError("task_done() called too many times") when there is no
        unfinished task.

        In a controlled run: one scheduling point at the call.
        """
        with self.all_tasks_done:
            unfinished = self.unfinished_tasks - 1
            if unfinished <= 0:
                if unfinished < 0:
                    raise ValueError("task_done() called too many times")
                self.all_tasks_done.notify_all()
            self.unfinished_tasks = unfinished

    @operation("join")
    def join(self) -> None:
        """Block until every item ever put has been marked done with `task_done`.

        Returns at once when no task is unfinished.

        In a controlled run: one scheduling point at the call, and one more each time the
        thread blocks waiting for the last `task_done`.
        """
        with self.all_tasks_done:
            while self.unfinished_tasks:
                self.all_tasks_done.wait()

    @operation("qsize", "r")
    def qsize(self) -> int:
        """Return the number of items in the queue now. Never blocks (beyond taking
        `mutex` for a moment).

        The answer may be out of date at once: another thread may put or get before the
        caller acts on it.

        In a controlled run: one scheduling point at the call (a look: it changes nothing).
        """
        with self.mutex:
            return len(self._items)

    @operation("empty", "r")
    def empty(self) -> bool:
        """Return True if the queue holds no item now, else False; as `qsize`, the answer
        may be out of date at once.

        In a controlled run: one scheduling point at the call (a look).
        """
        with self.mutex:
            return not self._items

    @operation("full", "r")
    def full(self) -> bool:
        """Return True if the queue is bounded and holds `maxsize` items now, else False;
        as `qsize`, the answer may be out of date at once.

        In a controlled run: one scheduling point at the call (a look).
        """
        with self.mutex:
            return 0 < self.maxsize <= len(self._items)

    @operation("put")
    def put(self, item: object, block: bool = True, timeout: float | None = None) -> None:
        """Put `item` at the end of the queue, waiting for room if the queue is full.

        With `block` true (the default) and `timeout` None (the default), block until
        there is room. With a `timeout` (seconds), block at most that long, then raise Full.
        With `block` false, put the item if there is room at once, else raise Full (the
        timeout is then ignored). Raises ValueError("'timeout' must be a non-negative
        number") for a negative timeout with `block` true. A queue without a bound never
        blocks in `put` (and never looks at `block` or `timeout`). Each put adds an
        unfinished task (see `task_done`) and wakes one thread waiting in `get`.

        In a controlled run: one scheduling point at the call, and one more each time the
        thread blocks waiting for room.
        """
        with self.not_full:
            if self.maxsize > 0:
                if not block:
                    if len(self._items) >= self.maxsize:
                        raise Full
                elif timeout is None:
                    while len(self._items) >= self.maxsize:
                        self.not_full.wait()
                elif timeout < 0:
                    raise ValueError("'timeout' must be a non-negative number")
                else:
                    end_time = self._time() + timeout
                    while len(self._items) >= self.maxsize:
                        remaining = end_time - self._time()
                        if remaining <= 0.0:
                            raise Full
                        self.not_full.wait(remaining)
            self._items.append(item)
            self.unfinished_tasks += 1
            self.not_empty.notify()

    @operation("get")
    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        """Remove and return the item at the front of the queue, waiting for one if empty.

        With `block` true (the default) and `timeout` None (the default), block until an
        item is there. With a `timeout` (seconds), block at most that long, then raise
        Empty. With `block` false, return an item if one is there at once, else raise Empty
        (the timeout is then ignored). Raises ValueError("'timeout' must be a non-negative
        number") for a negative timeout with `block` true. Wakes one thread waiting in
        `put` for room.

        In a controlled run: one scheduling point at the call, and one more each time the
        thread blocks waiting for an item.
        """
        with self.not_empty:
            if not block:
                if not self._items:
                    raise Empty
            elif timeout is None:
                while not self._items:
                    self.not_empty.wait()
            elif timeout < 0:
                raise ValueError("'timeout' must be a non-negative number")
            else:
                end_time = self._time() + timeout
                while not self._items:
                    remaining = end_time - self._time()
                    if remaining <= 0.0:
                        raise Empty
                    self.not_empty.wait(remaining)
            item = self._items.popleft()
            self.not_full.notify()
            return item

    def put_nowait(self, item: object) -> None:
        """Put `item` only if there is room at once, else raise Full: `put(item, False)`.

        In a controlled run: one scheduling point (the `put`'s).
        """
        return self.put(item, block=False)

    def get_nowait(self) -> Any:
        """Remove and return an item only if one is there at once, else raise Empty:
        `get(False)`.

        In a controlled run: one scheduling point (the `get`'s).
        """
        return self.get(block=False)

    def _sg_snapshot(self, run: ControlledRun, show: ShowValue) -> Snapshot:
        return {
            **super()._sg_snapshot(run, show),
            "items": [show(item) for item in self._items],
            "maxsize": self.maxsize,
        }

    def _sg_state_key(self, picture: PictureValue) -> tuple[object, ...]:
        return (
            "Q",
            picture(list(self._items)),
            self.unfinished_tasks,
            self.mutex._sg_state_key(picture),
            _waiters_key(self.not_empty),
            _waiters_key(self.not_full),
            _waiters_key(self.all_tasks_done),
        )
