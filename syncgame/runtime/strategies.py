"""Who moves next. A strategy sees the enabled threads and picks one; plain and pluggable."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(slots=True)
class Choice:
    """What a strategy is asked at one scheduling decision."""

    step: int
    enabled: list[str]
    current: str | None
    """The thread that moved last (None before the first step)."""
    now: float = 0.0


class Strategy:
    def choose(self, choice: Choice) -> str:
        raise NotImplementedError

    def duration(self, thread: str, low: float, high: float) -> float:
        """How long `work(low, high)` lasts this time."""
        return high


class FirstEnabled(Strategy):
    """Keep running the current thread while it can; otherwise the first enabled one."""

    def choose(self, choice: Choice) -> str:
        if choice.current in choice.enabled:
            return choice.current
        return choice.enabled[0]


class RoundRobin(Strategy):
    """The enabled thread that has waited longest moves next: a fair schedule."""

    def __init__(self) -> None:
        self._last_moved: dict[str, int] = {}

    def choose(self, choice: Choice) -> str:
        chosen = min(choice.enabled, key=lambda tid: self._last_moved.get(tid, -1))
        self._last_moved[chosen] = choice.step
        return chosen


class RandomStrategy(Strategy):
    """Uniformly random among enabled threads; work durations at either end of their range."""

    def __init__(self, seed: int = 0):
        self.seed = seed
        self._random = random.Random(seed)

    def choose(self, choice: Choice) -> str:
        return self._random.choice(choice.enabled)

    def duration(self, thread: str, low: float, high: float) -> float:
        return self._random.choice((low, high))


class ReplayDiverged(Exception):
    """A recorded schedule names a thread that is not enabled at that step."""


class Replay(Strategy):
    """Follow a recorded schedule; after its end, continue with `then` (default: first enabled)."""

    def __init__(
        self,
        schedule: Sequence[str],
        durations: Sequence[float] = (),
        then: Strategy | None = None,
    ):
        self.schedule = list(schedule)
        self.durations = list(durations)
        self.then = then or FirstEnabled()
        self._durations_used = 0

    def choose(self, choice: Choice) -> str:
        if choice.step < len(self.schedule):
            wanted = self.schedule[choice.step]
            if wanted not in choice.enabled:
                raise ReplayDiverged(
                    f"step {choice.step}: {wanted} is not enabled (enabled: {choice.enabled})"
                )
            return wanted
        return self.then.choose(choice)

    def duration(self, thread: str, low: float, high: float) -> float:
        if self._durations_used < len(self.durations):
            value = self.durations[self._durations_used]
            self._durations_used += 1
            return value
        return self.then.duration(thread, low, high)
