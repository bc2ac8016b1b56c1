"""A text widget that wraps by cell width (Chinese breaks between characters, not at the
first space): a drop-in for a `Static` that shows prose."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from syncgame.ui.wrap import wrap_text


class WrappedText(Widget):
    DEFAULT_CSS = """
    WrappedText {
        height: auto;
    }
    """

    def __init__(self, content: Text | str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text(content) if isinstance(content, str) else content

    @property
    def text(self) -> Text:
        return self._text

    def update(self, content: Text | str = "") -> None:
        text = Text(content) if isinstance(content, str) else content
        if text == self._text:
            return  # the same words (a status redrawn every frame): no new layout
        self._text = text
        self.refresh(layout=True)

    def _rows(self, width: int) -> list[Text]:
        return wrap_text(self._text, width) if self._text.plain else []

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self._rows(width))) if self._text.plain else 0

    def get_content_width(self, container, viewport) -> int:
        return container.width

    def render(self) -> Text:
        width, height = self.content_size.width, self.content_size.height
        rows = self._rows(width)
        if 0 < height < len(rows):  # cut by a max-height: say so with an ellipsis
            rows = rows[:height]
            last = rows[-1].copy()
            last.truncate(max(0, width - 1))
            last.rstrip()
            last.append("…")
            rows[-1] = last
        shown = Text("\n").join(rows)
        shown.no_wrap = True
        shown.overflow = "ellipsis"
        shown.end = ""
        return shown
