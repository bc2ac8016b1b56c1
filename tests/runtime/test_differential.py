"""Inside a controlled run, our primitives give the outcomes the real `threading`/`queue` give.

Each scenario is level code. It runs (1) under our scheduler, with virtual time, under
FirstEnabled and many random schedules, and (2) as plain Python on real threads with the real
`threading` and `queue` objects. Every scenario coordinates its threads (events, polling under a
lock, generous sleeps) so that the real run's outcome is certain; `T` is the time unit (1 virtual
second under the scheduler, REAL_UNIT seconds for real). The logs, the uncaught exceptions (type
and message) and the final shared values must be identical, for every schedule.
"""

from __future__ import annotations

import queue
import sys
import threading
from dataclasses import dataclass, field

import pytest

from syncgame.primitives import classes as primitives
from syncgame.runtime.scheduler import run
from syncgame.runtime.strategies import FirstEnabled, RandomStrategy

from .helpers import Result, program, result_of, run_real

REAL_UNIT = 0.05
SEEDS = 20


@dataclass(frozen=True)
class Scenario:
    threads: dict
    primitives: dict = field(default_factory=dict)
    shared: dict = field(default_factory=dict)
    sort_logs: bool = False
    """Compare logs as a sorted list (threads that log at the same moment)."""
    expected: Result | None = None
    """What CPython gives (checked against the real run too, so the scenario cannot go vacuous)."""


def _poll(condition: str, lock: str | None = None) -> str:
    """Level code that waits (polling) until `condition` holds, reading it under `lock`."""
    if lock is None:
        return f"while not ({condition}):\n    sleep(T / 10)\n"
    return (
        "while True:\n"
        f"    with {lock}:\n"
        f"        if {condition}:\n"
        "            break\n"
        "    sleep(T / 10)\n"
    )


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, **kwargs) -> None:
    SCENARIOS[name] = Scenario(**kwargs)


# --- Lock ---------------------------------------------------------------------------------

scenario(
    "lock-return-values",
    threads={
        "t": """
            log(l.acquire(False))
            log(l.acquire(blocking=False))
            log(l.locked())
            l.release()
            log(l.locked())
            log(l.acquire(True, 0))
            log(l.acquire(timeout=0))
            log(l.acquire(timeout=T))
            l.release()
            with l as entered:
                log(entered)
                log(l.locked())
            log(l.locked())
        """
    },
    primitives={"l": "Lock()"},
    expected=Result(
        "finished",
        ["True", "False", "True", "False", "True", "False", "False", "True", "True", "False"],
    ),
)

scenario(
    "lock-contended-timeouts",
    threads={
        "a": """
            l.acquire()
            held.set()
            done.wait()
            l.release()
        """,
        "b": """
            held.wait()
            log('b nonblocking: ' + str(l.acquire(False)))
            log('b timed: ' + str(l.acquire(timeout=2 * T)))
            done.set()
            log('b blocking: ' + str(l.acquire()))
            log('b locked: ' + str(l.locked()))
        """,
    },
    primitives={"l": "Lock()", "held": "Event()", "done": "Event()"},
    expected=Result(
        "finished",
        ["b nonblocking: False", "b timed: False", "b blocking: True", "b locked: True"],
    ),
)

scenario(
    "lock-timed-acquire-succeeds",
    threads={
        "a": """
            l.acquire()
            held.set()
            sleep(T)
            l.release()
        """,
        "b": """
            held.wait()
            log(l.acquire(timeout=20 * T))
        """,
    },
    primitives={"l": "Lock()", "held": "Event()"},
    expected=Result("finished", ["True"]),
)

scenario(
    "lock-released-by-another-thread",
    threads={
        "a": """
            l.acquire()
            held.set()
        """,
        "b": """
            held.wait()
            l.release()
            log(l.locked())
            log(l.acquire(False))
        """,
    },
    primitives={"l": "Lock()", "held": "Event()"},
    expected=Result("finished", ["False", "True"]),
)

scenario(
    "lock-release-unlocked",
    threads={
        "t": """
            try:
                l.release()
            except RuntimeError as e:
                log('RuntimeError: ' + str(e))
            l.release()
            log('not reached')
        """
    },
    primitives={"l": "Lock()"},
    expected=Result(
        "exception",
        ["RuntimeError: release unlocked lock"],
        [("t", "RuntimeError", "release unlocked lock")],
    ),
)

