"""Judging a level's start, its reference, or a player's solution (with the structure check)."""

from __future__ import annotations

from typing import Any

from syncgame.judge.core import judge
from syncgame.judge.structure import check_structure
from syncgame.judge.verdict import Verdict
from syncgame.level.model import Level, Solution
from syncgame.program.program import Program, ProgramError


def judge_level(
    level: Level,
    variant: str = "start",
    solution: Solution | None = None,
    *,
    mode: str | None = None,
    **options: Any,
) -> Verdict:
    """`variant`: "start", "reference", or "solution" (then `solution` is the player's).

    A measured level (`[measure]`, the GIL chapter) is timed instead; `mode` ("serial",
    "threads", "processes") is the player's choice there.
    """
    if level.measure is not None:
        from syncgame.judge.measure import judge_measured

        chosen = mode or {"start": level.measure.start, "reference": level.measure.reference}.get(
            variant, level.measure.start
        )
        return judge_measured(level, chosen)
    if variant == "solution" or solution is not None:
        if solution is None:
            raise ValueError("judging a solution needs the solution")
        problem = check_structure(level, solution)
        if problem is not None:
            return Verdict.refused(level.id, "structure", problem.message, line=problem.line)
        try:
            program = Program.from_level(level, "start", solution=solution)
        except ProgramError as error:
            return Verdict.refused(level.id, "structure", str(error))
    else:
        program = Program.from_level(level, variant)
    return judge(program, **options)
