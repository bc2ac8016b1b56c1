"""The level's `[helpers]`: functions every thread may call, shown read-only beside the
threads' code (a bug may live there, as in rlock-reentrant; placements never change it)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

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
        zh = lang == "zh"
        self.border_title = "辅助函数 helpers" if zh else "helpers"
        self.border_subtitle = "只读 · 各线程调用" if zh else "read-only · the threads call these"
