"""Break-it challenges: drive a level's start code into its failure by hand. No Textual here.

The player plays the scheduler (`syncgame.play.stepper`) on the start code and must reach the
failure the level names (`goal.start_fails`) using at most `limit` preemptions: switches away
from a thread that could have gone on, counted as the judge counts them. The judge's shortest
counterexample gives the fewest preemptions any schedule needs (`Verdict.preemptions`); the
limit is the level's `[challenge] max_switches` (never below that fewest), or that fewest plus
`SLACK`.

Stars: three at the judge's fewest, two at one more, one up to the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from syncgame.level.model import FAILURE_REASONS, Level

SLACK = 2
"""Preemptions allowed beyond the judge's fewest when the level sets no `max_switches`."""


@dataclass(frozen=True)
class BreakIt:
    """One level's challenge: the failure to reach, the fewest switches, the most allowed."""

    level_id: str
    failure: str
    fewest: int
    limit: int

    def stars(self, switches: int) -> int:
        """Stars for a win with `switches` preemptions (0 beyond the limit)."""
        if switches > self.limit:
            return 0
        if switches <= self.fewest:
            return 3
        if switches <= self.fewest + 1:
            return 2
        return 1

    def result(self, reason: str | None, switches: int) -> Result:
        """What an ended run earns: `reason` is the judge's name for its failure (None: every
        goal was met), `switches` the preemptions the player used."""
        if reason != self.failure:
            return Result(False, 0, switches, "other" if reason else "none", reason)
        if switches > self.limit:
            return Result(False, 0, switches, "too_many", reason)
        return Result(True, self.stars(switches), switches, "won", reason)


@dataclass(frozen=True)
class Result:
    won: bool
    stars: int
    switches: int
    why: str
    """won | too_many (the right failure, too many switches) | other (another failure) |
    none (the run met every goal)"""
    reason: str | None


def has_challenge(level: Level) -> bool:
    """Whether the level has a break-it challenge: its start fails in a way a run can show."""
    return level.goal.start_fails in FAILURE_REASONS


def challenge_for(level: Level, fewest: int | None) -> BreakIt | None:
    """The level's challenge, given the fewest preemptions of the judge's counterexample on the
    start code (None when the judge found none); None when the level has no challenge."""
    if not has_challenge(level):
        return None
    declared = level.challenge.max_switches if level.challenge is not None else None
    if fewest is None:
        if declared is None:
            return None
        fewest = declared
    # a declared limit below what any schedule needs would make the challenge unwinnable
    limit = max(declared, fewest) if declared is not None else fewest + SLACK
    return BreakIt(level.id, level.goal.start_fails, fewest, limit)
