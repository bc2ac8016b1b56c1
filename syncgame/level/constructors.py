"""Primitive declarations ("Semaphore(2)", "Condition(lk)") checked within a level.

Parsing and argument checks are `syncgame.primitives.declarations`' (one parser for the game);
this adds what needs the level around it: a Condition's lock must name a declared Lock or RLock.
"""

from __future__ import annotations

from collections.abc import Mapping

from syncgame.primitives import declarations
from syncgame.primitives.declarations import Declaration, DeclarationError
from syncgame.primitives.registry import LOCK_TYPES

__all__ = ["LOCK_TYPES", "Declaration", "DeclarationError", "parse_declaration"]


def parse_declaration(text: str, kinds: Mapping[str, str] | None = None) -> Declaration:
    """Parse and check `text`; `kinds` maps the declared names to their types.

    Raises DeclarationError with a reason that does not repeat `text`.
    """
    try:
        declaration = declarations.parse_declaration(text)
    except DeclarationError as error:
        message, prefix = str(error), f"{text}: "
        raise DeclarationError(message.removeprefix(prefix)) from None
    for name in declaration.references():
        if (kinds or {}).get(name) not in LOCK_TYPES:
            raise DeclarationError(f"'{name}' is not a declared Lock or RLock")
    return declaration
