"""Edit one line by hand (e.g. `sleep(1)` -> `stop.wait(1)`): the judge's structure check
still decides whether only synchronisation changed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from syncgame.texts import tr
from syncgame.ui.placement import Board, Placement, PlacementError, Rewrite


class EditLineDialog(ModalScreen[Placement | None]):
    DEFAULT_CSS = """
    EditLineDialog {
        align: center middle;
    }
    EditLineDialog > Vertical {
        width: 70;
        max-width: 100%;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    EditLineDialog #edit-error {
        color: $error;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, board: Board, thread: str, line: int, text: str, lang: str) -> None:
        super().__init__()
        self.board = board
        self.thread = thread
        self.line = line
        self.text = text
        self.lang = lang

    def compose(self) -> ComposeResult:
        title = f"{self.thread}: " + tr("dialog.edit_line", self.lang, line=self.line)
        hint = tr("dialog.edit_only_sync", self.lang)
        with Vertical():
            yield Static(Text(title, style="bold"))
            yield Input(self.text, id="edit-text")
            yield Static(id="edit-error")
            yield Static(Text(hint, style="dim"))

    def on_mount(self) -> None:
        self.query_one("#edit-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        placement = Placement((Rewrite(self.thread, self.line, text),), f"line {self.line}: {text}")
        try:
            self.board.try_place(placement)
        except PlacementError as error:
            self.query_one("#edit-error", Static).update(str(error))
            return
        self.dismiss(placement)

    def action_cancel(self) -> None:
        self.dismiss(None)
