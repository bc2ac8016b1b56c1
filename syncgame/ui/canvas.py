"""A grid of characters, each with a style key: what the stage draws on. No Textual."""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len


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
            if x >= 0 and not (transparent and char == " "):
                if cell_len(char) != 1:
                    char = "?"
                row[x] = char
                styles[x] = style
            x += 1

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
