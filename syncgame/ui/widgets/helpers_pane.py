"""The level's `[helpers]`: functions every thread may call, shown read-only beside the
threads' code (a bug may live there, as in rlock-reentrant; placements never change it)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from syncgame.texts import tr
from syncgame.ui.widgets.highlight import highlight_python


class HelpersPane(Static):
    DEFAULT_CSS = """
    HelpersPane {
        height: auto;
        width: 1fr;
        border: round $panel;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1 0 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, code: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.code = code.strip("\n")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel, init=True)
        lines = self.code.splitlines()
        text = Text(no_wrap=True, overflow="ellipsis")
        width = len(str(len(lines)))
        for number, line in enumerate(highlight_python(lines), start=1):
            text.append(f"{number:>{width}}   ", style="dim")
            text.append_text(line)
            text.append("\n")
        text.rstrip()
        self.update(text)

    def _relabel(self, lang: str) -> None:
        self.border_title = tr("helpers.title", lang)
        self.border_subtitle = tr("helpers.subtitle", lang)
