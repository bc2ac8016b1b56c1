"""Judging by measurement: the GIL level times real CPU-bound work, not interleavings.

The level's `task` code runs `jobs` times: one after another (the baseline), in `jobs` real
threads, or in `jobs` processes. A mode passes when its speed-up over the baseline reaches
the level's `min_speedup`. Numbers come from this machine, every time.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import threading
import time

from syncgame.judge.verdict import Verdict
from syncgame.level.model import MEASURE_REASON, Level
from syncgame.program.sandbox import (
    ARITHMETIC_HELPERS,
    BudgetExceeded,
    compile_source,
    safe_builtins,
    safe_str,
)

_CONTEXT = multiprocessing.get_context("spawn")
WALL_LIMIT = 60.0


def _run_task(source: str, deadline: float, me: int = 0) -> None:
    """Run the task once, with no scheduler: only a wall-clock budget applies."""

    count = [0]

    def tick():
        count[0] += 1
        if not count[0] & 0xFFF and time.monotonic() > deadline:  # look at the clock rarely
            # not an Exception: `except Exception:` in the task must not swallow it
            raise BudgetExceeded("the task ran past its time budget")

    def sleep(seconds, high=None):  # real time, but never past the budget
        if seconds > deadline - time.monotonic():
            raise BudgetExceeded("the task ran past its time budget")
        time.sleep(seconds)

    def tick_true():
        tick()
        return True

    code = compile_source(source, "<level:task>")
    names = {"__builtins__": safe_builtins(), **ARITHMETIC_HELPERS, "me": me}
    names.update(_sg_tick=tick, _sg_tick_true=tick_true, log=lambda text: None)
    names.update(sleep=sleep, work=sleep)
    exec(code, names)


def _timed(mode: str, source: str, jobs: int) -> float:
    deadline = time.monotonic() + WALL_LIMIT
    started = time.perf_counter()
    if mode == "serial":
        for me in range(jobs):
            _run_task(source, deadline, me)
    elif mode == "threads":
        errors: list[BaseException] = []

        def job(me: int) -> None:
            try:
                _run_task(source, deadline, me)
            except BaseException as error:  # reported below, as serial mode would
                errors.append(error)

        threads = [threading.Thread(target=job, args=(me,)) for me in range(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(max(0.0, deadline + 1.0 - time.monotonic()))
        if errors:
            raise errors[0]
        if any(thread.is_alive() for thread in threads):
            raise BudgetExceeded("the task ran past its time budget")
    else:
        processes = [
            _CONTEXT.Process(target=_run_task, args=(source, deadline, me)) for me in range(jobs)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join(max(0.0, deadline + 1.0 - time.monotonic()))
        for process in processes:
            if process.is_alive():  # past the budget: stop it, never wait for it
                process.kill()
                process.join()
                raise BudgetExceeded("the task ran past its time budget")
        if any(p.exitcode for p in processes):
            raise RuntimeError("a worker process failed")
    return time.perf_counter() - started


def _gil_enabled() -> bool:
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else check()


def judge_measured(level: Level, mode: str) -> Verdict:
    """Time `mode` against serial on this machine and compare with the level's goal."""
    measure = level.measure
    source = level.thread(measure.task).code
    started = time.monotonic()
    if mode not in measure.choices and mode != "serial":
        return Verdict(level.id, "fail", "structure", 0, False, None, 0.0,
                       f"'{mode}' is not one of this level's choices: {', '.join(measure.choices)}")  # fmt: skip
    serial, timed = [], []
    try:
        for _ in range(measure.repeat):
            serial.append(_timed("serial", source, measure.jobs))
            timed.append(_timed(mode, source, measure.jobs))
    except (Exception, BudgetExceeded) as error:  # the task's own failure is the verdict
        reason = "budget" if isinstance(error, BudgetExceeded) else "exception"
        message = f"the task raised {type(error).__name__}: {safe_str(error)}".rstrip(": ")
        if reason == "budget":
            message = f"the task was stopped: {safe_str(error)}"
        return Verdict(level.id, "fail", reason, len(serial) + len(timed), False, None,
                       time.monotonic() - started, message)  # fmt: skip
    base, this = statistics.median(serial), statistics.median(timed)
    speedup = base / this if this > 0 else 0.0
    cores = os.cpu_count() or 1
    figures = (
        f"{measure.jobs} jobs: serial {base:.2f} s, {mode} {this:.2f} s, speed-up {speedup:.2f}x "
        f"(goal >= {measure.min_speedup:g}x) on {cores} core{'s' if cores > 1 else ''}"
    )
    if not _gil_enabled():
        figures += "; this Python runs without the GIL, so threads can speed up CPU work too"
    passed = speedup >= measure.min_speedup
    if cores < 2:
        figures += "; with one core no mode can run CPU work in parallel"
    return Verdict(
        level.id,
        "pass" if passed else "fail",
        None if passed else MEASURE_REASON,
        measure.repeat * 2,
        False,
        None,
        time.monotonic() - started,
        figures,
    )
