"""What the play screen says about a measured level (`[measure]`, the GIL chapter): it is
judged by timing the real jobs, so runs under the game's scheduler would show nothing true."""

from __future__ import annotations

from syncgame.level.model import BUSY_REASON
from syncgame.texts import tr


def is_measured(level) -> bool:
    return level.measure is not None


def measured_note(lang: str) -> str:
    """Said instead of a live run, a scheduler run or "show the bug" on a measured level."""
    return tr("measured.note", lang)


def counts_as_attempt(result: dict) -> bool:
    """A "machine too busy" verdict judged nothing: it is not the player's failed attempt."""
    return result.get("reason") != BUSY_REASON
