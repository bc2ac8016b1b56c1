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
        """Write `text` at (x, y), clipped; with `transparent`, spaces leave what is below."""
        if not 0 <= y < self.height:
            return
        row, styles = self.chars[y], self.styles[y]
        for char in text:
            if x >= self.width:
                break
            cells = cell_len(char)
            if cells == 0:  # a combining mark or a control character: nothing to draw
                continue
            if x >= 0 and not (transparent and char == " "):
                if cells == 2 and x + 1 >= self.width:
                    char, cells = " ", 1  # no room for the right half of a wide character
                self._free(row, x)
                if cells == 2:  # CJK: the character, then "" for the cell its right half takes
                    self._free(row, x + 1)
                    row[x + 1] = ""
                    styles[x + 1] = style
                row[x] = char
                styles[x] = style
            x += cells

    def _free(self, row: list[str], x: int) -> None:
        """Before cell `x` is written: a wide character it was half of becomes a space."""
        if row[x] == "" and x > 0:
            row[x - 1] = " "
        elif cell_len(row[x]) == 2 and x + 1 < self.width:
            row[x + 1] = " "

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
