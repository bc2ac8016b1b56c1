"""Settings: language, animation speed, reduced motion, theme, colour-blind palette, unlock all.

One row per setting; ←/→ (or Enter, or a click) changes it. Every change applies at once (the
language re-labels every screen, a theme recolours them) and is saved right away.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from syncgame.play.progress import SPEEDS
from syncgame.texts import next_language
from syncgame.ui.screens.base import GameScreen
from syncgame.ui.widgets.footer import Footer

ROWS = ("language", "speed", "motion", "theme", "colour_blind", "unlock_all", "back")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
LABEL_CELLS = 28


class SettingsList(OptionList):
    """The settings as rows; left and right change the highlighted one."""

    BINDINGS = [
        Binding("left", "change(-1)", "Less", show=False),
        Binding("right", "change(1)", "More", show=False),
    ]

    class Change(Message):
        def __init__(self, row: str, delta: int) -> None:
            super().__init__()
            self.row = row
            self.delta = delta

    def action_change(self, delta: int) -> None:
        if self.highlighted is None:
            return
        row = self.get_option_at_index(self.highlighted).id
        if row:
            self.post_message(self.Change(row, delta))


class SettingsScreen(GameScreen):
    DEFAULT_CSS = """
    #settings-box {
        align: center middle;
        height: 1fr;
    }
    #settings-box > Center {
        height: auto;
    }
    #settings-list {
        width: 64;
        max-width: 100%;
        height: auto;
    }
    #settings-help {
        width: 64;
        max-width: 100%;
        height: 3;
        margin-top: 1;
        color: $text-muted;
    }
    """
    BINDINGS = [Binding("escape,backspace", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(id="settings-title", classes="screen-title")
        with Vertical(id="settings-box"):
            with Center():
                yield SettingsList(*[Option(row, id=row) for row in ROWS], id="settings-list")
            with Center():
                yield Static(id="settings-help")
        yield Static(id="settings-keys", classes="keys-hint")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        rows = self.query_one(SettingsList)
        rows.highlighted = 0
        rows.focus()

    @property
    def settings(self):
        return self.app.progress.settings

    # --- drawing -------------------------------------------------------------------------

    def _value(self, row: str) -> str:
        settings = self.settings
        if row == "language":
            return LANGUAGE_NAMES.get(self.lang, self.lang)
        if row == "speed":
            speed = settings.animation_speed
            return "■" * speed + "□" * (len(SPEEDS) - speed) + f" {speed}/{len(SPEEDS)}"
        if row == "theme":
            return settings.theme
        flag = {
            "motion": settings.reduced_motion,
            "colour_blind": settings.colour_blind,
            "unlock_all": settings.unlock_all,
        }[row]
        return self.tr("settings.on" if flag else "settings.off")

    def _prompt(self, row: str) -> RichText:
        label = self.tr(f"settings.{row}")
        text = RichText(label + " " * max(1, LABEL_CELLS - cell_len(label)))
        if row != "back":
            text.append("‹ ", style="dim")
            text.append(self._value(row), style="bold")
            text.append(" ›", style="dim")
        return text

    def apply_language(self) -> None:
        self.query_one("#settings-title", Static).update(self.tr("settings.title"))
        self.query_one("#settings-keys", Static).update(self.tr("settings.keys"))
        self._relabel_rows()

    def _relabel_rows(self) -> None:
        rows = self.query_one(SettingsList)
        for row in ROWS:
            rows.replace_option_prompt(row, self._prompt(row))
        self._show_help()

    def _show_help(self) -> None:
        rows = self.query_one(SettingsList)
        row = ROWS[rows.highlighted] if rows.highlighted is not None else "back"
        self.query_one("#settings-help", Static).update(self.tr(f"settings.help.{row}"))

    # --- changing ------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_help()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id == "back":
            self.action_back()
        elif event.option_id:
            self.change(event.option_id, 1)

    def on_settings_list_change(self, message: SettingsList.Change) -> None:
        message.stop()
        if message.row != "back":
            self.change(message.row, message.delta)

    def change(self, row: str, delta: int) -> None:
        """Step setting `row` by `delta` (flags flip), apply it and save."""
        settings = self.settings
        if row == "language":
            self.app.lang = next_language(self.lang)  # the app saves it
            return
        if row == "speed":
            settings.animation_speed = max(1, min(len(SPEEDS), settings.animation_speed + delta))
        elif row == "theme":
            names = self.app.theme_names()
            index = names.index(settings.theme) if settings.theme in names else 0
            settings.theme = names[(index + delta) % len(names)]
            self.app.apply_theme()
        elif row == "colour_blind":
            settings.colour_blind = not settings.colour_blind
            self.app.apply_theme()
        elif row == "motion":
            settings.reduced_motion = not settings.reduced_motion
            self.app.apply_motion()
        elif row == "unlock_all":
            settings.unlock_all = not settings.unlock_all
        self.app.save()
        self._relabel_rows()

    def action_back(self) -> None:
        self.app.pop_screen()
