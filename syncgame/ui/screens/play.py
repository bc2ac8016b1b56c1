"""The play screen: the stage, each thread's code, the palette, the controls and the timeline.

Modes: `edit` (placing primitives; the stage shows the start state), `live` (a run under a
random schedule, paced), `replay` (the judge's failing schedule, forward and backward), and
`scheduler` (the player picks who moves). Runs are computed in thread workers that return
plain data; the stage is redrawn from snapshots on the UI thread only.
"""

from __future__ import annotations

import random
import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from syncgame.level.model import Level
from syncgame.play.actions import Action, actions_for
from syncgame.play.goal import goal_sentence
from syncgame.play.judging import Judging, start_judging
from syncgame.play.live import LiveRun
from syncgame.play.measured import counts_as_attempt, is_measured, measured_note
from syncgame.play.placement import Board, Placement, PlacementError
from syncgame.play.plain import plain_sentence
from syncgame.play.playback import Playback
from syncgame.play.preview import initial_snapshot
from syncgame.play.runs import hunt, program_for
from syncgame.play.stars import score
from syncgame.play.stepper import Stepper
from syncgame.program.program import ProgramError
from syncgame.ui.scene import Scene
from syncgame.ui.screens.argument import ArgumentDialog
from syncgame.ui.screens.ask_text import ask_for
from syncgame.ui.screens.base import GameScreen
from syncgame.ui.screens.breakit import BreakItMixin
from syncgame.ui.screens.briefing import BriefingScreen
from syncgame.ui.screens.coach import CoachMixin
from syncgame.ui.screens.edit_line import EditLineDialog
from syncgame.ui.screens.judging import JudgingScreen
from syncgame.ui.screens.place_menu import PlaceMenu
from syncgame.ui.screens.retype import RetypeDialog
from syncgame.ui.screens.verdict import VerdictScreen
from syncgame.ui.widgets.challenge_bar import ChallengeBar
from syncgame.ui.widgets.coach import Coach
from syncgame.ui.widgets.code_pane import CodePane
from syncgame.ui.widgets.controls import ControlBar
from syncgame.ui.widgets.goal_line import GoalLine
from syncgame.ui.widgets.helpers_pane import HelpersPane
from syncgame.ui.widgets.mode_choice import ModeChoice
from syncgame.ui.widgets.palette import PalettePanel
from syncgame.ui.widgets.present import mark_code, present
from syncgame.ui.widgets.stage import StageView
from syncgame.ui.widgets.timeline import Timeline
from syncgame.ui.widgets.wrapped import WrappedText

JUDGE_SECONDS = 8.0
PANE_MIN_WIDTH = 34
"""A code pane narrower than this cuts most lines."""
SPEEDS = (1.0, 2.0, 4.0, 8.0, 16.0)
"""Steps a second at each speed level."""
PACE_HZ = 30

MODE_WORDS = {
    "edit": ("edit", "编辑"),
    "live": ("live run", "运行"),
    "replay": ("the bug", "重放 bug"),
    "scheduler": ("you schedule", "你来调度"),
}


class JudgeProgress(Message):
    def __init__(self, info: dict) -> None:
        super().__init__()
        self.info = info


class JudgeDone(Message):
    """A background job finished: `purpose` says which ("submit", "bug", "stepper"...)."""

    def __init__(self, purpose: str, result: dict) -> None:
        super().__init__()
        self.purpose = purpose
        self.result = result


class LiveStep(Message):
    def __init__(self, event: dict) -> None:
        super().__init__()
        self.event = event


class LiveEnd(Message):
    def __init__(self, trace: dict) -> None:
        super().__init__()
        self.trace = trace


