"""Ask for one argument of a call (a timeout): the value is checked before it is placed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from syncgame.play.actions import argument_placement
from syncgame.play.placement import Board, Placement, PlacementError
from syncgame.texts import tr


class ArgumentDialog(ModalScreen[Placement | None]):
    DEFAULT_CSS = """
    ArgumentDialog {
        align: center middle;
    }
    ArgumentDialog > Vertical {
        width: 60;
        max-width: 100%;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    ArgumentDialog #argument-error {
        color: $error;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, board: Board, argument: tuple[str, int, str, str], label: str, lang: str
    ) -> None:
        super().__init__()
        self.board = board
        self.thread, self.line, self.parameter, self.current = argument
        self.label = label
        self.lang = lang

    def compose(self) -> ComposeResult:
        hint = tr("dialog.seconds", self.lang) + tr("dialog.keys", self.lang)
        with Vertical():
            yield Static(Text(f"{self.thread}, line {self.line}: {self.label}", style="bold"))
            yield Input(self.current, id="argument-value", placeholder=self.parameter)
            yield Static(id="argument-error")
            yield Static(Text(hint, style="dim"))

    def on_mount(self) -> None:
        self.query_one("#argument-value", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        placement = argument_placement(self.thread, self.line, self.parameter, event.value)
        try:
            self.board.try_place(placement)
        except PlacementError as error:
            self.query_one("#argument-error", Static).update(str(error))
            return
        self.dismiss(placement)

    def action_cancel(self) -> None:
        self.dismiss(None)
