"""CPython's own conformance suite for locks (Lib/test/lock_tests.py), run on our primitives.

Outside a controlled run, our classes must behave as threading's do with free-running real
threads. We plug them in exactly as Lib/test/test_threading.py plugs in threading's types.
"""

from __future__ import annotations

import pytest

from syncgame.primitives import classes as primitives

lock_tests = pytest.importorskip(
    "test.lock_tests",
    reason="this Python has no 'test' package (Lib/test/lock_tests.py): CPython's lock "
    "conformance suite cannot run",
)


class TestLock(lock_tests.LockTests):
    locktype = staticmethod(primitives.Lock)


class TestRLock(lock_tests.RLockTests):
    locktype = staticmethod(primitives.RLock)


class TestEvent(lock_tests.EventTests):
    eventtype = staticmethod(primitives.Event)


class TestConditionAsRLock(lock_tests.RLockTests):
    # Condition uses an RLock by default and exports its API.
    locktype = staticmethod(primitives.Condition)

    def test_recursion_count(self):
        pytest.skip("Condition does not expose _recursion_count() (as in test_threading)")


class TestCondition(lock_tests.ConditionTests):
    condtype = staticmethod(primitives.Condition)


class TestSemaphore(lock_tests.SemaphoreTests):
    semtype = staticmethod(primitives.Semaphore)


class TestBoundedSemaphore(lock_tests.BoundedSemaphoreTests):
    semtype = staticmethod(primitives.BoundedSemaphore)


class TestBarrier(lock_tests.BarrierTests):
    barriertype = staticmethod(primitives.Barrier)
