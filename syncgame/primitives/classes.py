"""Synchronization primitives with CPython's exact semantics, free or under the scheduler.

CPython builds Condition, Semaphore, Event and Barrier in pure Python on top of Lock and
RLock (Lib/threading.py), and queue.Queue on top of Lock and Condition. We do the same, so
only `Lock` has two implementations:

- free (no controlled run active when it was made): a real `_thread` lock;
- controlled: plain state, and blocking is a scheduling point the scheduler knows about.

Inside a controlled run every public operation is one scheduling point (`@operation`);
operations nested inside it (a Semaphore's internal Condition, a Condition's lock) run
atomically with it, except where they block, which is always a scheduling point.
"""

from __future__ import annotations

import _thread
import functools
import inspect
import queue as _queue
import threading as _threading
import time as _time
from collections import deque

from syncgame.primitives import context

BrokenBarrierError = _threading.BrokenBarrierError
Empty = _queue.Empty
Full = _queue.Full

__all__ = [
    "Lock",
    "RLock",
    "Condition",
    "Semaphore",
    "BoundedSemaphore",
    "Event",
    "Barrier",
    "Queue",
    "BrokenBarrierError",
    "Empty",
    "Full",
]


def _check_lock_arguments(blocking: bool, timeout: float) -> None:
    """Raise what `_thread.lock.acquire` raises for these arguments, message for message."""
    probe = _thread.allocate_lock()
    probe.acquire(blocking, timeout)  # a fresh lock never blocks; bad arguments raise


def operation(name: str, access: str = "w"):
    """Mark a public method as one operation: in a controlled run, one scheduling point.

    `access` is "r" for operations that only look (locked, is_set, qsize...): two looks
    at the same object commute, which the judge's partial-order reduction relies on.
    """

    def decorate(method):
        timeout_at = _timeout_position(method)

        @functools.wraps(method)
        def run_operation(self, *args, **kwargs):
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


def _timeout_position(method) -> int | None:
    """Where `timeout` stands among a method's positional arguments (after self), if anywhere."""
    names = list(inspect.signature(method).parameters)[1:]
    return names.index("timeout") if "timeout" in names else None


def _refuse_nan(timeout) -> None:
    """A NaN timeout: `lock.acquire` refuses it, but Queue, Semaphore, Barrier and wait_for
    compute with it and, in CPython as here, loop forever without blocking (NaN <= 0 is
    false): a spin no scheduling point can stop. Refused the way `lock.acquire` does."""
    if type(timeout) is float and timeout != timeout:
        raise ValueError("Invalid value NaN (not a number)")


def _type_name(obj, cpython: str) -> str:
    """The type's name as CPython's repr shows it (`threading.Event`), unless subclassed."""
    cls = type(obj)
    if cls.__module__ == __name__:
        return cpython
    return f"{cls.__module__}.{cls.__qualname__}"


class _Primitive:
    """What every primitive shares: the run it belongs to and a name for traces."""

    _display_type = ""

    def _bind(self) -> None:
        self._run = context.current_run()
        self._sg_serial = self._run.next_serial() if self._run is not None else 0
        self._sg_name: str | None = None
        self._sg_key = self
        """Operations on objects with the same key touch the same state (see Condition)."""

    def _time(self) -> float:
        return self._run.now if self._run is not None else _time.monotonic()


class Lock(_Primitive):
    """threading.Lock: may be released by any thread; RuntimeError if not locked."""

    def __init__(self):
        self._bind()
        self._internal = False
        if self._run is None:
            self._raw = _thread.allocate_lock()
            self._free_run = context.current_free_run()
        else:
            self._held = False
            self._holder: str | None = None

    @operation("acquire")
    def acquire(self, blocking=True, timeout=-1):
        if self._run is None:
            if self._free_run is not None and blocking:
                return self._free_run.acquire(self._raw, timeout)
            return self._raw.acquire(blocking, timeout)
        _check_lock_arguments(blocking, timeout)
        if not self._held:
            return self._take()
        if not blocking:
            return False
        limit = None if timeout < 0 else timeout
        if not self._run.block(self, lambda: not self._held, limit):
            return False
        return self._take()

    def _take(self) -> bool:
        self._held = True
        self._holder = self._run.current_id()
        return True

    @operation("release")
    def release(self):
        if self._run is None:
            self._raw.release()
            return
        if not self._held:
            raise RuntimeError("release unlocked lock")
        self._held = False
        self._holder = None

    @operation("locked", "r")
    def locked(self):
        if self._run is None:
            return self._raw.locked()
        return self._held

    __enter__ = acquire

    def __exit__(self, *exc_info):
        self.release()

    def _is_locked(self) -> bool:
        return self._raw.locked() if self._run is None else self._held

    def _at_fork_reinit(self):
        if self._run is None:
            self._raw = _thread.allocate_lock()
        else:
            self._held, self._holder = False, None

    def __repr__(self):
        state = "locked" if self._is_locked() else "unlocked"
        return f"<{state} {_type_name(self, '_thread.lock')} object at {id(self):#x}>"


