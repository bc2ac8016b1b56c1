"""The play screen: the stage, each thread's code, the palette, the controls and the timeline.

What it is doing is its `mode` (`modes.Mode`: edit, live run, replay, scheduler). Runs are
computed in thread workers and by the judge, which post one message class per result
(`messages`); the stage is redrawn from snapshots on the UI thread only. The paced runs, the
player's scheduler, the judge's jobs, the break-it challenge and the tutorial coach are mixins,
one module each in this package.
"""

from __future__ import annotations

import random

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import Static

from syncgame.level.model import Level
from syncgame.play.actions import Action, actions_for
from syncgame.play.judging import Judging
from syncgame.play.live import LiveRun
from syncgame.play.measured import is_measured, measured_note
from syncgame.play.placement import Board, Placement, PlacementError
from syncgame.play.playback import Playback
from syncgame.play.preview import initial_snapshot
from syncgame.play.runs import program_for
from syncgame.play.stepper import Stepper
from syncgame.program.program import ProgramError
from syncgame.ui.scene import Scene
from syncgame.ui.screens.argument import ArgumentDialog
from syncgame.ui.screens.ask_text import ask_for
from syncgame.ui.screens.base import GameScreen
from syncgame.ui.screens.briefing import BriefingScreen
from syncgame.ui.screens.edit_line import EditLineDialog
from syncgame.ui.screens.place_menu import PlaceMenu
from syncgame.ui.screens.play.bindings import PLAY_BINDINGS
from syncgame.ui.screens.play.breakit import BreakItMixin
from syncgame.ui.screens.play.coach import CoachMixin
from syncgame.ui.screens.play.judge_jobs import JudgeJobsMixin
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.screens.play.paced import PACE_HZ, PacedRunsMixin
from syncgame.ui.screens.play.scheduling import SchedulingMixin, thread_ids
from syncgame.ui.screens.play.status import message_line, scheduler_line, stage_keys, stage_title
from syncgame.ui.screens.retype import RetypeDialog
from syncgame.ui.widgets.challenge_bar import ChallengeBar
from syncgame.ui.widgets.coach import Coach
from syncgame.ui.widgets.code_pane import CodePane
from syncgame.ui.widgets.controls import ControlBar
from syncgame.ui.widgets.footer import Footer
from syncgame.ui.widgets.goal_line import GoalLine
from syncgame.ui.widgets.helpers_pane import HelpersPane
from syncgame.ui.widgets.mode_choice import ModeChoice
from syncgame.ui.widgets.palette import PalettePanel
from syncgame.ui.widgets.present import mark_code, present
from syncgame.ui.widgets.stage import StageView
from syncgame.ui.widgets.timeline import Timeline
from syncgame.ui.widgets.wrapped import WrappedText

PANE_MIN_WIDTH = 34
"""A code pane narrower than this cuts most lines."""


