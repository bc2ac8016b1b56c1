"""The two timings the judge uses, and what a counterexample owes to each.

Real threads can be delayed by any amount (the OS, the GIL, another program): a `sleep(1)`
guarantees that at least a second passes, not that the other threads have moved meanwhile.
So the judge proves a program under **real** time first, where a sleeping thread, and a
thread waiting with a timeout, may move at any moment. Goals that read the clock
(`makespan`) mean nothing there; they, the makespan for par, and busy-waiting are judged
under **exact** time, where the durations are the nominal ones. A level that truly needs
exact time says `[goal] timing = "exact"` and is judged under exact time only.
"""

from __future__ import annotations

from syncgame.program.program import Program
from syncgame.runtime.scheduler import PruneRun, Run
from syncgame.runtime.strategies import Choice, Strategy
from syncgame.runtime.trace import Trace


def timings(program: Program) -> list[Program]:
    """The program under each timing it is judged with, in order."""
    if program.goal.timing == "exact":
        return [program.with_timing("exact")]
    if not program.uses_clock:  # no sleep, no timeout, no clock goal: both timings agree
        return [program.with_timing("real")]
    return [program.with_timing("real"), program.with_timing("exact")]


class _OnTime(Strategy):
    """Follows a schedule under exact time and notes the first step that is not possible."""

    def __init__(self, schedule: list[str]):
        self.schedule = schedule
        self.first_impossible: tuple[int, list[str]] | None = None

    def choose(self, choice: Choice) -> str:
        if choice.step >= len(self.schedule):
            raise PruneRun
        wanted = self.schedule[choice.step]
        if wanted not in choice.enabled:
            self.first_impossible = (choice.step, list(choice.enabled))
            raise PruneRun
        return wanted

    def duration(self, thread: str, low: float, high: float) -> float:
        return low  # as under real time, where `work(a, b)` is never split


def delay_note(program: Program, trace: Trace) -> str:
    """Why a real-time counterexample can happen, when only a delay makes it possible.

    Empty when the same schedule also runs with exact durations (then time is not the
    point). Otherwise the first step that needs another thread to have been slow."""
    if program.timing != "real" or not program.uses_clock:
        return ""
    strategy = _OnTime(list(trace.schedule))
    Run(program.with_timing("exact"), strategy, record=False).execute()
    if strategy.first_impossible is None:
        return ""
    step, on_time = strategy.first_impossible
    event = trace.events[step]
    thread, op, obj = event["thread"], event["op"], event.get("obj")
    others = ", ".join(t for t in on_time if t != thread) or "the others"
    if op in ("sleep", "work"):
        return (
            f"(step {step}: {thread}'s {op} {obj} ended before {others} moved: real threads "
            f"can be delayed by any amount, so a {op}() orders nothing)"
        )
    return (
        f"(step {step}: {thread}'s {op} on {obj} timed out before {others} moved: a timeout "
        "fires after its time, however late the other threads are)"
    )


def busy_wait_note(trace: Trace) -> str:
    """For a run under exact time that could not finish: the threads that spin while others
    sleep or work. Empty when no thread was left sleeping or working."""
    if not trace.events or "snapshot" not in trace.events[-1]:
        return ""
    threads = trace.events[-1]["snapshot"]["threads"]
    stuck = [tid for tid, t in threads.items() if t["status"] == "sleeping"]
    if not stuck:
        return ""
    tail = trace.events[-50:]
    spinners = sorted({e["thread"] for e in tail} - set(stuck), key=list(threads).index)
    if not spinners:
        return ""
    read = sorted({str(e["obj"]) for e in tail if e["thread"] in spinners and e["op"] == "read"})
    on = f" on {', '.join(read)}" if read else ""
    who = " and ".join(spinners)
    verb = "keeps" if len(spinners) == 1 else "keep"
    doing = " and ".join(f"{tid}'s {threads[tid].get('op') or 'sleep'}" for tid in stuck)
    return (
        f"busy-wait: {who} {verb} looping{on} without ever waiting. A busy-wait burns a CPU "
        "core the whole time; in the judge's clock, time passes only when every thread waits, "
        f"so {doing} never ends while {who} {'spins' if len(spinners) == 1 else 'spin'}"
    )
