"""Every edit a placement can hold, in one list: the place menu builds them from here and the
save reads them back by the name `Placement.to_json` writes as an edit's kind, so an edit the
menu offers can never be one a saved draft cannot restore."""

from __future__ import annotations

from syncgame.play.block_edits import IfAnswer, IfCondition, StepOut, SwapNames
from syncgame.play.call_edits import SetArgument, SwapBlocking
from syncgame.play.placement import (
    Declare,
    Insert,
    Move,
    Remove,
    Rewrite,
    SwapHeaders,
    SwapLocks,
    Toggle,
    TryFinally,
    Unwrap,
    Wrap,
)

EDIT_KINDS: dict[str, type] = {
    kind.__name__: kind
    for kind in (
        Declare,
        Wrap,
        Insert,
        Remove,
        Unwrap,
        Rewrite,
        Toggle,
        TryFinally,
        SwapLocks,
        SwapHeaders,
        Move,
        SetArgument,
        SwapBlocking,
        StepOut,
        SwapNames,
        IfAnswer,
        IfCondition,
    )  # fmt: skip
}
"""Every edit a placement can hold, by the name `Placement.to_json` writes as its kind."""
