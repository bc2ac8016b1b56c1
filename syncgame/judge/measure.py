"""Judging by measurement: the GIL level times real CPU-bound work, not interleavings.

The level's `task` code runs `jobs` times: one after another (the baseline, "serial"), in
`jobs` real threads, or in `jobs` processes. Every round times serial and each of the level's
choices back to back, in a rotating order, so that other work on the machine weighs on all of
them alike; a mode's speed-up is the median over rounds of serial / mode within the round.
Only the work is timed: processes and threads are started first and released together (a
warm pool), so interpreter start-up does not eat into a short job.

The outcome is one of three (`decide`, a pure function of the timings): pass, fail (the
chosen mode is measurably slower than the goal while another mode reaches it), or busy (no
mode reached the goal on a machine with two cores or more, or the baseline varied too much:
the machine cannot be measured now, which says nothing about the player's choice).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from syncgame.judge.verdict import Verdict
from syncgame.level.model import BUSY_REASON, MEASURE_REASON, Level
from syncgame.sandbox import (
    ARITHMETIC_HELPERS,
    BudgetExceeded,
    compile_source,
    safe_builtins,
    safe_str,
)

_CONTEXT = multiprocessing.get_context("spawn")
WALL_LIMIT = 60.0
NOISE_LIMIT = 0.25
"""Largest spread of the serial baseline over rounds, (slowest - fastest) / fastest, for which
a median speed-up is trusted; beyond it, a verdict needs every round to agree."""


class Cancelled(BaseException):
    """The measurement was called off (the player cancelled)."""


# --- the decision (no timing here: unit-tested with made-up figures) -------------------------


@dataclass(frozen=True)
class Decision:
    outcome: str
    """"pass" | "fail" | "busy"."""
    speedups: dict[str, float]
    """Each measured mode's median speed-up over serial, paired within rounds."""
    noise: float
    """The serial baseline's spread: (slowest - fastest) / fastest."""
    why: str
    """Why, in one clause (for the message)."""


def _reaches(serial: list[float], timed: list[float], goal: float, noise: float) -> bool:
    """The goal is reached for certain: the median, on a steady baseline, or every round."""
    ratios = [s / t if t > 0 else 0.0 for s, t in zip(serial, timed, strict=True)]
    if statistics.median(ratios) < goal:
        return False
    return noise <= NOISE_LIMIT or min(ratios) >= goal


def decide(rounds: dict[str, list[float]], chosen: str, goal: float, cores: int) -> Decision:
    """Pass, fail or busy from the seconds each mode took in each round (`rounds["serial"]`
    is the baseline; every list has one entry per round, measured in the same round)."""
    serial = rounds["serial"]
    fastest = min(serial)
    noise = (max(serial) - fastest) / fastest if fastest > 0 else float("inf")
    speedups = {
        mode: statistics.median(s / t if t > 0 else 0.0 for s, t in zip(serial, times, strict=True))
        for mode, times in rounds.items()
    }
    reached = {mode for mode, times in rounds.items() if _reaches(serial, times, goal, noise)}
    if chosen in reached:
        return Decision("pass", speedups, noise, f"{chosen} reached the goal")
    if cores < 2:
        why = "with one core no mode can run CPU work in parallel"
        return Decision("fail", speedups, noise, why)
    if reached:
        why = f"{', '.join(sorted(reached))} reached the goal on this machine, {chosen} did not"
        return Decision("fail", speedups, noise, why)
    if any(speedup >= goal for speedup in speedups.values()):  # a median, but not every round
        why = f"the baseline varied by {noise:.0%} between rounds"
    else:
        why = f"no mode reached the goal on {cores} cores"
    return Decision("busy", speedups, noise, why)


# --- timing the real thing -----------------------------------------------------------------


def _prepare(
    source: str, deadline: float, me: int, stop: Callable[[], bool] | None = None
) -> Callable[[], None]:
    """The task, compiled and ready to run once with no scheduler: a wall-clock budget
    applies, and `stop()` (looked at rarely) calls it off."""

    count = [0]

    def tick():
        count[0] += 1
        if not count[0] & 0xFFF:  # look at the clock rarely
            if time.monotonic() > deadline:
                # not an Exception: `except Exception:` in the task must not swallow it
                raise BudgetExceeded("the task ran past its time budget")
            if stop is not None and stop():
                raise Cancelled()

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
    return lambda: exec(code, names)


