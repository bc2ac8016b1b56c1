"""Measuring a measured level (the GIL chapter) off the caller's thread, cancellable.

The measurement runs in its own spawned process, so that the caller's interpreter (a UI with
its own GIL) neither slows the serial and threaded timings nor stalls while they run. That
process starts the job processes of "processes" mode itself; they stop on their own when it
goes away (they watch their parent), so cancelling is stopping one process.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from multiprocessing.connection import Connection

from syncgame.judge.verdict import Verdict
from syncgame.judge.workers import SPAWN, ProcessJob, exit_text, quiet, send
from syncgame.level.model import Level

ANSWER_GRACE = 30.0
"""Seconds past the measurement's own budget before a silent measurer counts as lost."""


def _measurer(level: Level, mode: str, conn: Connection) -> None:
    from syncgame.judge.measure import judge_measured

    quiet()
    try:
        verdict = judge_measured(
            level, mode, on_progress=lambda info: send(conn, ("progress", info))
        )
        send(conn, ("done", verdict))
    except BaseException as error:  # report, never hang the parent
        send(conn, ("error", f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


class BackgroundMeasure(ProcessJob):
    """Measure `level` for `mode` in a worker process; `on_done(verdict)` is called exactly
    once (cancelled: a verdict with reason "cancelled"). Callbacks run on a helper thread."""

    thread_name = "syncgame-measure"
    failure = "the measurement failed"

    def __init__(
        self,
        level: Level,
        mode: str,
        *,
        on_progress: Callable[[dict], None] | None = None,
        on_done: Callable[[Verdict], None] | None = None,
    ):
        super().__init__(on_done)
        self.level = level
        self.mode = mode
        self.on_progress = on_progress

    def cancel(self) -> None:
        """Stop now: a quitting app must not wait for the measurement at exit (multiprocessing
        joins non-daemonic children then)."""
        super().cancel()
        for process in list(self._processes):  # the measuring process, once started
            if process.is_alive():
                process.terminate()

    def _run(self, started: float) -> Verdict:
        from syncgame.judge.measure import WALL_LIMIT

        measure = self.level.measure
        if measure is None:
            raise ValueError(f"level '{self.level.id}' is not measured (it has no [measure])")
        parent, child = SPAWN.Pipe(duplex=False)
        # not a daemon: a daemonic process may not start the job processes it times
        process = SPAWN.Process(
            target=_measurer, args=(self.level, self.mode, child), name="syncgame-measure"
        )
        self._processes.append(process)
        process.start()
        child.close()
        rounds = measure.repeat * (len(measure.choices) + 1)
        deadline = started + rounds * WALL_LIMIT + ANSWER_GRACE
        while True:
            if self._cancelled.is_set():
                return self._error("cancelled", started, reason="cancelled")
            if time.monotonic() > deadline:
                return self._error("the measurement did not answer in time", started)
            if parent.poll(0.05):
                try:
                    kind, payload = parent.recv()
                except EOFError:
                    process.join(1)
                    return self._error(f"the measurer died ({exit_text(process)})", started)
                if kind == "progress":
                    if self.on_progress:
                        self.on_progress(payload)
                elif kind == "error":
                    return self._error(payload, started)
                else:
                    return payload
            elif not process.is_alive() and not parent.poll():
                return self._error(f"the measurer died ({exit_text(process)})", started)

    def _error(self, message: str, started: float, reason: str = "error") -> Verdict:
        seconds = time.monotonic() - started
        return Verdict.refused(self.level.id, reason, message, seconds=seconds)