LOCK_ARGUMENT_CALLS = {
    "nonblocking_timeout": ("Lock", "p.acquire(False, 1)\n"),
    "negative_timeout": ("Lock", "p.acquire(timeout=-100)\n"),
    "huge_timeout": ("Lock", "p.acquire(timeout=1e100)\n"),
    "string_blocking": ("Lock", "p.acquire('x')\n"),
    "none_blocking": ("Lock", "p.acquire(None)\n"),
    "rlock_nonblocking_timeout": ("RLock", "p.acquire(False, 1)\n"),
    "rlock_owner_nonblocking_timeout": ("RLock", "p.acquire()\np.acquire(False, 1)\n"),
    "rlock_owner_negative_timeout": ("RLock", "p.acquire()\np.acquire(True, -5)\n"),
}
"""Each on a lock of its own. What they raise depends on the interpreter (3.12 accepts
`acquire('x')` and `acquire(None)`; 3.13 words the negative timeout differently), so the
expected errors are those of this interpreter's own locks, each call made alone here."""


def _errors_of_real_locks() -> list[tuple[str, str, str]]:
    errors = []
    for thread, (kind, code) in LOCK_ARGUMENT_CALLS.items():
        try:
            exec(code, {"p": getattr(threading, kind)()})
        except Exception as error:
            errors.append((thread, type(error).__name__, str(error)))
    assert len(errors) >= 6, "the scenario no longer shows argument errors"
    return sorted(errors)


scenario(
    "lock-bad-acquire-arguments",
    threads={
        thread: code.replace("p.", f"{thread}_lock.")
        for thread, (_, code) in LOCK_ARGUMENT_CALLS.items()
    },
    primitives={f"{thread}_lock": f"{kind}()" for thread, (kind, _) in LOCK_ARGUMENT_CALLS.items()},
    expected=Result("exception", [], _errors_of_real_locks()),
)

# --- RLock --------------------------------------------------------------------------------

scenario(
    "rlock-reentrant",
    threads={
        "t": """
            log(r.acquire())
            log(r.acquire(False))
            log(r.acquire(timeout=T))
            r.release()
            r.release()
            r.release()
            try:
                r.release()
            except RuntimeError as e:
                log(str(e))
            with r as entered:
                with r:
                    log(entered)
        """
    },
    primitives={"r": "RLock()"},
    expected=Result(
        "finished", ["True", "True", "True", "cannot release un-acquired lock", "True"]
    ),
)

scenario(
    "rlock-other-thread",
    threads={
        "a": """
            r.acquire()
            r.acquire()
            held.set()
            done.wait()
            r.release()
            r.release()
        """,
        "b": """
            held.wait()
            log('b nonblocking: ' + str(r.acquire(False)))
            log('b timed: ' + str(r.acquire(timeout=T)))
            try:
                r.release()
            except RuntimeError as e:
                log('b release: ' + str(e))
            done.set()
            log('b blocking: ' + str(r.acquire()))
            r.release()
        """,
    },
    primitives={"r": "RLock()", "held": "Event()", "done": "Event()"},
    expected=Result(
        "finished",
        [
            "b nonblocking: False",
            "b timed: False",
            "b release: cannot release un-acquired lock",
            "b blocking: True",
        ],
    ),
)

scenario(
    "rlock-non-owner-release-uncaught",
    threads={
        # a stays alive: a finished thread's ident may be reused by the next thread started.
        "a": "r.acquire()\nheld.set()\ndone.wait()\n",
        "b": "held.wait()\ntry:\n    r.release()\nfinally:\n    done.set()\n",
    },
    primitives={"r": "RLock()", "held": "Event()", "done": "Event()"},
    expected=Result("exception", [], [("b", "RuntimeError", "cannot release un-acquired lock")]),
)

# --- Condition ----------------------------------------------------------------------------

_WITHOUT_LOCK = """
    try:
        c.wait()
    except RuntimeError as e:
        log('wait: ' + str(e))
    try:
        c.wait(T)
    except RuntimeError as e:
        log('timed wait: ' + str(e))
    try:
        c.notify()
    except RuntimeError as e:
        log('notify: ' + str(e))
    try:
        c.notify_all()
    except RuntimeError as e:
        log('notify_all: ' + str(e))
    try:
        c.wait_for(lambda: False, T)
    except RuntimeError as e:
        log('wait_for: ' + str(e))
    log('wait_for true: ' + str(c.wait_for(lambda: True)))
    c.notify(2)
"""
_WITHOUT_LOCK_LOGS = [
    "wait: cannot wait on un-acquired lock",
    "timed wait: cannot wait on un-acquired lock",
    "notify: cannot notify on un-acquired lock",
    "notify_all: cannot notify on un-acquired lock",
    "wait_for: cannot wait on un-acquired lock",
    "wait_for true: True",
]

