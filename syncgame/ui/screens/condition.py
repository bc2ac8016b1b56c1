"""Ask for the condition of "if …:" around lines that only synchronise (when to signal):
the condition is checked before it is placed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from syncgame.ui.actions import condition_placement
from syncgame.ui.placement import Board, Placement, PlacementError


class ConditionDialog(ModalScreen[Placement | None]):
    DEFAULT_CSS = """
    ConditionDialog {
        align: center middle;
    }
    ConditionDialog > Vertical {
        width: 70;
        max-width: 100%;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    ConditionDialog #condition-error {
        color: $error;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, board: Board, condition: tuple[str, int, int], lang: str) -> None:
        super().__init__()
        self.board = board
        self.thread, self.first, self.last = condition
        self.lang = lang

    def compose(self) -> ComposeResult:
        zh = self.lang == "zh"
        where = f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"
        title = f"{self.thread}: " + (f"第 {where} 行放进 if …:" if zh else f"if …: around {where}")
        hint = (
            "条件，一行（例如 shared.n == 0）· Enter 应用 · Esc 取消"
            if zh
            else "the condition, on one line (e.g. shared.n == 0) · Enter apply · Esc cancel"
        )
        with Vertical():
            yield Static(Text(title, style="bold"))
            yield Input("", id="condition-text", placeholder="shared.n == 0")
            yield Static(id="condition-error")
            yield Static(Text(hint, style="dim"))

    def on_mount(self) -> None:
        self.query_one("#condition-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        placement = condition_placement(self.thread, self.first, self.last, event.value)
        try:
            self.board.try_place(placement)
        except PlacementError as error:
            self.query_one("#condition-error", Static).update(str(error))
            return
        self.dismiss(placement)

    def action_cancel(self) -> None:
        self.dismiss(None)
