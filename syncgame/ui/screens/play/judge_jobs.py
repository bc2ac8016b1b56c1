"""The play screen's questions to the judge: S (submit: the verdict screen) and B (show me the
bug: the judge's failing schedule on the start code, replayed).

A mixin of `PlayScreen`. The judge works in the background (`syncgame.play.judging`) and answers
with one message class per question (`BugJudged`, `SubmissionJudged`, and the break-it
challenge's `ChallengeJudged`); when it finds no failing schedule, random schedules are tried
in a thread worker (`HuntEnded`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import work
from textual.worker import get_current_worker

from syncgame.play.goal import goal_sentence
from syncgame.play.judging import start_judging
from syncgame.play.measured import counts_as_attempt, is_measured, measured_note
from syncgame.play.placement import Board
from syncgame.play.plain import plain_sentence
from syncgame.play.runs import hunt, program_for
from syncgame.play.stars import score
from syncgame.program.program import ProgramError
from syncgame.ui.screens.judging import JudgingScreen
from syncgame.ui.screens.play.messages import (
    BugJudged,
    HuntEnded,
    JudgeAnswer,
    JudgeProgress,
    SubmissionJudged,
)
from syncgame.ui.screens.verdict import VerdictScreen
from syncgame.ui.widgets.mode_choice import ModeChoice

JUDGE_SECONDS = 8.0


class JudgeJobsMixin:
    def _judge(
        self,
        answer: Callable[[dict], JudgeAnswer],
        variant: str,
        solution,
        mode: str | None = None,
    ) -> None:
        """Start the judge; its result comes back as an `answer` message."""
        if self._judging is not None:
            self._judging.cancel()
        self._judging = start_judging(
            self.level,
            variant,
            solution,
            time_limit=JUDGE_SECONDS,
            on_progress=lambda info: self.post_message(JudgeProgress(info)),
            on_done=lambda result: self.post_message(answer(result)),
            mode=mode,
        )

    def _cancel_judging(self) -> None:
        if self._judging is not None:
            self._judging.cancel()
            self._judging = None

    def on_judge_progress(self, message: JudgeProgress) -> None:
        if isinstance(self.app.screen, JudgingScreen):
            self.app.screen.update_progress(message.info)

    # --- submit -----------------------------------------------------------------------------

    def action_submit(self) -> None:
        self._coach("submit")
        self._stop_run()
        self._show_frame()

        def closed(_result) -> None:
            self._cancel_judging()

        self.app.push_screen(JudgingScreen(self.tr("play.judging"), self.lang), closed)
        mode = self.query_one(ModeChoice).mode if is_measured(self.level) else None
        submitted = partial(
            SubmissionJudged, draft=self.board.draft, primitives=self.board.used_primitives()
        )
        self._judge(submitted, "solution", self.board.solution(), mode)

    def on_submission_judged(self, message: SubmissionJudged) -> None:
        self._judging = None
        result = message.result
        if isinstance(self.app.screen, JudgingScreen):
            self.app.pop_screen()
        passed = result.get("verdict") == "pass"
        result_score = score(
            passed,
            message.primitives,
            result.get("makespan"),
            self.level.par,
            max_makespan=self.level.goal.max_makespan,  # as `syncgame progress` rates it
        )
        if counts_as_attempt(result):
            self.app.record_submission(self.level, self.board, result, result_score)
        self.app.push_screen(VerdictScreen(self.level, result, message.draft, result_score))

    # --- show me the bug (the judge's counterexample on the start code) ---------------------

    def action_bug(self) -> None:
        self._coach("bug")
        if is_measured(self.level):
            self._say(measured_note(self.lang), "info")
            return
        self._stop_run()
        self._say(self.tr("play.finding_bug"), "info")
        self._judge(BugJudged, "start", None)

    def on_bug_judged(self, message: BugJudged) -> None:
        self._judging = None
        result = message.result
        trace = result.get("trace")
        if trace is None:
            # the judge found nothing (or could not run): random schedules as a last resort
            try:
                program = program_for(self.level, Board(self.level))
            except ProgramError as error:
                self._say(str(error), "error")
                return
            self._hunt(program)
            return
        goal_words = goal_sentence(self.level, self.lang)
        sentence = plain_sentence(trace.get("outcome"), self.lang, goal_words)
        self.start_replay(trace, sentence or result.get("message", ""))

    @work(thread=True, exclusive=True, group="run")
    def _hunt(self, program) -> None:
        worker = get_current_worker()
        trace = hunt(program)
        if not worker.is_cancelled:
            self.post_message(HuntEnded(trace))

    def on_hunt_ended(self, message: HuntEnded) -> None:
        self.start_replay(message.trace)