scenario(
    "condition-without-lock",
    threads={"t": _WITHOUT_LOCK},
    primitives={"c": "Condition()"},
    expected=Result(
        "exception",
        _WITHOUT_LOCK_LOGS,
        [("t", "RuntimeError", "cannot notify on un-acquired lock")],
    ),
)

scenario(
    "condition-on-lock-without-lock",
    threads={"t": _WITHOUT_LOCK},
    primitives={"lk": "Lock()", "c": "Condition(lk)"},
    expected=Result(
        "exception",
        _WITHOUT_LOCK_LOGS,
        [("t", "RuntimeError", "cannot notify on un-acquired lock")],
    ),
)

scenario(
    # CPython cannot tell who holds a plain Lock: a Condition over a Lock that another thread
    # holds lets notify() and wait() through, and wait() releases the other thread's lock.
    "condition-on-lock-held-by-another-thread",
    threads={
        "a": """
            lk.acquire()
            held.set()
            done.wait()
            lk.release()
        """,
        "b": """
            held.wait()
            c.notify()
            log('notify: no error')
            log('wait: ' + str(c.wait(T)))
            log('locked after wait: ' + str(lk.locked()))
            done.set()
        """,
    },
    primitives={"lk": "Lock()", "c": "Condition(lk)", "held": "Event()", "done": "Event()"},
    expected=Result(
        "finished", ["notify: no error", "wait: False", "locked after wait: True"], [], {}
    ),
)

scenario(
    "condition-rlock-held-by-another-thread",
    threads={
        "a": """
            c.acquire()
            held.set()
            done.wait()
            c.release()
        """,
        "b": """
            held.wait()
            try:
                c.notify()
            except RuntimeError as e:
                log('notify: ' + str(e))
            try:
                c.wait(T)
            except RuntimeError as e:
                log('wait: ' + str(e))
            done.set()
        """,
    },
    primitives={"c": "Condition()", "held": "Event()", "done": "Event()"},
    expected=Result(
        "finished",
        ["notify: cannot notify on un-acquired lock", "wait: cannot wait on un-acquired lock"],
    ),
)

scenario(
    "condition-wait-timeouts",
    threads={
        "t": """
            with c:
                log(c.wait(T))
                log(c.wait(0))
                log(c.wait(-1))
                with c:
                    log(c.wait(T))
                log(c.wait_for(lambda: shared.y, T))
                log(c.wait_for(lambda: shared.y, 0))
            log(c.acquire(False))
            c.release()
        """
    },
    primitives={"c": "Condition()"},
    shared={"y": 0},
    expected=Result(
        "finished", ["False", "False", "False", "False", "0", "0", "True"], [], {"y": 0}
    ),
)

_FIFO_WAITER = """
while True:
    with c:
        if shared.entered == me:
            shared.entered += 1
            log('w%d waits' % me)
            result = c.wait()
            shared.woken.append([me, result])
            break
    sleep(T / 10)
"""

scenario(
    "condition-notify-fifo",
    threads={
        "w": (_FIFO_WAITER, 5),
        "n": _poll("shared.entered == 5", "c")
        + """
with c:
    c.notify()
"""
        + _poll("len(shared.woken) == 1", "c")
        + """
with c:
    c.notify()
"""
        + _poll("len(shared.woken) == 2", "c")
        + """
with c:
    c.notify(2)
"""
        + _poll("len(shared.woken) == 4", "c")
        + """
with c:
    log('woken in order: ' + str(shared.woken[0:2]))
    log('then: ' + str(sorted(shared.woken[2:4])))
    c.notify_all()
    c.notify_all()
"""
        + _poll("len(shared.woken) == 5", "c")
        + "log('last: ' + str(shared.woken[4]))\nshared.woken = []\n",
    },
    primitives={"c": "Condition()"},
    shared={"entered": 0, "woken": []},
    expected=Result(
        "finished",
        [
            "w0 waits",
            "w1 waits",
            "w2 waits",
            "w3 waits",
            "w4 waits",
            "woken in order: [[0, True], [1, True]]",
            "then: [[2, True], [3, True]]",
            "last: [4, True]",
        ],
        [],
        {"entered": 5, "woken": []},
    ),
)

