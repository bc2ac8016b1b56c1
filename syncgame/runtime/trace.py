"""What a run leaves behind: the schedule, one event per step, and the outcome. Plain data."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class Outcome:
    kind: str
    """finished | deadlock | exception | invariant | budget | aborted | error"""
    message: str = ""
    steps: int = 0
    makespan: float = 0.0
    exceptions: list[dict] = field(default_factory=list)
    deadlock: dict | None = None
    goals: dict = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)
    shared: dict = field(default_factory=dict)

    @property
    def failed_goals(self) -> list[dict]:
        return [g for g in self.goals.get("final", []) if not g["ok"]]


@dataclass
class Trace:
    schedule: list[str]
    events: list[dict]
    outcome: Outcome
    durations: list[float] = field(default_factory=list)
    """The duration chosen for each `work(a, b)`, in order: part of what replays a run."""

    def to_json(self) -> dict:
        return {
            "schedule": self.schedule,
            "durations": self.durations,
            "events": self.events,
            "outcome": asdict(self.outcome),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: dict) -> Trace:
        return cls(
            schedule=list(data["schedule"]),
            events=list(data["events"]),
            outcome=Outcome(**data["outcome"]),
            durations=list(data.get("durations", [])),
        )
