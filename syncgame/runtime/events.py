"""The shapes of a trace's plain data: events, snapshots, and the outcome's parts.

These are the dicts a run records (`Trace.events`, `Trace.to_json()`), written down as
TypedDicts so a type checker holds the producers (the scheduler) and the readers (the judge,
the UI) to one shape. At run time they are ordinary dicts: JSON as it always was.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, NotRequired, TypedDict


class OutcomeKind(StrEnum):
    """How a run ended. A `StrEnum`: each kind is its plain string in JSON and comparisons."""

    FINISHED = "finished"
    """Every thread ended without raising (the final goals say whether it went well)."""
    DEADLOCK = "deadlock"
    """Threads are left and none of them can ever move (`Outcome.deadlock` says who waits)."""
    EXCEPTION = "exception"
    """Every thread ended, and at least one of them raised (`Outcome.exceptions`)."""
    INVARIANT = "invariant"
    """An `always` goal was false after a step (`Outcome.goals["always"]`)."""
    BUDGET = "budget"
    """A budget ran out (`Outcome.exhausted` says which): steps, wall time, or the sandbox's."""
    ABORTED = "aborted"
    """Stopped from outside (`Run.stop`): the player stopped a live run."""
    ERROR = "error"
    """The run itself went wrong: a replayed schedule diverged, a thread could not be stopped."""
    PAUSED = "paused"
    """Stopped on purpose after `stop_after` steps (the UI's scheduler mode steps this way)."""
    PRUNED = "pruned"
    """Ended early by its strategy (`PruneRun`): the judge had explored what follows."""


class Exhausted(StrEnum):
    """Which budget a `budget` outcome ran out of."""

    STEPS = "steps"
    """The program's `max_steps` scheduling decisions: it may never finish (a livelock)."""
    WALL_TIME = "wall time"
    """The run's wall-clock limit (`wall_timeout`)."""
    SANDBOX = "sandbox"
    """A budget of the sandbox: loop iterations of one thread, memory, a value's size."""


ThreadStatus = Literal["runnable", "running", "blocked", "sleeping", "done", "crashed"]


class ThreadSnapshot(TypedDict):
    """One thread in a snapshot."""

    name: str
    """The thread code's name (`inc` for `inc#0`)."""
    status: ThreadStatus
    line: int
    waiting_for: str | None
    """What a blocked thread waits for (a primitive's name); None unless `blocked`."""
    holding: list[str]
    """The primitives this thread holds."""
    op: str | None
    """The step it will take when chosen ("write counter"); None unless it is waiting."""
    locals: dict[str, str]
    """Its own module-level variables, as short reprs (at most 4, {} once it has ended)."""


PrimitiveSnapshot = dict[str, Any]
"""One primitive in a snapshot: `type` and `waiters` always, then what its type shows
(`locked`, `holder`, `count`, `lock`, `value`, `initial`, `flag`, `n_waiting`, `parties`,
`broken`, `items`, `maxsize`); see docs/architecture.md."""


class Snapshot(TypedDict):
    """The whole program at the end of a step, as plain data."""

    time: float
    threads: dict[str, ThreadSnapshot]
    primitives: dict[str, PrimitiveSnapshot]
    shared: dict[str, object]
    """The shared values as JSON-able copies."""


class StepEvent(TypedDict):
    """One step of a run. `result` and `snapshot` are added when the step ends."""

    step: int
    thread: str
    op: str
    """"read", "write", "start", "acquire", "sleep", "log"...: what the step did."""
    obj: str | None
    """The shared variable or primitive it touched (a duration for sleep/work)."""
    woke: bool
    """Whether this step resumed a wait the thread was blocked in."""
    line: int
    time: float
    result: NotRequired[str]
    """What the step gave, as a short repr; "blocked" or "timed out" for a wait."""
    snapshot: NotRequired[Snapshot]


class ThreadException(TypedDict):
    """An exception that ended a thread."""

    thread: str
    type: str
    message: str
    line: int


class DeadlockInfo(TypedDict):
    waiting: dict[str, str]
    """Each waiting thread and the primitive (or step) it waits for."""
    cycle: list[str]
    """Threads that wait for each other in a cycle (empty when there is none)."""


class FinalGoal(TypedDict):
    expr: str
    ok: bool
    value: str
    """A short repr of the expression's value, or the exception it raised."""


class BrokenInvariant(TypedDict):
    expr: str
    step: int
    """The step after which the `always` goal was false."""


class GoalResults(TypedDict, total=False):
    """The goals' results: `final` once every thread ended, `always` when one broke."""

    final: list[FinalGoal]
    always: BrokenInvariant


class OutcomeJSON(TypedDict):
    """`Outcome` in a trace's JSON."""

    kind: str
    message: str
    steps: int
    makespan: float
    exceptions: list[ThreadException]
    deadlock: DeadlockInfo | None
    goals: GoalResults
    logs: list[str]
    shared: dict[str, object]


class TraceJSON(TypedDict):
    """`Trace.to_json()`."""

    schedule: list[str]
    durations: list[float]
    events: list[StepEvent]
    outcome: OutcomeJSON