scenario(
    "condition-wait-for",
    threads={
        "waiter": """
            with c:
                shared.ready = True
                log(c.wait_for(lambda: shared.x >= 3, 50 * T))
                log(shared.x)
        """,
        "producer": _poll("shared.ready", "c")
        + """
for i in range(3):
    with c:
        shared.x += 1
        c.notify()
""",
    },
    primitives={"c": "Condition()"},
    shared={"x": 0, "ready": False},
    expected=Result("finished", ["True", "3"], [], {"x": 3, "ready": True}),
)

scenario(
    "condition-rlock-recursive-wait",
    threads={
        "a": """
            with c:
                with c:
                    shared.ready = True
                    log('a woke: ' + str(c.wait(50 * T)))
                    log('a sees x=' + str(shared.x))
                log('a inner released')
            log('a outer released')
            log('a can take it again: ' + str(c.acquire(False)))
            c.release()
        """,
        "b": _poll("shared.ready", "c")
        + """
with c:
    shared.x = 1
    c.notify()
""",
    },
    primitives={"c": "Condition()"},
    shared={"x": 0, "ready": False},
    expected=Result(
        "finished",
        [
            "a woke: True",
            "a sees x=1",
            "a inner released",
            "a outer released",
            "a can take it again: True",
        ],
        [],
        {"x": 1, "ready": True},
    ),
)

# --- Semaphore and BoundedSemaphore -------------------------------------------------------

scenario(
    "semaphore-values",
    threads={
        "t": """
            log(s.acquire())
            log(s.acquire(False))
            log(s.acquire(False))
            log(s.acquire(timeout=T))
            log(s.acquire(timeout=0))
            s.release()
            log(s.acquire(blocking=False))
            s.release(3)
            log([s.acquire(False) for _ in range(4)])
            s.release()
            with s as entered:
                log(entered)
                log(s.acquire(False))
        """
    },
    primitives={"s": "Semaphore(2)"},
    expected=Result(
        "finished",
        [
            "True",
            "True",
            "False",
            "False",
            "False",
            "True",
            "[True, True, True, False]",
            "True",
            "False",
        ],
    ),
)

scenario(
    "semaphore-errors",
    threads={
        "t": """
            try:
                s.acquire(False, 1)
            except ValueError as e:
                log(str(e))
            try:
                s.release(0)
            except ValueError as e:
                log(str(e))
            try:
                b.release()
            except ValueError as e:
                log(str(e))
            b.acquire()
            b.release()
            b2.acquire()
            try:
                b2.release(2)
            except ValueError as e:
                log(str(e))
            b2.release()
            log(b2.acquire(False))
            log(b2.acquire(False))
            log(b2.acquire(False))
            b2.release(2)
            b.release()
        """
    },
    primitives={"s": "Semaphore(1)", "b": "BoundedSemaphore()", "b2": "BoundedSemaphore(2)"},
    expected=Result(
        "exception",
        [
            "can't specify timeout for non-blocking acquire",
            "n must be one or more",
            "Semaphore released too many times",
            "Semaphore released too many times",
            "True",
            "True",
            "False",
        ],
        [("t", "ValueError", "Semaphore released too many times")],
    ),
)

scenario(
    "semaphore-blocking-and-release-n",
    threads={
        "w": ("log(s.acquire())\nwith lk:\n    shared.got += 1\n", 3),
        "r": "sleep(2 * T)\ns.release(2)\n"
        + _poll("shared.got == 2", "lk")
        + """
log('after release(2): ' + str(shared.got))
sleep(2 * T)
log('still: ' + str(shared.got))
s.release()
"""
        + _poll("shared.got == 3", "lk")
        + "log('after release(): ' + str(shared.got))\n",
    },
    primitives={"s": "Semaphore(0)", "lk": "Lock()"},
    shared={"got": 0},
    sort_logs=True,
    expected=Result(
        "finished",
        sorted(["True"] * 3 + ["after release(2): 2", "still: 2", "after release(): 3"]),
        [],
        {"got": 3},
    ),
)

# --- Event --------------------------------------------------------------------------------

