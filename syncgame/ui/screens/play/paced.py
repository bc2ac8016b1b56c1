"""The play screen's paced runs: a live run of real threads under a random schedule, and the
judge's failing schedule replayed; Space plays and pauses, N steps, ← → Home End move through
the steps shown, + − change the pace.

A mixin of `PlayScreen`: the run's steps arrive as `LiveStep` / `LiveEnd` messages; a timer
(`PACE_HZ`) moves the stage forward while `playing`.
"""

from __future__ import annotations

import time

from syncgame.play.live import LiveRun
from syncgame.play.measured import is_measured, measured_note
from syncgame.play.placement import Board
from syncgame.play.playback import Playback
from syncgame.ui.screens.play.messages import LiveEnd, LiveStep
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.screens.play.status import SPEEDS
from syncgame.ui.widgets.code_pane import CodePane

PACE_HZ = 30


class PacedRunsMixin:
    def action_run(self) -> None:
        self._coach("run")
        if self.playback is not None and self.mode.paced:
            if self.playback.finished:
                self.playback.seek(-1)
                self._show_frame()
            self.playing = not self.playing
            self._next_step_at = time.monotonic()
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
        self.mode = Mode.LIVE
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
        if self.playback is None or not self.mode.paced:
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

    def watch_playing(self, playing: bool) -> None:
        """The pace timer runs only while a run plays (an idle screen costs no CPU)."""
        if playing:
            self._pace.resume()
        else:
            self._pace.pause()
        self._update_status()

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

    # --- the judge's failing schedule on the start code --------------------------------------

    def start_replay(self, trace: dict | None, message: str = "") -> None:
        """Replay `trace` (a run of the START code) on the stage; `message` says what failed."""
        if trace is None:
            self._say(self.tr("play.no_bug"), "error")
            return
        start = Board(self.level).draft
        self.mode = Mode.REPLAY
        self._shown_draft = start
        for pane in self.query(CodePane):
            pane.set_code(start.threads[pane.thread])
        self.playback = Playback.from_trace(self._initial(), trace)
        self.playing = True
        self._next_step_at = time.monotonic()
        self.message = (message, "error") if message else None
        self._show_frame()
