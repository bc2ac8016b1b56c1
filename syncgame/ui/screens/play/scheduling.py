"""The play screen's scheduler mode (M): the player picks which thread takes the next step (a
number key or a click on its sprite) and U takes a step back.

A mixin of `PlayScreen`. Each step is computed in a thread worker (the stepper replays the
schedule from the start) and comes back as `StepperMoved` or `StepperFailed`; picks typed while
a step is computed are played in order after it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.worker import get_current_worker

from syncgame.play.measured import is_measured, measured_note
from syncgame.play.playback import Playback
from syncgame.play.stepper import Stepper
from syncgame.ui.screens.play.messages import StepperFailed, StepperMoved
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.widgets.stage import StageView


def thread_ids(name: str, instances: int) -> list[str]:
    """The ids of a thread spec's instances: `name`, or `name#0`, `name#1`..."""
    return [name] if instances == 1 else [f"{name}#{i}" for i in range(instances)]


def _stepped(stepper: Stepper, thread: str) -> Stepper:
    stepper.step(thread)
    return stepper


def _unstepped(stepper: Stepper) -> Stepper:
    stepper.undo()
    return stepper


class SchedulingMixin:
    def action_scheduler(self) -> None:
        if is_measured(self.level):
            self._say(measured_note(self.lang), "info")
            return
        if self.mode is Mode.SCHEDULER:
            self._stop_run()
            self._show_frame()
            return
        program = self._program()
        if program is None:
            return
        self._stop_run()
        self._stepper_job(lambda: Stepper(program))

    @work(thread=True, exclusive=True, group="run")
    def _stepper_job(self, move: Callable[[], Stepper]) -> None:
        """Start the stepper, or move it a step forward or back (`move` does which)."""
        worker = get_current_worker()
        try:
            stepper = move()
        except Exception as error:  # a run that cannot go on: say why, keep the UI
            if not worker.is_cancelled:
                self.post_message(StepperFailed(str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(StepperMoved(stepper))

    def on_stepper_moved(self, message: StepperMoved) -> None:
        self._stepping = False
        self._stepper_ready(message.stepper)
        if self._queued:
            self._pick_thread(self._queued.pop(0))

    def on_stepper_failed(self, message: StepperFailed) -> None:
        self._stepping = False
        self._queued.clear()
        self._say(message.reason, "error")

    def _stepper_ready(self, stepper: Stepper) -> None:
        first = self.mode is not Mode.SCHEDULER
        self.stepper = stepper
        self.mode = Mode.SCHEDULER
        self.playback = Playback(self._initial(), stepper.events, stepper.outcome)
        self.playback.seek(len(stepper.events) - 1)
        self.playing = False
        if first:
            self._fed = -1
        self.query_one(StageView).scene.numbered = True
        self.message = None
        self._show_frame()
        self._breakit_stepped()

    def _ordered_threads(self) -> list[str]:
        return [tid for spec in self.level.threads for tid in thread_ids(spec.name, spec.instances)]

    def action_pick(self, number: int) -> None:
        threads = self._ordered_threads()
        if 1 <= number <= len(threads):
            self._pick_thread(threads[number - 1])

    def on_stage_view_sprite_clicked(self, message: StageView.SpriteClicked) -> None:
        if self.mode is Mode.SCHEDULER:
            self._pick_thread(message.thread)

    def _pick_thread(self, thread: str) -> None:
        stepper = self.stepper
        if self.mode is not Mode.SCHEDULER or stepper is None:
            return
        if stepper.outcome is not None:
            self._say(self.tr("play.run_ended"), "info")
            return
        if thread not in stepper.enabled():
            why = (
                self.playback.snapshot().get("threads", {}).get(thread, {}) if self.playback else {}
            )
            waiting = why.get("waiting_for")
            if waiting:
                self._say(
                    self.tr("play.cannot_move_waiting", thread=thread, waiting=waiting), "error"
                )
            else:
                self._say(self.tr("play.cannot_move", thread=thread), "error")
            return
        if self._stepping:
            self._queued.append(thread)  # keys typed ahead are played in order
            return
        self._stepping = True
        self._stepper_job(lambda: _stepped(stepper, thread))

    def action_unstep(self) -> None:
        stepper = self.stepper
        if stepper is not None and stepper.schedule:
            if self._stepping:
                return
            self._stepping = True
            self._stepper_job(lambda: _unstepped(stepper))
