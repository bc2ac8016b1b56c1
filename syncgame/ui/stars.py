"""Stars for a passed level: one for passing, one for par primitives, one for par makespan."""

from __future__ import annotations

from dataclasses import dataclass

from syncgame.level.model import Par


@dataclass(frozen=True)
class Score:
    stars: int
    primitives: int
    par_primitives: int | None
    makespan: float | None
    par_makespan: float | None

    @property
    def primitives_ok(self) -> bool:
        return self.par_primitives is None or self.primitives <= self.par_primitives

    @property
    def makespan_ok(self) -> bool:
        if self.par_makespan is None:
            return True
        return self.makespan is not None and self.makespan <= self.par_makespan + 1e-9


def score(passed: bool, primitives: int, makespan: float | None, par: Par) -> Score:
    """A level without a par for something gives that star to every passing solution."""
    result = Score(0, primitives, par.primitives, makespan, par.makespan)
    if not passed:
        return result
    stars = 1 + int(result.primitives_ok) + int(result.makespan_ok)
    return Score(stars, primitives, par.primitives, makespan, par.makespan)
