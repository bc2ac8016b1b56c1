"""Level select's break-it track: each level's challenge stars, its record, and opening a level
straight into its challenge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from syncgame.breakit import has_challenge
from syncgame.stars import stars_text
from syncgame.ui.saves import level_badge, locked, progress_of

if TYPE_CHECKING:
    from textual.app import App

    from syncgame.level.model import Level

TITLE = ("Break it: drive each start into its failure", "破坏它：把每关的初始代码带进它的错误")


def track_title(lang: str) -> str:
    return TITLE[1] if lang == "zh" else TITLE[0]


def track_badge(app: App, level: Level, lang: str) -> tuple[str, str]:
    """(text, style) after a title on the break-it track."""
    if locked(app, level):
        return level_badge(app, level, lang)
    if not has_challenge(level):
        return ("· 无挑战" if lang == "zh" else "· no challenge"), "dim italic"
    entry = progress_of(app).challenges.get(level.id)
    if entry is not None and entry.won:
        return stars_text(entry.stars), "bold magenta"
    return "", ""


def track_record(app: App, level: Level, lang: str) -> str:
    """The level's challenge in one line (or why there is none)."""
    zh = lang == "zh"
    if not has_challenge(level):
        return "这一关没有破坏挑战" if zh else "This level has no break-it challenge."
    entry = progress_of(app).challenges.get(level.id)
    if entry is None:
        return (
            "破坏挑战：还没玩过（Enter 开始）" if zh else "Break it: not tried yet (Enter starts)."
        )
    best = (
        ""
        if entry.switches is None
        else (f"，最少切换 {entry.switches} 次" if zh else f", best {entry.switches} switch(es)")
    )
    if zh:
        return f"破坏挑战：{stars_text(entry.stars)}，尝试 {entry.tries} 次{best}"
    return f"Break it: {stars_text(entry.stars)}, {entry.tries} tr{'y' if entry.tries == 1 else 'ies'}{best}."


def open_challenge(app: App, level: Level) -> None:
    """The play screen of `level`, straight into its challenge."""
    from syncgame.ui.screens.play.screen import PlayScreen

    screen = PlayScreen(level)
    screen.open_challenge = has_challenge(level)
    app.push_screen(screen)
