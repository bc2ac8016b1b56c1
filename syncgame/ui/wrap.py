"""Wrap text by terminal cell width, breaking between any two CJK characters.

Rich and Textual break lines only at spaces, so a Chinese sentence (no spaces) is one long
"word": it jumps whole to the next line and leaves the line before it ragged. Here a line may
break between two CJK characters as well as at spaces, never before closing punctuation (，。)
nor after opening punctuation (（「), the way Chinese text is set.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.text import Text

NO_BREAK_BEFORE = frozenset("，。、；：？！）」』】》〉”’…—,.;:?!)]}%")
"""Closing punctuation stays on the line of the character before it."""
NO_BREAK_AFTER = frozenset("（「『【《〈“‘([{")
"""Opening punctuation stays on the line of the character after it."""
NO_BREAK_SPACES = frozenset("\xa0\u202f")


def is_wide(char: str) -> bool:
    """A character that takes two cells (CJK ideographs, kana, full-width forms)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _tokens(line: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_space) pieces between which a line may break."""
    tokens: list[tuple[int, int, bool]] = []
    start = 0
    for index in range(1, len(line) + 1):
        if index < len(line) and not _break_between(line[index - 1], line[index]):
            continue
        tokens.append((start, index, _is_space(line[start])))
        start = index
    return tokens


def _is_space(char: str) -> bool:
    """A space a line may break at (not a no-break space)."""
    return char.isspace() and char not in NO_BREAK_SPACES


def _break_between(before: str, after: str) -> bool:
    if _is_space(before) != _is_space(after):
        return True
    if _is_space(before):
        return False
    if after in NO_BREAK_BEFORE or before in NO_BREAK_AFTER:
        return False
    return is_wide(before) or is_wide(after)


def wrap_offsets(line: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each wrapped row of one line (no newlines in it), spaces at a break
    dropped; a piece wider than `width` is cut by characters."""
    width = max(1, width)
    rows: list[tuple[int, int]] = []
    row_start: int | None = None
    row_end = 0
    used = 0
    for start, end, space in _tokens(line):
        piece = line[start:end]
        cells = cell_len(piece)
        if row_start is None:
            if space and rows:
                continue  # a wrapped row never starts with the spaces of its break
            row_start, row_end, used = start, start, 0
        if used + cells <= width:
            used += cells
            if not space or start == row_start:  # a line's own indent is kept
                row_end = end
            continue
        if space:  # the break itself: close the row here
            rows.append((row_start, row_end))
            row_start = None
            continue
        if used > 0:
            rows.append((row_start, row_end))
            row_start, row_end, used = start, start, 0
        for offset, char in enumerate(piece, start=start):  # too wide for any row: cut it
            char_cells = cell_len(char)
            if used + char_cells > width and used > 0:
                rows.append((row_start, row_end))
                row_start, used = offset, 0
            used += char_cells
            row_end = offset + 1
    if row_start is not None:
        rows.append((row_start, row_end))
    return rows or [(0, 0)]


def wrap_text(text: Text | str, width: int) -> list[Text]:
    """`text` as rows of at most `width` cells, styles kept; newlines are kept as breaks."""
    if isinstance(text, str):
        text = Text(text)
    rows: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        for start, end in wrap_offsets(line.plain, width):
            rows.append(line[start:end])
    return rows
