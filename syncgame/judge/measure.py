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
from syncgame.program.sandbox import ARITHMETIC_HELPERS, compile_source, safe_builtins

_CONTEXT = multiprocessing.get_context("spawn")
WALL_LIMIT = 60.0


def _run_task(source: str, deadline: float, me: int = 0) -> None:
    """Run the task once, with no scheduler: only a wall-clock budget applies."""

    count = [0]

    def tick():
        count[0] += 1
        if not count[0] & 0xFFF and time.monotonic() > deadline:  # look at the clock rarely
            raise TimeoutError("the task ran past its time budget")

    def tick_true():
        tick()
        return True

    code = compile_source(source, "<level:task>")
    names = {"__builtins__": safe_builtins(), **ARITHMETIC_HELPERS, "me": me}
    names.update(_sg_tick=tick, _sg_tick_true=tick_true, log=lambda text: None)
    names.update(sleep=time.sleep, work=lambda low, high=None: time.sleep(low))
    exec(code, names)


def _timed(mode: str, source: str, jobs: int) -> float:
    deadline = time.monotonic() + WALL_LIMIT
    started = time.perf_counter()
    if mode == "serial":
        for me in range(jobs):
            _run_task(source, deadline, me)
    elif mode == "threads":
        threads = [
            threading.Thread(target=_run_task, args=(source, deadline, me)) for me in range(jobs)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        processes = [
            _CONTEXT.Process(target=_run_task, args=(source, deadline, me)) for me in range(jobs)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
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
    for _ in range(measure.repeat):
        serial.append(_timed("serial", source, measure.jobs))
        timed.append(_timed(mode, source, measure.jobs))
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
