"""The key footer every screen shows: Textual's, redrawn once per burst of binding changes.

Textual's footer queues a whole recompose (every key widget removed and built again) for each
`refresh_bindings`, and a screen publishes one per focus change, per binding-bound reactive and
per language switch: opening the play screen queued six, all drawing the same keys. Here one
queued redraw serves every change that comes before it runs, since it reads the bindings only
when it runs; a change after that queues the next. What the footer shows is the same.

The redraw is queued as the footer's next message, not after the next screen refresh (as
Textual's is): then the footer is up to date once the messages are handled, which is when a
pilot test (and a snapshot) sees the screen as settled."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    _redraw_queued = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True  # as Textual's: the first change lets compose draw keys
        if self._redraw_queued or not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._redraw_queued = self.call_later(self._redraw)

    async def _redraw(self) -> None:
        self._redraw_queued = False
        await self.recompose()
