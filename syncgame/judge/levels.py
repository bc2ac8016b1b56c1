"""Judging a level's start, its reference, or a player's solution (with the structure check)."""

from __future__ import annotations

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
    **options,
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
        problem = check_structure(level, solution)
        if problem is not None:
            return Verdict(level.id, "fail", "structure", 0, False, None, 0.0, problem.message,
                           line=problem.line)  # fmt: skip
        try:
            program = Program.from_level(level, "start", solution=solution)
        except ProgramError as error:
            return Verdict(level.id, "fail", "structure", 0, False, None, 0.0, str(error))
    else:
        program = Program.from_level(level, variant)
    return judge(program, **options)