scenario(
    "event-wait-return-values",
    threads={
        "a": """
            log(ev.is_set())
            log(ev.wait(T))
            log(ev.wait(0))
            shared.ready = True
            log(ev.wait(50 * T))
            log(ev.is_set())
            log(ev.wait())
            log(ev.wait(0))
            ev.clear()
            log(ev.is_set())
            log(ev.wait(T))
        """,
        "b": _poll("shared.ready") + "sleep(T)\nev.set()\n",
    },
    primitives={"ev": "Event()"},
    shared={"ready": False},
    expected=Result(
        "finished",
        ["False", "False", "False", "True", "True", "True", "True", "False", "False"],
        [],
        {"ready": True},
    ),
)

scenario(
    "event-set-then-clear-wakes-all-waiters",
    threads={
        "w": ("with lk:\n    shared.n += 1\nlog(ev.wait())\n", 3),
        "s": _poll("shared.n == 3", "lk")
        + "sleep(2 * T)\nev.set()\nev.clear()\nlog(ev.is_set())\n",
    },
    primitives={"ev": "Event()", "lk": "Lock()"},
    shared={"n": 0},
    sort_logs=True,
    expected=Result("finished", ["False", "True", "True", "True"], [], {"n": 3}),
)

# --- Barrier ------------------------------------------------------------------------------

scenario(
    "barrier-indices-and-n-waiting",
    threads={
        "w": ("i = bar.wait()\nshared.idx.append(i)\nj = bar.wait()\nshared.idx2.append(j)\n", 2),
        "last": _poll("bar.n_waiting == 2")
        + """
log('n_waiting: ' + str(bar.n_waiting))
log('parties: ' + str(bar.parties))
log('broken: ' + str(bar.broken))
log('last index: ' + str(bar.wait()))
"""
        + _poll("len(shared.idx) == 2")
        + """
log('others: ' + str(sorted(shared.idx)))
mine = bar.wait()
"""
        + _poll("len(shared.idx2) == 2")
        + """
log('second round: ' + str(sorted(shared.idx2 + [mine])))
log('n_waiting after: ' + str(bar.n_waiting))
log('broken after: ' + str(bar.broken))
shared.idx = []
shared.idx2 = []
""",
    },
    primitives={"bar": "Barrier(3)"},
    shared={"idx": [], "idx2": []},
    expected=Result(
        "finished",
        [
            "n_waiting: 2",
            "parties: 3",
            "broken: False",
            "last index: 2",
            "others: [0, 1]",
            "second round: [0, 1, 2]",
            "n_waiting after: 0",
            "broken after: False",
        ],
        [],
        {"idx": [], "idx2": []},
    ),
)

scenario(
    "barrier-abort-breaks-waiting-and-new-arrivals",
    threads={
        "w": (
            """
try:
    bar.wait()
    log('w%d passed' % me)
except BrokenBarrierError as e:
    log('w%d: BrokenBarrierError %r' % (me, str(e)))
""",
            2,
        ),
        "d": _poll("bar.n_waiting == 2")
        + """
bar.abort()
log('broken: ' + str(bar.broken))
log('n_waiting: ' + str(bar.n_waiting))
try:
    bar.wait()
except BrokenBarrierError:
    log('new arrival: BrokenBarrierError')
try:
    bar.wait(T)
except BrokenBarrierError:
    log('new timed arrival: BrokenBarrierError')
bar.abort()
bar.reset()
log('after reset: ' + str(bar.broken))
""",
    },
    primitives={"bar": "Barrier(3)"},
    sort_logs=True,
    expected=Result(
        "finished",
        sorted(
            [
                "w0: BrokenBarrierError ''",
                "w1: BrokenBarrierError ''",
                "broken: True",
                "n_waiting: 0",
                "new arrival: BrokenBarrierError",
                "new timed arrival: BrokenBarrierError",
                "after reset: False",
            ]
        ),
    ),
)

