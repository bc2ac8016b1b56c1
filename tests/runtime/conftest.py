"""Fixtures for the runtime tests."""

from __future__ import annotations

import threading
import time

import pytest

SETTLE_SECONDS = 3.0
"""How long to wait for threads left by earlier tests (warm carriers idle out in 0.4 s)."""


def _syncgame_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("syncgame")]


@pytest.fixture
def thread_baseline() -> int:
    """`threading.active_count()` once no thread of an earlier run is left."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while _syncgame_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _syncgame_threads() == [], "threads of an earlier run are still alive"
    return threading.active_count()


def wait_for_thread_count(expected: int, within: float) -> tuple[int, float]:
    """Poll until `threading.active_count()` is `expected`; return (count, seconds waited)."""
    started = time.monotonic()
    while threading.active_count() != expected and time.monotonic() - started < within:
        time.sleep(0.005)
    return threading.active_count(), time.monotonic() - started
