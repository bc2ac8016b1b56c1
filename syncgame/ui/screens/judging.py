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

PHASES = {
    "bounded": ("hunting (preemption bound {bound})", "搜索中（抢占上限 {bound}）"),
    "random": ("random schedules (PCT)", "随机调度（PCT）"),
    "exhaustive": ("checking every schedule", "穷举所有调度"),
}


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
        zh = self.lang == "zh"
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield ProgressBar(total=None, show_eta=False, id="judge-bar")
            yield Static("…", id="judge-progress")
            yield Button("取消 (Esc)" if zh else "Cancel (Esc)", id="judge-cancel")

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
        zh = self.lang == "zh"
        if info.get("phase") == "measuring":  # a measured level: timings, not schedules
            mode, done, total = info.get("mode", ""), info.get("done", 0), info.get("total", 0)
            where = f"{info.get('round')}/{info.get('rounds')}"
            return (
                f"计时：{mode} · 第 {where} 轮 · 已完成 {done}/{total} 次计时"
                if zh
                else f"timing {mode} · round {where} · {done}/{total} timings done"
            )
        en_phase, zh_phase = PHASES.get(info.get("phase", ""), ("{phase}", "{phase}"))
        phase = (zh_phase if zh else en_phase).format(
            bound=info.get("bound"), phase=info.get("phase", "")
        )
        explored = info.get("explored", 0)
        return (
            f"已探索 {explored} 个调度 · {phase}"
            if zh
            else f"{explored} schedules explored · {phase}"
        )

    def on_button_pressed(self) -> None:
        self.action_cancel_judge()

    def action_cancel_judge(self) -> None:
        self.dismiss(None)
