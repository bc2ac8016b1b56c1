"""The palette: primitives the level lets you add (with counts left) and those in the program."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from syncgame.level.model import Level
from syncgame.play.placement import Draft, palette_left, start_draft
from syncgame.texts import tr


class PalettePanel(Static):
    DEFAULT_CSS = """
    PalettePanel {
        height: auto;
        border: round $panel-lighten-2;
        border-title-color: $text;
        padding: 0 1;
    }
    """

    class RetypeRequested(Message):
        pass

    def show(self, level: Level, draft: Draft, lang: str) -> None:
        self.border_title = tr("palette.title", lang)
        text = Text(no_wrap=True, overflow="ellipsis")
        left = palette_left(level, draft)
        if not left:
            text.append(tr("palette.nothing", lang), style="dim")
        for kind, count in left.items():
            style = "bold green" if count > 0 else "dim"
            text.append(f"{kind:<12}", style=style)
            text.append(tr("palette.left", lang, count=count) + "\n", style=style)
        start = start_draft(level).primitives
        if draft.primitives:
            text.append("\n")
        for name, declaration in draft.primitives.items():
            mark = "" if start.get(name) == declaration else " ✚"
            text.append(f"{name} = {declaration}", style="bold" if mark else "")
            text.append(f"{mark}\n", style="#98c379")
        if draft.primitives:
            text.append("T: " + tr("palette.retype", lang), style="dim")
        text.rstrip()
        self.update(text)

    def on_click(self) -> None:
        self.post_message(self.RetypeRequested())
