"""Budgets: how much level code may build, compute and hold, and what happens past them.

A static check cannot see an infinite loop or a huge value coming, so the rewritten code
checks sizes as it runs (see `operators`, `methods`, `builtins`), the runner counts steps and
time, and big results now and then check the run's memory budget. Past a budget, the run
stops with BudgetExceeded. See docs/security.md.
"""

from __future__ import annotations

import os
import sys
import time

MAX_SEQUENCE = 1_000_000
"""Longest str/list/tuple/range level code may build."""
MAX_INT_BITS = 100_000
"""Largest integer (in bits) level code may build."""
MAX_MODPOW_WORK = 10**11
"""Largest exponent bits x modulus bits squared of pow(b, e, m): about half a second."""
MAX_WEIGHT = 2_000_000
"""Heaviest value level code may print, compare, hash or sort: every element of every
container, counted again each time a shared reference repeats it, plus string lengths."""
MAX_NESTING = 100
"""Deepest nesting of containers that such operations accept."""
MAX_ARITY = 16
"""Most iterables zip() and map() take at once."""
MAX_MEMORY = 512 * 2**20
"""How much a run may grow the process's resident memory (checked on Linux)."""


class BudgetExceeded(BaseException):
    """Level code went past a run-time budget (steps, size, time).

    A BaseException so that `except Exception:` in level code cannot swallow it.
    """


def too_big(kind: str) -> BudgetExceeded:
    return BudgetExceeded(f"{kind} larger than the sandbox allows")


# --- memory --------------------------------------------------------------------------------

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_statm: list = [None, None]  # [descriptor, pid that opened it]
_last_reading: list = [0.0, None]  # [monotonic time, bytes]


def resident_memory() -> int | None:
    """This process's resident memory in bytes (Linux), or None where it cannot be read."""
    try:
        if _statm[1] != os.getpid():
            _statm[0], _statm[1] = os.open("/proc/self/statm", os.O_RDONLY), os.getpid()
        return int(os.pread(_statm[0], 128, 0).split()[1]) * _PAGE
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _recent_memory() -> int | None:
    """Resident memory read at most 50 ms ago: cheap enough to take at every evaluation."""
    now = time.monotonic()
    if now - _last_reading[0] > 0.05 or _last_reading[1] is None:
        _last_reading[0], _last_reading[1] = now, resident_memory()
    return _last_reading[1]


class MemoryBudget:
    """How much running code may grow the process, from its resident memory at the start.

    Level code has one in its builtins (`_sg_memory`, a name it cannot spell): loop ticks
    and big results check it. Where resident memory cannot be read, it never trips.
    """

    __slots__ = ("base", "limit")

    def __init__(self, limit: int = MAX_MEMORY):
        self.limit = limit
        self.base = _recent_memory() or 0

    def check(self) -> None:
        used = resident_memory()
        if used is not None and used - self.base > self.limit:
            raise BudgetExceeded(f"the program used more than {self.limit >> 20} MiB of memory")


_NOTE_EVERY = 1 << 20
_noted = [0]


def note_size(size: int) -> None:
    """Count a big result; now and then, check the memory budget of the running code."""
    _noted[0] += size
    if _noted[0] < _NOTE_EVERY:
        return
    _noted[0] = 0
    frame = sys._getframe(1)
    for _ in range(8):  # the nearest level code frame: its builtins hold its budget
        if frame is None:
            return
        budget = frame.f_builtins.get("_sg_memory")
        if budget is not None:
            budget.check()
            return
        frame = frame.f_back
