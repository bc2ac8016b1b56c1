"""The guided tutorial on the first level: run, see the bug, place, submit. Each step names
the key to press and advances when the player did it. No Textual here (the coach widget draws
it; the play screen reports what the player did)."""

from __future__ import annotations

from dataclasses import dataclass

from syncgame.texts import tr


@dataclass(frozen=True)
class Step:
    event: str
    """What the player must do to advance: run | bug | place | submit."""
    key: str

    def text(self, lang: str) -> str:
        return tr(f"tutorial.{self.event}", lang)


STEPS = (Step("run", "Space"), Step("bug", "B"), Step("place", "Enter"), Step("submit", "S"))


class Tutorial:
    """Where the player is in the steps."""

    def __init__(self) -> None:
        self.index = 0

    @property
    def finished(self) -> bool:
        return self.index >= len(STEPS)

    @property
    def step(self) -> Step | None:
        return None if self.finished else STEPS[self.index]

    def did(self, event: str) -> bool:
        """The player did `event`: True when that was the current step (it advanced)."""
        if self.finished or STEPS[self.index].event != event:
            return False
        self.index += 1
        return True
