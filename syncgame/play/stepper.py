"""Scheduler mode: the player picks which thread moves next, with undo.

A schedule is plain data and a run is a pure function of (program, schedule): each step
replays the schedule chosen so far on real threads and stops at the next decision, where
the runtime says which threads are enabled. Undo is dropping the last choice. No Textual.
"""

from __future__ import annotations

from dataclasses import asdict

from syncgame.judge.explore import classify
from syncgame.program.program import Program
from syncgame.runtime.scheduler import PruneRun, Run
from syncgame.runtime.strategies import Choice, Replay


class _StopAtDecision(Replay):
    """Replays the schedule, then notes the enabled threads and ends the run there."""

    def __init__(self, schedule: list[str]) -> None:
        super().__init__(schedule)
        self.enabled: list[str] = []

    def choose(self, choice: Choice) -> str:
        if choice.step >= len(self.schedule):
            self.enabled = list(choice.enabled)
            raise PruneRun
        return super().choose(choice)


def preemptions_of(decisions) -> int:
    """Preemptions in a run's decisions, counted as the judge counts them: the thread that
    moved last could have gone on and another one was chosen."""
    return sum(
        1
        for choice, thread in decisions
        if choice.current in choice.enabled and thread != choice.current
    )


class Stepper:
    def __init__(self, program: Program) -> None:
        # The player plays the OS: any thread may be delayed, so a sleep does not stop its
        # thread from being picked (unless the level is about exact time).
        exact = program.goal.timing == "exact"
        self.program = program.with_timing("exact" if exact else "real")
        self.schedule: list[str] = []
        self.events: list[dict] = []
        self.outcome: dict | None = None
        self.reason: str | None = None
        """Once the run has ended: the judge's name for its failure, or None (every goal met)."""
        self.preemptions = 0
        """Switches away from a thread that could have gone on (the judge's count)."""
        self._enabled: list[str] = []
        self._replay()

    def _replay(self) -> None:
        strategy = _StopAtDecision(self.schedule)
        run = Run(self.program, strategy)
        trace = run.execute()
        self.events = trace.events
        ended = trace.outcome is not None and trace.outcome.kind != "pruned"
        self.outcome = asdict(trace.outcome) if ended else None
        self.reason = classify(trace.outcome, self.program) if ended else None
        self.preemptions = preemptions_of(run.decisions)
        self._enabled = [] if ended else strategy.enabled

    def enabled(self) -> list[str]:
        """Threads that may move now (empty once the run has ended)."""
        return list(self._enabled)

    def step(self, thread: str) -> dict:
        """Move `thread` one step; returns the event of that step."""
        if thread not in self._enabled:
            raise ValueError(f"{thread} cannot move now (enabled: {', '.join(self._enabled)})")
        self.schedule.append(thread)
        self._replay()
        return self.events[-1]

    def undo(self) -> bool:
        if not self.schedule:
            return False
        self.schedule.pop()
        self._replay()
        return True
