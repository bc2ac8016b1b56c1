"""The editor's field widgets. Each knows the path of the value it edits and how to read it
("attributes down, messages up": the screen applies changes to the document)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static, TextArea

from syncgame.ui.editor.code_editor import CodeEditor

FieldPath = tuple[str | int, ...]


class Editing:
    """Mixin: the value's path (it may change: a renamed key) and its kind.

    kinds: "str" (a string), "int", "count" (empty = absent), "number" (empty = absent),
    "lines" (a list of strings, one a line), "code" / "text" (a string), "optional-code"
    (empty = absent), "key" (the name of a row), "toml" (a value written in TOML),
    "thread-name", "optional-text" (a text table; both languages empty = absent)."""

    path_of: Callable[[], FieldPath]
    kind: str
    local_problem: str | None = None
    """The editor's own complaint about the value typed (not a number...), until fixed."""

    @property
    def path(self) -> FieldPath:
        return self.path_of()


class FieldInput(Editing, Input):
    DEFAULT_CSS = """
    FieldInput { width: 1fr; background: $boost; }
    FieldInput:focus { background: $surface-lighten-2; }
    """

    def __init__(self, path: FieldPath | Callable[[], FieldPath], kind: str, value: str, **kwargs):
        kwargs.setdefault("compact", True)
        super().__init__(value=value, **kwargs)
        self.path_of = path if callable(path) else (lambda: path)
        self.kind = kind
        self.row: KeyRow | None = None


class FieldArea(Editing, TextArea):
    """Prose (briefings) or one expression a line (goals)."""

    DEFAULT_CSS = """
    FieldArea { height: auto; min-height: 3; max-height: 8; }
    """

    def __init__(self, path: FieldPath, kind: str, text: str, **kwargs):
        super().__init__(text, soft_wrap=kind != "lines", tab_behavior="focus", **kwargs)
        self.path_of = lambda: path
        self.kind = kind
        self.show_line_numbers = kind == "lines"


class FieldCode(Editing, CodeEditor):
    def __init__(self, path: FieldPath | Callable[[], FieldPath], kind: str, text: str, **kwargs):
        super().__init__(text, **kwargs)
        self.path_of = path if callable(path) else (lambda: path)
        self.kind = kind


class ProblemLabel(Static):
    """Under a field: the problems `syncgame check` finds there, and the editor's own."""

    DEFAULT_CSS = """
    ProblemLabel {
        color: $text-error;
        height: auto;
        display: none;
        padding: 0 0 0 1;
    }
    ProblemLabel.-shown { display: block; }
    """

    def __init__(self, path: FieldPath | Callable[[], FieldPath], target=None, **kwargs):
        super().__init__("", **kwargs)
        self.path_of = path if callable(path) else (lambda: path)
        self.target = target
        """The widget the problems are about (focused when a problem is chosen)."""
        self.messages: list[str] = []

    @property
    def path(self) -> FieldPath:
        return self.path_of()

    def show(self, messages: list[str]) -> None:
        if messages == self.messages:
            return
        self.messages = list(messages)
        self.update(Text("\n".join(f"✗ {message}" for message in messages)))
        self.set_class(bool(messages), "-shown")


class OpButton(Button):
    """A button that asks the screen for an operation: `op` and its arguments."""

    DEFAULT_CSS = """
    OpButton { min-width: 5; }
    """

    def __init__(self, label: str, op: str, *args, **kwargs):
        kwargs.setdefault("compact", True)
        super().__init__(label, **kwargs)
        self.op = op
        self.args = args


class KeyRow(Horizontal):
    """One `name = value` of a table ([shared], [primitives], a fix's primitives)."""

    DEFAULT_CSS = """
    KeyRow { height: auto; margin-bottom: 0; }
    KeyRow > .row-name { width: 20; margin-right: 1; }
    KeyRow > .row-value { margin-right: 1; }
    KeyRow > .row-value { width: 1fr; }
    """

    def __init__(self, table: FieldPath, key: str, value: str, value_kind: str, lang: str):
        super().__init__()
        self.table = table
        self.key = key
        self.name_input = FieldInput(
            lambda: self.table + (self.key,), "key", key, classes="row-name"
        )
        self.name_input.row = self
        self.value_input = FieldInput(
            lambda: self.table + (self.key,), value_kind, value, classes="row-value"
        )
        self.value_input.row = self
        self.lang = lang

    @property
    def path(self) -> FieldPath:
        return self.table + (self.key,)

    def compose(self):
        yield self.name_input
        yield self.value_input
        yield OpButton("✕", "remove-key", self)
