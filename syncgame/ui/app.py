"""The Textual application: screens, language, the level catalog."""

from __future__ import annotations

import sys
import threading

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from syncgame import errorlog
from syncgame.level.model import Level
from syncgame.progress import Progress
from syncgame.texts import LANGS, detect_language, next_language
from syncgame.ui.catalog import Catalog, LevelNotFound, load_catalog, resolve_level


class SyncGameApp(App):
    """syncgame: fix threaded programs by placing synchronization primitives."""

    CSS_PATH = "syncgame.tcss"
    TITLE = "syncgame"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("f1", "help", "Help", show=False),
    ]

    lang: reactive[str] = reactive("en")

    def __init__(
        self,
        *,
        level: Level | None = None,
        catalog: Catalog | None = None,
        lang: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        super().__init__()
        self._catalog = catalog
        self._catalog_lock = threading.Lock()
        self.start_level = level
        self.progress = progress if progress is not None else Progress.load()
        saved_lang = self.progress.settings.language
        self.set_reactive(
            SyncGameApp.lang, lang if lang in LANGS else saved_lang or detect_language()
        )

    @property
    def catalog(self) -> Catalog:
        """The levels; loaded in the background after the first screen shows (or now, when
        something needs them first)."""
        if self._catalog is None:
            with self._catalog_lock:
                if self._catalog is None:
                    self._catalog = load_catalog()
        return self._catalog

    def _prefetch_catalog(self) -> None:
        self.catalog  # noqa: B018 - loading is the point

    def on_mount(self) -> None:
        if self._catalog is None:
            self.run_worker(self._prefetch_catalog, thread=True, group="catalog")
        from syncgame.ui.saves import attach
        from syncgame.ui.screens.title import TitleScreen

        attach(self)  # settings applied, time played counted, a moved-aside save told
        self.push_screen(TitleScreen())
        if self.start_level is not None:
            self.open_level(self.start_level)

    def open_level(self, level: Level) -> None:
        from syncgame.ui.screens.level_select import LevelSelectScreen

        self.push_screen(LevelSelectScreen(select=level.id))
        self.play_level(level)

    def continue_game(self) -> None:
        """Open the first level not solved yet, with its last attempt restored."""
        from syncgame.texts import tr
        from syncgame.ui.saves import continue_game

        if not self.catalog.ordered():
            self.notify(tr("select.empty", self.lang, path=self.catalog.folder), severity="error")
        elif not continue_game(self):
            self.notify(tr("title.all_solved", self.lang))

    def play_level(self, level: Level) -> None:
        """Open `level` with the player's last draft of it (see `saves.play_screen`)."""
        from syncgame.ui.saves import play_screen

        self.push_screen(play_screen(self, level))

    def switch_screen_to_level(self, level: Level) -> None:
        """Replace the play screen on top with one for `level`."""
        from syncgame.ui.saves import play_screen
        from syncgame.ui.screens.play import PlayScreen

        if isinstance(self.screen, PlayScreen):
            self.switch_screen(play_screen(self, level))
        else:
            self.push_screen(play_screen(self, level))

    async def action_quit(self) -> None:
        """Quit, unless a screen has unsaved work to ask about first (the level editor)."""
        for screen in reversed(self.screen_stack):
            ask = getattr(screen, "ask_before_quit", None)
            if callable(ask) and ask():
                return
        self.exit()

    def action_help(self) -> None:
        from syncgame.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_language(self) -> None:
        self.lang = next_language(self.lang)

    def on_unmount(self) -> None:
        from syncgame.ui.saves import detach

        detach(self)  # the time played on the open level is saved


def run_app(level: str | None = None) -> int:
    """Start the game; `level` (an id or a path to a level file) opens that level."""
    catalog: Catalog | None = None
    chosen: Level | None = None
    if level:
        catalog = load_catalog()
        try:
            chosen = resolve_level(level, catalog)
        except LevelNotFound as error:
            print(f"syncgame: {error}", file=sys.stderr)
            return 2
        except Exception as error:  # a level file with problems: say which, no traceback
            print(f"syncgame: cannot open {level}: {error}", file=sys.stderr)
            return 2
    app = SyncGameApp(level=chosen, catalog=catalog)
    errorlog.install(app)  # unexpected errors go to a log file, not a traceback on screen
    app.run()
    return app.return_code or 0
