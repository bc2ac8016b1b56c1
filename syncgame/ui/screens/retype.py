"""Change a primitive: its type (from the palette) and its constructor arguments."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from syncgame.play.actions import retype_choices
from syncgame.play.placement import Board, Declare, Placement, PlacementError
from syncgame.texts import tr


class RetypeDialog(ModalScreen[Placement | None]):
    DEFAULT_CSS = """
    RetypeDialog {
        align: center middle;
    }
    RetypeDialog > Vertical {
        width: 60;
        max-width: 100%;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    RetypeDialog Horizontal {
        height: auto;
    }
    RetypeDialog Select {
        width: 1fr;
    }
    RetypeDialog #retype-error {
        color: $error;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, board: Board, lang: str) -> None:
        super().__init__()
        self.board = board
        self.lang = lang

    def compose(self) -> ComposeResult:
        names = list(self.board.draft.primitives)
        with Vertical():
            yield Static(Text(tr("retype.title", self.lang), style="bold"))
            yield Select(
                [(n, n) for n in names], value=names[0], allow_blank=False, id="retype-name"
            )
            kinds = retype_choices(self.board, names[0])
            yield Select(
                [(k, k) for k in kinds], value=kinds[0], allow_blank=False, id="retype-kind"
            )
            yield Input(id="retype-args", placeholder=tr("retype.arguments", self.lang))
            yield Static(id="retype-error")
            with Horizontal():
                yield Button(tr("retype.apply", self.lang), variant="primary", id="retype-apply")
                yield Button(tr("retype.cancel", self.lang), id="retype-cancel")

    def on_mount(self) -> None:
        self._load(self.query_one("#retype-name", Select).value)
        self.query_one("#retype-name", Select).focus()

    def _load(self, name) -> None:
        if not isinstance(name, str):
            return
        kinds = retype_choices(self.board, name)
        kind_select = self.query_one("#retype-kind", Select)
        kind_select.set_options([(k, k) for k in kinds])
        kind_select.value = kinds[0]
        declaration = self.board.draft.primitives[name]
        self.query_one("#retype-args", Input).value = declaration.split("(", 1)[1].rstrip(")")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "retype-name":
            self._load(event.value)

    def _placement(self) -> Placement | None:
        name = self.query_one("#retype-name", Select).value
        kind = self.query_one("#retype-kind", Select).value
        args = self.query_one("#retype-args", Input).value.strip()
        if not isinstance(name, str) or not isinstance(kind, str):
            return None
        placement = Placement((Declare(name, f"{kind}({args})"),), f"{name} = {kind}({args})")
        try:
            self.board.try_place(placement)
        except PlacementError as error:
            self.query_one("#retype-error", Static).update(str(error))
            return None
        return placement

    def on_input_submitted(self) -> None:
        self._apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "retype-apply":
            self._apply()
        else:
            self.dismiss(None)

    def _apply(self) -> None:
        placement = self._placement()
        if placement is not None:
            self.dismiss(placement)

    def action_cancel(self) -> None:
        self.dismiss(None)
