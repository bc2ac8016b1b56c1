"""Judging for the UI: the judge's own background workers (spawn processes on both cores),
with the structure check a player's solution needs first, and plain-dict results.

Callbacks arrive on a helper thread: callers hand them to the UI with `post_message`.
No Textual here.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import asdict

from syncgame.judge.background import BackgroundJudge
from syncgame.judge.background_measure import BackgroundMeasure
from syncgame.judge.structure import check_structure
from syncgame.judge.verdict import Verdict
from syncgame.level.model import Level, Solution
from syncgame.program.program import Program, ProgramError


def verdict_dict(verdict: Verdict) -> dict:
    """The verdict's JSON, plus the counterexample's full trace (snapshots for the stage)."""
    result = verdict.to_json()
    result["trace"] = verdict.counterexample.to_json() if verdict.counterexample else None
    return result


def _structure_failure(level: Level, message: str, line: int | None = None) -> dict:
    verdict = Verdict(level.id, "fail", "structure", 0, False, None, 0.0, message, line=line)
    return verdict_dict(verdict)


@contextlib.contextmanager
def _real_stdio():
    """Textual swaps sys.stdout/stderr for objects without a file descriptor; starting
    multiprocessing's resource tracker needs the real ones."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _ensure_tracker() -> None:
    from multiprocessing import resource_tracker

    with _real_stdio():
        resource_tracker.ensure_running()


class Judging:
    """One judging job; `cancel()` stops it (its `on_done` then never reaches the caller)."""

    def __init__(self) -> None:
        self._judge: BackgroundJudge | BackgroundMeasure | None = None
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True
        if self._judge is not None:
            self._judge.cancel()


def start_judging(
    level: Level,
    variant: str,
    solution: Solution | None,
    *,
    time_limit: float,
    on_progress: Callable[[dict], None],
    on_done: Callable[[dict], None],
    mode: str | None = None,
) -> Judging:
    """Judge the level's start, reference, or the player's `solution` ("solution").

    A measured level (`[measure]`) is timed instead, for `mode` (the player's choice; by
    default the mode of the start or of the reference)."""
    job = Judging()

    def done(verdict: Verdict) -> None:
        if not job.cancelled:
            on_done(verdict_dict(verdict))

    if level.measure is not None:
        defaults = {"reference": level.measure.reference}
        chosen_mode = mode or defaults.get(variant, level.measure.start)
        _ensure_tracker()
        job._judge = BackgroundMeasure(
            level, chosen_mode, on_progress=on_progress, on_done=done
        ).start()
        return job
    if variant == "solution":
        problem = check_structure(level, solution)
        if problem is not None:
            on_done(_structure_failure(level, problem.message, problem.line))
            return job
        variant, chosen = "start", solution
    else:
        chosen = None
    try:
        program = Program.from_level(level, variant, solution=chosen)
        program.check()
    except ProgramError as error:
        on_done(_structure_failure(level, str(error)))
        return job

    _ensure_tracker()
    job._judge = BackgroundJudge(
        program,
        time_limit=time_limit,
        on_progress=lambda progress: on_progress(asdict(progress)),
        on_done=done,
    ).start()
    return job
