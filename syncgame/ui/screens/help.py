"""Help: key bindings, what the sprites' marks mean, and each primitive on one screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Static

from syncgame.ui.help_text import KEYS, PRIMITIVES, STATES
from syncgame.ui.screens.base import GameScreen

HEADINGS = {
    "keys": ("Keys", "按键"),
    "states": ("Thread marks", "线程标记"),
    "primitives": ("Primitives", "同步原语"),
}


class HelpScreen(GameScreen):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Back"),
        Binding("t", "tutorial", "Replay the tutorial"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="help-title", classes="screen-title")
        with VerticalScroll(id="help-scroll"):
            with Horizontal(id="help-body"):
                yield Static(id="help-keys", classes="help-column")
                yield Static(id="help-primitives", classes="help-column")
        yield Footer()

    def _heading(self, key: str) -> str:
        en, zh = HEADINGS[key]
        return zh if self.lang == "zh" else en

    def apply_language(self) -> None:
        zh = self.lang == "zh"
        self.query_one("#help-title", Static).update(self.tr("help.title"))
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        keys.add_row(RichText(self._heading("keys"), style="bold underline"), "")
        for key, en, zh_text in KEYS:
            keys.add_row(key, zh_text if zh else en)
        keys.add_row("", "")
        keys.add_row(RichText(self._heading("states"), style="bold underline"), "")
        for glyph, en, zh_text in STATES:
            keys.add_row(f" {glyph}", zh_text if zh else en)
        self.query_one("#help-keys", Static).update(keys)
        prims = RichText()
        prims.append(self._heading("primitives") + "\n", style="bold underline")
        for kind, (thing_en, thing_zh), en, zh_text in PRIMITIVES:
            prims.append(kind, style="bold")
            prims.append(f"  ({thing_zh if zh else thing_en})\n", style="dim")
            prims.append((zh_text if zh else en) + "\n")
        self.query_one("#help-primitives", Static).update(prims)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_tutorial(self) -> None:
        """The first level again, with the tutorial from its first step."""
        from syncgame.ui.screens.coach import replay_tutorial

        self.app.pop_screen()
        replay_tutorial(self.app)
