"""The play screen's break-it challenge: X asks the judge for the fewest switches (once per
level and session), then opens scheduler mode on the START code with the goal on screen; each
run that ends is scored and saved (`syncgame.play.breakit`, `Progress.record_challenge`).

A mixin of `PlayScreen`, which calls the `_breakit_*` hooks; the judge's answer comes back as a
`ChallengeJudged` message.
"""

from __future__ import annotations

from syncgame.play.breakit import BreakIt, Result, challenge_for, has_challenge
from syncgame.play.placement import Board
from syncgame.play.runs import program_for
from syncgame.play.stepper import Stepper
from syncgame.program.program import ProgramError
from syncgame.texts import tr
from syncgame.ui.screens.play.messages import ChallengeJudged
from syncgame.ui.widgets.challenge_bar import ChallengeBar
from syncgame.ui.widgets.code_pane import CodePane


def fewest_cache(app) -> dict[str, int | None]:
    """The judge's fewest preemptions per level id, measured once per session."""
    cache = getattr(app, "_breakit_fewest", None)
    if cache is None:
        cache = app._breakit_fewest = {}
    return cache


class BreakItMixin:
    breakit: BreakIt | None = None
    breakit_result: Result | None = None
    _breakit_pending = False
    """The judge was asked for the fewest switches and the player has done nothing else since."""
    open_challenge: bool = False
    """Set by level select's break-it track: start the challenge when the screen opens."""

    def action_challenge(self) -> None:
        if not has_challenge(self.level):
            self._say(tr("breakit.none_here", self.lang), "info")
            return
        cache = fewest_cache(self.app)
        if self.level.id in cache:
            self._breakit_begin(cache[self.level.id])
            return
        self._stop_run()
        self._show_frame()
        self._say(tr("breakit.finding_fewest", self.lang), "info")
        self._judge(ChallengeJudged, "start", None)
        self._breakit_pending = True

    def on_challenge_judged(self, message: ChallengeJudged) -> None:
        """The judge's verdict on the start code: its counterexample's preemptions."""
        self._judging = None
        result = message.result
        counterexample = result.get("counterexample") or {}
        fewest = counterexample.get("preemptions") if result.get("verdict") == "fail" else None
        fewest_cache(self.app)[self.level.id] = fewest
        if self._breakit_pending:  # not when the player went on to something else meanwhile
            self._breakit_begin(fewest)

    def _breakit_begin(self, fewest: int | None) -> None:
        challenge = challenge_for(self.level, fewest)
        if challenge is None:
            self._say(tr("breakit.nothing_to_break", self.lang), "error")
            return
        try:
            program = program_for(self.level, Board(self.level))
        except ProgramError as error:
            self._say(str(error), "error")
            return
        self._stop_run()
        start = Board(self.level).draft
        self._shown_draft = start
        for pane in self.query(CodePane):
            pane.set_code(start.threads[pane.thread])
        self._lock_code(True)
        self.breakit = challenge
        self.breakit_result = None
        self._breakit_show()
        self._stepper_job(lambda: Stepper(program))

    def _breakit_stepped(self) -> None:
        """After each scheduler step (or undo): score a run that just ended."""
        if self.breakit is None or self.stepper is None:
            return
        stepper = self.stepper
        if stepper.outcome is None:
            self.breakit_result = None
        elif self.breakit_result is None:
            result = self.breakit.result(stepper.reason, stepper.preemptions)
            self.breakit_result = result
            self.app.progress.record_challenge(
                self.level.id,
                won=result.won,
                stars=result.stars,
                switches=result.switches,
                limit=self.breakit.limit,
            )
            self.app.save()
        self._breakit_show()

    def _breakit_clear(self) -> None:
        self._breakit_pending = False
        self.breakit = None
        self.breakit_result = None
        self._breakit_show()

    def _breakit_show(self) -> None:
        switches = self.stepper.preemptions if self.stepper is not None else 0
        bar = self.query_one(ChallengeBar)
        bar.show(self.breakit, switches, self.breakit_result, self.lang)
