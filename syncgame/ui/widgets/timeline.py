"""The timeline: the last steps as a compact, scrollable log (thread, operation, result)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

from syncgame.play.narrate import event_row


class Timeline(RichLog, can_focus=False):
    """Not focusable: the arrow keys stay with the replay; the mouse wheel scrolls it."""

    DEFAULT_CSS = """
    Timeline {
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text;
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(max_lines=400, wrap=False, markup=False, auto_scroll=True, **kwargs)
        self._shown = 0
        self.lang = "en"
        """The language of the rows written from now on."""

    def show(self, events: list[dict]) -> None:
        """Show exactly `events` (appending when they extend what is shown)."""
        if len(events) < self._shown or self._shown == 0 and events:
            self.clear()
            self._shown = 0
        for event in events[self._shown :]:
            self.write(_row(event, self.lang))
        self._shown = len(events)
        if not events:
            self.clear()

    def reset(self) -> None:
        self.clear()
        self._shown = 0


def _row(event: dict, lang: str = "en") -> Text:
    text = Text(event_row(event, lang), no_wrap=True)
    result = str(event.get("result", ""))
    if result == "blocked":
        text.stylize("yellow")
    elif result.startswith("raised"):
        text.stylize("bold red")
    elif event.get("op") == "write":
        text.stylize("bold")
    return text