class PlayScreen(
    PacedRunsMixin, SchedulingMixin, JudgeJobsMixin, BreakItMixin, CoachMixin, GameScreen
):
    BINDINGS = PLAY_BINDINGS

    mode: var[Mode] = var(Mode.EDIT, init=False)
    """What the screen is doing; the code panes are editable in edit mode only. (The screen's
    keys a mode enables are all hidden from the footer; a code pane that locks or unlocks
    refreshes the footer itself, for its Place key.)"""
    playing: var[bool] = var(False, init=False)
    """A paced run is playing (not paused)."""
    speed: var[int] = var(0, init=False)
    """Index into `status.SPEEDS`."""
    message: var[tuple[str, str] | None] = var(None, init=False, always_update=True)
    """(text, kind) on the status line; kind is error, ok, info or hint."""

    def __init__(self, level: Level) -> None:
        super().__init__()
        self.level = level
        self.board = Board(level)
        self.set_reactive(PlayScreen.speed, self.app.start_speed_index())  # the settings' (3 of 5)
        self.playback: Playback | None = None
        self.seed = random.Random(level.id).randrange(1 << 30)
        self._next_step_at = 0.0
        self._fed = -1
        """Index of the last event the stage saw in order (flashes need the history)."""
        self._shown_draft = self.board.draft
        self.stepper: Stepper | None = None
        self._judging: Judging | None = None
        self._hints_seen = 0
        self.live: LiveRun | None = None
        self._owed = 0
        """Step presses not yet given to the live run."""
        self._awaiting = False
        """A live step was allowed and has not arrived yet."""
        self._queued: list[str] = []
        """Threads picked while a scheduler step was being computed."""
        self._stepping = False
        """A scheduler step is being computed: further picks wait for it."""
        self.restored = False
        """The board was restored from the save (the player's last draft): say so once."""

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="play-title", classes="screen-title")
        yield WrappedText(id="play-briefing")
        yield GoalLine(id="play-goal")
        yield StageView(Scene(self.lang), id="stage")
        with Horizontal(id="play-main"):
            with Horizontal(id="code-panes"):
                for spec in self.level.threads:
                    ids = thread_ids(spec.name, spec.instances)
                    yield CodePane(spec.name, ids, id=f"code-{spec.name}")
                if self.level.helpers.strip():
                    yield HelpersPane(self.level.helpers, id="helpers-pane")
            with Vertical(id="play-side"):
                if is_measured(self.level):
                    yield ModeChoice(self.level.measure, id="mode-choice")
                yield PalettePanel(id="palette")
                yield Timeline(id="timeline")
        yield Coach()
        yield ChallengeBar()
        yield WrappedText(id="play-status")
        yield ControlBar(id="controls")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self._pace = self.set_interval(1 / PACE_HZ, self._pace_tick, pause=True)
        self._refresh_board()
        panes = list(self.query(CodePane))
        if is_measured(self.level):
            self.query_one(ModeChoice).focus()  # the one decision this level asks for
        elif panes:
            panes[0].focus()
        self._fit(self.size.width, self.size.height)
        self._coach_open()
        if self.open_challenge:
            self.call_after_refresh(self.action_challenge)
        if self.restored:
            self._say(self.tr("play.restored"), "info")

    def on_resize(self, event) -> None:
        self._fit(event.size.width, event.size.height)
        self._update_status()

    def _fit(self, width: int, height: int) -> None:
        """Compact below 32 rows; code panes in as many columns as keep them readable."""
        self.set_class(height < 32, "-compact")
        panes = self.query_one("#code-panes")
        room = max(1, width - (28 if width < 100 else 40))
        columns = max(1, min(len(self.level.threads), room // PANE_MIN_WIDTH))
        panes.styles.grid_size_columns = columns

    def on_screen_suspend(self) -> None:
        self.query_one(StageView).pause_animation(True)
        self._pace.pause()

    def on_screen_resume(self) -> None:
        self.query_one(StageView).pause_animation(False)
        if self.playing:
            self._pace.resume()

    def apply_language(self) -> None:
        level = self.level
        chapter = level.chapter
        self.query_one("#play-title", Static).update(
            f"{level.title.get(self.lang)}  ·  {chapter}  ·  {level.id}"
        )
        self.query_one("#play-briefing", WrappedText).update(level.briefing.get(self.lang).strip())
        self.query_one(GoalLine).show(level, self.lang)
        self.query_one(StageView).scene.lang = self.lang
        self.query_one(StageView).redraw()
        self.query_one(PalettePanel).show(level, self.board.draft, self.lang)
        self.query_one(Timeline).border_title = self.tr("play.timeline")
        self._update_status()
        self._breakit_show()
        self._coach_show()

    # --- the mode and what it enables --------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key the current mode has no use for goes on (to the app's bindings)."""
        return self.mode.enables(action)

    def watch_mode(self, mode: Mode) -> None:
        """Edit mode shows the player's code, editable; the others lock the code panes."""
        if mode.code_editable:
            self._shown_draft = self.board.draft
            for pane in self.query(CodePane):
                pane.set_code(self.board.draft.threads[pane.thread])
        self._lock_code(not mode.code_editable)

    def _lock_code(self, locked: bool) -> None:
        for pane in self.query(CodePane):
            pane.set_editable(not locked)

    def _stop_run(self) -> None:
        """Back to edit mode: whatever run or step was under way is dropped."""
        self.workers.cancel_group(self, "run")
        if self.live is not None:
            self.live.stop()
            self.live = None
        self._owed = 0
        self.playing = False
        self.playback = None
        self.stepper = None
        self._stepping = False
        self._queued.clear()
        self.query_one(StageView).scene.numbered = False
        self._breakit_clear()
        self.mode = Mode.EDIT
        self.query_one(Timeline).reset()

    # --- the board (placing primitives) ----------------------------------------------------

    def _refresh_board(self) -> None:
        """The code changed (or the screen opened): back to edit mode on the new code."""
        self._stop_run()
        draft = self.board.draft
        for pane in self.query(CodePane):
            pane.set_code(draft.threads[pane.thread])
            pane.set_editable(True)
        self.query_one(PalettePanel).show(self.level, draft, self.lang)
        self._shown_draft = draft
        self._show_frame()
        self.app.remember_board(self.level, self.board)  # a draft survives Esc, quit, crash

    def _initial(self) -> dict:
        draft = self._shown_draft
        threads = [(spec.name, spec.instances) for spec in self.level.threads]
        return initial_snapshot(threads, draft.primitives, dict(self.level.shared))

    def _program(self):
        try:
            return program_for(self.level, self.board)
        except ProgramError as error:
            self._say(str(error), "error")
            return None

    def on_code_pane_place_requested(self, message: CodePane.PlaceRequested) -> None:
        if is_measured(self.level):
            self._say(measured_note(self.lang), "info")
            return
        if self.mode is not Mode.EDIT:
            self._stop_run()
            self._refresh_board()
        actions = actions_for(self.board, message.thread, message.first, message.last)
        where = (
            f"{message.first}"
            if message.first == message.last
            else f"{message.first}-{message.last}"
        )
        title = self.tr("play.place_title", thread=message.thread, where=where)

        def chosen(action: Action | None) -> None:
            if action is None:
                return
            if action.edit is not None:
                thread, line, text = action.edit
                dialog = EditLineDialog(self.board, thread, line, text, self.lang)
                self.app.push_screen(dialog, lambda p: p is not None and self._place(p))
            elif action.argument is not None:
                dialog = ArgumentDialog(self.board, action.argument, action.label, self.lang)
                self.app.push_screen(dialog, lambda p: p is not None and self._place(p))
            elif (dialog := ask_for(self.board, action, self.lang)) is not None:
                self.app.push_screen(dialog, lambda p: p is not None and self._place(p))
            elif action.placement is not None:
                self._place(action.placement)

        self.app.push_screen(PlaceMenu(title, actions, self.lang), chosen)

    def _place(self, placement: Placement) -> None:
        try:
            self.board.place(placement)
        except PlacementError as error:
            self._say(str(error), "error")
            return
        self._say(self.tr("play.placed", label=placement.label), "ok")
        self._refresh_board()
        self._coach("place")

    def action_undo(self) -> None:
        if self.board.undo():
            self._refresh_board()
            self._say(self.tr("play.undone"), "info")

    def action_redo(self) -> None:
        try:
            done = self.board.redo()
        except PlacementError as error:
            self._say(str(error), "error")
            return
        if done:
            self._refresh_board()
            self._say(self.tr("play.redone"), "info")

    def action_reset(self) -> None:
        if self.board.changed():
            self.board.reset()
            self._refresh_board()
            self._say(self.tr("play.reset"), "info")

    def action_retype(self) -> None:
        if not self.board.draft.primitives:
            self._say(self.tr("play.nothing_to_retype"), "error")
            return

        def chosen(placement: Placement | None) -> None:
            if placement is not None:
                self._place(placement)

        self.app.push_screen(RetypeDialog(self.board, self.lang), chosen)

    def on_palette_panel_retype_requested(self) -> None:
        self.action_retype()

    def action_hint(self) -> None:
        """The level's hints one by one, each building on the last."""
        hints = self.level.hints
        if not hints:
            self._say(self.tr("play.no_hints"), "info")
            return
        index = self._hints_seen % len(hints)
        self._hints_seen += 1
        text = hints[index].get(self.lang)
        self._say(self.tr("play.hint", at=index + 1, total=len(hints), text=text), "hint")

    def action_briefing(self) -> None:
        """The whole briefing, scrollable: the line above the stage shows only its start."""
        self.app.push_screen(BriefingScreen(self.level, self.lang))

    def action_back(self) -> None:
        if self.mode is not Mode.EDIT:
            self._stop_run()
            self._show_frame()
            return
        self._cancel_judging()
        self.app.remember_board(self.level, self.board)  # what Continue restores
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self._cancel_judging()
        if self.live is not None:
            self.live.stop()

    # --- drawing ---------------------------------------------------------------------------

    def _show_frame(self) -> None:
        stage = self.query_one(StageView)
        panes = list(self.query(CodePane))
        if self.playback is None:
            self._fed = -1
            stage.scene.reset()
            stage.set_banner(None)
            self.query_one(Timeline).reset()
            stage.show(self._initial())
            mark_code(stage, panes, self._initial())
        else:
            self._fed = present(
                self.playback, stage, panes, self.query_one(Timeline), self._fed, self.lang
            )
        self._update_status()

    def _say(self, text: str, kind: str = "info") -> None:
        self.message = (text, kind)

    def watch_message(self) -> None:
        self._update_status()

    def watch_speed(self) -> None:
        self._update_status()

    def _update_status(self) -> None:
        stage = self.query_one(StageView)
        stage.border_title = stage_title(
            self.mode, self.playback, self.playing, self.speed, self.lang
        )
        stage.border_subtitle = stage_keys(
            self.playback is not None, is_measured(self.level), self.lang
        )
        status = self.query_one("#play-status", WrappedText)
        if self.mode is Mode.SCHEDULER and not self.message and self.stepper is not None:
            status.update(
                scheduler_line(self._ordered_threads(), self.stepper.enabled(), self.lang)
            )
        elif self.message:
            status.update(message_line(*self.message))
        else:
            status.update("")
        self.query_one(ControlBar).relabel(self.lang, self.playing, self.size.width < 100)

    def on_control_bar_pressed(self, message: ControlBar.Pressed) -> None:
        actions = {
            "run": self.action_run,
            "step": self.action_step,
            "slower": lambda: self.action_speed(-1),
            "faster": lambda: self.action_speed(1),
            "bug": self.action_bug,
            "scheduler": self.action_scheduler,
            "undo": self.action_undo,
            "redo": self.action_redo,
            "reset": self.action_reset,
            "submit": self.action_submit,
        }
        actions[message.action]()
