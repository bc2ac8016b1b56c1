"""While the judge works: schedules explored so far, and a way to cancel. The stage behind
keeps animating."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static

from syncgame.texts import STRINGS, tr


class JudgingScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    JudgingScreen {
        align: center middle;
        background: $background 40%;
    }
    JudgingScreen > Vertical {
        width: 56;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    JudgingScreen ProgressBar {
        margin: 1 0;
    }
    """
    BINDINGS = [Binding("escape,c", "cancel_judge", "Cancel")]

    def __init__(self, title: str, lang: str) -> None:
        super().__init__()
        self.title_text = title
        self.lang = lang
        self._latest: dict | None = None
        """The last progress report: it may arrive before the screen is composed."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield ProgressBar(total=None, show_eta=False, id="judge-bar")
            yield Static("…", id="judge-progress")
            yield Button(tr("judge.cancel", self.lang), id="judge-cancel")

    def on_mount(self) -> None:
        if self._latest is not None:
            self.update_progress(self._latest)

    def update_progress(self, info: dict) -> None:
        """Show `info`; before the screen is composed, keep it for `on_mount` to show."""
        self._latest = info
        try:
            label = self.query_one("#judge-progress", Static)
        except NoMatches:
            return
        label.update(self._words(info))

    def _words(self, info: dict) -> str:
        lang = self.lang
        if info.get("phase") == "measuring":  # a measured level: timings, not schedules
            mode, done, total = info.get("mode", ""), info.get("done", 0), info.get("total", 0)
            where = f"{info.get('round')}/{info.get('rounds')}"
            return tr("judge.timing", lang, mode=mode, where=where, done=done, total=total)
        phase = info.get("phase", "")
        key = f"judge.phase.{phase}"
        if key in STRINGS:
            phase = tr(key, lang, bound=info.get("bound"))
        return tr("judge.explored", lang, explored=info.get("explored", 0), phase=phase)

    def on_button_pressed(self) -> None:
        self.action_cancel_judge()

    def action_cancel_judge(self) -> None:
        self.dismiss(None)
