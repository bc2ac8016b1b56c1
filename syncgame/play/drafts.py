"""A board as the save keeps it (a draft: the placements and the code they give), and back."""

from __future__ import annotations

from syncgame.level.model import Level
from syncgame.play.edits import EDIT_KINDS
from syncgame.play.placement import Board, Placement, PlacementError
from syncgame.play.progress import Draft


def placement_from_json(data: dict) -> Placement:
    """The placement `Placement.to_json` wrote (raises PlacementError for an unknown edit)."""
    edits = []
    for raw in data["edits"]:
        fields = dict(raw)
        kind = EDIT_KINDS.get(fields.pop("kind"))
        if kind is None:
            raise PlacementError(f"unknown edit {raw.get('kind')!r}")
        edits.append(kind(**fields))
    return Placement(tuple(edits), data.get("label", ""))


def draft_of(board: Board) -> Draft:
    """The board's placements and the effective code they give."""
    solution = board.solution()
    return Draft(
        placements=[placement.to_json() for placement in board.applied],
        primitives=dict(solution.primitives),
        threads=dict(solution.threads),
    )


def restore_board(level: Level, draft: Draft | None) -> Board:
    """A board with the saved placements replayed; the start when they no longer apply (the
    level file changed since)."""
    board = Board(level)
    if draft is None:
        return board
    for raw in draft.placements:
        try:
            board.place(placement_from_json(raw))
        except (PlacementError, KeyError, TypeError, ValueError):
            return Board(level)
    return board
