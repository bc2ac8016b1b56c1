"""The play screen's tutorial coach: on the first level (once, until finished or skipped; help's
T replays it), each step names a key and advances when the player pressed it.

A mixin of `PlayScreen`, which reports what the player did with `_coach(event)`.
"""

from __future__ import annotations

from syncgame.play.tutorial import Tutorial
from syncgame.texts import tr
from syncgame.ui.widgets.coach import Coach


def first_level(app):
    ordered = app.catalog.ordered()
    return ordered[0] if ordered else None


class CoachMixin:
    tutorial: Tutorial | None = None
    coach_forced = False
    """Show the tutorial even if it was done (opened from help)."""
    _coach_closing = False

    def _coach_open(self) -> None:
        settings = self.app.progress.settings
        first = first_level(self.app)
        on_first = first is not None and first.id == self.level.id
        if self.coach_forced or (on_first and not settings.tutorial_done):
            self.tutorial = Tutorial()
        self._coach_show()

    def _coach(self, event: str) -> None:
        """The player did `event` (run | bug | place | submit)."""
        if self._coach_closing:
            self._coach_closing = False  # the last words go at the next thing done
            self._coach_show()
        if self.tutorial is None or not self.tutorial.did(event):
            return
        if self.tutorial.finished:
            self.tutorial = None
            self._coach_closing = True
            self._coach_done()
        self._coach_show()

    def action_skip_tutorial(self) -> None:
        if self.tutorial is None and not self._coach_closing:
            return
        skipped = self.tutorial is not None
        self.tutorial = None
        self._coach_closing = False
        self._coach_done()
        self._coach_show()
        if skipped:
            self._say(tr("tutorial.skipped", self.lang), "info")

    def _coach_done(self) -> None:
        settings = self.app.progress.settings
        if not settings.tutorial_done:
            settings.tutorial_done = True
            self.app.save()

    def _coach_show(self) -> None:
        self.query_one(Coach).show(self.tutorial, self.lang, self._coach_closing)
