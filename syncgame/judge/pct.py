"""PCT: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte 2010).

Threads get random distinct priorities; the highest-priority enabled thread runs; at d-1
random steps the running thread drops to a priority below all others. A bug of depth d
among n threads and k steps is found with probability at least 1/(n·k^(d-1)) per run.
"""

from __future__ import annotations

import random

from syncgame.runtime.strategies import Choice, Strategy


class PCT(Strategy):
    def __init__(self, seed: int, threads: list[str], steps: int, depth: int = 3):
        self._random = random.Random(seed)
        order = list(threads)
        self._random.shuffle(order)
        # Initial priorities depth..depth+n-1; change points get 1..depth-1 (lower).
        self.priority = {tid: depth + i for i, tid in enumerate(order)}
        points = self._random.sample(range(1, max(steps, depth) + 1), depth - 1)
        self.change_at = {step: depth - 1 - i for i, step in enumerate(sorted(points))}

    def choose(self, choice: Choice) -> str:
        best = max(choice.enabled, key=self.priority.__getitem__)
        lowered = self.change_at.get(choice.step)
        if lowered is not None:
            self.priority[best] = lowered
            best = max(choice.enabled, key=self.priority.__getitem__)
        return best

    def duration(self, thread: str, low: float, high: float) -> float:
        return self._random.choice((low, high))
