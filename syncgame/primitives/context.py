"""Which controlled run, and which worker of it, the current thread belongs to."""

from __future__ import annotations

import threading

_local = threading.local()


def current_run():
    """The controlled run primitives made now belong to (None: free-running primitives)."""
    return getattr(_local, "run", None)


def current_free_run():
    """The free (uncontrolled) run whose locks must stay abortable, if one is being set up."""
    return getattr(_local, "free_run", None)


def enter_free(free_run) -> None:
    _local.free_run = free_run


def current_worker():
    return getattr(_local, "worker", None)


def enter(run, worker=None) -> None:
    _local.run = run
    _local.worker = worker


def leave() -> None:
    _local.run = None
    _local.worker = None
    _local.free_run = None
