"""Map key paths of a TOML document to lines in its text.

`tomllib` gives values without positions, so this scans the raw text once more. It trusts
that `tomllib` has already accepted the text: it only needs TOML's lexical shape (strings,
comments, brackets, headers), not its full grammar.

A path is a tuple of keys and array indices: ("threads", 1, "code"), ("goal", "final", 0).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

_PUNCT = "[]{}=,"
_BARE_STOP = set(_PUNCT) | set(" \t\r\n#\"'")


@dataclass(frozen=True)
class _Token:
    kind: str  # "str", "bare", "nl" or one of _PUNCT
    text: str
    line: int
    col: int
    content_line: int = 0  # strings: line where the string's value starts
    multiline: bool = False


@dataclass(frozen=True)
class StringSpot:
    line: int
    """Line where the string's first character stands."""
    multiline: bool
    """True for `\"\"\"` / `'''` strings, whose lines map one to one onto the file's lines."""

    def file_line(self, inner_line: int) -> int:
        """The file line of line `inner_line` (1-based) of the string's value."""
        return self.line + inner_line - 1 if self.multiline else self.line


def _string_end(text: str, start: int, quote: str, escapes: bool) -> int:
    """Index just past the closing quote(s) of the string opening at `start`."""
    triple = text.startswith(quote * 3, start)
    i = start + (3 if triple else 1)
    while i < len(text):
        ch = text[i]
        if escapes and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if not triple:
                return i + 1
            run = 0
            while i + run < len(text) and text[i + run] == quote:
                run += 1
            if run >= 3:  # up to two quotes may belong to the content
                return i + run
            i += run
            continue
        i += 1
    return len(text)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, line, line_start = 0, 1, 0
    while i < len(text):
        ch = text[i]
        col = i - line_start
        if ch in " \t\r":
            i += 1
        elif ch == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
        elif ch == "\n":
            tokens.append(_Token("nl", ch, line, col))
            i, line, line_start = i + 1, line + 1, i + 1
        elif ch in "\"'":
            end = _string_end(text, i, ch, escapes=ch == '"')
            raw = text[i:end]
            multiline = raw.startswith(ch * 3)
            content_line = line
            if multiline and (raw[3:4] == "\n" or raw[3:5] == "\r\n"):
                content_line += 1  # TOML drops a newline right after the opening quotes
            tokens.append(_Token("str", raw, line, col, content_line, multiline))
            newlines = raw.count("\n")
            if newlines:
                line += newlines
                line_start = i + raw.rfind("\n") + 1
            i = end
        elif ch in _PUNCT:
            tokens.append(_Token(ch, ch, line, col))
            i += 1
        else:
            start = i
            while i < len(text) and text[i] not in _BARE_STOP:
                i += 1
            tokens.append(_Token("bare", text[start:i], line, col))
    return tokens


def _key_part(token: _Token) -> list[str]:
    if token.kind == "str":
        return [tomllib.loads("k = " + token.text)["k"]]
    return [part for part in token.text.split(".") if part]


class LineMap:
    """Lines of keys, table headers and string values of one TOML text."""

    def __init__(self, text: str):
        self.keys: dict[tuple, int] = {}
        self.strings: dict[tuple, StringSpot] = {}
        self._tokens = _tokenize(text)
        self._i = 0
        self._arrays: dict[tuple, int] = {}
        self._document()

    def line(self, path: tuple) -> int:
        """The line of `path`'s key (or header), else of its nearest located parent, else 1."""
        while path:
            if path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return 1

    def string(self, path: tuple) -> StringSpot:
        """Where the string value at `path` starts (falls back to the key's line)."""
        return self.strings.get(path) or StringSpot(self.line(path), False)

    # --- the scan ---------------------------------------------------------------------

    def _peek(self, offset: int = 0) -> _Token | None:
        j = self._i + offset
        return self._tokens[j] if j < len(self._tokens) else None

    def _next(self) -> _Token:
        token = self._tokens[self._i]
        self._i += 1
        return token

    def _skip_newlines(self) -> None:
        while (token := self._peek()) is not None and token.kind == "nl":
            self._i += 1

    def _skip_line(self) -> None:
        while (token := self._peek()) is not None and token.kind != "nl":
            self._i += 1

    def _key(self, stop: str) -> list[str]:
        parts: list[str] = []
        while (token := self._peek()) is not None and token.kind != stop:
            parts += _key_part(self._next())
        return parts

    def _document(self) -> None:
        table: tuple = ()
        while (token := self._peek()) is not None:
            if token.kind == "nl":
                self._i += 1
                continue
            if token.kind == "[":
                table = self._header()
            else:
                self._key_value(table)
            self._skip_line()

    def _header(self) -> tuple:
        opening = self._next()
        after = self._peek()
        is_array = after is not None and after.kind == "[" and after.col == opening.col + 1
        if is_array:
            self._i += 1
        keys = self._key("]")
        path: tuple = ()
        for key in keys[:-1] if is_array else keys:
            path += (key,)
            if path in self._arrays:  # a header inside an array of tables extends its last entry
                path += (self._arrays[path] - 1,)
        if is_array:
            path += (keys[-1],)
            self.keys.setdefault(path, opening.line)
            index = self._arrays.get(path, 0)
            self._arrays[path] = index + 1
            path += (index,)
        self.keys[path] = opening.line
        return path

    def _key_value(self, table: tuple) -> None:
        first = self._peek()
        keys = self._key("=")
        if first is None or self._peek() is None:
            return
        self._i += 1  # "="
        path = table
        for key in keys:
            path += (key,)
            self.keys.setdefault(path, first.line)
        self._value(path)

    def _value(self, path: tuple) -> None:
        token = self._peek()
        if token is None:
            return
        self._i += 1
        if token.kind == "str":
            self.strings[path] = StringSpot(token.content_line, token.multiline)
        elif token.kind == "[":
            self._array(path)
        elif token.kind == "{":
            self._inline_table(path)

    def _array(self, path: tuple) -> None:
        index = 0
        while True:
            self._skip_newlines()
            token = self._peek()
            if token is None or token.kind == "]":
                self._i += 1
                return
            if token.kind == ",":
                self._i += 1
                continue
            self.keys[path + (index,)] = token.line
            self._value(path + (index,))
            index += 1

    def _inline_table(self, path: tuple) -> None:
        while (token := self._peek()) is not None:
            if token.kind == "}":
                self._i += 1
                return
            if token.kind in (",", "nl"):
                self._i += 1
                continue
            self._key_value(path)
