"""The play screen's words about itself: the stage's border (mode, step, speed, keys) and the
status line under the panes. Pure functions of the screen's state."""

from __future__ import annotations

from rich.text import Text

from syncgame.play.playback import Playback
from syncgame.texts import tr
from syncgame.ui.screens.play.modes import Mode

SPEEDS = (1.0, 2.0, 4.0, 8.0, 16.0)
"""Steps a second at each speed level."""

MESSAGE_STYLES = {"error": "bold red", "ok": "green", "info": "dim", "hint": "bold cyan"}


def stage_title(mode: Mode, playback: Playback | None, playing: bool, speed: int, lang: str) -> str:
    """The mode, and the run's step, time and play/pause state when there is a run."""
    parts = [tr(mode.words_key, lang)]
    if playback is not None:
        total = len(playback.events)
        parts.append(tr("play.step", lang, at=playback.index + 1, total=total))
        snapshot = playback.snapshot()
        parts.append(f"t={snapshot.get('time', 0):g}")
        parts.append("▶" if playing else "❚❚")
    parts.append(tr("play.speed", lang, at=speed + 1, total=len(SPEEDS)))
    return "  ·  ".join(parts)


def stage_keys(has_run: bool, measured: bool, lang: str) -> str:
    """The keys that matter most right now, on the stage's lower border."""
    if has_run:
        return tr("play.keys.run", lang)
    if measured:
        return tr("play.keys.measured", lang)
    return tr("play.keys.edit", lang)


def scheduler_line(threads: list[str], enabled: list[str], lang: str) -> Text:
    """Each thread's number key, crossed when it cannot move, and how to pick one."""
    parts = [
        f"{number} {tid}" + ("" if tid in enabled else " ✗")
        for number, tid in enumerate(threads, start=1)
    ]
    return Text("  ".join(parts) + "   " + tr("play.keys.scheduler", lang), style="bold")


def message_line(text: str, kind: str) -> Text:
    """A message to the player, styled by its kind (error, ok, info, hint)."""
    return Text(text, style=MESSAGE_STYLES.get(kind, ""))
