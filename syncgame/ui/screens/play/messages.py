"""What comes back to the play screen from work done off the UI thread: one class per result.

The judge, the live run and the thread workers post these; the screen handles each with its own
`on_...` method (Textual's message handlers), on the UI thread.
"""

from __future__ import annotations

from textual.message import Message

from syncgame.play.placement import Draft
from syncgame.play.stepper import Stepper


class JudgeProgress(Message):
    """The judge's running count (schedules explored, time), for the judging screen."""

    def __init__(self, info: dict) -> None:
        super().__init__()
        self.info = info


class JudgeAnswer(Message):
    """The judge's result dict (`syncgame.play.judging`); each subclass says who asked."""

    def __init__(self, result: dict) -> None:
        super().__init__()
        self.result = result


class BugJudged(JudgeAnswer):
    """The judge's verdict on the start code, for B (show me the bug)."""


class ChallengeJudged(JudgeAnswer):
    """The judge's verdict on the start code, for X (the break-it challenge's fewest switches)."""


class SubmissionJudged(JudgeAnswer):
    """The judge's verdict on the player's program, for S (submit): `draft` is the code that
    was submitted, `primitives` how many primitives it added (the stars count them)."""

    def __init__(self, result: dict, *, draft: Draft, primitives: int) -> None:
        super().__init__(result)
        self.draft = draft
        self.primitives = primitives


class HuntEnded(Message):
    """Random schedules were tried on the start code: `trace` is a failing run, or None."""

    def __init__(self, trace: dict | None) -> None:
        super().__init__()
        self.trace = trace


class StepperMoved(Message):
    """The player's scheduler started, took a step or took one back."""

    def __init__(self, stepper: Stepper) -> None:
        super().__init__()
        self.stepper = stepper


class StepperFailed(Message):
    """The player's scheduler cannot go on: `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class LiveStep(Message):
    """One step of the live run's threads (a trace event)."""

    def __init__(self, event: dict) -> None:
        super().__init__()
        self.event = event


class LiveEnd(Message):
    """The live run ended: its whole trace."""

    def __init__(self, trace: dict) -> None:
        super().__init__()
        self.trace = trace