def _run_task(source: str, deadline: float, me: int = 0) -> None:
    _prepare(source, deadline, me)()


def _orphaned(parent: int) -> Callable[[], bool]:
    return lambda: os.getppid() != parent


def _process_job(source, deadline, me, parent, go, messages) -> None:
    """One job in its own process: say it is ready, wait for the start, run, say how it ended."""
    try:
        orphaned = _orphaned(parent)
        job = _prepare(source, deadline, me, orphaned)  # a killed parent: stop
        messages.put(("ready", ""))
        while not go.wait(0.2):
            if orphaned() or time.monotonic() > deadline:
                return
        job()
        messages.put(("ok", ""))
    except BaseException as error:  # the parent reports it as serial mode would
        kind = "budget" if isinstance(error, BudgetExceeded) else "exception"
        messages.put((kind, f"{type(error).__name__}: {safe_str(error)}".rstrip(": ")))


def _collect(messages, count: int, processes, deadline: float, stop) -> None:
    """Wait for `count` "ready" or "ok" messages; a failure, a dead worker, the budget or a
    cancel ends the wait with the matching exception."""
    for _ in range(count):
        while True:
            if stop():
                raise Cancelled()
            if time.monotonic() > deadline:
                raise BudgetExceeded("the task ran past its time budget")
            try:
                kind, message = messages.get(timeout=0.05)
                break
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and messages.empty():
                    raise RuntimeError("a worker process failed") from None
        if kind == "budget":
            raise BudgetExceeded(message.partition(": ")[2] or message)
        if kind == "exception":
            raise _TaskFailed(message)


def _timed_processes(source: str, jobs: int, deadline: float, stop: Callable[[], bool]) -> float:
    go, messages = _CONTEXT.Event(), _CONTEXT.Queue()
    processes = [
        _CONTEXT.Process(
            target=_process_job, args=(source, deadline, me, os.getpid(), go, messages), daemon=True
        )
        for me in range(jobs)
    ]
    try:
        for process in processes:
            process.start()
        _collect(messages, jobs, processes, deadline, stop)  # every process is ready
        started = time.perf_counter()
        go.set()
        _collect(messages, jobs, processes, deadline, stop)  # every job is done
        elapsed = time.perf_counter() - started
        for process in processes:
            process.join(2)  # each has said it is done: let it exit on its own
        return elapsed
    finally:
        for process in processes:
            if process.is_alive():  # past the budget or cancelled: stop it, never wait for it
                process.kill()
                process.join(2)
        messages.close()


class _TaskFailed(Exception):
    """The task raised in a worker process: its message names the exception."""


def _timed_threads(source: str, jobs: int, deadline: float, stop: Callable[[], bool]) -> float:
    errors: list[BaseException] = []
    gate = threading.Barrier(jobs + 1)

    def job(me: int) -> None:
        try:
            run = _prepare(source, deadline, me, stop)
            gate.wait()
            run()
        except BaseException as error:  # reported below, as serial mode would
            errors.append(error)
            gate.abort()

    threads = [threading.Thread(target=job, args=(me,), daemon=True) for me in range(jobs)]
    for thread in threads:
        thread.start()
    try:
        gate.wait()
    except threading.BrokenBarrierError:
        pass
    started = time.perf_counter()
    for thread in threads:
        thread.join(max(0.0, deadline + 1.0 - time.monotonic()))
    if errors:
        raise errors[0]
    if any(thread.is_alive() for thread in threads):
        raise BudgetExceeded("the task ran past its time budget")
    return time.perf_counter() - started


def _timed(mode: str, source: str, jobs: int, stop: Callable[[], bool] = lambda: False) -> float:
    deadline = time.monotonic() + WALL_LIMIT
    if mode == "threads":
        return _timed_threads(source, jobs, deadline, stop)
    if mode == "processes":
        return _timed_processes(source, jobs, deadline, stop)
    runs = [_prepare(source, deadline, me, stop) for me in range(jobs)]
    started = time.perf_counter()
    for run in runs:
        run()
    return time.perf_counter() - started


def _gil_enabled() -> bool:
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else check()


def _load() -> float | None:
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):  # not every system has one
        return None


