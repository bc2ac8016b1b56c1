"""Ask for the text a placement needs (the condition of "if …:", the predicate of
"wait_for(…)", a line edited by hand): the placement it gives is checked on the board before
the dialog closes, and a refusal (the board's, or `build`'s own PlacementError) is shown in
the dialog, so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from syncgame.play.actions import Action, condition_placement, predicate_placement
from syncgame.play.placement import Board, Placement, PlacementError
from syncgame.texts import tr


class AskTextDialog(ModalScreen[Placement | None]):
    DEFAULT_CSS = """
    AskTextDialog {
        align: center middle;
    }
    AskTextDialog > Vertical {
        width: 70;
        max-width: 100%;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    AskTextDialog #ask-error {
        color: $error;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        board: Board,
        title: str,
        hint: str,
        example: str,
        build: Callable[[str], Placement],
        text: str = "",
    ) -> None:
        super().__init__()
        self.board = board
        self.title_text = title
        self.hint = hint
        self.example = example
        self.build = build
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Input(self.text, id="ask-text", placeholder=self.example)
            yield Static(id="ask-error")
            yield Static(Text(self.hint, style="dim"))

    def on_mount(self) -> None:
        self.query_one("#ask-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            placement = self.build(event.value)  # may refuse the text itself
            self.board.try_place(placement)
        except PlacementError as error:
            self.query_one("#ask-error", Static).update(str(error))
            return
        self.dismiss(placement)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_for(board: Board, action: Action, lang: str) -> AskTextDialog | None:
    """The dialog of an entry that needs text, or None for an entry that does not."""
    keys = tr("dialog.keys", lang)
    if action.condition is not None:
        thread, first, last = action.condition
        hint = tr("dialog.condition", lang)
        return AskTextDialog(
            board,
            f"{thread}: {action.label}",
            hint + keys,
            "shared.n == 0",
            lambda text: condition_placement(thread, first, last, text),
        )
    if action.predicate is not None:
        thread, first, last, side, name, declaration = action.predicate
        hint = tr("dialog.predicate", lang)
        return AskTextDialog(
            board,
            f"{thread}: {action.label}",
            hint + keys,
            "lambda: shared.n > 0",
            lambda text: predicate_placement(thread, first, last, side, name, declaration, text),
        )
    return None