class RLock(_Primitive):
    """threading.RLock: the owner may acquire again; only the owner may release."""

    def __init__(self):
        self._bind()
        self._block = Lock()
        self._owner: int | None = None
        self._count = 0

    @operation("acquire")
    def acquire(self, blocking=True, timeout=-1):
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
    def release(self):
        if self._owner != _thread.get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None
            self._block.release()

    def __exit__(self, *exc_info):
        self.release()

    @operation("locked", "r")
    def locked(self):
        return self._count > 0

    # What Condition uses to release an RLock fully while waiting, and to restore it.
    def _release_save(self):
        if self._count == 0:
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._owner)
        self._count = 0
        self._owner = None
        self._block.release()
        return state

    def _acquire_restore(self, state):
        self._block.acquire()
        self._count, self._owner = state

    def _is_owned(self):
        return self._owner == _thread.get_ident()

    def _recursion_count(self):
        return self._count if self._owner == _thread.get_ident() else 0

    def _holder_id(self) -> str | None:
        return self._block._holder if self._run is not None and self._count else None

    def _at_fork_reinit(self):
        self._block._at_fork_reinit()
        self._owner, self._count = None, 0

    def __repr__(self):
        state = "locked" if self._count else "unlocked"
        return (
            f"<{state} {_type_name(self, '_thread.RLock')} object "
            f"owner={self._owner or 0} count={self._count} at {id(self):#x}>"
        )


class Condition(_Primitive):
    """threading.Condition: wait releases the lock and reacquires it; notify wakes FIFO."""

    def __init__(self, lock=None):
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
        self._waiters: deque = deque()

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc_info):
        return self._lock.__exit__(*exc_info)

    def __repr__(self):
        return f"<Condition({self._lock}, {len(self._waiters)})>"

    def _release_save(self):
        self._lock.release()

    def _acquire_restore(self, state):
        self._lock.acquire()

    def _is_owned(self):
        # A plain Lock has no owner: if we can take it, nobody (so not we) held it.
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    @operation("wait")
    def wait(self, timeout=None):
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
    def wait_for(self, predicate, timeout=None):
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
    def notify(self, n=1):
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
    def notify_all(self):
        self.notify(len(self._waiters))

    def _waiting_ids(self) -> list[str]:
        return [w._holder for w in self._waiters if self._run is not None and w._holder]


class Semaphore(_Primitive):
    """threading.Semaphore: a counter; acquire blocks at 0; ValueError below 0."""

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._bind()
        self._cond = Condition(Lock())
        self._value = value

    def __repr__(self):
        return f"<{_type_name(self, 'threading.Semaphore')} at {id(self):#x}: value={self._value}>"

    @operation("acquire")
    def acquire(self, blocking=True, timeout=None):
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
    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            self._value += n
            self._cond.notify(n)

    def __exit__(self, *exc_info):
        self.release()


class BoundedSemaphore(Semaphore):
    """threading.BoundedSemaphore: ValueError when released above its initial value."""

    def __init__(self, value=1):
        super().__init__(value)
        self._initial_value = value

    def __repr__(self):
        return (
            f"<{_type_name(self, 'threading.BoundedSemaphore')} at {id(self):#x}: "
            f"value={self._value}/{self._initial_value}>"
        )

    @operation("release")
    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
            self._value += n
            self._cond.notify(n)


