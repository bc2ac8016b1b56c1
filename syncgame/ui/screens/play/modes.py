"""What the play screen is doing, and what each mode lets the player do."""

from __future__ import annotations

from enum import Enum

TIMELINE_ACTIONS = frozenset({"frame", "frame_edge"})
"""Keys that move through the run on the stage (← → Home End)."""
PICK_ACTIONS = frozenset({"pick", "unstep"})
"""Keys that schedule a thread or take its step back (1-9, U)."""


class Mode(Enum):
    EDIT = "edit"
    """Placing primitives: the code panes are editable, the stage shows the start state."""
    LIVE = "live"
    """A run of real threads under a random schedule, paced."""
    REPLAY = "replay"
    """The judge's failing schedule on the start code, forward and backward."""
    SCHEDULER = "scheduler"
    """The player picks which thread takes the next step."""

    @property
    def words_key(self) -> str:
        """The string key (`syncgame/texts.py`) of the mode's name on the stage's border."""
        return f"play.mode.{self.value}"

    @property
    def code_editable(self) -> bool:
        """Only the edit mode changes the code; the others show a run of it."""
        return self is Mode.EDIT

    @property
    def paced(self) -> bool:
        """A run that plays by itself: Space pauses and resumes it, N takes one step."""
        return self in (Mode.LIVE, Mode.REPLAY)

    def enables(self, action: str) -> bool:
        """Whether the key bound to `action` does anything in this mode."""
        if action in TIMELINE_ACTIONS:
            return self is not Mode.EDIT  # every other mode has a run on the stage
        if action in PICK_ACTIONS:
            return self is Mode.SCHEDULER
        return True
