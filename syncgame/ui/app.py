"""The Textual application: screens, language, the level catalog, and the app's own work
around them: the settings applied (theme, colour-blind palette, motion), the save written (a
failure told once), time played counted, Continue, and the player's drafts kept and restored.
The save itself (`syncgame.play.progress`) knows nothing of Textual."""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from syncgame.level.model import Level
from syncgame.play import errorlog
from syncgame.play.catalog import Catalog, load_catalog
from syncgame.play.progress import SPEEDS, Progress, Recorded
from syncgame.texts import LANGS, detect_language, next_language, tr
from syncgame.ui.themes import COLOUR_BLIND_SUFFIX, colour_blind_theme

if TYPE_CHECKING:
    from textual.screen import Screen

    from syncgame.play.placement import Board
    from syncgame.play.stars import Score
    from syncgame.ui.screens.play.screen import PlayScreen


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
        self.play_clock: PlayClock | None = None
        self.last_records: dict[str, Recorded] = {}
        """What this session's last submission of each level changed (for the verdict chart)."""
        self._save_failed = False
        self._motion_before: str | None = None

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
        from syncgame.ui.screens.title import TitleScreen

        self.apply_settings()
        self.play_clock = PlayClock(self)
        self.watch(self, "lang", self._remember_language, init=False)
        self._tell_notice()
        self.push_screen(TitleScreen())
        if self.start_level is not None:
            self.open_level(self.start_level)

    def open_level(self, level: Level) -> None:
        from syncgame.ui.screens.level_select import LevelSelectScreen

        self.push_screen(LevelSelectScreen(select=level.id))
        self.play_level(level)

    # --- settings ---------------------------------------------------------------------------

    def apply_settings(self) -> None:
        """Theme, palette and motion from the settings (the language is `lang`)."""
        self.apply_theme()
        self.apply_motion()

    def theme_names(self) -> list[str]:
        """The themes a player can choose (colour-blind variants are a separate switch)."""
        return sorted(
            name for name in self.available_themes if not name.endswith(COLOUR_BLIND_SUFFIX)
        )

    def apply_theme(self) -> None:
        settings = self.progress.settings
        name = settings.theme if settings.theme in self.available_themes else "textual-dark"
        if settings.colour_blind:
            base = self.get_theme(name)
            if base is not None:
                variant = colour_blind_theme(base)
                if variant.name not in self.available_themes:
                    self.register_theme(variant)
                name = variant.name
        if self.theme != name:
            self.theme = name

    def apply_motion(self) -> None:
        """Reduced motion: Textual's animations off, so sprites stand where their state puts
        them (they never walk) and every state change is still drawn."""
        if self.progress.settings.reduced_motion:
            if self._motion_before is None:
                self._motion_before = self.animation_level
            self.animation_level = "none"
        elif self._motion_before is not None:
            self.animation_level = self._motion_before
            self._motion_before = None

    def start_speed_index(self) -> int:
        """A play screen's first speed (an index into its speeds) from the settings."""
        return max(0, min(len(SPEEDS) - 1, self.progress.settings.animation_speed - 1))

    def _remember_language(self, lang: str) -> None:
        """The player switched the language (L, or the settings): remember it."""
        if self.progress.settings.language != lang:
            self.progress.settings.language = lang
            self.save()

    # --- the save ------------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the save; a failure is told once (the game goes on without saving)."""
        try:
            self.progress.save()
        except OSError as error:
            if not self._save_failed:
                self._save_failed = True
                self.notify(
                    tr("save.failed", self.lang, path=self.progress.path, error=error),
                    severity="error",
                    timeout=8,
                )
            return False
        self._save_failed = False
        return True

    def _tell_notice(self) -> None:
        """A save that was moved aside at start: say so on screen (the game goes on)."""
        notice = self.progress.notice
        if notice:
            self.notify(notice, title="syncgame", severity="warning", timeout=12)

    def record_submission(
        self, level: Level, board: Board, verdict: dict, score: Score
    ) -> Recorded:
        """Count a judged submission (and save): returns what it changed."""
        from syncgame.play.drafts import draft_of

        recorded = self.progress.record(
            level.id,
            passed=verdict.get("verdict") == "pass",
            stars=score.stars,
            primitives=score.primitives,
            makespan=verdict.get("makespan"),
            reason=verdict.get("reason"),
            draft=draft_of(board),
        )
        self.last_records[level.id] = recorded
        self.save()
        return recorded

    def remember_board(self, level: Level, board: Board) -> None:
        """Keep the placements on screen as the level's last attempt (restored by Continue)."""
        from syncgame.play.drafts import draft_of

        entry = self.progress.get(level.id)
        draft = draft_of(board)
        saved = entry.last.placements if entry and entry.last else []
        if saved == draft.placements:
            return  # nothing new (an untouched level writes nothing)
        self.progress.remember(level.id, draft)
        self.save()

    # --- levels --------------------------------------------------------------------------------

    def is_locked(self, level: Level) -> bool:
        """Whether `level`'s chapter is still closed to the player."""
        chapters = [(name, [lv.id for lv in levels]) for name, levels in self.catalog.chapters()]
        return level.chapter not in self.progress.unlocked_chapters(chapters)

    def play_screen(self, level: Level) -> PlayScreen:
        """A play screen for `level` with the player's last draft of it restored (Ctrl+R goes
        back to the start code)."""
        from syncgame.play.drafts import restore_board
        from syncgame.ui.screens.play.screen import PlayScreen

        entry = self.progress.get(level.id)
        screen = PlayScreen(level)
        if entry is not None and entry.last is not None and entry.last.placements:
            screen.board = restore_board(level, entry.last)
            screen.restored = bool(screen.board.applied)
        return screen

    def continue_level(self) -> Level | None:
        """The first unsolved level (in play order) of the open chapters, or None."""
        chapters = [(name, [lv.id for lv in levels]) for name, levels in self.catalog.chapters()]
        opened = self.progress.unlocked_chapters(chapters)
        ids = [lv.id for lv in self.catalog.ordered() if lv.chapter in opened]
        level_id = self.progress.first_unsolved(ids)
        return self.catalog.by_id(level_id) if level_id else None

    def continue_game(self) -> None:
        """Open the first level not solved yet, with its last attempt restored."""
        from syncgame.ui.screens.level_select import LevelSelectScreen

        if not self.catalog.ordered():
            self.notify(tr("select.empty", self.lang, path=self.catalog.folder), severity="error")
            return
        level = self.continue_level()
        if level is None:  # every open level is solved
            self.notify(tr("title.all_solved", self.lang))
            return
        self.push_screen(LevelSelectScreen(select=level.id))
        self.push_screen(self.play_screen(level))

    def play_level(self, level: Level) -> None:
        """Open `level` with the player's last draft of it (see `play_screen`)."""
        self.push_screen(self.play_screen(level))

    def replay_tutorial(self) -> bool:
        """Open the first level with the tutorial from its first step (help's T)."""
        from syncgame.ui.screens.play.screen import PlayScreen

        ordered = self.catalog.ordered()
        if not ordered:
            return False
        screen = PlayScreen(ordered[0])
        screen.coach_forced = True
        self.push_screen(screen)
        return True

    def switch_screen_to_level(self, level: Level) -> None:
        """Replace the play screen on top with one for `level`."""
        from syncgame.ui.screens.play.screen import PlayScreen

        if isinstance(self.screen, PlayScreen):
            self.switch_screen(self.play_screen(level))
        else:
            self.push_screen(self.play_screen(level))

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
        if self.play_clock is not None and self.play_clock.stop():
            self.save()  # the time played on the open level


class PlayClock:
    """Counts the time a play screen is on top, per level; saved with the next save."""

    def __init__(self, app: SyncGameApp) -> None:
        self.app = app
        self.level_id: str | None = None
        self.since = 0.0
        app.screen_change_signal.subscribe(app, self._screen_changed)

    def _screen_changed(self, screen: Screen) -> None:
        from syncgame.ui.screens.play.screen import PlayScreen

        self.stop()
        if isinstance(screen, PlayScreen):
            self.level_id = screen.level.id
            self.since = time.monotonic()

    def stop(self) -> bool:
        """Count the time since the play screen came up; True if there was one."""
        if self.level_id is None:
            return False
        self.app.progress.add_time(self.level_id, time.monotonic() - self.since)
        self.level_id = None
        return True


def run_app(level: str | None = None) -> int:
    """Start the game; `level` (an id or a path to a level file) opens that level."""
    catalog: Catalog | None = None
    chosen: Level | None = None
    if level:
        from syncgame.level.find import LevelNotFound

        catalog = load_catalog()
        try:
            chosen = catalog.find(level)
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
