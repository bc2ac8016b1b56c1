"""Real threads kept warm between runs.

Starting and joining a thread costs ~100-170 µs here, more than a whole short run, and the
judge makes thousands of runs. A carrier is a real `threading.Thread` that runs one worker
after another; idle for IDLE_SECONDS, it ends, so no thread outlives a burst of runs by
more than that.
"""

from __future__ import annotations

import _thread
import threading
from collections.abc import Callable

IDLE_SECONDS = 0.4

_idle: list[_Carrier] = []
_idle_lock = _thread.allocate_lock()


class _Carrier:
    def __init__(self) -> None:
        self._wake = _thread.allocate_lock()
        self._wake.acquire()
        self._job: Callable[[], None] | None = None
        self.thread = threading.Thread(target=self._loop, name="syncgame-worker", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while True:
            if not self._wake.acquire(timeout=IDLE_SECONDS):
                with _idle_lock:
                    if self in _idle:
                        _idle.remove(self)
                        return
                # Taken from the pool just as we timed out: the job is on its way.
                self._wake.acquire()
            job, self._job = self._job, None
            try:
                if job is not None:  # always given before the wake-up
                    job()
            finally:
                with _idle_lock:
                    _idle.append(self)

    def give(self, job: Callable[[], None]) -> None:
        self._job = job
        self._wake.release()


def start(job: Callable[[], None]) -> None:
    """Run `job` on a real thread of its own (a warm one if there is one)."""
    with _idle_lock:
        carrier = _idle.pop() if _idle else None
    if carrier is None:
        carrier = _Carrier()
    carrier.give(job)