def measure_rounds(
    source: str,
    modes: list[str],
    jobs: int,
    rounds: int,
    *,
    on_progress: Callable[[dict], None] = lambda info: None,
    stop: Callable[[], bool] = lambda: False,
) -> dict[str, list[float]]:
    """Seconds of each mode in each round; within a round the order rotates, so that no
    mode always runs first (or last) when the machine's load changes."""
    timings: dict[str, list[float]] = {mode: [] for mode in modes}
    total = rounds * len(modes)
    for number in range(rounds):
        shift = number % len(modes)
        for mode in modes[shift:] + modes[:shift]:
            on_progress({"phase": "measuring", "mode": mode, "round": number + 1,
                         "rounds": rounds, "done": sum(map(len, timings.values())),
                         "total": total})  # fmt: skip
            timings[mode].append(_timed(mode, source, jobs, stop))
    return timings


def judge_measured(
    level: Level,
    mode: str,
    *,
    on_progress: Callable[[dict], None] = lambda info: None,
    stop: Callable[[], bool] = lambda: False,
) -> Verdict:
    """Time serial and every choice on this machine, in rounds, and decide for `mode`.

    Raises Cancelled when `stop()` becomes true (looked at during the jobs).
    """
    measure = level.measure
    source = level.thread(measure.task).code
    started = time.monotonic()
    if mode not in measure.choices and mode != "serial":
        return Verdict(level.id, "fail", "structure", 0, False, None, 0.0,
                       f"'{mode}' is not one of this level's choices: {', '.join(measure.choices)}")  # fmt: skip
    modes = ["serial"] + [m for m in (*measure.choices, mode) if m != "serial"]
    modes = list(dict.fromkeys(modes))
    load = _load()
    try:
        rounds = measure_rounds(
            source, modes, measure.jobs, measure.repeat, on_progress=on_progress, stop=stop
        )
    except (Exception, BudgetExceeded) as error:  # the task's own failure is the verdict
        reason = "budget" if isinstance(error, BudgetExceeded) else "exception"
        name = "" if isinstance(error, _TaskFailed) else f"{type(error).__name__}: "
        message = f"the task raised {name}{safe_str(error)}".rstrip(": ")
        if reason == "budget":
            message = f"the task was stopped: {safe_str(error)}"
        return Verdict(level.id, "fail", reason, 0, False, None,
                       time.monotonic() - started, message)  # fmt: skip
    cores = os.cpu_count() or 1
    decision = decide(rounds, mode, measure.min_speedup, cores)
    figures = _figures(level, mode, rounds, decision, cores, load)
    verdict = {"pass": "pass", "fail": "fail", "busy": "fail"}[decision.outcome]
    reason = {"pass": None, "fail": MEASURE_REASON, "busy": BUSY_REASON}[decision.outcome]
    result = Verdict(
        level.id, verdict, reason, sum(map(len, rounds.values())), False, None,
        time.monotonic() - started, _message(mode, decision, figures, measure.min_speedup),
    )  # fmt: skip
    result.measured = figures
    return result


def _figures(level, mode, rounds, decision: Decision, cores: int, load) -> dict:
    """What the verdict screen and `judge --json` show: medians, speed-ups, the machine."""
    return {
        "chosen": mode,
        "jobs": level.measure.jobs,
        "rounds": len(rounds["serial"]),
        "seconds": {m: round(statistics.median(times), 3) for m, times in rounds.items()},
        "speedup": {m: round(x, 2) for m, x in decision.speedups.items() if m != "serial"},
        "goal": level.measure.min_speedup,
        "noise": round(decision.noise, 3),
        "cores": cores,
        "load": None if load is None else round(load, 2),
        "gil": _gil_enabled(),
        "outcome": decision.outcome,
    }


def _message(mode: str, decision: Decision, figures: dict, goal: float) -> str:
    seconds, speedups, cores = figures["seconds"], figures["speedup"], figures["cores"]
    times = ", ".join(f"{m} {s:.2f} s" for m, s in seconds.items())
    ups = ", ".join(f"{m} {x:.2f}x" for m, x in speedups.items())
    text = (
        f"{figures['jobs']} jobs, median of {figures['rounds']} rounds: {times}; speed-up "
        f"{ups} (goal >= {goal:g}x) on {cores} core{'s' if cores > 1 else ''}"
    )
    if figures["load"] is not None:
        text += f", load {figures['load']:g}"
    if not figures["gil"]:
        text += "; this Python runs without the GIL, so threads can speed up CPU work too"
    if decision.outcome == "busy":
        return f"machine too busy to measure — try again ({decision.why}): {text}"
    if decision.outcome == "fail" and cores < 2:
        text += "; with one core no mode can run CPU work in parallel"
    return text
