"""The judge's plan: hunt for a counterexample first, then try to prove there is none.

1. preemption-bounded search with bounds 0, 1, 2 (a counterexample found at bound b needs
   exactly b preemptions: none with fewer exists);
2. PCT random schedules, for deeper bugs;
3. exhaustive search with state caching until done or out of time.
A verdict never claims more than was checked: `exhaustive` is true only when step 3 (or a
bounded step whose bound never cut a choice) covered every schedule.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from syncgame.judge.explore import Found, Search, classify
from syncgame.judge.pct import PCT
from syncgame.judge.verdict import Verdict, sentence
from syncgame.program.program import Program, ProgramError
from syncgame.runtime.scheduler import Run
from syncgame.runtime.strategies import Replay

HUNT_BOUNDS = (0, 1, 2)
PCT_RUNS = 60
SHRINK_RUNS = 300


def judge(
    program: Program,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    progress: Callable[[dict], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Verdict:
    """Judge `program` against its level's goals within `time_limit` seconds."""
    started = time.monotonic()
    deadline = started + time_limit
    level = program.level_id
    try:
        program.check()
    except ProgramError as error:
        return Verdict(level, "fail", "structure", 0, False, None, 0.0, str(error))
    explored = 0
    bound_done: int | None = None

    def report(phase: str, bound: int | None, count: int) -> None:
        if progress:
            progress({"phase": phase, "bound": bound, "explored": explored + count})

    # 1. Bounded hunting.
    for bound in HUNT_BOUNDS:
        hunt_deadline = min(deadline, started + time_limit * (0.15 + 0.1 * bound))
        search = Search(
            program,
            bound=bound,
            deadline=hunt_deadline,
            cancelled=cancelled,
            progress=lambda n, b=bound: report("bounded", b, n),
        )
        result = search.explore()
        explored += result.explored
        if result.failures:
            found = _fewest_steps(program, bound, result.failures[0], deadline, cancelled)
            return _failed(program, found, explored, False, bound, started)
        if not result.complete:
            break
        bound_done = bound
        if not search.bound_cut:  # the bound never mattered: this was every schedule
            if result.livelock is not None:
                return _failed(program, result.livelock, explored, True, None, started)
            return _passed(program, result, explored, True, started)

    # 2. PCT random schedules.
    steps_estimate = 200
    for i in range(PCT_RUNS):
        if cancelled() or time.monotonic() > deadline:
            break
        strategy = PCT(seed * 100_003 + i, program.thread_ids(), steps_estimate)
        run = Run(program, strategy, record=False)
        run.execute()
        explored += 1
        steps_estimate = max(steps_estimate // 2, run.steps)
        reason = classify(run.outcome, program)
        if reason is not None and reason != "livelock":
            found = Found(list(run.schedule), list(run.durations), run.outcome, reason, _count(run))
            return _failed(program, found, explored, False, bound_done, started)
        report("random", None, 0)

    # 3. Exhaustive search.
    search = Search(
        program,
        bound=None,
        deadline=deadline,
        cancelled=cancelled,
        progress=lambda n: report("exhaustive", None, n),
    )
    result = search.explore()
    explored += result.explored
    if result.failures:
        return _failed(program, result.failures[0], explored, result.complete, None, started)
    if result.livelock is not None:
        return _failed(program, result.livelock, explored, True, None, started)
    if result.complete:
        return _passed(program, result, explored, True, started)
    return _passed(program, result, explored, False, started, bound_done)


def _count(run: Run) -> int:
    preemptions = 0
    for choice, tid in run.decisions:
        if choice.current in choice.enabled and tid != choice.current:
            preemptions += 1
    return preemptions


def _fewest_steps(program, bound, first: Found, deadline, cancelled) -> Found:
    """Among counterexamples with the fewest preemptions, the shortest found in a short look."""
    search = Search(
        program,
        bound=bound,
        stop_at_first=False,
        deadline=min(deadline, time.monotonic() + 0.5),
        cancelled=cancelled,
    )
    search.max_runs = SHRINK_RUNS
    result = search.explore()
    candidates = [f for f in result.failures if f.reason == first.reason] or [first]
    return min(candidates, key=lambda f: (f.preemptions, f.steps))


def _passed(program, result, explored, exhaustive, started, bound=None) -> Verdict:
    if exhaustive:
        message = (
            f"correct for every schedule: all {explored:,} explored runs ({result.states:,} states)"
        )
    else:
        covered = f"up to {bound} preemptions" if bound is not None else "some schedules"
        message = (
            f"no counterexample in {explored:,} runs ({covered}); not proved for all schedules"
        )
    return Verdict(
        program.level_id,
        "pass",
        None,
        explored,
        exhaustive,
        None if exhaustive else bound,
        time.monotonic() - started,
        message,
        makespan=result.max_makespan,
    )


def _failed(program, found: Found, explored, exhaustive, bound, started) -> Verdict:
    trace = Run(program, Replay(found.schedule, found.durations), record=True).execute()
    message = sentence(trace, found.reason, program.goal.final)
    return Verdict(
        program.level_id,
        "fail",
        found.reason,
        explored,
        exhaustive,
        bound,
        time.monotonic() - started,
        message,
        counterexample=trace,
        preemptions=found.preemptions,
    )
