"""The editor's Test: judge a level's start (it must fail) and its reference (it must pass)
in the background, and say whether the level is ready. No Textual here: callbacks arrive on
helper threads and the editor posts them to its screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from syncgame.level.model import FAILURE_REASONS, MEASURE_REASON, Level

TIME_LIMIT = 8.0
"""Seconds of judging for each of the start and the reference."""


@dataclass
class Outcome:
    """One side of a Test: `result` is the judge's verdict as a dict (`verdict`, `reason`,
    `message`, `explored`, `exhaustive`, `trace`...), `ok` whether it is what a level needs,
    `why` one sentence for the editor."""

    result: dict
    ok: bool
    why: str


def start_outcome(level: Level, result: dict) -> Outcome:
    """The start code must fail for a reason a player can fix (and the one the level
    announces in goal.start_fails, if it does)."""
    reason = result.get("reason")
    message = result.get("message", "")
    if result.get("verdict") == "pass":
        return Outcome(result, False, "the start code passes: the player would have nothing to fix")
    if reason not in FAILURE_REASONS + (MEASURE_REASON,):
        return Outcome(result, False, f"the start code could not be judged ({reason}): {message}")
    expected = level.goal.start_fails
    if expected is not None and reason != expected:
        return Outcome(
            result,
            False,
            f"it fails with {reason}, but goal.start_fails says {expected}: {message}",
        )
    return Outcome(result, True, f"{reason}: {message}")


def reference_outcome(level: Level, result: dict | None) -> Outcome:
    if result is None:
        return Outcome({}, False, "there is no reference solution ([solution])")
    if result.get("verdict") == "pass":
        return Outcome(result, True, result.get("message", ""))
    return Outcome(result, False, f"{result.get('reason')}: {result.get('message', '')}")


@dataclass
class Readiness:
    text: str
    """The level text that was tested: any edit makes the report stale."""
    start: Outcome
    reference: Outcome

    @property
    def ready(self) -> bool:
        return self.start.ok and self.reference.ok


def verdict_result(verdict) -> dict:
    """A verdict as the plain dict the editor keeps (with the counterexample trace)."""
    result = verdict.to_json()
    result["trace"] = verdict.counterexample.to_json() if verdict.counterexample else None
    return result


@dataclass
class LevelTest:
    """Judge `level`'s start and reference at once; `on_done(report)` comes exactly once
    (unless cancelled), on a helper thread. `on_progress(side, info)` reports schedules."""

    level: Level
    text: str
    on_done: Callable[[Readiness], None]
    on_progress: Callable[[str, dict], None] = lambda side, info: None
    time_limit: float = TIME_LIMIT
    _results: dict = field(default_factory=dict)
    _jobs: list = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    cancelled: bool = False

    def start(self) -> LevelTest:
        sides = ["start"] + (["reference"] if self.level.solution is not None else [])
        if self.level.solution is None:
            self._results["reference"] = None
        if self.level.measure is not None:
            # timed on this machine: one after the other, or they would slow each other down
            thread = threading.Thread(
                target=self._measure, args=(sides,), name="syncgame-test-measure", daemon=True
            )
            thread.start()
            self._jobs.append(thread)
            return self
        for side in sides:
            self._launch(side)
        return self

    def _launch(self, side: str) -> None:
        from syncgame.play.judging import start_judging

        job = start_judging(
            self.level,
            side,
            None,
            time_limit=self.time_limit,
            on_progress=lambda info: self.on_progress(side, info),
            on_done=lambda result: self._finish(side, result),
        )
        self._jobs.append(job)

    def _measure(self, sides: list[str]) -> None:
        from syncgame.judge.levels import judge_level

        for side in sides:
            if self.cancelled:
                return
            try:
                result = verdict_result(judge_level(self.level, side))
            except Exception as error:  # a level that cannot run: an error verdict, no crash
                result = {"verdict": "fail", "reason": "error", "message": str(error)}
                result["trace"] = None
            self._finish(side, result)

    def _finish(self, side: str, result: dict) -> None:
        with self._lock:
            if self.cancelled or side in self._results:
                return
            self._results[side] = result
            if len(self._results) < 2:
                return
        report = Readiness(
            self.text,
            start_outcome(self.level, self._results["start"]),
            reference_outcome(self.level, self._results["reference"]),
        )
        self.on_done(report)

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
        for job in self._jobs:
            if hasattr(job, "cancel"):
                job.cancel()