class PlayScreen(BreakItMixin, CoachMixin, GameScreen):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("space", "run", "Run/Pause"),
        Binding("n", "step", "Step"),
        Binding("plus,equals_sign", "speed(1)", "Faster", show=False),
        Binding("minus", "speed(-1)", "Slower", show=False),
        Binding("b", "bug", "Show bug"),
        Binding("m", "scheduler", "Scheduler", show=False),
        Binding("x", "challenge", "Break it", show=False),
        Binding("k", "skip_tutorial", "Skip tutorial", show=False),
        Binding("s", "submit", "Submit"),
        Binding("z,ctrl+z", "undo", "Undo", show=False),
        Binding("y,ctrl+y", "redo", "Redo", show=False),
        Binding("ctrl+r", "reset", "Reset", show=False),
        Binding("t", "retype", "Change", show=False),
        Binding("h", "hint", "Hint"),
        Binding("i", "briefing", "Briefing"),
        Binding("left", "frame(-1)", "Back a step", show=False),
        Binding("right", "frame(1)", "Forward a step", show=False),
        Binding("home", "frame_edge(0)", "First step", show=False),
        Binding("end", "frame_edge(1)", "Last step", show=False),
        Binding("u,backspace", "unstep", "Undo step", show=False),
        *[Binding(str(n), f"pick({n})", f"Thread {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, level: Level) -> None:
        super().__init__()
        self.level = level
        self.board = Board(level)
        self.mode = "edit"
        self._playing = False
        self.speed = self.app.start_speed_index()  # from the settings (3 of 5 by default)
        self.playback: Playback | None = None
        self.seed = random.Random(level.id).randrange(1 << 30)
        self._next_step_at = 0.0
        self._fed = -1
        """Index of the last event the stage saw in order (flashes need the history)."""
        self._shown_draft = self.board.draft
        self.message: tuple[str, str] | None = None
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
        self._submitted = self.board.draft
        self._submitted_primitives = 0
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
                    ids = _ids(spec.name, spec.instances)
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
            self._say(
                "已恢复你上次的草稿（Ctrl+R 回到初始代码）"
                if self.lang == "zh"
                else "your last draft is back (Ctrl+R: the start code)",
                "info",
            )

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
        self.query_one(Timeline).border_title = "时间线" if self.lang == "zh" else "Timeline"
        self._update_status()
        self._breakit_show()
        self._coach_show()

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

    def on_code_pane_place_requested(self, message: CodePane.PlaceRequested) -> None:
        if is_measured(self.level):
            self._say(measured_note(self.lang), "info")
            return
        if self.mode != "edit":
            self._stop_run()
            self._refresh_board()
        actions = actions_for(self.board, message.thread, message.first, message.last)
        where = (
            f"{message.first}"
            if message.first == message.last
            else f"{message.first}-{message.last}"
        )
        title = f"{message.thread}: " + (f"第 {where} 行" if self.lang == "zh" else f"line {where}")

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
        self._say(("已放置：" if self.lang == "zh" else "placed: ") + placement.label, "ok")
        self._refresh_board()
        self._coach("place")

    def action_undo(self) -> None:
        if self.board.undo():
            self._refresh_board()
            self._say("撤销" if self.lang == "zh" else "undone", "info")

    def action_redo(self) -> None:
        try:
            done = self.board.redo()
        except PlacementError as error:
            self._say(str(error), "error")
            return
        if done:
            self._refresh_board()
            self._say("重做" if self.lang == "zh" else "redone", "info")

    def action_reset(self) -> None:
        if self.board.changed():
            self.board.reset()
            self._refresh_board()
            self._say(
                "已恢复初始代码（Y 重做）"
                if self.lang == "zh"
                else "back to the start code (Y redoes)",
                "info",
            )

    def action_retype(self) -> None:
        if not self.board.draft.primitives:
            self._say(
                "还没有原语可修改" if self.lang == "zh" else "no primitive to change yet", "error"
            )
            return

        def chosen(placement: Placement | None) -> None:
            if placement is not None:
                self._place(placement)

        self.app.push_screen(RetypeDialog(self.board, self.lang), chosen)

    def action_hint(self) -> None:
        """The level's hints one by one, each building on the last."""
        hints = self.level.hints
        zh = self.lang == "zh"
        if not hints:
            self._say("这一关没有提示" if zh else "this level has no hints", "info")
            return
        index = self._hints_seen % len(hints)
        self._hints_seen += 1
        label = f"{'提示' if zh else 'Hint'} {index + 1}/{len(hints)}: "
        self._say(label + hints[index].get(self.lang), "hint")

    def action_briefing(self) -> None:
        """The whole briefing, scrollable: the line above the stage shows only its start."""
        self.app.push_screen(BriefingScreen(self.level, self.lang))

    def on_palette_panel_retype_requested(self) -> None:
        self.action_retype()

    # --- runs ------------------------------------------------------------------------------

    def _program(self):
        try:
            return program_for(self.level, self.board)
        except ProgramError as error:
            self._say(str(error), "error")
            return None

    def action_run(self) -> None:
        self._coach("run")
        if self.playback is not None and self.mode in ("live", "replay"):
            if self.playback.finished:
                self.playback.seek(-1)
                self._show_frame()
            self.playing = not self.playing
            self._next_step_at = time.monotonic()
            self._update_status()
            return
        self._start_live(play=True)

    def _start_live(self, play: bool) -> None:
        """A live run: real threads under a random schedule, one step per pacing token."""
        if is_measured(self.level):
            self._say(measured_note(self.lang), "info")
            return
        program = self._program()
        if program is None:
            return
        self._stop_run()
        self.seed += 1
        self.mode = "live"
        self._lock_code(True)
        self.playback = Playback(self._initial())
        self.message = None
        self.live = LiveRun(
            program,
            self.seed,
            on_step=lambda event: self.post_message(LiveStep(event)),
            on_end=lambda trace: self.post_message(LiveEnd(trace)),
        ).start()
        self._awaiting = False
        self.playing = play
        self._next_step_at = time.monotonic()
        if not play:
            self._allow_step()
        self._show_frame()

    def _allow_step(self) -> None:
        if self.live is not None and not self._awaiting:
            self._awaiting = True
            self.live.allow(1)

    def on_live_step(self, message: LiveStep) -> None:
        if self.playback is None or self.live is None:
            return
        self._awaiting = False
        following = self.playback.at_end
        self.playback.append(message.event)
        if self._owed:
            self._owed -= 1
            self._allow_step()
        if following:
            self.playback.forward()
            self._show_frame()
        else:
            self._update_status()

    def on_live_end(self, message: LiveEnd) -> None:
        if self.playback is None or self.live is None:
            return
        following = self.playback.at_end
        trace = message.trace
        self.live = None
        self._awaiting = False
        self.playback.events = list(trace.get("events", []))
        self.playback.outcome = trace.get("outcome")
        if following:
            self.playback.seek(len(self.playback.events) - 1)
            self.playing = False
            self._show_frame()
        else:
            self._update_status()

    def action_step(self) -> None:
        if self.playback is None or self.mode not in ("live", "replay"):
            self._start_live(play=False)
            return
        self.playing = False
        if self.live is not None and self.playback.at_end:
            if self._awaiting:
                self._owed += 1  # pressed again before the last step arrived: keep count
            else:
                self._allow_step()
        else:
            self.action_frame(1)

    def action_frame(self, delta: int) -> None:
        if self.playback is None:
            return
        moved = self.playback.forward() if delta > 0 else self.playback.backward()
        if moved:
            self._show_frame()

    def action_frame_edge(self, end: int) -> None:
        if self.playback is None:
            return
        self.playback.seek(len(self.playback.events) - 1 if end else -1)
        self.playing = False
        self._show_frame()

    def action_speed(self, delta: int) -> None:
        self.speed = max(0, min(len(SPEEDS) - 1, self.speed + delta))
        self._update_status()

    @property
    def playing(self) -> bool:
        return self._playing

    @playing.setter
    def playing(self, value: bool) -> None:
        """The pace timer runs only while a run plays (an idle screen costs no CPU)."""
        self._playing = value
        timer = getattr(self, "_pace", None)
        if timer is not None:
            timer.resume() if value else timer.pause()

    def _pace_tick(self) -> None:
        if not self.playing or self.playback is None:
            return
        now = time.monotonic()
        if now < self._next_step_at:
            return
        interval = 1 / SPEEDS[self.speed]
        # catch up at most a few steps if frames were late; never race ahead
        steps = min(4, 1 + int((now - self._next_step_at) / interval))
        self._next_step_at = max(self._next_step_at + steps * interval, now)
        for _ in range(steps):
            if not self.playback.forward():
                break
        if self.playback.at_end and self.live is not None:
            self._allow_step()  # the threads take their next step; it arrives as a message
        elif self.playback.at_end:
            self.playing = False
        self._show_frame()

    # --- show me the bug (the judge's counterexample on the start code) ---------------------

    def action_bug(self) -> None:
        self._coach("bug")
        if is_measured(self.level):
            self._say(measured_note(self.lang), "info")
            return
        self._stop_run()
        self._say(
            "裁判正在寻找出错的调度…"
            if self.lang == "zh"
            else "the judge is finding a failing schedule…",
            "info",
        )
        self._judge("bug", "start", None)

    def _bug_ready(self, result: dict) -> None:
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
        self._start_replay(trace, sentence or result.get("message", ""))

    @work(thread=True, exclusive=True, group="run")
    def _hunt(self, program) -> None:
        worker = get_current_worker()
        trace = hunt(program)
        if not worker.is_cancelled:
            self.post_message(JudgeDone("hunt", {"trace": trace}))

    def _start_replay(self, trace: dict | None, message: str = "") -> None:
        if trace is None:
            self._say(
                "没有找到出错的调度" if self.lang == "zh" else "no failing schedule found", "error"
            )
            return
        start = Board(self.level).draft
        self.mode = "replay"
        self._shown_draft = start
        for pane in self.query(CodePane):
            pane.set_code(start.threads[pane.thread])
        self._lock_code(True)
        self.playback = Playback.from_trace(self._initial(), trace)
        self.playing = True
        self._next_step_at = time.monotonic()
        self.message = (message, "error") if message else None
        self._show_frame()

    # --- scheduler mode: the player picks who moves -----------------------------------------

    def action_scheduler(self) -> None:
        if is_measured(self.level):
            self._say(measured_note(self.lang), "info")
            return
        if self.mode == "scheduler":
            self._stop_run()
            self._show_frame()
            return
        program = self._program()
        if program is None:
            return
        self._stop_run()
        self._stepper_job(program, None)

    @work(thread=True, exclusive=True, group="run")
    def _stepper_job(self, program, action) -> None:
        """Start a stepper (program given) or apply `action` ("undo" or a thread id) to it."""
        worker = get_current_worker()
        try:
            if program is not None:
                stepper = Stepper(program)
            else:
                stepper = self.stepper
                if action == "undo":
                    stepper.undo()
                else:
                    stepper.step(action)
        except Exception as error:  # a run that cannot go on: say why, keep the UI
            if not worker.is_cancelled:
                self.post_message(JudgeDone("stepper-error", {"message": str(error)}))
            return
        if not worker.is_cancelled:
            self.post_message(JudgeDone("stepper", {"stepper": stepper}))

    def _stepper_ready(self, stepper: Stepper) -> None:
        first = self.mode != "scheduler"
        self.stepper = stepper
        self.mode = "scheduler"
        self._lock_code(True)
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
        return [tid for spec in self.level.threads for tid in _ids(spec.name, spec.instances)]

    def action_pick(self, number: int) -> None:
        if self.mode != "scheduler":
            return
        threads = self._ordered_threads()
        if 1 <= number <= len(threads):
            self._pick_thread(threads[number - 1])

    def _pick_thread(self, thread: str) -> None:
        if self.mode != "scheduler" or self.stepper is None:
            return
        zh = self.lang == "zh"
        if self.stepper.outcome is not None:
            self._say(
                "运行已结束（U 撤销一步）" if zh else "the run has ended (U undoes a step)", "info"
            )
            return
        if thread not in self.stepper.enabled():
            why = (
                self.playback.snapshot().get("threads", {}).get(thread, {}) if self.playback else {}
            )
            waiting = why.get("waiting_for")
            reason = f" ({'等待' if zh else 'waiting for'} {waiting})" if waiting else ""
            self._say(f"{thread} {'现在不能走' if zh else 'cannot move now'}{reason}", "error")
            return
        if self._stepping:
            self._queued.append(thread)  # keys typed ahead are played in order
            return
        self._stepping = True
        self._stepper_job(None, thread)

    def action_unstep(self) -> None:
        if self.mode == "scheduler" and self.stepper is not None and self.stepper.schedule:
            if self._stepping:
                return
            self._stepping = True
            self._stepper_job(None, "undo")

    # --- submit -----------------------------------------------------------------------------

    def action_submit(self) -> None:
        self._coach("submit")
        self._stop_run()
        self._show_frame()
        zh = self.lang == "zh"
        self._submitted = self.board.draft
        self._submitted_primitives = self.board.used_primitives()

        def closed(_result) -> None:
            self._cancel_judging()

        self.app.push_screen(
            JudgingScreen(
                "裁判正在检查你的程序…" if zh else "The judge is checking your program…", self.lang
            ),
            closed,
        )
        mode = self.query_one(ModeChoice).mode if is_measured(self.level) else None
        self._judge("submit", "solution", self.board.solution(), mode)

    def _judge(self, purpose: str, variant: str, solution, mode: str | None = None) -> None:
        """Start the judge; its answer comes back as a JudgeDone message."""
        if self._judging is not None:
            self._judging.cancel()
        self._judging = start_judging(
            self.level,
            variant,
            solution,
            time_limit=JUDGE_SECONDS,
            on_progress=lambda info: self.post_message(JudgeProgress(info)),
            on_done=lambda result: self.post_message(JudgeDone(purpose, result)),
            mode=mode,
        )

    def _cancel_judging(self) -> None:
        if self._judging is not None:
            self._judging.cancel()
            self._judging = None

    def on_judge_progress(self, message: JudgeProgress) -> None:
        if isinstance(self.app.screen, JudgingScreen):
            self.app.screen.update_progress(message.info)

    def on_judge_done(self, message: JudgeDone) -> None:
        result = message.result
        if message.purpose in ("bug", "submit", "challenge"):
            self._judging = None
        if message.purpose == "bug":
            self._bug_ready(result)
        elif message.purpose == "challenge":
            self._breakit_judged(result)
        elif message.purpose == "hunt":
            self._start_replay(result.get("trace"))
        elif message.purpose == "stepper":
            self._stepping = False
            self._stepper_ready(result["stepper"])
            if self._queued:
                self._pick_thread(self._queued.pop(0))
        elif message.purpose == "stepper-error":
            self._stepping = False
            self._queued.clear()
            self._say(result["message"], "error")
        elif message.purpose == "submit":
            if isinstance(self.app.screen, JudgingScreen):
                self.app.pop_screen()
            passed = result.get("verdict") == "pass"
            result_score = score(
                passed,
                self._submitted_primitives,
                result.get("makespan"),
                self.level.par,
                max_makespan=self.level.goal.max_makespan,  # as `syncgame progress` rates it
            )
            if counts_as_attempt(result):
                self.app.record_submission(self.level, self.board, result, result_score)
            self.app.push_screen(VerdictScreen(self.level, result, self._submitted, result_score))

    def _stop_run(self) -> None:
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
        if self.mode != "edit":
            self.mode = "edit"
            self._shown_draft = self.board.draft
            for pane in self.query(CodePane):
                pane.set_code(self.board.draft.threads[pane.thread])
            self._lock_code(False)
        self.query_one(Timeline).reset()

    def _lock_code(self, locked: bool) -> None:
        for pane in self.query(CodePane):
            pane.set_editable(not locked)

    def action_back(self) -> None:
        if self.mode != "edit":
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
        self._update_status()

    def _update_status(self) -> None:
        zh = self.lang == "zh"
        en_mode, zh_mode = MODE_WORDS[self.mode]
        stage = self.query_one(StageView)
        parts = [zh_mode if zh else en_mode]
        if self.playback is not None:
            total = len(self.playback.events)
            parts.append(("步 " if zh else "step ") + f"{self.playback.index + 1}/{total}")
            snapshot = self.playback.snapshot()
            parts.append(f"t={snapshot.get('time', 0):g}")
            parts.append("▶" if self.playing else "❚❚")
        parts.append(("速度 " if zh else "speed ") + f"{self.speed + 1}/{len(SPEEDS)}")
        stage.border_title = "  ·  ".join(parts)
        if self.playback is not None:
            stage.border_subtitle = (
                "← → 单步回放 · Esc 返回编辑"
                if zh
                else "← → step back/forward · Esc back to editing"
            )
        elif is_measured(self.level):
            stage.border_subtitle = (
                "↑↓ 回车 选择运行方式 · S 提交（计时）"
                if zh
                else "↑↓ Enter choose how to run the jobs · S submit (timed)"
            )
        else:
            stage.border_subtitle = (
                "Enter 放置 · Space 运行 · B 展示 bug"
                if zh
                else "Enter place · Space run · B show the bug"
            )
        status = self.query_one("#play-status", WrappedText)
        if self.mode == "scheduler" and not self.message and self.stepper is not None:
            enabled = self.stepper.enabled()
            parts = []
            for number, tid in enumerate(self._ordered_threads(), start=1):
                parts.append(f"{number} {tid}" + ("" if tid in enabled else " ✗"))
            hint = (
                "数字键/点击小人 走一步 · U 撤销"
                if zh
                else "number key / click a sprite: move it · U undo"
            )
            status.update(Text("  ".join(parts) + "   " + hint, style="bold"))
        elif self.message:
            text, kind = self.message
            style = {"error": "bold red", "ok": "green", "info": "dim", "hint": "bold cyan"}.get(
                kind, ""
            )
            status.update(Text(text, style=style))
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

    def on_stage_view_sprite_clicked(self, message: StageView.SpriteClicked) -> None:
        if self.mode == "scheduler":
            self._pick_thread(message.thread)


def _ids(name: str, instances: int) -> list[str]:
    return [name] if instances == 1 else [f"{name}#{i}" for i in range(instances)]