scenario(
    # The notes' Barrier demo: Barrier(3); abort before the third thread starts (the waiting
    # threads and the newly arriving ones get BrokenBarrierError), reset before the fifth
    # (the barrier works again). The notes' last two threads wait forever for a third party;
    # here the director joins them as the third.
    "barrier-notes-demo",
    threads={
        "w": (
            _poll("shared.turn >= me")
            + """
log('w%d arrives, n_waiting=%d' % (me, bar.n_waiting))
try:
    log('w%d passes as %d' % (me, bar.wait()))
except BrokenBarrierError:
    log('w%d: BrokenBarrierError' % me)
    shared.broken.append(me)
""",
            6,
        ),
        # The director lets the workers in one by one (shared.turn), as the notes' loop does.
        "director": _poll("bar.n_waiting == 1")
        + "shared.turn = 1\n"
        + _poll("bar.n_waiting == 2")
        + "bar.abort()\nlog('abort: broken=%s' % bar.broken)\n"
        + _poll("len(shared.broken) == 2")
        + "shared.turn = 2\n"
        + _poll("len(shared.broken) == 3")
        + "shared.turn = 3\n"
        + _poll("len(shared.broken) == 4")
        + "bar.reset()\nlog('reset: broken=%s' % bar.broken)\nshared.turn = 4\n"
        + _poll("bar.n_waiting == 1")
        + "shared.turn = 5\n"
        + _poll("bar.n_waiting == 2")
        + "log('director passes as %d' % bar.wait())\nshared.broken = sorted(shared.broken)\n",
    },
    primitives={"bar": "Barrier(3)"},
    shared={"turn": 0, "broken": []},
    sort_logs=True,
    expected=Result(
        "finished",
        sorted(
            [
                "w0 arrives, n_waiting=0",
                "w1 arrives, n_waiting=1",
                "abort: broken=True",
                "w0: BrokenBarrierError",
                "w1: BrokenBarrierError",
                "w2 arrives, n_waiting=0",
                "w2: BrokenBarrierError",
                "w3 arrives, n_waiting=0",
                "w3: BrokenBarrierError",
                "reset: broken=False",
                "w4 arrives, n_waiting=0",
                "w5 arrives, n_waiting=1",
                "w4 passes as 0",
                "w5 passes as 1",
                "director passes as 2",
            ]
        ),
        [],
        {"turn": 5, "broken": [0, 1, 2, 3]},
    ),
)

scenario(
    "barrier-timeout-breaks-it",
    threads={
        "w0": """
            try:
                bar.wait(T)
            except BrokenBarrierError:
                log('w0 timed out')
            log('w0 sees broken=' + str(bar.broken))
            shared.w0_done = True
        """,
        "w1": """
            try:
                bar.wait()
            except BrokenBarrierError:
                with lk:
                    shared.w1 = 'broken'
        """,
        "late": """
            while not shared.w0_done:
                sleep(T / 10)
            try:
                bar.wait()
            except BrokenBarrierError:
                with lk:
                    shared.late = 'broken'
        """,
    },
    primitives={"bar": "Barrier(3)", "lk": "Lock()"},
    shared={"w1": "", "late": "", "w0_done": False},
    expected=Result(
        "finished",
        ["w0 timed out", "w0 sees broken=True"],
        [],
        {"w1": "broken", "late": "broken", "w0_done": True},
    ),
)

scenario(
    "barrier-default-timeout",
    threads={
        "t": """
            try:
                bar.wait()
            except BrokenBarrierError:
                log('timed out: broken=' + str(bar.broken))
            bar.wait()
        """
    },
    primitives={"bar": "Barrier(2, timeout={T})"},
    expected=Result("exception", ["timed out: broken=True"], [("t", "BrokenBarrierError", "")]),
)

scenario(
    "barrier-reset-while-waiting",
    threads={
        "w": (
            """
try:
    bar.wait()
except BrokenBarrierError:
    shared.reset_seen.append(me)
i = bar.wait()
""",
            2,
        ),
        "d": _poll("bar.n_waiting == 2")
        + """
bar.reset()
log('broken during reset: ' + str(bar.broken))
"""
        + _poll("len(shared.reset_seen) == 2")
        + """
log('reset seen by: ' + str(sorted(shared.reset_seen)))
"""
        + _poll("bar.n_waiting == 2")
        + """
log('third party index: ' + str(bar.wait()))
shared.reset_seen = []
""",
    },
    primitives={"bar": "Barrier(3)"},
    shared={"reset_seen": []},
    expected=Result(
        "finished",
        [
            "broken during reset: False",
            "reset seen by: [0, 1]",
            "third party index: 2",
        ],
        [],
        {"reset_seen": []},
    ),
)

# --- Queue --------------------------------------------------------------------------------

