"""What the command modules share: the error a command raises for bad input, and the
terminal-width helpers that align their tables."""

from __future__ import annotations

import unicodedata

USAGE_ERROR = 2
"""Exit status for bad arguments or input (argparse's own)."""


class CommandError(Exception):
    """Bad input to a command: printed as one line on stderr, exit status `code`."""

    def __init__(self, message: str, code: int = USAGE_ERROR):
        super().__init__(message)
        self.code = code


def text_width(text: str) -> int:
    """Columns `text` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` terminal columns."""
    return text + " " * (width - text_width(text))
