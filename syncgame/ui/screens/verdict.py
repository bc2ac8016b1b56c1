"""The verdict: a pass with its stars and figures against par, or a fail with its reason and
the counterexample, replayable forward and backward on the stage."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from syncgame.level.model import Level
from syncgame.play.goal import goal_sentence, is_timed
from syncgame.play.measured_figures import measured_lines
from syncgame.play.placement import Draft
from syncgame.play.plain import step_log, verdict_sentence
from syncgame.play.playback import Playback
from syncgame.play.preview import initial_snapshot
from syncgame.play.stars import Score
from syncgame.texts import STRINGS, tr
from syncgame.ui.art import frames
from syncgame.ui.scene import Scene
from syncgame.ui.screens.base import GameScreen
from syncgame.ui.widgets.code_pane import CodePane
from syncgame.ui.widgets.footer import Footer
from syncgame.ui.widgets.present import present
from syncgame.ui.widgets.stage import StageView
from syncgame.ui.widgets.timeline import Timeline
from syncgame.ui.widgets.wrapped import WrappedText

REPLAY_HZ = 4.0


def coverage(verdict: dict, lang: str) -> str:
    """What the judge checked, never more: exhaustive or bounded."""
    if verdict.get("measured"):  # timed, not explored: the figures are what was checked
        return measured_lines(verdict["measured"], lang)
    explored = verdict.get("explored", 0)
    seconds = verdict.get("seconds", 0)
    if verdict.get("exhaustive"):
        return tr("coverage.exhaustive", lang, explored=explored, seconds=seconds)
    bound = verdict.get("bound")
    limit = ""
    if bound is not None:
        limit = tr("coverage.limit_one" if bound == 1 else "coverage.limit", lang, bound=bound)
    return tr("coverage.bounded", lang, explored=explored, limit=limit, seconds=seconds)


class Summary(VerticalScroll, can_focus=False):
    """The verdict's words: scrolls with the mouse, never takes the replay's keys."""


class VerdictScreen(GameScreen):
    BINDINGS = [
        Binding("escape", "back", "Back to the level"),
        Binding("enter,n", "next", "Next level", show=False),
        Binding("r", "back", "Retry", show=False),
        Binding("left", "frame(-1)", "Step back", show=False),
        Binding("right", "frame(1)", "Step forward", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("space", "play", "Play/Pause", show=False),
    ]

    def __init__(self, level: Level, verdict: dict, draft: Draft, score: Score) -> None:
        super().__init__()
        self.level = level
        self.verdict = verdict
        self.draft = draft
        self.score = score
        self.passed = verdict.get("verdict") == "pass"
        self.playback: Playback | None = None
        self.playing = False
        self._fed = -1
        self._next_at = 0.0
        trace = verdict.get("trace")
        if not self.passed and trace:
            threads = [(spec.name, spec.instances) for spec in level.threads]
            initial = initial_snapshot(threads, draft.primitives, dict(level.shared))
            self.playback = Playback.from_trace(initial, trace)

    def compose(self) -> ComposeResult:
        yield Static(id="verdict-title", classes="screen-title")
        with Summary(id="verdict-summary"):
            yield WrappedText(id="verdict-text")
        if self.playback is not None:
            yield StageView(Scene(self.lang), id="verdict-stage")
            with Horizontal(id="verdict-main"):
                with Horizontal(id="verdict-code"):
                    for spec in self.level.threads:
                        ids = (
                            [spec.name]
                            if spec.instances == 1
                            else [f"{spec.name}#{i}" for i in range(spec.instances)]
                        )
                        yield CodePane(spec.name, ids, id=f"vcode-{spec.name}")
                yield Timeline(id="verdict-timeline")
        yield Static(id="verdict-keys", classes="keys-hint")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.set_class(self.passed, "-pass")
        self.set_class(self.size.height < 32, "-compact")
        if self.playback is not None:
            for pane in self.query(CodePane):
                pane.set_code(self.draft.threads[pane.thread])
                pane.set_editable(False)
            self.set_interval(1 / 30, self._tick)
            self._show()

    def on_resize(self, event) -> None:
        self.set_class(event.size.height < 32, "-compact")

    def apply_language(self) -> None:
        title = self.level.title.get(self.lang)
        self.query_one("#verdict-title", Static).update(self.tr("verdict.title") + title)
        self.query_one("#verdict-text", WrappedText).update(self._summary())
        if self.passed:
            keys = self.tr("verdict.keys_passed")
        elif self.playback is None:  # nothing to replay (a measured level, a refusal)
            keys = self.tr("verdict.keys_back")
        else:
            keys = self.tr("verdict.keys_replay")
        self.query_one("#verdict-keys", Static).update(keys)
        for stage in self.query(StageView):
            stage.scene.lang = self.lang
            self._show()

    def _summary(self) -> Text:
        verdict = self.verdict
        text = Text()
        if self.passed:
            star = [line.rstrip() for line in frames("verdict")["star"]]
            width = max(len(line) for line in star)
            for row in star:
                for index in range(3):
                    lit = index < self.score.stars
                    text.append(row.ljust(width) + "   ", style="bold yellow" if lit else "grey35")
                text.append("\n")
            text.append("\n" + self.tr("verdict.passed"), style="bold green")
            text.append(f"{self.score.stars}/3 ★\n", style="bold yellow")
            text.append(coverage(verdict, self.lang) + "\n\n", style="dim")
            self._par_rows(text)
            text.append("\n")
            text.append(self._attempts_chart())
            learned = self.level.learned.get(self.lang) if self.level.learned else ""
            if learned:
                text.append("\n" + self.tr("verdict.learned"), style="bold")
                text.append(learned.strip() + "\n")
            following = self.app.catalog.next_after(self.level)
            if following is not None:
                text.append(
                    "\n" + self.tr("verdict.next") + following.title.get(self.lang),
                    style="bold",
                )
        else:
            reason = verdict.get("reason") or "error"
            key = f"verdict.reason.{reason}"
            words = self.tr(key) if key in STRINGS else reason
            judged = reason != "busy"  # too busy to measure: not the player's fail
            head = self.tr("verdict.failed" if judged else "verdict.not_judged")
            text.append(head + words + "\n", style="bold red" if judged else "bold yellow")
            sentence = verdict_sentence(verdict, self.lang, goal_sentence(self.level, self.lang))
            if sentence:
                text.append(sentence + "\n", style="bold")
                text.append(self.tr("verdict.steps"), style="dim bold")
                events = (verdict.get("trace") or {}).get("events") or []
                # the judge's message is in English: another language tells the steps itself
                in_english = self.lang == "en" or not events
                steps = verdict.get("message") if in_english else step_log(events, self.lang)
                text.append((steps or "") + "\n", style="dim")
            else:
                text.append(verdict.get("message", "") + "\n")
            if verdict.get("line"):
                text.append(self.tr("verdict.line") + str(verdict["line"]) + "\n", style="bold")
            text.append(coverage(verdict, self.lang), style="dim")
            text.append(self._attempts_line())
        return text

    def _par_rows(self, text: Text) -> None:
        score = self.score
        par_p = "—" if score.par_primitives is None else str(score.par_primitives)
        mark = "✓" if score.primitives_ok else "✗"
        text.append(f" {mark} " + self.tr("verdict.primitives"), style="bold")
        text.append(f"{score.primitives}  (par {par_p})\n")
        if not is_timed(self.level) and score.par_makespan is None:
            return  # time does not count on this level: no "makespan 0 (par —)"
        par_m = "—" if score.par_makespan is None else f"{score.par_makespan:g}"
        shown = "—" if score.makespan is None else f"{score.makespan:g}"
        mark = "✓" if score.makespan_ok else "✗"
        text.append(f" {mark} " + self.tr("verdict.makespan"), style="bold")
        text.append(f"{shown}  (par {par_m})\n")
        text.append(self.tr("verdict.makespan_means") + "\n", style="dim")

    def _attempts_line(self) -> Text:
        from syncgame.ui.records import attempts_line

        return attempts_line(self.app.progress.get(self.level.id), self.lang)

    def _attempts_chart(self) -> Text:
        from syncgame.ui.records import attempts_chart

        entry = self.app.progress.get(self.level.id)
        recorded = self.app.last_records.get(self.level.id)
        return attempts_chart(entry, recorded, self.score, self.lang)

    # --- the counterexample --------------------------------------------------------------

    def _show(self) -> None:
        if self.playback is None:
            return
        self._fed = present(
            self.playback,
            self.query_one(StageView),
            list(self.query(CodePane)),
            self.query_one(Timeline),
            self._fed,
            self.lang,
        )
        total = len(self.playback.events)
        step = self.tr("verdict.step") + f"{self.playback.index + 1}/{total}"
        self.query_one(StageView).border_title = step + ("  ▶" if self.playing else "")

    def action_frame(self, delta: int) -> None:
        if self.playback is None:
            return
        self.playing = False
        if self.playback.forward() if delta > 0 else self.playback.backward():
            self._show()

    def action_edge(self, end: int) -> None:
        if self.playback is None:
            return
        self.playing = False
        self.playback.seek(len(self.playback.events) - 1 if end else -1)
        self._show()

    def action_play(self) -> None:
        if self.playback is None:
            return
        if self.playback.at_end:
            self.playback.seek(-1)
        self.playing = not self.playing
        self._next_at = time.monotonic()
        self._show()

    def _tick(self) -> None:
        if not self.playing or self.playback is None or time.monotonic() < self._next_at:
            return
        self._next_at = time.monotonic() + 1 / REPLAY_HZ
        self.playback.forward()
        if self.playback.at_end:
            self.playing = False
        self._show()

    # --- leaving -------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_next(self) -> None:
        if not self.passed:
            return
        following = self.app.catalog.next_after(self.level)
        self.app.pop_screen()
        if following is None:
            self.app.pop_screen()
            return
        self.app.switch_screen_to_level(following)
