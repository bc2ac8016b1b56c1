"""Fixtures for the judge's tests: the case files, their expectations, cached verdicts, and a
brute-force oracle that enumerates every schedule of a tiny program without any reduction.

Each case in `tests/judge_cases/` is a level file. What the judge must say lives in the file
where the level format has a place for it (`goal.start_fails`: the reason the start code fails;
`[solution]`: a fix that must pass; `[[lazy]]` with `expect`: other fixes and their verdicts),
and in `EXPECT` below for the rest (what must be proved exhaustively, what the message must
name, which `work(a, b)` end breaks it).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from syncgame.judge import judge_level
from syncgame.judge.timing import timings
from syncgame.judge.verdict import Verdict
from syncgame.level.loader import load_level
from syncgame.level.model import Level
from syncgame.program.program import Program
from syncgame.runtime.scheduler import Run
from syncgame.runtime.strategies import Choice, Strategy
from syncgame.runtime.trace import Outcome

CASES_DIR = Path(__file__).resolve().parent.parent / "judge_cases"

TIME_LIMIT = 20.0
"""Generous: every case takes well under 2 s alone; the margin is for a loaded machine."""


@dataclass(frozen=True)
class Expect:
    proved: tuple[str, ...] = ("reference",)
    """Variants the judge must prove for every schedule (exhaustive = true)."""
    says: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Variant (or lazy name) -> words the verdict's message must contain."""
    durations: tuple[float, ...] | None = None
    """The `work(a, b)` durations the start's counterexample must use."""
    min_preemptions: int = 0
    """The start's counterexample needs at least this many preemptions."""
    lines: dict[str, int] = field(default_factory=dict)
    """Lazy name -> the line a structure failure must name."""


KNOWN_BUGS: dict[tuple[str, str], str] = {}
"""(case, variant) -> why the judge is wrong there today; those tests are xfail(strict=True)."""


EXPECT: dict[str, Expect] = {
    "lost-update": Expect(says={"start": ("counter=0", "counter == 2", "(counter=1)")}),
    "locked-counter-3x3": Expect(says={"start": ("counter == 9",)}),
    "check-then-act": Expect(says={"start": ("balance == 20", "balance=100")}),
    "lazy-init": Expect(says={"start": ("built == 1", "built=2")}),
    "abba-deadlock": Expect(
        says={"start": ("deadlock", "ab waits for lb (held by ba)", "ba waits for la (held by ab)")}
    ),
    "dining-philosophers": Expect(
        says={
            "start": (
                "deadlock",
                "phil#0 waits for fork1",
                "phil#1 waits for fork2",
                "phil#2 waits for fork0",
            )
        }  # fmt: skip
    ),
    "condition-if-two-consumers": Expect(says={"start": ("IndexError", "pop from empty list")}),
    "lost-wakeup": Expect(
        says={"start": ("waiter waits for cond; no other thread is left to wake it", "notify cond")}
    ),
    "condition-notify-unowned": Expect(
        says={"start": ("RuntimeError", "cannot notify on un-acquired lock")}
    ),
    "barrier-wrong-parties": Expect(
        says={"start": ("deadlock", "runner#0 waits for gate", "runner#1 waits for gate")}
    ),
    "barrier-abort": Expect(says={"start": ("BrokenBarrierError", "abort gate")}),
    "barrier-reset": Expect(says={"start": ("deadlock", "reset gate", "BrokenBarrierError")}),
    "barrier-timeout": Expect(says={"start": ("BrokenBarrierError", "timed out")}),
    "semaphore-over-release": Expect(
        says={
            "start": ("shared.inside <= 1 is false",),
            "a BoundedSemaphore, still releasing twice": ("ValueError", "released too many times"),
        }
    ),
    "semaphore-pool": Expect(says={"start": ("shared.inside <= 2 is false", "inside=3")}),
    "order-race": Expect(
        says={"start": ("reader read value=0, reader wrote seen=0", "seen == 42")}
    ),
    "queue-qsize-put": Expect(says={"start": ("Full", "qsize box -> 0")}),
    "queue-task-done-early": Expect(says={"start": ("seen == 3", "seen=")}),
    "queue-join-missing-task-done": Expect(says={"start": ("deadlock", "producer waits for box")}),
    "queue-get-timeout": Expect(says={"start": ("Empty", "timed out")}),
    "peterson": Expect(says={"start": ("shared.inside <= 1 is false", "inside=2")}),
    "spin-livelock": Expect(proved=("start", "reference"), says={"start": ("livelock",)}),
    "busy-wait-fair": Expect(proved=("start", "reference")),
    "busy-wait-counting": Expect(),
    "repeated-jobs": Expect(),
    "release-unheld-lock": Expect(says={"start": ("RuntimeError", "release unlocked lock")}),
    "rlock-non-owner": Expect(says={"start": ("RuntimeError", "cannot release un-acquired lock")}),
    "rlock-reentry": Expect(says={"start": ("deadlock", "(held by worker#0)")}),
    "exception-without-finally": Expect(
        says={"start": ("worker#1 waits for lock (held by worker#0, which has ended)",)}
    ),
    "event-wait-timeout": Expect(says={"start": ("got == 'signal'", "got='timeout'")}),
    "lock-acquire-timeout": Expect(says={"start": ("not shared.gave_up", "gave_up=True")}),
    "work-range-high": Expect(
        says={"start": ("reader read x=0, reader wrote seen=0, maker wrote x=1",)}, durations=(3,)
    ),
    "work-range-low": Expect(says={"start": ("x == 'a'", "x='b'")}, durations=(1,)),
    "invariant-mutual-exclusion": Expect(says={"start": ("shared.inside <= 1 is false",)}),
    "max-steps": Expect(says={"start": ("60 steps",)}),
    "deadlock-allowed": Expect(proved=("start", "reference")),
    "deep-race": Expect(says={"start": ("saw=[1, 2, 3]",)}, min_preemptions=3),
    "makespan-goal": Expect(says={"start": ("final makespan <= 2.0 is false (makespan=3)",)}),
    "structure-counter": Expect(
        says={
            "write the answer": ("line 4", "only synchronisation may change"),
            "delete the work": ("line 3", "missing"),
            "two locks, the palette has one": ("2 Lock", "allows 1"),
            "a Semaphore, not in the palette": ("Semaphore", "allows 0"),
        },
        lines={"write the answer": 4, "delete the work": 3},
    ),
}


