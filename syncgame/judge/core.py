"""The judge's plan: hunt for a counterexample first, then try to prove there is none.

The plan runs under real time first (any thread may be delayed by any amount: a sleep orders
nothing), then, when time can matter, under exact time for the goals that read the clock
(`timing.py`). Under each:
1. preemption-bounded search with bounds 0, 1, 2 (a counterexample found at bound b needs
   exactly b preemptions: none with fewer exists);
2. PCT random schedules, for deeper bugs;
3. exhaustive search with state caching until done or out of time.
A verdict never claims more than was checked: `exhaustive` is true only when step 3 (or a
bounded step whose bound never cut a choice) covered every schedule.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from syncgame.judge.explore import Exploration, Found, Search, SearchConfig, classify
from syncgame.judge.pct import PCT
from syncgame.judge.timing import busy_wait_note, delay_note, timings
from syncgame.judge.verdict import Verdict, sentence
from syncgame.program.program import Program, ProgramError
from syncgame.runtime.scheduler import Run
from syncgame.runtime.strategies import RandomStrategy, Replay, Strategy

HuntPlan = tuple[tuple[int | None, int], ...]
HUNT_PLAN: HuntPlan = ((0, 300), (None, 80), (1, 1500), (2, 3000))
QUICK_HUNT, DEEP_HUNT = HUNT_PLAN[:2], HUNT_PLAN[2:]
PROOF_FIRST_SHARE = 0.4
"""The share of the time limit an early proof attempt may take before bounds 1 and 2."""
"""(preemption bound, most runs it may take); None: random schedules. Counted in runs, not
seconds, so that the same seed gives the same verdict on a busy machine too."""
SIMPLIFY_RUNS = 300
PCT_MAX_STEPS = 1000
SHRINK_RUNS = 300
EXACT_TIME_SHARE = 0.3
"""The share of the time left that the exact-time check keeps when both timings are judged."""


@dataclass
class Budget:
    """Time, cancellation and progress reporting shared by the judge's phases."""

    time_limit: float
    cancelled: Callable[[], bool] = lambda: False
    progress: Callable[[dict], None] | None = None
    started: float = field(default_factory=time.monotonic)
    explored: int = 0
    """Runs so far, the earlier timings' included."""
    search: Search | None = None
    """The exhaustive search of the last `prove`, to resume."""

    @property
    def deadline(self) -> float:
        return self.started + self.time_limit

    def over(self) -> bool:
        return self.cancelled() or time.monotonic() > self.deadline

    def report(self, phase: str, bound: int | None, count: int = 0) -> None:
        if self.progress:
            self.progress({"phase": phase, "bound": bound, "explored": self.explored + count})


