"""The in-memory shape of a level (format 1). Loading and validation live in `loader`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CHAPTERS = (
    "Event",
    "Lock",
    "RLock",
    "Condition",
    "Barrier",
    "Semaphore",
    "BoundedSemaphore",
    "Queue",
    "GIL",
    "Classic",
)
"""Chapters in the order of the notes' sections (Classic last: extra puzzles)."""

FAILURE_REASONS = ("assertion", "invariant", "deadlock", "exception", "livelock")
"""Why a run fails a level (the judge's verdict reasons for a program that runs)."""

MEASURE_REASON = "speedup"
"""Why a measured level ([measure], the GIL chapter) fails: the speed-up goal was not reached."""

BUSY_REASON = "busy"
"""A measured level's verdict that judges nothing: the machine was too busy to measure (no mode
reached the goal, or the baseline varied too much). Not a pass; not a fail of the choice."""

LAZY_EXPECTATIONS = FAILURE_REASONS + ("structure", MEASURE_REASON, "over-par", "pass")
"""What a [[lazy]] entry expects from the judge: a failure reason, a structure refusal, a pass
that misses the par ("over-par"), or a plain pass (another correct fix the level must accept)."""

MEASURE_MODES = ("serial", "threads", "processes")
"""How a measured level may run its jobs."""

TIMINGS = ("real", "exact")
"""How the judge treats time (`[goal] timing`). "real": as with real threads, any thread may be
delayed by any amount, so `sleep()`, `work()` and timeouts order nothing; only goals that read
the clock (`makespan`) are judged with the nominal durations. "exact": durations are exact
and the virtual clock orders threads, for a level that truly needs exact time."""


@dataclass(frozen=True)
class Text:
    """A text in both languages."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class ThreadSpec:
    name: str
    code: str
    instances: int = 1
    code_line: int = 0
    """Line in the level file where the first line of `code` stands (0 = unknown)."""


@dataclass(frozen=True)
class Goal:
    final: tuple[str, ...] = ()
    always: tuple[str, ...] = ()
    no_deadlock: bool = True
    max_steps: int = 10000
    max_makespan: float | None = None
    """Optional: the virtual time every thread must have ended by (an efficiency goal)."""
    start_fails: str | None = None
    """Optional: the reason the start code is meant to fail with (one of FAILURE_REASONS, or
    MEASURE_REASON for a measured level); the level tests assert it."""
    final_lines: tuple[int, ...] = ()
    always_lines: tuple[int, ...] = ()
    timing: str = "real"
    """One of TIMINGS: whether a delay may reorder threads (see TIMINGS)."""


@dataclass(frozen=True)
class Solution:
    primitives: dict[str, str] = field(default_factory=dict)
    threads: dict[str, str] = field(default_factory=dict)
    thread_lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Lazy:
    """A tempting shortcut the level is built to refuse, or another fix it must accept
    (a `[[lazy]]` entry).

    Shaped like a solution; `expect` is what the judge must say about it: a failure reason,
    "structure", "over-par" (it passes but uses more primitives, or a longer makespan, than
    the par), or "pass".
    """

    name: str
    expect: str
    primitives: dict[str, str] = field(default_factory=dict)
    threads: dict[str, str] = field(default_factory=dict)
    thread_lines: dict[str, int] = field(default_factory=dict)
    measure: str | None = None
    """For a measured level: the mode this lazy fix chooses."""

    def solution(self) -> Solution:
        return Solution(
            primitives=dict(self.primitives),
            threads=dict(self.threads),
            thread_lines=dict(self.thread_lines),
        )


@dataclass(frozen=True)
class Measure:
    """A level judged by timing real CPython instead of exploring schedules (`[measure]`).

    The job is the code of thread `task`; it runs `jobs` times: one after another ("serial",
    the baseline), in `jobs` real threads, or in `jobs` processes. A mode passes when its
    speed-up over serial is at least `min_speedup` (with 2 cores or more).
    """

    task: str
    jobs: int = 2
    start: str = "threads"
    reference: str = "processes"
    choices: tuple[str, ...] = ("threads", "processes")
    min_speedup: float = 1.4
    repeat: int = 3


@dataclass(frozen=True)
class Par:
    primitives: int | None = None
    makespan: float | None = None


@dataclass(frozen=True)
class Challenge:
    """`[challenge]`: the break-it challenge (drive the start into `goal.start_fails` by hand)."""

    max_switches: int | None = None
    """Most preemptions a win may use; None: derived from the judge's fewest."""


@dataclass(frozen=True)
class Level:
    id: str
    chapter: str
    order: int
    title: Text
    briefing: Text
    threads: tuple[ThreadSpec, ...]
    goal: Goal
    format: int = 1
    notes_section: str = ""
    hints: tuple[Text, ...] = ()
    learned: Text | None = None
    goal_text: Text | None = None
    """Optional: the goal in one plain sentence a player reads on the play screen (when
    absent, the game derives one from `goal`)."""
    shared: dict[str, object] = field(default_factory=dict)
    primitives: dict[str, str] = field(default_factory=dict)
    palette: dict[str, int] = field(default_factory=dict)
    helpers: str = ""
    helpers_line: int = 0
    solution: Solution | None = None
    par: Par = field(default_factory=Par)
    lazy: tuple[Lazy, ...] = ()
    measure: Measure | None = None
    challenge: Challenge | None = None
    path: Path | None = None

    def thread(self, name: str) -> ThreadSpec:
        for spec in self.threads:
            if spec.name == name:
                return spec
        raise KeyError(name)
