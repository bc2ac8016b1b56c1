"""What the player can do with a selection of lines: the entries of the place menu."""

from __future__ import annotations

from dataclasses import dataclass

from syncgame.level.model import Level
from syncgame.ui.placement import (
    METHODS,
    WITHABLE,
    Board,
    Declare,
    Insert,
    Placement,
    PlacementError,
    Remove,
    Unwrap,
    Wrap,
    default_declaration,
    new_name,
    palette_left,
    snap,
)


@dataclass(frozen=True)
class Action:
    label: str
    placement: Placement
    group: str
    """"wrap", "before", "after", "remove" (menu sections)."""


def actions_for(board: Board, thread: str, first: int, last: int) -> list[Action]:
    """Every placement that is possible on lines `first`..`last` of `thread`, checked."""
    draft = board.draft
    lines = draft.threads[thread]
    try:
        first, last = snap(lines, first, last)
    except PlacementError:
        return []
    where = f"{first}" if first == last else f"{first}-{last}"
    targets = _targets(board.level, board)
    candidates: list[Action] = []
    for name, kind, declare in targets:
        prefix = (declare,) if declare else ()
        new = f" (new {kind})" if declare else ""
        if kind in WITHABLE:
            candidates.append(
                Action(
                    f"with {name}:{new}  around {where}",
                    Placement((*prefix, Wrap(thread, first, last, name)), f"with {name}: {where}"),
                    "wrap",
                )
            )
    for side, line in (("before", first), ("after", last)):
        for name, kind, declare in targets:
            prefix = (declare,) if declare else ()
            new = f" (new {kind})" if declare else ""
            for method in METHODS.get(kind, ()):
                statement = f"{name}.{method}"
                candidates.append(
                    Action(
                        f"{statement}{new}  {side} {line}",
                        Placement(
                            (*prefix, Insert(thread, first, last, side, statement)),
                            f"{statement} {side} {line}",
                        ),
                        side,
                    )
                )
    if first == last:
        candidates.append(
            Action(
                f"remove line {first}",
                Placement((Remove(thread, first),), f"remove {first}"),
                "remove",
            )
        )
        candidates.append(
            Action(
                f"unwrap line {first}",
                Placement((Unwrap(thread, first),), f"unwrap {first}"),
                "remove",
            )
        )
    possible = []
    for action in candidates:
        try:
            board.try_place(action.placement)
        except PlacementError:
            continue
        possible.append(action)
    return possible


def _targets(level: Level, board: Board) -> list[tuple[str, str, Declare | None]]:
    """(name, type, declaration to add first or None): existing primitives, then palette types."""
    draft = board.draft
    found: list[tuple[str, str, Declare | None]] = [
        (name, kind, None) for name, kind in draft.kinds().items()
    ]
    for kind, left in palette_left(level, draft).items():
        if left > 0:
            name = new_name(draft, kind)
            found.append((name, kind, Declare(name, default_declaration(level, kind))))
    return found


def retype_choices(board: Board, name: str) -> list[str]:
    """Types a primitive may become: its own type and the palette's types with some left."""
    kind = board.draft.kinds()[name]
    left = palette_left(board.level, board.draft)
    return [kind] + [other for other, count in left.items() if count > 0 and other != kind]
