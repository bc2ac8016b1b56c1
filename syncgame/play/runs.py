"""Runs the play screen asks for, computed off the UI thread (callers use thread workers).

Plain Python over the core: build a program from the board, find a failing schedule by
random runs when the judge has none. Nothing touches a widget.
"""

from __future__ import annotations

import time

from syncgame.judge.timing import timings
from syncgame.level.model import Level
from syncgame.play.narrate import outcome_ok
from syncgame.play.placement import Board
from syncgame.program.program import Program
from syncgame.runtime.scheduler import run
from syncgame.runtime.strategies import RandomStrategy


def program_for(level: Level, board: Board) -> Program:
    """The program the board's code makes (raises ProgramError when it cannot run)."""
    program = Program.from_level(level, solution=board.solution())
    program.check()
    return program


def hunt(program: Program, seconds: float = 1.5, cancel=None) -> dict | None:
    """A failing run found by random schedules within `seconds`, or None.

    The judge's counterexample is preferred (shrunk and certain); this is the fallback when the
    judge cannot give one."""
    deadline = time.monotonic() + seconds
    model = timings(program)[0]  # as the judge looks first: any thread may be delayed
    seed = 0
    while time.monotonic() < deadline:
        if cancel is not None and cancel.is_set():
            return None
        trace = run(model, RandomStrategy(seed)).to_json()
        if not outcome_ok(trace["outcome"]):
            return trace
        seed += 1
    return None
