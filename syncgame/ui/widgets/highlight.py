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

_LEXER = PythonLexer(stripnl=False, ensurenl=False)


def _style(token) -> str:
    for kind, colour in COLOURS:
        if token in kind:
            return colour
    return ""


def highlight_python(lines: list[str]) -> list[Text]:
    """One Text a line, coloured by token type."""
    source = "\n".join(lines)
    result = [Text()]
    for token, value in _LEXER.get_tokens(source):
        parts = value.split("\n")
        for index, part in enumerate(parts):
            if index:
                result.append(Text())
            if part:
                result[-1].append(part, style=_style(token) if token is not Token.Text else "")
    while len(result) < len(lines):
        result.append(Text())
    return result[: len(lines)]
