"""The judge's worker processes fail: killed mid-search, or frozen. The player gets an error
verdict, never a hang, and no process is left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import pytest

from syncgame.judge.background import BackgroundJudge
from syncgame.program.program import Program, ThreadCode

pytestmark = pytest.mark.timeout(60)

# Correct and big: the prover explores for many seconds, the hunter finds nothing.
BIG = Program(
    threads=[
        ThreadCode(
            "inc",
            "for _ in range(4):\n    with lock:\n        tmp = shared.counter\n"
            "        shared.counter = tmp + 1\n",
            instances=4,
        )
    ],
    shared={"counter": 0},
    primitives={"lock": "Lock()"},
)


def _started(judge: BackgroundJudge, seen: threading.Event, timeout: float = 20.0) -> None:
    """Wait until both workers run and report progress (the search is under way)."""
    assert seen.wait(timeout), "no progress from the judge's workers"
    assert len(judge.pids) == 2 and all(p.is_alive() for p in judge._processes)


def _no_children(timeout: float = 5.0) -> list:
    deadline = time.monotonic() + timeout
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return multiprocessing.active_children()


def _judge(time_limit: float) -> tuple[BackgroundJudge, threading.Event, list]:
    seen, done = threading.Event(), []
    judge = BackgroundJudge(
        BIG, time_limit=time_limit, on_progress=lambda _p: seen.set(), on_done=done.append
    )
    return judge.start(), seen, done


@pytest.mark.parametrize("role", ["hunter", "prover"])
def test_a_worker_killed_mid_search_gives_an_error_verdict(role):
    judge, seen, done = _judge(time_limit=30.0)
    _started(judge, seen)
    victim = judge.pids[["hunter", "prover"].index(role)]  # in start order
    started = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    verdict = judge.wait(timeout=10.0)
    assert verdict is not None, "the judge hung after its worker died"
    assert time.monotonic() - started < 5.0
    assert (verdict.verdict, verdict.reason) == ("fail", "error")
    assert f"the {role} process" in verdict.message
    assert done == [verdict]  # on_done exactly once
    assert _no_children() == []


def test_both_workers_killed():
    judge, seen, _ = _judge(time_limit=30.0)
    _started(judge, seen)
    for pid in judge.pids:
        os.kill(pid, signal.SIGKILL)
    verdict = judge.wait(timeout=10.0)
    assert verdict is not None and verdict.reason == "error"
    assert _no_children() == []


def test_a_frozen_worker_gives_an_error_verdict_after_the_time_limit():
    """A worker that stops answering (SIGSTOP: as stuck as a process can be) is not waited
    for beyond the time limit and its grace period; it is then stopped for good."""
    judge, seen, _ = _judge(time_limit=1.0)
    _started(judge, seen)
    frozen = list(judge._processes)
    try:
        for process in frozen:
            os.kill(process.pid, signal.SIGSTOP)
        verdict = judge.wait(timeout=15.0)
        assert verdict is not None, "the judge waited forever for a frozen worker"
        assert (verdict.verdict, verdict.reason) == ("fail", "error")
        assert _no_children() == []
    finally:  # whatever happened, leave no stopped process behind (never a reaped pid)
        for process in frozen:
            if process.is_alive():
                process.kill()
                process.join(timeout=5)


def test_cancelling_stops_the_workers():
    judge, seen, _ = _judge(time_limit=30.0)
    _started(judge, seen)
    judge.cancel()
    verdict = judge.wait(timeout=5.0)
    assert verdict is not None and verdict.reason == "cancelled"
    assert _no_children() == []