scenario(
    "queue-non-blocking-and-timeouts",
    threads={
        "t": """
            log([q.qsize(), q.empty(), q.full()])
            q.put(1)
            q.put_nowait('b')
            log([q.qsize(), q.empty(), q.full()])
            try:
                q.put_nowait(3)
            except Full as e:
                log('put_nowait: Full %r' % str(e))
            try:
                q.put(3, False)
            except Full:
                log('put(block=False): Full')
            try:
                q.put(3, timeout=T)
            except Full:
                log('put(timeout): Full')
            try:
                q.put(3, timeout=-1)
            except ValueError as e:
                log(str(e))
            log(q.get())
            log(q.get_nowait())
            try:
                q.get_nowait()
            except Empty as e:
                log('get_nowait: Empty %r' % str(e))
            try:
                q.get(False)
            except Empty:
                log('get(block=False): Empty')
            try:
                q.get(timeout=T)
            except Empty:
                log('get(timeout): Empty')
            try:
                q.get(timeout=-1)
            except ValueError as e:
                log(str(e))
            log([q.qsize(), q.empty(), q.full()])
            q.task_done()
            q.task_done()
            q.join()
            log('joined')
            q.task_done()
        """
    },
    primitives={"q": "Queue(2)"},
    expected=Result(
        "exception",
        [
            "[0, True, False]",
            "[2, False, True]",
            "put_nowait: Full ''",
            "put(block=False): Full",
            "put(timeout): Full",
            "'timeout' must be a non-negative number",
            "1",
            "b",
            "get_nowait: Empty ''",
            "get(block=False): Empty",
            "get(timeout): Empty",
            "'timeout' must be a non-negative number",
            "[0, True, False]",
            "joined",
        ],
        [("t", "ValueError", "task_done() called too many times")],
    ),
)

scenario(
    "queue-unbounded-timeout-checks",
    threads={
        "t": """
            q.put(1, timeout=-1)
            log(q.full())
            log(q.get(timeout=0))
            q.get(timeout=-1)
        """
    },
    primitives={"q": "Queue()"},
    expected=Result(
        "exception",
        ["False", "1"],
        [("t", "ValueError", "'timeout' must be a non-negative number")],
    ),
)

scenario(
    "queue-producer-consumer-join",
    threads={
        "producer": """
            for i in range(3):
                q.put(i)
            q.join()
            log('producer joined')
        """,
        "consumer": """
            for _ in range(3):
                x = q.get()
                log('got %d' % x)
                q.task_done()
        """,
    },
    primitives={"q": "Queue(1)"},
    expected=Result("finished", ["got 0", "got 1", "got 2", "producer joined"]),
)

scenario(
    "queue-blocking-with-timeouts-that-succeed",
    threads={
        "p": """
            q.put('x')
            log('second put: ' + str(q.put('y', timeout=50 * T)))
            shared.p_done = True
        """,
        "c": """
            sleep(T)
            x = q.get()
            while not shared.p_done:
                sleep(T / 10)
            log('got ' + x)
            log('got ' + q.get(timeout=50 * T))
            log('got ' + q.get(timeout=50 * T))
        """,
        "late": "sleep(4 * T)\nq.put('z')\n",
    },
    primitives={"q": "Queue(1)"},
    shared={"p_done": False},
    expected=Result(
        "finished", ["second put: None", "got x", "got y", "got z"], [], {"p_done": True}
    ),
)


def _program(case: Scenario, unit):
    return program(
        case.threads,
        shared=case.shared,
        primitives={k: v.replace("{T}", repr(unit)) for k, v in case.primitives.items()},
        helpers="T = 1\n",
    )


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_same_outcome_as_real_threading(name):
    case = SCENARIOS[name]
    real = run_real(_program(case, REAL_UNIT), unit=REAL_UNIT, sort_logs=case.sort_logs)
    assert real == case.expected, "the real threading run differs from the expected outcome"
    prog = _program(case, 1)
    strategies = [FirstEnabled()] + [RandomStrategy(seed) for seed in range(SEEDS)]
    for strategy in strategies:
        trace = run(prog, strategy, record=False)
        assert result_of(trace, sort_logs=case.sort_logs) == real, (
            f"{type(strategy).__name__} {getattr(strategy, 'seed', '')}: {trace.outcome.message}"
        )


# --- constructors and direct calls: same exception type and message ------------------------

CONSTRUCTOR_ERRORS = {
    "Semaphore(-1)": lambda m: m.Semaphore(-1),
    "Semaphore(value=-maxsize)": lambda m: m.Semaphore(value=-sys.maxsize),
    "BoundedSemaphore(-1)": lambda m: m.BoundedSemaphore(-1),
    "Semaphore('x')": lambda m: m.Semaphore("x"),
}