class Event(_Primitive):
    """threading.Event: a flag; wait returns the flag (False on timeout)."""

    def __init__(self):
        self._bind()
        self._cond = Condition(Lock())
        self._flag = False

    def __repr__(self):
        state = "set" if self._flag else "unset"
        return f"<{_type_name(self, 'threading.Event')} at {id(self):#x}: {state}>"

    def _at_fork_reinit(self):
        self._cond.__init__(Lock())

    @operation("is_set", "r")
    def is_set(self):
        return self._flag

    @operation("set")
    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    @operation("clear")
    def clear(self):
        with self._cond:
            self._flag = False

    @operation("wait")
    def wait(self, timeout=None):
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled


# Barrier states, as in CPython.
_FILLING, _DRAINING, _RESETTING, _BROKEN = 0, 1, -1, -2


class Barrier(_Primitive):
    """threading.Barrier: `parties` threads meet; abort/reset/timeouts break it."""

    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self._bind()
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = _FILLING
        self._count = 0

    def __repr__(self):
        name = _type_name(self, "threading.Barrier")
        if self._state == _BROKEN:
            return f"<{name} at {id(self):#x}: broken>"
        waiting = self._count if self._state == _FILLING else 0
        return f"<{name} at {id(self):#x}: waiters={waiting}/{self._parties}>"

    @operation("wait")
    def wait(self, timeout=None):
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

    def _enter(self):
        while self._state in (_RESETTING, _DRAINING):
            self._cond.wait()
        if self._state < 0:
            raise BrokenBarrierError

    def _release(self):
        try:
            if self._action:
                self._action()
            self._state = _DRAINING
            self._cond.notify_all()
        except BaseException:
            self._break()
            raise

    def _wait(self, timeout):
        if not self._cond.wait_for(lambda: self._state != _FILLING, timeout):
            self._break()
            raise BrokenBarrierError
        if self._state < 0:
            raise BrokenBarrierError

    def _exit(self):
        if self._count == 0 and self._state in (_RESETTING, _DRAINING):
            self._state = _FILLING
            self._cond.notify_all()

    @operation("reset")
    def reset(self):
        with self._cond:
            if self._count > 0:
                if self._state in (_FILLING, _BROKEN):
                    self._state = _RESETTING
            else:
                self._state = _FILLING
            self._cond.notify_all()

    @operation("abort")
    def abort(self):
        with self._cond:
            self._break()

    def _break(self):
        self._state = _BROKEN
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    @operation("n_waiting", "r")
    def n_waiting(self):
        return self._count if self._state == _FILLING else 0

    @property
    @operation("broken", "r")
    def broken(self):
        return self._state == _BROKEN


class Queue(_Primitive):
    """queue.Queue: FIFO with blocking put/get, Empty/Full, task_done/join."""

    def __init__(self, maxsize=0):
        self._bind()
        self.maxsize = maxsize
        self._items: deque = deque()
        self.mutex = Lock()
        self.not_empty = Condition(self.mutex)
        self.not_full = Condition(self.mutex)
        self.all_tasks_done = Condition(self.mutex)
        self.unfinished_tasks = 0
        self._sg_key = self.mutex._sg_key

    def __repr__(self):
        return f"<{_type_name(self, 'queue.Queue')} object at {id(self):#x}>"

    @operation("task_done")
    def task_done(self):
        with self.all_tasks_done:
            unfinished = self.unfinished_tasks - 1
            if unfinished <= 0:
                if unfinished < 0:
                    raise ValueError("task_done() called too many times")
                self.all_tasks_done.notify_all()
            self.unfinished_tasks = unfinished

    @operation("join")
    def join(self):
        with self.all_tasks_done:
            while self.unfinished_tasks:
                self.all_tasks_done.wait()

    @operation("qsize", "r")
    def qsize(self):
        with self.mutex:
            return len(self._items)

    @operation("empty", "r")
    def empty(self):
        with self.mutex:
            return not self._items

    @operation("full", "r")
    def full(self):
        with self.mutex:
            return 0 < self.maxsize <= len(self._items)

    @operation("put")
    def put(self, item, block=True, timeout=None):
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
    def get(self, block=True, timeout=None):
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

    def put_nowait(self, item):
        return self.put(item, block=False)

    def get_nowait(self):
        return self.get(block=False)
