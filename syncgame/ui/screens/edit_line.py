"""Edit one line by hand (e.g. `sleep(1)` -> `stop.wait(1)`): the judge's structure check
still decides whether only synchronisation changed. A line that uses a primitive nobody
declared is refused here, naming it and the declared ones."""

from __future__ import annotations

from syncgame.play.placement import Board, Placement, PlacementError, Rewrite
from syncgame.play.undeclared import undeclared_refusal
from syncgame.texts import tr
from syncgame.ui.screens.ask_text import AskTextDialog


class EditLineDialog(AskTextDialog):
    def __init__(self, board: Board, thread: str, line: int, text: str, lang: str) -> None:
        def rewrite(typed: str) -> Placement:
            typed = typed.strip()
            refusal = undeclared_refusal(board, thread, typed, lang)
            if refusal is not None:  # the board would take it; the judge would not
                raise PlacementError(refusal)
            return Placement((Rewrite(thread, line, typed),), f"line {line}: {typed}")

        super().__init__(
            board,
            f"{thread}: " + tr("dialog.edit_line", lang, line=line),
            tr("dialog.edit_only_sync", lang),
            "",
            rewrite,
            text,
        )
