"""What a run leaves behind: the schedule, one event per step, and the outcome. Plain data."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, cast

from syncgame.runtime.events import (
    DeadlockInfo,
    Exhausted,
    FinalGoal,
    GoalResults,
    OutcomeJSON,
    OutcomeKind,
    StepEvent,
    ThreadException,
    TraceJSON,
)


@dataclass
class Outcome:
    kind: OutcomeKind
    """How the run ended (docs/architecture.md lists every kind and where it is made)."""
    message: str = ""
    steps: int = 0
    makespan: float = 0.0
    exceptions: list[ThreadException] = field(default_factory=list)
    deadlock: DeadlockInfo | None = None
    goals: GoalResults = field(default_factory=GoalResults)
    logs: list[str] = field(default_factory=list)
    shared: dict[str, object] = field(default_factory=dict)
    exhausted: Exhausted | None = None
    """Which budget a `budget` outcome ran out of (None for every other kind). Not in the
    JSON, whose shape predates it: a trace read back from JSON has None here."""

    @property
    def failed_goals(self) -> list[FinalGoal]:
        return [g for g in self.goals.get("final", []) if not g["ok"]]

    @property
    def out_of_steps(self) -> bool:
        """Whether the run used up its step budget (and so may never finish)."""
        return self.kind is OutcomeKind.BUDGET and self.exhausted is Exhausted.STEPS

    def to_json(self) -> OutcomeJSON:
        data = asdict(self)  # a deep copy
        del data["exhausted"]
        data["kind"] = self.kind.value
        return cast(OutcomeJSON, data)

    @classmethod
    def from_json(cls, data: OutcomeJSON) -> Outcome:
        fields: dict[str, Any] = {**data, "kind": OutcomeKind(data["kind"])}
        return cls(**fields)


@dataclass
class Trace:
    schedule: list[str]
    events: list[StepEvent]
    outcome: Outcome
    durations: list[float] = field(default_factory=list)
    """The duration chosen for each `work(a, b)`, in order: part of what replays a run."""

    def to_json(self) -> TraceJSON:
        return {
            "schedule": self.schedule,
            "durations": self.durations,
            "events": self.events,
            "outcome": self.outcome.to_json(),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: TraceJSON) -> Trace:
        return cls(
            schedule=list(data["schedule"]),
            events=list(data["events"]),
            outcome=Outcome.from_json(data["outcome"]),
            durations=list(data.get("durations", [])),
        )
