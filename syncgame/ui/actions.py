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
    Rewrite,
    Toggle,
    TryFinally,
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
    placement: Placement | None
    group: str
    """"wrap", "before", "after", "replace", "change" (menu sections)."""
    edit: tuple[str, int, str] | None = None
    """For "edit line…": (thread, line, current text); the screen asks for the new text."""


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
    for name, kind, declare in targets:
        if kind in WITHABLE and "release()" in METHODS[kind]:
            prefix = (declare,) if declare else ()
            statement = f"{name}.release()"
            candidates.append(
                Action(
                    f"try: {where}  finally: {statement}",
                    Placement(
                        (*prefix, TryFinally(thread, first, last, statement)),
                        f"try/finally {statement}",
                    ),
                    "wrap",
                )
            )
    first_line = draft.threads[thread][first - 1].text.strip()
    for label, edit in (
        (f"remove {where}: {first_line}", Remove(thread, first)),
        (f"unwrap line {first}", Unwrap(thread, first)),
        (f"if ↔ while on line {first}", Toggle(thread, first)),
    ):
        candidates.append(Action(label, Placement((edit,), label), "change"))
    if first == last:
        for name, kind, declare in targets:
            prefix = (declare,) if declare else ()
            new = f" (new {kind})" if declare else ""
            for method in METHODS.get(kind, ()):
                statement = f"{name}.{method}"
                edits = (
                    *prefix,
                    Insert(thread, first, first, "before", statement),
                    Remove(thread, first + 1),
                )
                candidates.append(
                    Action(
                        f"{first_line}  →  {statement}{new}",
                        Placement(edits, f"{statement} for line {first}"),
                        "replace",
                    )
                )
    possible = []
    for action in candidates:
        try:
            board.try_place(action.placement)
        except PlacementError:
            continue
        possible.append(action)
    if first == last and _one_line(board, thread, first):
        text = draft.threads[thread][first - 1].text.strip()
        possible.append(Action(f"edit line {first}…", None, "change", (thread, first, text)))
    order = ("wrap", "before", "after", "replace", "change")
    return sorted(possible, key=lambda action: order.index(action.group))


def _one_line(board: Board, thread: str, line: int) -> bool:
    """Can line `line` be rewritten (a one-line simple statement)?"""
    try:
        board.try_place(Placement((Rewrite(thread, line, "pass"),)))
    except PlacementError as error:
        return "parse" in str(error)  # the line is fine; only `pass` would break the block
    return True


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
