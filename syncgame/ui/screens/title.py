"""The title screen: the game's name and the main menu."""

from __future__ import annotations

from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from syncgame.ui.art import picture
from syncgame.ui.screens.base import GameScreen
from syncgame.ui.widgets.footer import Footer

MENU = ("play", "continue", "editor", "settings", "help", "quit")


class TitleScreen(GameScreen):
    BINDINGS = [
        Binding("p", "choose('play')", "Play", show=False),
        Binding("c", "choose('continue')", "Continue", show=False),
        Binding("e", "choose('editor')", "Editor", show=False),
        Binding("s", "choose('settings')", "Settings", show=False),
        Binding("h", "choose('help')", "Help", show=False),
        Binding("q", "choose('quit')", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            with Center():
                yield Static(RichText("\n".join(picture("title"))), id="logo")
            with Center():
                yield Static(id="subtitle")
            with Center():
                yield Static(RichText("\n".join(picture("title-scene"))), id="title-scene")
            with Center():
                yield OptionList(*[Option(key, id=key) for key in MENU], id="menu")
            with Center():
                yield Static(id="title-keys")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = 0
        menu.focus()

    def apply_language(self) -> None:
        self.query_one("#subtitle", Static).update(self.tr("app.subtitle"))
        self.query_one("#title-keys", Static).update(self.tr("title.keys"))
        menu = self.query_one("#menu", OptionList)
        for key in MENU:
            menu.replace_option_prompt(key, self.tr(f"title.{key}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.action_choose(event.option_id)

    def action_choose(self, item: str) -> None:
        if item == "play":
            from syncgame.ui.screens.level_select import LevelSelectScreen

            self.app.push_screen(LevelSelectScreen())
        elif item == "continue":
            self.app.continue_game()
        elif item == "settings":
            from syncgame.ui.screens.settings import SettingsScreen

            self.app.push_screen(SettingsScreen())
        elif item == "editor":
            from syncgame.ui.editor import EditorHome

            self.app.push_screen(EditorHome())
        elif item == "help":
            self.app.action_help()
        elif item == "quit":
            self.app.exit(0)