class _Real:
    Semaphore = threading.Semaphore
    BoundedSemaphore = threading.BoundedSemaphore


def _raised(make) -> tuple[str, str]:
    with pytest.raises(Exception) as info:
        make()
    return type(info.value).__name__, str(info.value)


@pytest.mark.parametrize("name", list(CONSTRUCTOR_ERRORS))
def test_constructor_errors_as_threading(name):
    make = CONSTRUCTOR_ERRORS[name]
    assert _raised(lambda: make(primitives)) == _raised(lambda: make(_Real))


def test_constructor_error_values():
    assert _raised(lambda: primitives.Semaphore(-1)) == (
        "ValueError",
        "semaphore initial value must be >= 0",
    )
    assert _raised(lambda: primitives.BoundedSemaphore(-1)) == (
        "ValueError",
        "semaphore initial value must be >= 0",
    )


def test_exception_classes_are_the_real_ones():
    assert primitives.BrokenBarrierError is threading.BrokenBarrierError
    assert primitives.Empty is queue.Empty
    assert primitives.Full is queue.Full


# --- racy programs: over many schedules, exactly the outcomes CPython allows -----------------

OUTCOME_SEEDS = 200

RACES = {
    # Two threads, two unlocked read-then-write increments each: 2, 3 and 4 are all possible.
    "lost-update": (
        program(
            {"inc": ("for _ in range(2):\n    tmp = shared.c\n    shared.c = tmp + 1\n", 2)},
            shared={"c": 0},
        ),
        lambda trace: trace.outcome.shared["c"],
        {2, 3, 4},
    ),
    # Exactly one of two non-blocking acquirers gets an unreleased lock, either one.
    "lock-try-acquire": (
        program(
            {"t": ("shared.got[me] = l.acquire(False)\n", 2)},
            primitives={"l": "Lock()"},
            shared={"got": [None, None]},
        ),
        lambda trace: tuple(trace.outcome.shared["got"]),
        {(True, False), (False, True)},
    ),
    # Semaphore(2): exactly two of three non-blocking acquirers get it.
    "semaphore-try-acquire": (
        program(
            {"t": ("shared.got[me] = s.acquire(False)\n", 3)},
            primitives={"s": "Semaphore(2)"},
            shared={"got": [None] * 3},
        ),
        lambda trace: tuple(trace.outcome.shared["got"]),
        {(True, True, False), (True, False, True), (False, True, True)},
    ),
    # notify() wakes the thread that has waited longest; the other one times out.
    "condition-notify-one": (
        program(
            {
                "w": (
                    "with c:\n    order = shared.n\n    shared.n += 1\n"
                    "    shared.result[order] = c.wait(5)\n",
                    2,
                ),
                "n": "while True:\n    with c:\n        if shared.n == 2:\n            c.notify()\n"
                "            break\n    sleep(0.1)\n",
            },
            primitives={"c": "Condition()"},
            shared={"n": 0, "result": [None, None]},
        ),
        lambda trace: tuple(trace.outcome.shared["result"]),
        {(True, False)},
    ),
    # Barrier(2): the indices are 0 and 1, and either thread may get either.
    "barrier-indices": (
        program(
            {"w": ("shared.idx[me] = bar.wait()\n", 2)},
            primitives={"bar": "Barrier(2)"},
            shared={"idx": [None, None]},
        ),
        lambda trace: tuple(trace.outcome.shared["idx"]),
        {(0, 1), (1, 0)},
    ),
    # One item, two consumers with a timeout: one gets it, the other gets Empty.
    "queue-one-item-two-consumers": (
        program(
            {
                "c": (
                    "try:\n    shared.got[me] = q.get(timeout=1)\nexcept Empty:\n"
                    "    shared.got[me] = 'Empty'\n",
                    2,
                ),
                "p": "q.put('x')\n",
            },
            primitives={"q": "Queue()"},
            shared={"got": [None, None]},
        ),
        lambda trace: tuple(trace.outcome.shared["got"]),
        {("x", "Empty"), ("Empty", "x")},
    ),
}


@pytest.mark.parametrize("name", list(RACES))
def test_outcomes_over_random_schedules_are_those_cpython_allows(name):
    prog, observe, allowed = RACES[name]
    seen = set()
    for seed in range(OUTCOME_SEEDS):
        trace = run(prog, RandomStrategy(seed), record=False)
        assert trace.outcome.kind == "finished", trace.outcome.message
        seen.add(observe(trace))
    assert seen == allowed
