"""What every screen shares: the current language and re-rendering when it changes."""

from __future__ import annotations

from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen

from syncgame.texts import tr
from syncgame.ui.footer_lang import relabel_screen


class GameScreen(Screen):
    """A screen that re-labels itself when the app's language changes."""

    BINDINGS = [
        Binding("l", "app.toggle_language", "Language", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
    ]

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    def tr(self, key: str, **fields: object) -> str:
        return tr(key, self.lang, **fields)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._language_changed, init=False)
        self._relabel()

    def _language_changed(self, _lang: str) -> None:
        self._relabel()

    def _relabel(self) -> None:
        try:
            self.apply_language()
        except NoMatches:  # the app is closing while this screen mounts: nothing to label
            pass
        relabel_screen(self, self.lang)

    def apply_language(self) -> None:
        """Set every visible text in the current language (override)."""
