"""A `TextArea` for worker code: Python highlighting (Pygments, so no tree-sitter is needed),
line numbers, indent on Tab (Esc leaves), and a mark in the gutter on lines with a problem."""

from __future__ import annotations

from pygments.lexers import PythonLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String, Token
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import TextArea

_LEXER = PythonLexer(stripnl=False, ensurenl=False)

_NAMES = (
    (Keyword.Constant, "boolean"),
    (Keyword, "keyword"),
    (Operator.Word, "keyword.operator"),
    (Name.Builtin, "function.call"),
    (Name.Function, "function"),
    (Name.Exception, "type.builtin"),
    (String, "string"),
    (Number, "number"),
    (Comment, "comment"),
)
"""Pygments token types -> the highlight names TextArea themes colour."""

MARK = "✗"
MARK_STYLE = Style(color="red", bold=True)


def _highlight_name(token) -> str | None:
    for kind, name in _NAMES:
        if token in kind:
            return name
    return None


def python_highlights(text: str) -> dict[int, list[tuple[int, int | None, str]]]:
    """Line index -> (start byte, end byte, highlight name) for TextArea's renderer."""
    highlights: dict[int, list[tuple[int, int | None, str]]] = {}
    row, column = 0, 0  # column in UTF-8 bytes, as TextArea expects
    for token, value in _LEXER.get_tokens(text):
        name = _highlight_name(token) if token is not Token.Text else None
        parts = value.split("\n")
        for index, part in enumerate(parts):
            if index:
                row, column = row + 1, 0
            width = len(part.encode("utf-8"))
            if name and width:
                highlights.setdefault(row, []).append((column, column + width, name))
            column += width
    return highlights


class CodeEditor(TextArea):
    """Worker code. `problem_lines` (1-based) get a mark in the gutter."""

    DEFAULT_CSS = """
    CodeEditor {
        height: auto;
        min-height: 5;
        max-height: 16;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(
            text,
            id=id,
            classes=classes,
            soft_wrap=False,
            tab_behavior="indent",
            show_line_numbers=True,
            show_cursor=True,
        )
        self.indent_width = 4
        self.indent_type = "spaces"
        self.match_cursor_bracket = True
        self.problem_lines: set[int] = set()

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        self._highlights.clear()
        for row, spans in python_highlights(self.document.text).items():
            self._highlights[row].extend(spans)

    def mark_problems(self, lines: set[int]) -> None:
        if lines != self.problem_lines:
            self.problem_lines = set(lines)
            self._line_cache.clear()
            self.refresh()

    def _render_line(self, y: int) -> Strip:
        strip = super()._render_line(y)
        if not self.problem_lines or not self.show_line_numbers:
            return strip
        try:
            line_index, section = self.wrapped_document._offset_to_line_info[
                y + self.scroll_offset.y
            ]
        except IndexError:
            return strip
        if section != 0 or line_index + 1 not in self.problem_lines:
            return strip
        gutter = self.gutter_width
        if gutter < 2:
            return strip
        mark = Strip([Segment(MARK, MARK_STYLE)], 1)
        return Strip.join([strip.crop(0, gutter - 1), mark, strip.crop(gutter)])
