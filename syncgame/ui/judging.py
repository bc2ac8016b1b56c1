"""The judge in a worker process, so the UI keeps animating while schedules are explored.

One warm `spawn` process (forking a process that runs threads can deadlock the child) takes
jobs one at a time. Progress comes back through a queue; cancelling sets a shared event the
judge polls. Results are plain dicts: the verdict's JSON plus the counterexample's full trace
(with snapshots) for the stage. No Textual here; callers wait in a thread and post messages.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue as queue_module
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from syncgame.level.model import Level, Solution

_progress = None
_cancel = None


def _init(progress, cancel) -> None:
    """In the worker: keep the channels, and never write to the terminal the game draws on."""
    global _progress, _cancel
    _progress, _cancel = progress, cancel
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)


@contextlib.contextmanager
def _real_stdio():
    """Textual swaps sys.stdout/stderr for objects without a file descriptor; starting a
    process (and multiprocessing's resource tracker) needs the real ones."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _warm() -> bool:
    import syncgame.judge  # noqa: F401 - import once, before the first job

    return True


def judge_job(level: Level, variant: str, solution: Solution | None, time_limit: float) -> dict:
    """Runs in the worker process."""
    from syncgame.judge import judge_level

    def report(info: dict) -> None:
        if _progress is not None:
            try:
                _progress.put_nowait(info)
            except queue_module.Full:
                pass

    cancelled = _cancel.is_set if _cancel is not None else (lambda: False)
    verdict = judge_level(
        level,
        variant,
        solution=solution,
        time_limit=time_limit,
        progress=report,
        cancelled=cancelled,
    )
    result = verdict.to_json()
    result["trace"] = verdict.counterexample.to_json() if verdict.counterexample else None
    return result


class JudgePool:
    """One worker process for judging; start it early so Submit does not wait for it."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        with _real_stdio():
            self._progress = context.Queue(maxsize=1000)
            self._cancel = context.Event()
            self._executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=context,
                initializer=_init,
                initargs=(self._progress, self._cancel),
            )
            self._executor.submit(_warm)
        self._lock = threading.Lock()

    def judge(
        self,
        level: Level,
        variant: str,
        solution: Solution | None,
        *,
        time_limit: float,
        progress: Callable[[dict], None],
        stopped: Callable[[], bool],
    ) -> dict | None:
        """Judge and wait (call from a thread). Returns None when stopped."""
        with self._lock:
            self._cancel.clear()
            _drain(self._progress)
            future: Future = self._executor.submit(judge_job, level, variant, solution, time_limit)
            while True:
                try:
                    progress(self._progress.get(timeout=0.1))
                except queue_module.Empty:
                    pass
                if stopped():
                    self._cancel.set()
                    try:
                        future.result(timeout=time_limit + 5)
                    except Exception:
                        pass
                    return None
                if future.done():
                    return future.result()

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self) -> None:
        self._cancel.set()
        self._executor.shutdown(wait=False, cancel_futures=True)


def _drain(progress) -> None:
    while True:
        try:
            progress.get_nowait()
        except queue_module.Empty:
            return
