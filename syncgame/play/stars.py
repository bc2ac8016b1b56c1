"""Star rules: what a judged solution earns. Pure functions, no Textual.

Three stars at most, and only for a pass:

1. one for passing the judge;
2. one for reaching the level's par in primitives (primitives the player added or changed the
   type of, as the palette counts them);
3. one for reaching the par makespan (the virtual time the last thread ends), or, for a level
   without a par makespan, the level's own efficiency goal (`goal.max_makespan`).

A level with no par for the second or third star gives that star with the pass: there is
nothing more to beat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from syncgame.level.model import Level, Par, Solution

EPSILON = 1e-9
"""Makespans are sums of float durations: 2.0000000001 still reaches a par of 2."""


@dataclass(frozen=True)
class Score:
    """A solution's figures against the level's targets, and the stars they earn."""

    stars: int
    primitives: int
    par_primitives: int | None
    makespan: float | None
    par_makespan: float | None
    """The makespan target: the par's, or the level's own `goal.max_makespan`."""
    passed: bool = False
    makespan_source: str = "par"
    """Where `par_makespan` comes from: "par" or "goal" (the level's efficiency goal)."""

    @property
    def primitives_ok(self) -> bool:
        return self.par_primitives is None or self.primitives <= self.par_primitives

    @property
    def makespan_ok(self) -> bool:
        if self.par_makespan is None:
            return True
        return self.makespan is not None and self.makespan <= self.par_makespan + EPSILON


def score(
    passed: bool,
    primitives: int,
    makespan: float | None,
    par: Par,
    *,
    max_makespan: float | None = None,
) -> Score:
    """The stars for a verdict's figures. `max_makespan` is the level's efficiency goal, used
    for the third star when the par has no makespan."""
    target, source = par.makespan, "par"
    if target is None and max_makespan is not None:
        target, source = max_makespan, "goal"
    result = Score(0, primitives, par.primitives, makespan, target, passed, source)
    if not passed:
        return result
    stars = 1 + int(result.primitives_ok) + int(result.makespan_ok)
    return Score(stars, primitives, par.primitives, makespan, target, passed, source)


def rate(verdict: object, level: Level, primitives: int) -> Score:
    """The stars for a judge's verdict on `level`: a `Verdict` or its JSON (a dict)."""
    if isinstance(verdict, Mapping):
        passed = verdict.get("verdict") == "pass"
        makespan = verdict.get("makespan")
    else:
        passed = getattr(verdict, "verdict", None) == "pass"
        makespan = getattr(verdict, "makespan", None)
    return score(passed, primitives, makespan, level.par, max_makespan=level.goal.max_makespan)


def kind_of(declaration: str) -> str:
    """`"Semaphore(3)"` -> `"Semaphore"`."""
    return declaration.split("(", 1)[0].strip()


def primitives_used(level: Level, solution: Solution | None) -> int:
    """Primitives a solution adds, or whose type it changes: what the palette and par count.

    Changing only a constructor's arguments (`Semaphore(1)` -> `Semaphore(3)`) is free.
    """
    if solution is None:
        return 0
    start = {name: kind_of(decl) for name, decl in level.primitives.items()}
    return sum(1 for name, decl in solution.primitives.items() if start.get(name) != kind_of(decl))


def stars_text(stars: int, total: int = 3) -> str:
    """`★★☆` for 2 of 3: filled and empty stars, readable without colour."""
    stars = max(0, min(total, stars))
    return "★" * stars + "☆" * (total - stars)
