"""A grid of characters, each with a style key: what the stage draws on. No Textual."""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len, set_cell_size


def crop(text: str, width: int) -> str:
    """`text` cut to at most `width` columns (a CJK character takes two)."""
    return text if cell_len(text) <= width else set_cell_size(text, max(0, width))


def centre(text: str, width: int) -> str:
    """`text` centred in exactly `width` columns, like `str.center` for one-column text."""
    wide = cell_len(text) - len(text)
    return set_cell_size(text.center(max(0, width - wide)), max(0, width))


class Canvas:
    def __init__(self, width: int, height: int, style: str = "") -> None:
        self.width = max(0, width)
        self.height = max(0, height)
        self.chars = [[" "] * self.width for _ in range(self.height)]
        self.styles = [[style] * self.width for _ in range(self.height)]

    def put(self, x: int, y: int, text: str, style: str, *, transparent: bool = False) -> None:
        """Write `text` at (x, y), clipped; with `transparent`, spaces leave what is below.

        A wide character (Chinese) takes two cells: the second holds "" so rows keep their width.
        """
        if not 0 <= y < self.height:
            return
        for char in text:
            wide = cell_len(char) == 2
            if cell_len(char) not in (1, 2):
                char = "?"
            span = 2 if wide else 1
            if x >= self.width:
                break
            if x >= 0 and not (transparent and char == " "):
                if x + span <= self.width:
                    self._set(x, y, char, style)
                    if wide:
                        self._set(x + 1, y, "", style)
                else:
                    self._set(x, y, " ", style)  # half a wide character does not fit
            x += span

    def _set(self, x: int, y: int, char: str, style: str) -> None:
        row, styles = self.chars[y], self.styles[y]
        if row[x] == "" and x > 0:
            row[x - 1] = " "  # overwriting the right half of a wide character
        if x + 1 < self.width and row[x + 1] == "" and cell_len(row[x]) == 2 and char != "":
            row[x + 1] = " "  # overwriting the left half of a wide character
        row[x] = char
        styles[x] = style

    def put_lines(self, x: int, y: int, lines, style: str, *, transparent: bool = True) -> None:
        for dy, line in enumerate(lines):
            self.put(x, y + dy, line, style, transparent=transparent)

    def text(self, y: int) -> str:
        return "".join(self.chars[y])

    def runs(self, y: int) -> Iterator[tuple[str, str]]:
        """(text, style) runs of row `y`, left to right."""
        row, styles = self.chars[y], self.styles[y]
        start = 0
        for x in range(1, self.width + 1):
            if x == self.width or styles[x] != styles[start]:
                yield "".join(row[start:x]), styles[start]
                start = x

    def __str__(self) -> str:
        return "\n".join(self.text(y) for y in range(self.height))
