"""Plain-data views of primitives' state for snapshots (what the stage draws)."""

from __future__ import annotations

from syncgame.primitives.classes import Primitive
from syncgame.primitives.context import ControlledRun
from syncgame.sandbox import safe_repr


def holder_of(obj: object) -> str | None:
    """The thread holding a lock-like object in a controlled run, if any."""
    return obj._sg_holder() if isinstance(obj, Primitive) else None


def describe_primitive(obj: Primitive, run: ControlledRun) -> dict[str, object]:
    """The primitive as the stage draws it now (its own snapshot; level values safely shown)."""
    return obj._sg_snapshot(run, safe_repr)


LOCALS_SHOWN = 4
"""At most this many of a thread's variables go into a snapshot."""
LOCAL_WIDTH = 16
"""Characters of one variable's repr in a snapshot."""
_PLAIN = (bool, int, float, str, type(None), range)


def _plain(value: object, depth: int = 0) -> bool:
    """Only values whose repr runs no level code (no level-defined class), shallowly nested."""
    if isinstance(value, _PLAIN):
        return True
    if depth >= 2 or not isinstance(value, list | tuple | dict | set | frozenset):
        return False
    if len(value) > 8:
        return False
    items = value.items() if isinstance(value, dict) else ((v, None) for v in value)
    return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in items)


def thread_locals(names: dict[str, object], base: dict[str, int]) -> dict[str, str]:
    """The variables a thread's own code made at module level (`tmp = shared.counter`), as
    short reprs for the stage: what it carries and may write back stale. Names the run put
    there (`shared`, primitives, helpers) and `_`-names are left out; so are functions."""
    shown: dict[str, str] = {}
    for name, value in names.items():
        if name[:1] == "_" or base.get(name) == id(value) or not _plain(value):
            continue
        text = safe_repr(value)
        shown[name] = text if len(text) <= LOCAL_WIDTH else text[: LOCAL_WIDTH - 1] + "…"
        if len(shown) >= LOCALS_SHOWN:
            break
    return shown
