"""Level select's break-it track: each level's challenge stars, its record, and opening a level
straight into its challenge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from syncgame.play.breakit import has_challenge
from syncgame.play.stars import stars_text
from syncgame.texts import tr
from syncgame.ui.records import level_badge

if TYPE_CHECKING:
    from syncgame.level.model import Level
    from syncgame.ui.app import SyncGameApp


def track_title(lang: str) -> str:
    return tr("breakit.track_title", lang)


def track_badge(app: SyncGameApp, level: Level, lang: str) -> tuple[str, str]:
    """(text, style) after a title on the break-it track."""
    if app.is_locked(level):
        return level_badge(app, level, lang)
    if not has_challenge(level):
        return tr("breakit.no_challenge_badge", lang), "dim italic"
    entry = app.progress.challenges.get(level.id)
    if entry is not None and entry.won:
        return stars_text(entry.stars), "bold magenta"
    return "", ""


def track_record(app: SyncGameApp, level: Level, lang: str) -> str:
    """The level's challenge in one line (or why there is none)."""
    if not has_challenge(level):
        return tr("breakit.no_challenge", lang)
    entry = app.progress.challenges.get(level.id)
    if entry is None:
        return tr("breakit.not_tried", lang)
    best = (
        "" if entry.switches is None else tr("breakit.best_switches", lang, switches=entry.switches)
    )
    key = "breakit.record_one" if entry.tries == 1 else "breakit.record"
    return tr(key, lang, stars=stars_text(entry.stars), tries=entry.tries, best=best)


def open_challenge(app: SyncGameApp, level: Level) -> None:
    """The play screen of `level`, straight into its challenge."""
    from syncgame.ui.screens.play.screen import PlayScreen

    screen = PlayScreen(level)
    screen.open_challenge = has_challenge(level)
    app.push_screen(screen)
