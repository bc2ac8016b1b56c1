"""What the judge's background jobs share: a supervisor thread that runs the job in worker
processes, answers exactly once, can be cancelled, and never leaves a process behind.

`BackgroundJudge` (two search processes) and `BackgroundMeasure` (one measuring process) are
the jobs. Processes are started with the `spawn` context: forking a process that runs threads
(Textual, the runtime) can deadlock the child.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Self

from syncgame.judge.verdict import Verdict

SPAWN = multiprocessing.get_context("spawn")


def quiet() -> None:
    """A worker shares the caller's terminal: nothing it prints may land on the game's screen."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)


def send(conn: Connection, message: tuple[Any, ...]) -> None:
    """Send to the parent, which may have stopped listening (it has its answer, or cancelled)."""
    with contextlib.suppress(OSError):
        conn.send(message)


def exit_text(process: BaseProcess) -> str:
    """How a worker process ended, for a verdict's message."""
    code = process.exitcode
    if code is None:
        return "still running"
    return f"killed by signal {-code}" if code < 0 else f"exit status {code}"


class ProcessJob:
    """A job run by a supervisor thread: `on_done(verdict)` is called exactly once, on that
    thread (a UI hands it to its own thread: Textual's `call_from_thread` or `post_message`);
    a cancelled job answers a verdict with reason "cancelled".

    A job implements `_run(started)`, which starts its processes (kept in `_processes`), polls
    them and `_cancelled`, and returns the verdict; and `_error`, its verdict for a failure.
    Whatever `_run` does, every process is stopped before the answer."""

    thread_name = "syncgame-job"
    failure = "the job failed"
    """How an unexpected exception in `_run` begins its error verdict's message."""

    def __init__(self, on_done: Callable[[Verdict], None] | None) -> None:
        self.on_done = on_done
        self.verdict: Verdict | None = None
        self._cancelled = threading.Event()
        self._finished = threading.Event()
        self._processes: list[BaseProcess] = []
        self._thread = threading.Thread(target=self._supervise, name=self.thread_name, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the job to stop; its answer is then a "cancelled" verdict."""
        self._cancelled.set()

    def wait(self, timeout: float | None = None) -> Verdict | None:
        self._finished.wait(timeout)
        return self.verdict

    @property
    def pids(self) -> tuple[int, ...]:
        """The process ids of the job's worker processes started so far, in start order (for
        an observer: a test that checks none is left behind, a kill that tests recovery)."""
        return tuple(process.pid for process in list(self._processes) if process.pid is not None)

    def _run(self, started: float) -> Verdict:
        raise NotImplementedError

    def _error(self, message: str, started: float, reason: str = "error") -> Verdict:
        raise NotImplementedError

    def _supervise(self) -> None:
        started = time.monotonic()
        try:
            verdict = self._run(started)
        except Exception as error:  # a broken worker is an error verdict, not a hang
            verdict = self._error(f"{self.failure}: {error}", started)
        finally:
            self._stop_processes()
        self.verdict = verdict
        self._finished.set()
        if self.on_done:
            self.on_done(verdict)

    def _stop_processes(self) -> None:
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + 2.0
        for process in self._processes:
            process.join(timeout=max(0.0, deadline - time.monotonic()))
            if process.is_alive():  # stopped or deaf to SIGTERM: never leave it behind
                process.kill()
                process.join(timeout=2)