def judge(
    program: Program,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    progress: Callable[[dict], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Verdict:
    """Judge `program` against its level's goals within `time_limit` seconds: under real
    time, then (when time can matter) under exact time (see `timing.py`)."""
    refused = refuse(program)
    if refused is not None:
        return refused
    started = time.monotonic()
    models = timings(program)
    passes: list[Verdict] = []
    explored = 0
    for index, model in enumerate(models):
        left = max(0.0, time_limit - (time.monotonic() - started))
        last = index == len(models) - 1
        budget = Budget(
            left if last else left * (1 - EXACT_TIME_SHARE), cancelled, progress, explored=explored
        )
        verdict = _judge_timing(model, budget, seed)
        explored = budget.explored
        if not verdict.passed:
            verdict.seconds = time.monotonic() - started
            return verdict
        passes.append(verdict)
    return combine_passes(passes, started)


def combine_passes(passes: list[Verdict], started: float) -> Verdict:
    """One pass from the passes under each timing: it claims only what all of them cover."""
    if len(passes) == 1:
        verdict = passes[0]
        verdict.seconds = time.monotonic() - started
        return verdict
    real, exact = passes[0], passes[-1]
    explored = exact.explored  # counts run on from the earlier timings'
    exhaustive = all(v.exhaustive for v in passes)
    bound = None if exhaustive else _lowest([v.bound for v in passes if not v.exhaustive])
    states = sum(v.states or 0 for v in passes)
    message = _pass_message(explored, states, exhaustive, bound, ", whatever the delays")
    return Verdict(
        level=real.level,
        verdict="pass",
        reason=None,
        explored=explored,
        exhaustive=exhaustive,
        bound=bound,
        seconds=time.monotonic() - started,
        message=message,
        makespan=exact.makespan,
        states=states,
    )


def _judge_timing(program: Program, budget: Budget, seed: int) -> Verdict:
    """The plan under one timing."""
    verdict, bound_done = hunt(program, budget, seed, QUICK_HUNT)
    if verdict is not None:
        return verdict
    # Small programs are proved outright; a failure the proof meets is simplified after.
    verdict = prove(program, budget, bound_done, share=PROOF_FIRST_SHARE)
    if verdict.verdict == "fail" or verdict.exhaustive:
        return verdict
    # Too big to prove quickly: cover bounds 1 and 2 fully, then resume the proof.
    proof = budget.search
    verdict, bound_done = hunt(program, budget, seed, DEEP_HUNT, bound_done)
    if verdict is not None:
        return verdict
    return prove(program, budget, bound_done, search=proof)


def hunt_timings(
    program: Program, budget: Budget, seed: int = 0
) -> tuple[Verdict | None, int | None]:
    """`hunt` under each timing in turn (for a worker process that only hunts): the first
    counterexample, or None and the preemption bound covered under every timing."""
    covered: list[int | None] = []
    for model in timings(program):
        verdict, bound = hunt(model, budget, seed)
        if verdict is not None:
            return verdict, bound
        covered.append(bound)
    return None, _lowest(covered)


def _lowest(bounds: list[int | None]) -> int | None:
    """The preemption bound every one of `bounds` covers (None if one of them covers none)."""
    known = [bound for bound in bounds if bound is not None]
    return None if len(known) < len(bounds) else min(known)


def prove_timings(program: Program, budget: Budget) -> Verdict:
    """`prove` under each timing in turn (for a worker process that only proves)."""
    started = time.monotonic()
    models = timings(program)
    passes: list[Verdict] = []
    for index, model in enumerate(models):
        last = index == len(models) - 1
        used = (time.monotonic() - budget.started) / budget.time_limit if budget.time_limit else 1
        share = 1.0 if last else used + (1 - used) * (1 - EXACT_TIME_SHARE)
        budget.search = None
        verdict = prove(model, budget, share=share)
        if not verdict.passed:
            return verdict
        passes.append(verdict)
    return combine_passes(passes, started)


def refuse(program: Program) -> Verdict | None:
    """A fail verdict if the program cannot run at all (refused code, bad declarations)."""
    try:
        program.check()
    except ProgramError as error:
        return Verdict.refused(program.level_id, "structure", str(error))
    return None


def hunt(
    program: Program,
    budget: Budget,
    seed: int = 0,
    plan: HuntPlan = HUNT_PLAN,
    bound_done: int | None = None,
) -> tuple[Verdict | None, int | None]:
    """Look for a counterexample. Returns (verdict or None, the preemption bound covered).

    Bound 0 first (cheap, and its counterexamples are the simplest), then a burst of random
    schedules (PCT at several depths, and uniform) for bugs hidden among many schedules,
    such as the dining philosophers, then bounds 1 and 2. A counterexample found at random
    is simplified: bounded searches look for one with fewer preemptions.
    """
    for bound, runs in plan:
        if bound is None:
            verdict = _random_burst(program, budget, seed, bound_done, runs)
            if verdict is not None:
                return verdict, bound_done
            continue
        search = Search(
            program,
            SearchConfig(bound=bound, max_runs=runs),
            cancelled=budget.cancelled,
            progress=functools.partial(_report_bounded, budget, bound),
        )
        result = search.explore(budget.deadline)
        budget.explored += result.explored
        if result.failures:
            found = _fewest_steps(program, bound, result.failures[0], budget)
            return _failed(program, found, budget, False, found.preemptions), found.preemptions
        if not result.complete:
            break
        bound_done = bound
        if not search.bound_cut:  # the bound never mattered: this was every schedule
            if result.livelock is not None:
                return _failed(program, result.livelock, budget, True, None), bound
            return _passed(program, result, budget, True), bound
    return None, bound_done


def _report_bounded(budget: Budget, bound: int, count: int) -> None:
    budget.report("bounded", bound, count)


def _random_burst(
    program: Program, budget: Budget, seed: int, bound_done: int | None, runs: int
) -> Verdict | None:
    steps_estimate = 200
    max_steps = min(program.goal.max_steps, PCT_MAX_STEPS)
    threads = program.thread_ids()
    for i in range(runs):
        if budget.over():
            break
        run_seed = seed * 100_003 + i
        strategy: Strategy
        if i % 4 == 3:
            strategy = PCT(run_seed, threads, steps_estimate, depth=2 + i // 4 % 3)
        else:  # uniform choices find bugs that need a switch in many threads at once
            strategy = RandomStrategy(run_seed)
        run = Run(program, strategy, record=False, max_steps=max_steps)
        outcome = run.execute().outcome
        budget.explored += 1
        steps_estimate = max(steps_estimate // 2, run.steps)
        reason = classify(outcome, program)
        if reason is not None and reason != "livelock":  # livelock needs the fair analysis
            found = Found(list(run.schedule), list(run.durations), outcome, reason, _count(run))
            found, bound = _fewer_preemptions(program, found, budget, bound_done)
            return _failed(program, found, budget, False, bound)
        budget.report("random", None)
    return None


def _fewer_preemptions(
    program: Program, found: Found, budget: Budget, bound_done: int | None
) -> tuple[Found, int | None]:
    """Try the bounds between those already covered and `found`'s for a simpler failure.

    Returns the failure and the bound whose search found it (None: found at random)."""
    first = 0 if bound_done is None else bound_done + 1
    for bound in range(first, found.preemptions + 1):
        config = SearchConfig(bound=bound, max_runs=SIMPLIFY_RUNS)
        search = Search(program, config, cancelled=budget.cancelled)
        result = search.explore(budget.deadline)
        budget.explored += result.explored
        if result.failures:
            return _fewest_steps(program, bound, result.failures[0], budget), bound
    return found, None


def prove(
    program: Program,
    budget: Budget,
    bound_done: int | None = None,
    share: float = 1.0,
    search: Search | None = None,
) -> Verdict:
    """Explore every schedule (with state caching) until done, or until `share` of the time.

    Pass the `search` of an earlier call (`verdict.search`) to resume it where it stopped.
    """
    if search is None:
        search = Search(
            program,
            SearchConfig(bound=None),
            cancelled=budget.cancelled,
            progress=lambda n: budget.report("exhaustive", None, n),
        )
    deadline = min(budget.deadline, budget.started + budget.time_limit * share)
    before = search.result.explored
    result = search.explore(deadline)
    budget.explored += result.explored - before
    budget.search = search
    if result.failures:
        found, bound = _fewer_preemptions(program, result.failures[0], budget, bound_done)
        return _failed(program, found, budget, result.complete, bound)
    if result.livelock is not None:
        return _failed(program, result.livelock, budget, True, None)
    return _passed(program, result, budget, result.complete, bound_done)


def _count(run: Run) -> int:
    preemptions = 0
    for choice, tid in run.decisions:
        if choice.current in choice.enabled and tid != choice.current:
            preemptions += 1
    return preemptions


def _fewest_steps(program: Program, bound: int, first: Found, budget: Budget) -> Found:
    """Among counterexamples with the fewest preemptions, the shortest found in a short look."""
    config = SearchConfig(
        bound=bound,
        stop_at_first=False,
        max_runs=SHRINK_RUNS,
        shortest=True,
        # a run longer than the one we have cannot be shorter
        step_cap=first.steps if first.reason != "livelock" else None,
    )
    result = Search(program, config, cancelled=budget.cancelled).explore(budget.deadline)
    candidates = [f for f in result.failures if f.reason == first.reason] or [first]
    return min(candidates, key=lambda f: (f.preemptions, f.steps))


def _runs(count: int) -> str:
    return f"{count:,} run" + ("" if count == 1 else "s")


def _pass_message(
    explored: int, states: int, exhaustive: bool, bound: int | None, covering: str = ""
) -> str:
    if exhaustive:
        return (
            f"correct for every schedule{covering} (exhaustive: {_runs(explored)}, "
            f"{states:,} distinct states)"
        )
    covered = f"up to {bound} preemptions" if bound is not None else "some schedules"
    return f"no counterexample in {explored:,} runs ({covered}); not proved for all schedules"


def _passed(
    program: Program,
    result: Exploration,
    budget: Budget,
    exhaustive: bool,
    bound: int | None = None,
) -> Verdict:
    explored = budget.explored
    seconds = time.monotonic() - budget.started
    if not exhaustive and bound is None and (budget.cancelled() or explored == 0):
        # Nothing was covered: no verdict may claim the program is right.
        reason = "cancelled" if budget.cancelled() else "budget"
        message = (
            "judging was cancelled before any bound was covered"
            if reason == "cancelled"
            else "the time limit ran out before any schedule was checked"
        )
        return Verdict.refused(
            program.level_id, reason, message, seconds=seconds, explored=explored
        )
    message = _pass_message(explored, result.states, exhaustive, bound)
    return Verdict(
        level=program.level_id,
        verdict="pass",
        reason=None,
        explored=explored,
        exhaustive=exhaustive,
        bound=None if exhaustive else bound,
        seconds=time.monotonic() - budget.started,
        message=message,
        makespan=result.max_makespan,
        states=result.states,
    )


def _failed(
    program: Program, found: Found, budget: Budget, exhaustive: bool, bound: int | None
) -> Verdict:
    trace = Run(program, Replay(found.schedule, found.durations), record=True).execute()
    message = sentence(trace, found.reason, program.goal.final)
    if found.reason == "livelock" and program.timing == "exact":
        message = busy_wait_note(trace) or message
    note = delay_note(program, trace)
    if note:
        message = f"{message} {note}"
    return Verdict(
        level=program.level_id,
        verdict="fail",
        reason=found.reason,
        explored=budget.explored,
        exhaustive=exhaustive,
        bound=bound,
        seconds=time.monotonic() - budget.started,
        message=message,
        counterexample=trace,
        preemptions=found.preemptions,
        timing=program.timing,
    )
