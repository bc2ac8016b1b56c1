"""What the player can do with a selection of lines: the entries of the place menu.

Entries are grouped by primitive (in a fixed order of types, so adding a primitive does not
reorder the menu) and then come the edits of the code itself. Every entry is checked against
the board before it is offered, and entries that would give the same code are offered once.
An entry says what it does, never why: the same edits are offered on every line they fit.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from syncgame.level.model import Level
from syncgame.play import edits
from syncgame.play.block_edits import (
    answers_before,
    enclosing_with,
    only_synchronising,
    swappable_names,
)
from syncgame.play.call_edits import (
    argument_text,
    blocking_twin,
    call_at,
    parameters,
)
from syncgame.play.placement import (
    METHODS,
    TYPED_METHODS,
    Board,
    Draft,
    Placement,
    PlacementError,
    acquire_release_pair,
    default_declaration,
    inner_with,
    nested_block,
    new_name,
    palette_left,
    snap,
    statement_at,
    try_finally_bounds,
)
from syncgame.primitives.registry import PRIMITIVE_TYPES, WITH_TYPES

TIMED_FIRST = ("wait",)
"""Methods whose first argument is a timeout: `sleep(t)` becomes `p.wait(t)`."""


@dataclass(frozen=True)
class Action:
    label: str
    placement: Placement | None
    group: str
    """The primitive the entry uses, or "" for edits of the code itself."""
    kind: str = ""
    """The primitive's type ("" for code edits)."""
    new: bool = False
    """Taking the entry declares the primitive (from the palette)."""
    edit: tuple[str, int, str] | None = None
    """For "edit line…": (thread, line, current text); the screen asks for the new text."""
    argument: tuple[str, int, str, str] | None = None
    """For "timeout…": (thread, line, parameter, current value); the screen asks for it."""
    condition: tuple[str, int, int] | None = None
    """For "if …:": (thread, first, last) of lines that only synchronise; the screen asks
    for the condition."""
    predicate: tuple[str, int, int, str, str, str] | None = None
    """For "wait_for(…)": (thread, first, last, "before"/"after", primitive, its declaration
    when the entry declares it, else ""); the screen asks for the predicate."""


def actions_for(board: Board, thread: str, first: int, last: int) -> list[Action]:
    """Every placement possible on lines `first`..`last` of `thread`, checked and grouped."""
    draft = board.draft
    lines = draft.threads[thread]
    try:
        first, last = snap(lines, first, last)
    except PlacementError:
        return []
    candidates: list[Action] = []
    for name, kind, declare in _targets(board.level, board):
        candidates += _primitive_actions(draft, thread, first, last, name, kind, declare)
    candidates += _code_actions(draft, thread, first, last)
    possible: list[Action] = []
    seen: set[tuple] = set()
    for action in candidates:
        if action.placement is None:
            possible.append(action)
            continue
        try:
            result = board.try_place(action.placement)
        except PlacementError:
            continue
        key = _code_key(result)
        if key in seen:
            continue
        seen.add(key)
        possible.append(action)
    if first == last and _one_line(board, thread, first):
        text = lines[first - 1].text.strip()
        possible.append(Action(f"edit line {first}…", None, "", edit=(thread, first, text)))
    if only_synchronising(draft, lines, first, last):
        where = f"{first}" if first == last else f"{first}-{last}"
        possible.append(Action(f"if …:  around {where}", None, "", condition=(thread, first, last)))
    order = _group_order(draft, possible)
    return sorted(possible, key=lambda action: order[action.group])


def _primitive_actions(
    draft: Draft, thread: str, first: int, last: int, name: str, kind: str, declare
) -> list[Action]:
    lines = draft.threads[thread]
    where = f"{first}" if first == last else f"{first}-{last}"
    prefix = (declare,) if declare else ()
    found: list[Action] = []

    def add(label: str, *changes, history: str | None = None) -> None:
        placement = Placement((*prefix, *changes), history or label)
        found.append(Action(label, placement, name, kind, declare is not None))

    if kind in WITH_TYPES:
        pair = acquire_release_pair(draft, list(lines), first, last, name)
        extra = "  (replaces acquire/release)" if pair else ""
        add(f"with {name}:  around {where}{extra}", edits.Wrap(thread, first, last, name))
        if "release()" in METHODS[kind]:
            statement = f"{name}.release()"
            try:
                _lead, trailing = try_finally_bounds(draft, list(lines), first, last, statement)
            except PlacementError:
                trailing = None
            extra = f"  (replaces line {trailing + 1})" if trailing is not None else ""
            add(
                f"try: {where}  finally: {statement}{extra}",
                edits.TryFinally(thread, first, last, statement),
                history=f"try/finally {statement}",
            )
    for side, line in (("before", first), ("after", last)):
        for method in METHODS.get(kind, ()):
            statement = f"{name}.{method}"
            add(f"{statement}  {side} {line}", edits.Insert(thread, first, last, side, statement))
        for method in TYPED_METHODS.get(kind, ()):
            found.append(
                Action(
                    f"{name}.{method}(…)  {side} {line}",
                    None,
                    name,
                    kind,
                    new=declare is not None,
                    predicate=(
                        thread,
                        first,
                        last,
                        side,
                        name,
                        declare.declaration if declare else "",
                    ),
                )
            )
    if first == last:  # a call's own edits first: they win over a replacement doing the same
        found += _call_actions(draft, thread, first, name)
        found += _replacements(draft, thread, first, name, kind, prefix, declare)
    return found


def _replacements(draft, thread, line, name, kind, prefix, declare) -> list[Action]:
    """Replace a synchronising line by a call on `name`; a `sleep(t)` that becomes a wait
    keeps its `t` (and is offered without it too)."""
    text = draft.threads[thread][line - 1].text.strip()
    delay = _sleep_argument(draft, thread, line)
    statements = []
    for method in METHODS.get(kind, ()):
        bare = method.split("(")[0]
        if delay is not None and bare in TIMED_FIRST and "timeout" in parameters(kind, bare):
            statements.append(f"{name}.{bare}({delay})")
        statements.append(f"{name}.{method}")
    found = []
    for statement in statements:
        changes = (
            *prefix,
            edits.Insert(thread, line, line, "before", statement),
            edits.Remove(thread, line + 1),
        )
        label = f"{text}  →  {statement}"
        placement = Placement(changes, f"{statement} for line {line}")
        found.append(Action(label, placement, name, kind, declare is not None))
    return found


def _sleep_argument(draft: Draft, thread: str, line: int) -> str | None:
    try:
        statement = statement_at(list(draft.threads[thread]), line)
    except PlacementError:
        return None
    value = getattr(statement, "value", None)
    if (
        isinstance(statement, ast.Expr)
        and isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "sleep"
        and len(value.args) == 1
        and not value.keywords
    ):
        return ast.unparse(value.args[0])
    return None


def _call_actions(draft: Draft, thread: str, line: int, name: str) -> list[Action]:
    """Timeout, blocking and _nowait edits of a call on `name` at `line`."""
    found_call = call_at(draft, thread, line)
    if found_call is None or found_call[0] != name:
        return []
    _name, kind, method, call = found_call
    found: list[Action] = []
    names = parameters(kind, method)
    try:
        current = {p: argument_text(call, kind, method, p) for p in names}
    except PlacementError:
        return []
    call_text = f"{name}.{method}()"

    def add(label: str, edit=None, argument=None) -> None:
        placement = Placement((edit,), label) if edit is not None else None
        found.append(Action(label, placement, name, kind, argument=argument))

    if "timeout" in names:
        now = current["timeout"]
        add(f"{call_text}: set timeout…", argument=(thread, line, "timeout", now or ""))
        if now is not None:
            add(f"{call_text}: no timeout", edits.SetArgument(thread, line, "timeout", None))
    for flag in ("blocking", "block"):
        if flag in names:
            if current[flag] is None:
                add(f"{call_text}: {flag}=False", edits.SetArgument(thread, line, flag, "False"))
            else:
                add(
                    f"{call_text}: drop {flag}={current[flag]}",
                    edits.SetArgument(thread, line, flag, None),
                )
    twin = blocking_twin(method)
    if twin is not None:
        add(f"{name}.{method}(…)  →  {name}.{twin}(…)", edits.SwapBlocking(thread, line))
    return found


def _code_actions(draft: Draft, thread: str, first: int, last: int) -> list[Action]:
    """Edits of the code itself: remove, unwrap, swap, if/while, move."""
    lines = list(draft.threads[thread])
    where = f"{first}" if first == last else f"{first}-{last}"
    first_line = lines[first - 1].text.strip()
    found: list[Action] = []

    def add(label: str, edit) -> None:
        found.append(Action(label, Placement((edit,), label), ""))

    add(f"remove {where}: {first_line}", edits.Remove(thread, first))
    add(f"unwrap line {first}: {first_line}", edits.Unwrap(thread, first))
    try:
        statement = statement_at(lines, first)
    except PlacementError:
        return found
    inner = inner_with(draft, statement)
    if inner is not None:
        a, b = statement.items[0].context_expr.id, inner.items[0].context_expr.id
        add(
            f"swap lock order: with {a} … with {b}  →  with {b} … with {a}",
            edits.SwapLocks(thread, first),
        )
    nested = nested_block(statement)
    if nested is not None:
        inner_text = lines[nested.lineno - 1].text.strip()
        add(
            f"swap line {first} and {nested.lineno}: {inner_text} outside",
            edits.SwapHeaders(thread, first),
        )
    block = enclosing_with(draft, lines, first, last)
    if block is not None:
        add(
            f"take {where} out of `with {block.items[0].context_expr.id}:`",
            edits.StepOut(thread, first, last),
        )
    for name in answers_before(draft, lines, first):
        add(f"if {name}:  around {where}", edits.IfAnswer(thread, first, last, name))
    kinds = draft.kinds()
    used = sorted({node.id for node in swappable_names(lines, first, last, set(kinds))})
    for i, a in enumerate(used):
        for b in used[i + 1 :]:
            if kinds[a] == kinds[b]:
                add(f"swap {a} and {b} in {where}", edits.SwapNames(thread, first, last, a, b))
    if isinstance(statement, ast.If | ast.While) and not statement.orelse:
        before, after = ("if", "while") if isinstance(statement, ast.If) else ("while", "if")
        add(f"change `{before}` to `{after}` on line {first}", edits.Toggle(thread, first))
    if first == last or (statement.lineno == first and statement.end_lineno == last):
        add(f"move line {first} up: {first_line}", edits.Move(thread, first, -1))
        add(f"move line {first} down: {first_line}", edits.Move(thread, first, 1))
    return found


def _code_key(draft: Draft) -> tuple:
    return (
        tuple(sorted(draft.primitives.items())),
        tuple((name, draft.source(name)) for name in sorted(draft.threads)),
    )


def _group_order(draft: Draft, actions: list[Action]) -> dict[str, tuple]:
    """Primitive groups by type (in the registry's order), existing before new, then in
    declaration order; the code's own edits last."""
    declared = list(draft.primitives)
    order: dict[str, tuple] = {}
    for action in actions:
        if action.group in order:
            continue
        if not action.group:
            order[""] = (len(PRIMITIVE_TYPES) + 1,)
            continue
        rank = (
            PRIMITIVE_TYPES.index(action.kind)
            if action.kind in PRIMITIVE_TYPES
            else len(PRIMITIVE_TYPES)
        )
        position = declared.index(action.group) if action.group in declared else len(declared)
        order[action.group] = (rank, action.new, position, action.group)
    return order


def _one_line(board: Board, thread: str, line: int) -> bool:
    """Can line `line` be rewritten (a one-line simple statement)?"""
    try:
        board.try_place(Placement((edits.Rewrite(thread, line, "pass"),)))
    except PlacementError as error:
        return "parse" in str(error)  # the line is fine; only `pass` would break the block
    return True


def _targets(level: Level, board: Board) -> list[tuple[str, str, edits.Declare | None]]:
    """(name, type, declaration to add first or None): existing primitives, then palette types."""
    draft = board.draft
    found: list[tuple[str, str, edits.Declare | None]] = [
        (name, kind, None) for name, kind in draft.kinds().items()
    ]
    for kind, left in palette_left(level, draft).items():
        if left > 0:
            name = new_name(draft, kind)
            found.append((name, kind, edits.Declare(name, default_declaration(level, kind))))
    return found


def retype_choices(board: Board, name: str) -> list[str]:
    """Types a primitive may become: its own type and the palette's types with some left."""
    kind = board.draft.kinds()[name]
    left = palette_left(board.level, board.draft)
    return [kind] + [other for other, count in left.items() if count > 0 and other != kind]


def argument_placement(thread: str, line: int, parameter: str, value: str) -> Placement:
    """The placement for a value the player typed for "timeout…"."""
    text = value.strip()
    edit = edits.SetArgument(thread, line, parameter, text or None)
    label = f"line {line}: {parameter}={text}" if text else f"line {line}: no {parameter}"
    return Placement((edit,), label)


def condition_placement(thread: str, first: int, last: int, test: str) -> Placement:
    """The placement for a condition the player typed for "if …:"."""
    text = test.strip()
    where = f"{first}" if first == last else f"{first}-{last}"
    return Placement((edits.IfCondition(thread, first, last, text),), f"if {text}:  around {where}")


def predicate_placement(
    thread: str, first: int, last: int, side: str, name: str, declaration: str, predicate: str
) -> Placement:
    """The placement for the predicate the player typed for "wait_for(…)" (declaring the
    Condition first when the entry takes it from the palette)."""
    statement = f"{name}.wait_for({predicate.strip()})"
    where = first if side == "before" else last
    declare = (edits.Declare(name, declaration),) if declaration else ()
    changes = (*declare, edits.Insert(thread, first, last, side, statement))
    return Placement(changes, f"{statement} {side} {where}")
