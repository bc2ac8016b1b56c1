"""Small modal questions of the editor."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from syncgame.texts import tr


class LeaveDialog(ModalScreen[str | None]):
    """Unsaved changes: "save", "discard", or None (stay)."""

    DEFAULT_CSS = """
    LeaveDialog { align: center middle; background: $background 50%; }
    LeaveDialog > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    LeaveDialog Horizontal { height: auto; margin-top: 1; }
    LeaveDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape", "choose('cancel')", "Cancel"),
        Binding("s", "choose('save')", "Save", show=False),
        Binding("d", "choose('discard')", "Discard", show=False),
    ]

    def __init__(self, name: str, lang: str) -> None:
        super().__init__()
        self.file_name = name
        self.lang = lang

    def compose(self) -> ComposeResult:
        t = lambda key, **kw: tr(key, self.lang, **kw)  # noqa: E731
        with Vertical():
            yield Static(Text(t("leave.question", name=self.file_name), style="bold"))
            with Horizontal():
                yield Button(f"{t('leave.save')} (S)", id="save", variant="primary")
                yield Button(f"{t('leave.discard')} (D)", id="discard", variant="error")
                yield Button(f"{t('leave.cancel')} (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(None if choice == "cancel" else choice)
