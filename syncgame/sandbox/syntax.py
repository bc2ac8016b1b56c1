"""Parsing level code: one language, Python 3.11's, on every interpreter.

A level written on Python 3.13 must load on 3.11, so level code may only use 3.11's syntax:
`ast.parse(..., feature_version=(3, 11))` refuses newer statements (`type X = int`,
`def f[T]()`), and since that flag does not cover the f-strings of PEP 701 (3.12), those
are checked here as 3.11 would read them. Parsing never prints warnings: an invalid escape
sequence in level code is the level's business, not the terminal's (see docs/level-format.md).
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
import warnings

LEVEL_PYTHON = (3, 11)
"""The Python version whose syntax level code is written in."""

_NEWER = "needs Python 3.12; level code is Python 3.11, so that levels load everywhere"


def parse_level_code(source: str, mode: str = "exec") -> ast.AST:
    """`ast.parse` for level code (or a piece of it): 3.11 syntax, no warnings printed.

    Raises SyntaxError (with the line) for what Python 3.11 would not accept."""
    with warnings.catch_warnings():
        # invalid escape sequences: DeprecationWarning on 3.11, SyntaxWarning on 3.12+
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        tree = ast.parse(source, mode=mode, feature_version=LEVEL_PYTHON)
    if sys.version_info >= (3, 12) and "f" in source.lower():
        _refuse_newer_fstrings(source)
    return tree


def _refuse_newer_fstrings(source: str) -> None:
    """Raise SyntaxError at the first f-string that Python 3.11 could not read: inside its
    `{}`, a backslash, a comment, a line break in a one-line f-string, or its own quote."""
    depth, quote, start_line = 0, "", 0
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.FSTRING_START:
            depth += 1
            if depth == 1:
                quote = token.string.lstrip("fFrRbBuU")
                start_line = token.start[0]
                continue
        elif token.type == tokenize.FSTRING_END:
            depth -= 1
            if depth == 0:
                if len(quote) == 1 and token.end[0] != start_line:
                    _newer(start_line, "an f-string whose {} spans lines")
                continue
        if depth == 0 or (token.type == tokenize.FSTRING_MIDDLE and depth == 1):
            continue  # outside f-strings, or the outer f-string's own text
        if token.type == tokenize.COMMENT:
            _newer(token.start[0], "a comment inside an f-string's {}")
        if "\\" in token.string:
            _newer(token.start[0], "a backslash inside an f-string's {}")
        if token.type in (tokenize.STRING, tokenize.FSTRING_START, tokenize.FSTRING_END) and (
            quote in token.string
        ):
            _newer(token.start[0], f"reusing the quote {quote} inside an f-string's {{}}")


def _newer(line: int, what: str) -> None:
    raise SyntaxError(f"{what} {_NEWER}", ("<level>", line, 1, None))