@functools.cache
def case_level(case: str) -> Level:
    return load_level(CASES_DIR / f"{case}.toml")


def case_ids() -> list[str]:
    return sorted(path.stem for path in CASES_DIR.glob("*.toml"))


@functools.cache
def verdict_of(case: str, variant: str, lazy: str | None = None) -> Verdict:
    """The judge's verdict, computed once per session (several tests look at each one)."""
    level = case_level(case)
    if lazy is not None:
        (entry,) = [entry for entry in level.lazy if entry.name == lazy]
        return judge_level(level, "solution", entry.solution(), time_limit=TIME_LIMIT)
    return judge_level(level, variant, time_limit=TIME_LIMIT)


@pytest.fixture(scope="session")
def cases_dir() -> Path:
    return CASES_DIR


# --- the oracle -------------------------------------------------------------------------


def reason_of(outcome: Outcome, program: Program) -> str | None:
    """Why a run fails its level's goals (written apart from the judge's own `classify`)."""
    if outcome.kind == "finished":
        return "assertion" if any(not g["ok"] for g in outcome.goals.get("final", [])) else None
    if outcome.kind == "deadlock":
        return "deadlock" if program.goal.no_deadlock else None
    if outcome.kind == "budget":
        return "livelock"
    return outcome.kind  # exception, invariant, error


class _Enumerate(Strategy):
    """Follow `prefix`, then always the first option; remember every decision's options."""

    def __init__(self, prefix: list):
        self.prefix = prefix
        self.decisions: list[tuple[list, object]] = []

    def _pick(self, options: list):
        index = len(self.decisions)
        pick = self.prefix[index] if index < len(self.prefix) else options[0]
        self.decisions.append((options, pick))
        return pick

    def choose(self, choice: Choice) -> str:
        return self._pick(list(choice.enabled))

    def duration(self, thread: str, low: float, high: float) -> float:
        return self._pick([low, high])


@dataclass
class OracleRun:
    reason: str | None
    preemptions: int
    steps: int
    schedule: list[str]
    durations: list[float]


class TooManyRuns(Exception):
    pass


def enumerate_runs(program: Program, limit: int = 5000) -> list[OracleRun]:
    """Every schedule (and both ends of every `work(a, b)`), by plain depth-first search."""
    runs: list[OracleRun] = []
    prefix: list = []
    while True:
        if len(runs) >= limit:
            raise TooManyRuns(f"more than {limit} schedules")
        strategy = _Enumerate(prefix)
        run = Run(program, strategy, record=False)
        run.execute()
        preemptions = sum(
            1 for choice, tid in run.decisions if choice.current in choice.enabled
            and tid != choice.current
        )  # fmt: skip
        runs.append(
            OracleRun(
                reason_of(run.outcome, program),
                preemptions,
                len(run.schedule),
                list(run.schedule),
                list(run.durations),
            )
        )
        decisions = strategy.decisions
        while decisions and decisions[-1][0].index(decisions[-1][1]) == len(decisions[-1][0]) - 1:
            decisions.pop()
        if not decisions:
            return runs
        options, pick = decisions[-1]
        prefix = [p for _, p in decisions[:-1]] + [options[options.index(pick) + 1]]


def enumerate_as_judged(program: Program, limit: int = 5000) -> tuple[str, list[OracleRun]]:
    """Every run under the first timing the judge uses that has a failing one (the judge stops
    there), or else under the last: (that timing, its runs)."""
    for model in timings(program):
        runs = enumerate_runs(model, limit)
        if any(r.reason is not None for r in runs):
            break
    return model.timing, runs
