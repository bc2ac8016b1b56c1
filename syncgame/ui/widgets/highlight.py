"""Python syntax colours for the code panes, without backgrounds (selection draws those)."""

from __future__ import annotations

from pygments.lexers import PythonLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String, Token
from rich.text import Text

COLOURS = (
    (Keyword, "#c678dd"),
    (Name.Builtin, "#56b6c2"),
    (Name.Function, "#61afef"),
    (String, "#e5c07b"),
    (Number, "#d19a66"),
    (Comment, "#7f848e italic"),
    (Operator.Word, "#c678dd"),
)

COLOURS_LIGHT = (  # the same roles, dark enough to read on a light background
    (Keyword, "#a626a4"),
    (Name.Builtin, "#0184bc"),
    (Name.Function, "#4078f2"),
    (String, "#50a14f"),
    (Number, "#986801"),
    (Comment, "#696c77 italic"),
    (Operator.Word, "#a626a4"),
)

_LEXER = PythonLexer(stripnl=False, ensurenl=False)


def _style(token, colours=COLOURS) -> str:
    for kind, colour in colours:
        if token in kind:
            return colour
    return ""


def highlight_python(lines: list[str], light: bool = False) -> list[Text]:
    """One Text a line, coloured by token type (`light`: for a light background)."""
    colours = COLOURS_LIGHT if light else COLOURS
    source = "\n".join(lines)
    result = [Text()]
    for token, value in _LEXER.get_tokens(source):
        parts = value.split("\n")
        for index, part in enumerate(parts):
            if index:
                result.append(Text())
            if part:
                result[-1].append(
                    part, style=_style(token, colours) if token is not Token.Text else ""
                )
    while len(result) < len(lines):
        result.append(Text())
    return result[: len(lines)]
