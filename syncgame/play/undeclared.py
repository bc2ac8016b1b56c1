"""Names a line the player types uses as primitives when the board declares no such primitive
(`event.wait(1)` where there is no `event`): the edit-line dialog refuses the line and says
so, where the board alone would take it and the judge refuse it only at submit.

A name counts as a primitive when the line calls one of a primitive's methods on it
(`x.acquire()`, `x.wait(1)`, `x.put(item)`...) or enters it with `with x:`. Names the worker
already has (the declared primitives, `shared` and the runtime's other names, builtins,
variables the thread or the helpers assign, the helpers' functions) never count.
"""

from __future__ import annotations

import ast
from functools import cache

from syncgame.level.schema import WORKER_NAMES
from syncgame.play.placement import Board
from syncgame.primitives.registry import PRIMITIVES
from syncgame.sandbox import parse_level_code, safe_builtins
from syncgame.texts import tr


@cache
def primitive_methods() -> frozenset[str]:
    """Every public method of every primitive type (acquire, wait, set, put_nowait...)."""
    return frozenset(
        name
        for kind in PRIMITIVES.values()
        for name in dir(kind.cls)
        if not name.startswith("_") and callable(getattr(kind.cls, name))
    )


def undeclared_primitives(board: Board, thread: str, text: str) -> list[str]:
    """The names `text` (a line for `thread`) uses as primitives that nothing declares or
    binds, in the order they appear. A line that does not parse names none (the board
    refuses it for that)."""
    used = _used_as_primitives(text)
    if not used:
        return []
    known = (
        set(board.draft.primitives)
        | WORKER_NAMES
        | set(safe_builtins())
        | _bound_names(board.draft.source(thread))
        | _bound_names(board.level.helpers)
    )
    return [name for name in used if name not in known]


def undeclared_refusal(board: Board, thread: str, text: str, lang: str) -> str | None:
    """Why `text` cannot stand in `thread` (in `lang`): the unknown names and the declared
    primitives; None when every name it uses as a primitive is declared."""
    unknown = undeclared_primitives(board, thread, text)
    if not unknown:
        return None
    declared = ", ".join(board.draft.primitives) or tr("dialog.declared_none", lang)
    names = ", ".join(f"'{name}'" for name in unknown)
    return tr("dialog.undeclared", lang, names=names, declared=declared)


def _used_as_primitives(text: str) -> list[str]:
    try:
        tree = parse_level_code(text.strip(), "exec")
    except SyntaxError:
        return []
    methods = primitive_methods()
    found: list[str] = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in methods
        ):
            targets.append(node.func.value)
        elif isinstance(node, ast.With):
            targets += [item.context_expr for item in node.items]
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in found:
                found.append(target.id)
    return found


def _bound_names(source: str) -> set[str]:
    """Names `source` assigns or defines (variables, loop targets, functions, parameters)."""
    try:
        tree = parse_level_code(source, "exec")
    except SyntaxError:
        return set()
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound
