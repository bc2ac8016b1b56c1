"""The player's edits: (start code, placements) -> the effective source that will run.

Pure Python, no Textual. A placement is one undoable step made of edits; each edit names lines
of the effective code as it stood when the edit was made (1-based, per thread), so applying the
placements in order always reproduces the same code. Every result is checked: it must parse,
fit the palette, and only add, move or remove synchronisation.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from syncgame.level.constructors import DeclarationError, parse_declaration
from syncgame.level.model import Level, Solution
from syncgame.primitives.registry import WITH_TYPES
from syncgame.sandbox import parse_level_code

"""Types usable in `with P:`."""

METHODS: dict[str, tuple[str, ...]] = {
    "Lock": ("acquire()", "release()"),
    "RLock": ("acquire()", "release()"),
    "Condition": ("wait()", "notify()", "notify_all()", "acquire()", "release()"),
    "Semaphore": ("acquire()", "release()"),
    "BoundedSemaphore": ("acquire()", "release()"),
    "Event": ("wait()", "set()", "clear()"),
    "Barrier": ("wait()", "abort()", "reset()"),
    "Queue": ("get()", "task_done()", "join()"),
}
"""Calls the player may insert, by primitive type."""

TYPED_METHODS: dict[str, tuple[str, ...]] = {"Condition": ("wait_for",)}
"""Calls the player inserts with an argument they type (the predicate of `wait_for`)."""

BASE_NAMES = {
    "Lock": "lock",
    "RLock": "rlock",
    "Condition": "cond",
    "Semaphore": "sem",
    "BoundedSemaphore": "bsem",
    "Event": "event",
    "Barrier": "barrier",
    "Queue": "q",
}

REMOVABLE_CALLS = ("sleep",)

_COMPOUND = (
    ast.If, ast.While, ast.For, ast.With, ast.Try, ast.FunctionDef, ast.AsyncFunctionDef,
    ast.ClassDef, ast.Match, ast.AsyncFor, ast.AsyncWith,
)  # fmt: skip
"""Plain function calls (besides calls on primitives) that count as synchronisation."""


class PlacementError(ValueError):
    """An edit that cannot be made; the message says why, in one sentence."""


@dataclass(frozen=True)
class Line:
    text: str
    placed: bool = False
    """True when the player's edits wrote this line (shown highlighted)."""


@dataclass(frozen=True)
class Draft:
    """The code and primitives after some placements."""

    primitives: dict[str, str]
    threads: dict[str, tuple[Line, ...]]

    def source(self, thread: str) -> str:
        return "".join(line.text + "\n" for line in self.threads[thread])

    def kinds(self) -> dict[str, str]:
        """Primitive name -> type."""
        return {name: decl.split("(", 1)[0].strip() for name, decl in self.primitives.items()}


# --- edits -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declare:
    """Add a primitive from the palette, or change an existing one's type or arguments."""

    name: str
    declaration: str

    def apply(self, draft: Draft) -> Draft:
        if not self.name.isidentifier():
            raise PlacementError(f"'{self.name}' is not a valid name")
        kinds = draft.kinds()
        try:
            parse_declaration(self.declaration, kinds)
        except DeclarationError as error:
            raise PlacementError(f"{self.declaration}: {error}") from None
        return replace(draft, primitives={**draft.primitives, self.name: self.declaration})


@dataclass(frozen=True)
class Wrap:
    """Put lines `first`..`last` of a thread inside `with name:`."""

    thread: str
    first: int
    last: int
    name: str

    def apply(self, draft: Draft) -> Draft:
        kind = _kind(draft, self.name)
        if kind not in WITH_TYPES:
            raise PlacementError(f"a {kind} cannot be used in 'with'")
        lines = list(draft.threads[self.thread])
        first, last = snap(lines, self.first, self.last)
        pair = acquire_release_pair(draft, lines, first, last, self.name)
        indent = _indent(lines[first - 1].text)
        unit = _unit(lines)
        header = Line(f"{indent}with {self.name}:", placed=True)
        inner = lines[first - 1 : last]
        if pair is not None:  # `with` takes their place: keeping them would deadlock a Lock
            acquire, release = pair
            inner = lines[acquire.end_lineno : release.lineno - 1]
        body = [
            replace(line, text=unit + line.text if line.text.strip() else line.text)
            for line in inner
        ]
        lines[first - 1 : last] = [header, *body]
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class Insert:
    """Insert `statement` (such as `lock.acquire()`) before `first` or after `last`."""

    thread: str
    first: int
    last: int
    where: str
    statement: str

    def apply(self, draft: Draft) -> Draft:
        if self.where not in ("before", "after"):
            raise PlacementError(f"insert where? {self.where!r}")
        _check_call(draft, self.statement)
        lines = list(draft.threads[self.thread])
        first, last = snap(lines, self.first, self.last)
        indent = _indent(lines[first - 1].text)
        new = Line(indent + self.statement, placed=True)
        at = first - 1 if self.where == "before" else last
        lines.insert(at, new)
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class Remove:
    """Remove a statement that only synchronises: a call on a primitive, `sleep(...)`, or an
    `if`/`while` whose body only synchronises (a polling loop)."""

    thread: str
    line: int

    def apply(self, draft: Draft) -> Draft:
        lines = list(draft.threads[self.thread])
        statement = statement_at(lines, self.line)
        if not _only_sync(draft, statement):
            raise PlacementError(f"line {self.line} does more than synchronise")
        indent = _indent(lines[self.line - 1].text)
        del lines[self.line - 1 : statement.end_lineno]
        try:
            parse_lines(lines)
        except PlacementError:  # the block lost its only statement
            lines.insert(self.line - 1, Line(indent + "pass", placed=True))
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class Rewrite:
    """Replace a one-line statement with `text` (same indentation), e.g. `stop.wait(1)`."""

    thread: str
    line: int
    text: str

    def apply(self, draft: Draft) -> Draft:
        lines = list(draft.threads[self.thread])
        statement = statement_at(lines, self.line)
        if statement.lineno != statement.end_lineno or isinstance(statement, _COMPOUND):
            raise PlacementError(f"line {self.line} is not a one-line statement")
        text = self.text.strip()
        if not text or "\n" in text:
            raise PlacementError("write one statement")
        try:
            tree = parse_level_code(text)
        except SyntaxError as error:
            raise PlacementError(f"{text!r}: {error.msg}") from None
        if len(tree.body) != 1 or isinstance(tree.body[0], _COMPOUND):
            raise PlacementError("write one simple statement")
        indent = _indent(lines[self.line - 1].text)
        lines[self.line - 1] = Line(indent + text, placed=True)
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class Toggle:
    """Turn `if` into `while` or back (any `if`/`while` without `else`: a general edit; the
    judge's structure check decides whether the work stayed the same)."""

    thread: str
    line: int

    def apply(self, draft: Draft) -> Draft:
        lines = list(draft.threads[self.thread])
        statement = statement_at(lines, self.line)
        if not (isinstance(statement, ast.If | ast.While) and not statement.orelse):
            raise PlacementError(f"line {self.line} is not an 'if' or 'while' without 'else'")
        text = lines[self.line - 1].text
        indent = _indent(text)
        body = text[len(indent) :]
        if isinstance(statement, ast.If) and body.startswith("if "):
            new = "while " + body[3:]
        elif isinstance(statement, ast.While) and body.startswith("while "):
            new = "if " + body[6:]
        else:
            raise PlacementError(f"line {self.line} cannot be toggled")
        lines[self.line - 1] = Line(indent + new, placed=True)
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class TryFinally:
    """Put lines `first`..`last` in `try:` with `statement` (a release) in `finally:`."""

    thread: str
    first: int
    last: int
    statement: str

    def apply(self, draft: Draft) -> Draft:
        _check_call(draft, self.statement)
        lines = list(draft.threads[self.thread])
        first, last = snap(lines, self.first, self.last)
        leading, trailing = try_finally_bounds(draft, lines, first, last, self.statement)
        indent = _indent(lines[first - 1].text)
        unit = _unit(lines)
        inner = lines[(leading or first - 1) : (trailing or last)]
        if not any(line.text.strip() for line in inner):
            raise PlacementError("nothing would be left inside the try")
        body = [
            replace(line, text=unit + line.text if line.text.strip() else line.text)
            for line in inner
        ]
        before = lines[first - 1 : leading] if leading else []
        lines[first - 1 : last] = [
            *before,
            Line(f"{indent}try:", placed=True),
            *body,
            Line(f"{indent}finally:", placed=True),
            Line(f"{indent}{unit}{self.statement}", placed=True),
        ]
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class Unwrap:
    """Remove `with name:` at `line`, keeping its body."""

    thread: str
    line: int

    def apply(self, draft: Draft) -> Draft:
        lines = list(draft.threads[self.thread])
        statement = statement_at(lines, self.line)
        if not (
            isinstance(statement, ast.With)
            and statement.lineno == self.line
            and len(statement.items) == 1
            and isinstance(statement.items[0].context_expr, ast.Name)
            and statement.items[0].context_expr.id in draft.primitives
            and statement.items[0].optional_vars is None
        ):
            raise PlacementError(f"line {self.line} is not 'with <primitive>:'")
        body_first = statement.body[0].lineno
        cut = len(_indent(lines[body_first - 1].text)) - len(_indent(lines[self.line - 1].text))
        body = [
            replace(line, text=line.text[cut:] if line.text[:cut].isspace() else line.text)
            for line in lines[self.line : statement.end_lineno]
        ]
        lines[self.line - 1 : statement.end_lineno] = body
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class SwapLocks:
    """Swap the primitives of `with A:` at `line` and the `with B:` directly inside it (lock
    order: AB-BA deadlocks, the dining philosophers)."""

    thread: str
    line: int

    def apply(self, draft: Draft) -> Draft:
        lines = list(draft.threads[self.thread])
        outer = statement_at(lines, self.line)
        inner = inner_with(draft, outer)
        if not (_with_primitive(draft, outer) and inner is not None):
            raise PlacementError(f"line {self.line} is not a 'with' holding another 'with'")
        a, b = outer.items[0].context_expr, inner.items[0].context_expr
        for node, name in ((a, b.id), (b, a.id)):
            text = lines[node.lineno - 1].text
            new = text[: node.col_offset] + name + text[node.end_col_offset :]
            lines[node.lineno - 1] = Line(new, placed=True)
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class SwapHeaders:
    """Swap the block header at `line` with the header of the one block inside it:
    `if x:` / `with cond:` becomes `with cond:` / `if x:`."""

    thread: str
    line: int

    def apply(self, draft: Draft) -> Draft:
        lines = list(draft.threads[self.thread])
        outer = statement_at(lines, self.line)
        inner = nested_block(outer)
        if inner is None:
            raise PlacementError(f"line {self.line} does not hold exactly one block")
        outer_text, inner_text = lines[outer.lineno - 1].text, lines[inner.lineno - 1].text
        lines[outer.lineno - 1] = Line(_indent(outer_text) + inner_text.strip(), placed=True)
        lines[inner.lineno - 1] = Line(_indent(inner_text) + outer_text.strip(), placed=True)
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class Move:
    """Move the statement at `line` one statement up (`delta` -1) or down (+1) in its block."""

    thread: str
    line: int
    delta: int

    def apply(self, draft: Draft) -> Draft:
        if self.delta not in (-1, 1):
            raise PlacementError("a statement moves one place up or down")
        lines = list(draft.threads[self.thread])
        body, index = _siblings_of(lines, self.line)
        other = index + self.delta
        if not 0 <= other < len(body):
            raise PlacementError(f"line {self.line} is already at the edge of its block")
        upper, lower = sorted((body[index], body[other]), key=lambda s: s.lineno)
        top = lines[upper.lineno - 1 : upper.end_lineno]
        gap = lines[upper.end_lineno : lower.lineno - 1]
        bottom = lines[lower.lineno - 1 : lower.end_lineno]
        moved = body[index]
        marked = [replace(line, placed=True) if i == 0 else line for i, line in enumerate(
            top if moved is upper else bottom
        )]  # fmt: skip
        if moved is upper:
            top = marked
        else:
            bottom = marked
        lines[upper.lineno - 1 : lower.end_lineno] = [*bottom, *gap, *top]
        return with_thread(draft, self.thread, lines)


Edit = (
    Declare
    | Wrap
    | Insert
    | Remove
    | Unwrap
    | Rewrite
    | Toggle
    | TryFinally
    | SwapLocks
    | SwapHeaders
    | Move
)


@dataclass(frozen=True)
class Placement:
    """One undoable step: edits applied together, and a label for the history."""

    edits: tuple[Edit, ...]
    label: str = ""

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "edits": [{"kind": type(e).__name__, **e.__dict__} for e in self.edits],
        }


# --- the history of one attempt ---------------------------------------------------------------


@dataclass
class Board:
    """The start of a level, the placements made on it, and undo/redo."""

    level: Level
    applied: list[Placement] = field(default_factory=list)
    undone: list[Placement] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._start = start_draft(self.level)
        self._draft = self._replay(self.applied)

    @property
    def draft(self) -> Draft:
        return self._draft

    def _replay(self, placements: list[Placement]) -> Draft:
        draft = self._start
        for placement in placements:
            draft = self._apply(draft, placement)
        return draft

    def _apply(self, draft: Draft, placement: Placement) -> Draft:
        for edit in placement.edits:
            if hasattr(edit, "thread") and edit.thread not in draft.threads:
                raise PlacementError(f"no thread named {edit.thread!r}")
            draft = edit.apply(draft)
        for kind, left in palette_left(self.level, draft).items():
            if left < 0:
                raise PlacementError(f"no {kind} left in the palette")
        draft = drop_unused(self.level, draft)
        for name in draft.threads:
            _check_parses(draft.source(name))
        return draft

    def try_place(self, placement: Placement) -> Draft:
        """The draft `placement` would give, without making it (raises PlacementError)."""
        return self._apply(self._draft, placement)

    def place(self, placement: Placement) -> None:
        self._draft = self._apply(self._draft, placement)
        self.applied.append(placement)
        self.undone.clear()

    def undo(self) -> bool:
        if not self.applied:
            return False
        self.undone.append(self.applied.pop())
        self._draft = self._replay(self.applied)
        return True

    def redo(self) -> bool:
        if not self.undone:
            return False
        placement = self.undone.pop()
        self._draft = self._apply(self._draft, placement)
        self.applied.append(placement)
        return True

    def reset(self) -> None:
        """Back to the start code; the reset itself can be undone step by step with redo."""
        self.undone.extend(reversed(self.applied))
        self.applied.clear()
        self._draft = self._start

    def changed(self) -> bool:
        return bool(self.applied)

    def solution(self) -> Solution:
        """The draft as a level `[solution]`: primitives added or changed, every thread's code."""
        start = self._start
        primitives = {
            name: decl
            for name, decl in self._draft.primitives.items()
            if start.primitives.get(name) != decl
        }
        threads = {name: self._draft.source(name) for name in self._draft.threads}
        return Solution(primitives=primitives, threads=threads)

    def used_primitives(self) -> int:
        """Primitives the player added or changed (what par counts)."""
        return sum(palette_used(self.level, self._draft).values())


def start_draft(level: Level) -> Draft:
    threads = {
        spec.name: tuple(Line(text) for text in spec.code.strip("\n").split("\n"))
        for spec in level.threads
    }
    return Draft(primitives=dict(level.primitives), threads=threads)


def drop_unused(level: Level, draft: Draft) -> Draft:
    """The draft without the primitives the player added that nothing uses any more (an
    orphan `lock = Lock()` would still cost a palette slot and a star)."""
    used = _names_in_code(draft) | _names_in(level.helpers)
    primitives = dict(draft.primitives)
    while True:
        referenced = used | {
            name for decl in primitives.values() for name in _names_in(decl, mode="eval")
        }
        orphans = [n for n in primitives if n not in level.primitives and n not in referenced]
        if not orphans:
            break
        for name in orphans:
            del primitives[name]
    if len(primitives) == len(draft.primitives):
        return draft
    return replace(draft, primitives=primitives)


def _names_in(source: str, mode: str = "exec") -> set[str]:
    try:
        tree = parse_level_code(source, mode)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def palette_used(level: Level, draft: Draft) -> dict[str, int]:
    """Per type, primitives in the draft that are new or of a new type (what the palette pays)."""
    start = start_draft(level).kinds()
    used: dict[str, int] = {}
    for name, kind in draft.kinds().items():
        if start.get(name) != kind:
            used[kind] = used.get(kind, 0) + 1
    return used


def palette_left(level: Level, draft: Draft) -> dict[str, int]:
    used = palette_used(level, draft)
    kinds = set(level.palette) | set(used)
    return {kind: level.palette.get(kind, 0) - used.get(kind, 0) for kind in sorted(kinds)}


def new_name(draft: Draft, kind: str) -> str:
    """A fresh, readable name for a new primitive of `kind`: lock, lock2, ..."""
    base = BASE_NAMES.get(kind, kind.lower())
    taken = set(draft.primitives) | _names_in_code(draft)
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def default_declaration(level: Level, kind: str) -> str:
    if kind == "Barrier":
        return f"Barrier({sum(spec.instances for spec in level.threads)})"
    if kind in ("Semaphore", "BoundedSemaphore"):
        return f"{kind}(1)"
    return f"{kind}()"


# --- statement geometry -----------------------------------------------------------------------


def parse_lines(lines: list[Line] | tuple[Line, ...]) -> ast.Module:
    source = "".join(line.text + "\n" for line in lines)
    try:
        return parse_level_code(source)
    except SyntaxError as error:
        raise PlacementError(f"line {error.lineno}: {error.msg}") from None


def statement_bodies(node: ast.AST):
    """Every statement list in `node`, outermost first."""
    for name in ("body", "orelse", "finalbody"):
        body = getattr(node, name, None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            yield body
            for child in body:
                yield from statement_bodies(child)
    for handler in getattr(node, "handlers", ()) or ():
        yield handler.body
        for child in handler.body:
            yield from statement_bodies(child)
    for case in getattr(node, "cases", ()) or ():
        yield case.body
        for child in case.body:
            yield from statement_bodies(child)


def snap(lines: list[Line] | tuple[Line, ...], first: int, last: int) -> tuple[int, int]:
    """The smallest run of sibling statements covering lines `first`..`last` (1-based)."""
    if first > last:
        first, last = last, first
    if not (1 <= first and last <= len(lines)):
        raise PlacementError(f"lines {first}-{last} are outside the code")
    best: tuple[int, int] | None = None
    for body in statement_bodies(parse_lines(lines)):
        covering = [s for s in body if s.end_lineno >= first and s.lineno <= last]
        if not covering:
            continue
        start, end = covering[0].lineno, covering[-1].end_lineno
        if start <= first and end >= last and (best is None or end - start < best[1] - best[0]):
            best = (start, end)
    if best is None:
        raise PlacementError(f"lines {first}-{last} hold no statement")
    return best


def statement_at(lines: list[Line], line: int) -> ast.stmt:
    """The innermost statement that starts on `line`."""
    found = None
    for body in statement_bodies(parse_lines(lines)):
        for statement in body:
            if statement.lineno == line:
                found = statement
    if found is None:
        raise PlacementError(f"no statement starts on line {line}")
    return found


def _siblings(lines, first: int, last: int) -> list[ast.stmt]:
    """The sibling statements that span exactly lines `first`..`last` (a snapped run)."""
    for body in statement_bodies(parse_lines(lines)):
        run = [s for s in body if s.lineno >= first and s.end_lineno <= last]
        if run and run[0].lineno == first and run[-1].end_lineno == last:
            return run
    return []


def _siblings_of(lines, line: int) -> tuple[list[ast.stmt], int]:
    """The block holding the statement that starts on `line`, and its index there."""
    found = None
    for body in statement_bodies(parse_lines(lines)):
        for index, statement in enumerate(body):
            if statement.lineno == line:
                found = (body, index)
    if found is None:
        raise PlacementError(f"no statement starts on line {line}")
    return found


def call_on(draft: Draft, statement: ast.stmt) -> tuple[str, str, ast.Call] | None:
    """(primitive, method, call) when `statement` is a call on a primitive (or `x = p.m()`)."""
    value = getattr(statement, "value", None)
    if not (isinstance(statement, ast.Expr | ast.Assign) and isinstance(value, ast.Call)):
        return None
    func = value.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in draft.primitives
    ):
        return func.value.id, func.attr, value
    return None


def acquire_release_pair(draft: Draft, lines, first: int, last: int, name: str):
    """(acquire, release) when lines `first`..`last` start with a plain `name.acquire()` and
    end with `name.release()`: wrapping them in `with name:` replaces both."""
    run = _siblings(lines, first, last)
    if len(run) < 2:
        return None
    head, tail = call_on(draft, run[0]), call_on(draft, run[-1])
    if not (head and tail and head[0] == tail[0] == name and isinstance(run[0], ast.Expr)):
        return None
    if head[1] != "acquire" or head[2].args or head[2].keywords or tail[1] != "release":
        return None
    if len(run) == 2:
        return None  # nothing between them to protect
    return run[0], run[-1]


def try_finally_bounds(draft: Draft, lines, first: int, last: int, statement: str):
    """(line after a leading acquire, line before a trailing copy of `statement`), each None
    when absent: the acquire stays before `try:`, and the `finally:` replaces the release."""
    run = _siblings(lines, first, last)
    target = ast.dump(parse_level_code(statement, "eval").body)
    leading = trailing = None
    if len(run) >= 2 and isinstance(run[-1], ast.Expr) and ast.dump(run[-1].value) == target:
        trailing = run[-1].lineno - 1
        run = run[:-1]
    name = statement.split(".", 1)[0]
    head = call_on(draft, run[0]) if len(run) >= 2 else None
    if head and head[0] == name and head[1] == "acquire" and isinstance(run[0], ast.Expr):
        leading = run[0].end_lineno
    return leading, trailing


def _with_primitive(draft: Draft, statement: ast.stmt) -> bool:
    """Is `statement` a plain `with P:` on one primitive?"""
    return (
        isinstance(statement, ast.With)
        and len(statement.items) == 1
        and isinstance(statement.items[0].context_expr, ast.Name)
        and statement.items[0].context_expr.id in draft.primitives
        and statement.items[0].optional_vars is None
    )


def inner_with(draft: Draft, outer: ast.stmt) -> ast.With | None:
    """The first `with P:` directly in the body of `with Q:` (P not Q)."""
    if not _with_primitive(draft, outer):
        return None
    name = outer.items[0].context_expr.id
    for child in outer.body:
        if _with_primitive(draft, child) and child.items[0].context_expr.id != name:
            return child
    return None


_BLOCKS = (ast.If, ast.While, ast.For, ast.With)


def nested_block(outer: ast.stmt) -> ast.stmt | None:
    """The one block statement that is the whole body of block `outer` (headers on one line,
    no `else`), or None."""
    if not isinstance(outer, _BLOCKS) or len(outer.body) != 1:
        return None
    inner = outer.body[0]
    if not isinstance(inner, _BLOCKS) or getattr(outer, "orelse", None):
        return None
    if getattr(inner, "orelse", None):
        return None
    if inner.lineno != outer.lineno + 1 or inner.body[0].lineno != inner.lineno + 1:
        return None  # a header over several lines, or a comment between: not swapped
    return inner


def _only_sync(draft: Draft, statement: ast.stmt) -> bool:
    """Does `statement` only synchronise (what the judge's structure check strips)?"""
    if isinstance(statement, ast.Pass) or _is_sync_call(draft, statement):
        return True
    if isinstance(statement, ast.If | ast.While):
        return all(_only_sync(draft, child) for child in statement.body + statement.orelse)
    if isinstance(statement, ast.With):
        names = [item.context_expr for item in statement.items]
        if all(isinstance(n, ast.Name) and n.id in draft.primitives for n in names):
            return all(_only_sync(draft, child) for child in statement.body)
    return False


def _is_sync_call(draft: Draft, statement: ast.stmt) -> bool:
    value = getattr(statement, "value", None)
    if not (isinstance(statement, ast.Expr | ast.Assign) and isinstance(value, ast.Call)):
        return False
    func = value.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id in draft.primitives
    return isinstance(func, ast.Name) and func.id in REMOVABLE_CALLS


def _check_call(draft: Draft, statement: str) -> None:
    try:
        node = parse_level_code(statement, "eval").body
    except SyntaxError:
        raise PlacementError(f"{statement!r} is not a call") from None
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
    ):
        raise PlacementError(f"{statement!r} is not a call on a primitive")
    kind = _kind(draft, node.func.value.id)
    allowed = {method.split("(")[0] for method in METHODS.get(kind, ())}
    allowed |= set(TYPED_METHODS.get(kind, ()))
    if node.func.attr not in allowed:
        raise PlacementError(f"a {kind} has no {node.func.attr}() to place")


def _kind(draft: Draft, name: str) -> str:
    kind = draft.kinds().get(name)
    if kind is None:
        raise PlacementError(f"no primitive named {name!r}")
    return kind


def _names_in_code(draft: Draft) -> set[str]:
    names: set[str] = set()
    for thread in draft.threads:
        try:
            tree = parse_level_code(draft.source(thread))
        except SyntaxError:
            continue
        names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return names


def _indent(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _unit(lines: list[Line]) -> str:
    """The code's indentation step (4 spaces when nothing is indented yet)."""
    for line in lines:
        indent = _indent(line.text)
        if indent and line.text.strip():
            return indent if set(indent) != {"\t"} else "\t"
    return "    "


def _check_parses(source: str) -> None:
    try:
        parse_level_code(source)
    except SyntaxError as error:
        raise PlacementError(
            f"the code would not parse (line {error.lineno}: {error.msg})"
        ) from None


def with_thread(draft: Draft, thread: str, lines: list[Line]) -> Draft:
    return replace(draft, threads={**draft.threads, thread: tuple(lines)})
