"""Edits of a run of statements: take it out of its `with P:` (the lock is let go around it),
swap two primitives of one type in it (one lock order for every thread), put it under
`if ok:` where `ok` holds what a primitive answered (`ok = sem.acquire(False)`), and put
statements that only synchronise under a condition the player writes (`if shared.n == 0:`).
Pure Python, no Textual.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from syncgame.play.placement import (
    Draft,
    Line,
    PlacementError,
    _indent,
    _only_sync,
    _siblings,
    _unit,
    _with_primitive,
    call_on,
    parse_lines,
    snap,
    with_thread,
)
from syncgame.sandbox import parse_level_code


def enclosing_with(draft: Draft, lines, first: int, last: int) -> ast.With | None:
    """The `with P:` whose body holds the statements on lines `first`..`last` (a snapped run)."""
    run = _siblings(lines, first, last)
    if not run:
        return None
    for node in ast.walk(parse_lines(lines)):
        if _with_primitive(draft, node) and any(s.lineno == run[0].lineno for s in node.body):
            return node
    return None


@dataclass(frozen=True)
class StepOut:
    """Take lines `first`..`last` out of the `with P:` they stand in: the block ends before
    them and, when statements follow, a new `with P:` takes those."""

    thread: str
    first: int
    last: int

    def apply(self, draft: Draft) -> Draft:
        lines = list(draft.threads[self.thread])
        first, last = snap(lines, self.first, self.last)
        block = enclosing_with(draft, lines, first, last)
        if block is None:
            raise PlacementError(f"lines {first}-{last} are not inside 'with <primitive>:'")
        body = block.body
        before = [s for s in body if s.end_lineno < first]
        after = [s for s in body if s.lineno > last]
        if not before and not after:
            raise PlacementError("that is the whole block: unwrap it instead")
        name = block.items[0].context_expr.id
        indent = _indent(lines[block.lineno - 1].text)
        cut = len(_indent(lines[body[0].lineno - 1].text)) - len(indent)

        def dedented(part):
            return [
                replace(line, text=line.text[cut:] if line.text[:cut].isspace() else line.text)
                for line in part
            ]

        head = lines[block.lineno - 1 : first - 1]
        if not before:  # nothing left under the header: it goes, comments come out
            head = dedented(head[1:])
        middle = dedented(lines[first - 1 : last])
        tail = lines[last : block.end_lineno]
        if after:
            tail = [Line(f"{indent}with {name}:", placed=True), *tail]
        else:
            tail = dedented(tail)
        lines[block.lineno - 1 : block.end_lineno] = [*head, *middle, *tail]
        return with_thread(draft, self.thread, lines)


@dataclass(frozen=True)
class SwapNames:
    """Exchange primitives `a` and `b` (of one type) on lines `first`..`last`."""

    thread: str
    first: int
    last: int
    a: str
    b: str

    def apply(self, draft: Draft) -> Draft:
        kinds = draft.kinds()
        if self.a == self.b or self.a not in kinds or self.b not in kinds:
            raise PlacementError("swap two different primitives")
        if kinds[self.a] != kinds[self.b]:
            raise PlacementError(f"{self.a} and {self.b} are not of one type")
        lines = list(draft.threads[self.thread])
        first, last = snap(lines, self.first, self.last)
        found = swappable_names(lines, first, last, {self.a, self.b})
        if {node.id for node in found} != {self.a, self.b}:
            raise PlacementError(f"lines {first}-{last} do not use both {self.a} and {self.b}")
        other = {self.a: self.b, self.b: self.a}
        for node in sorted(found, key=lambda n: (n.lineno, -n.col_offset)):
            raw = lines[node.lineno - 1].text.encode()  # ast offsets count UTF-8 bytes
            new = raw[: node.col_offset] + other[node.id].encode() + raw[node.end_col_offset :]
            lines[node.lineno - 1] = Line(new.decode(), placed=True)
        return with_thread(draft, self.thread, lines)


def swappable_names(lines, first: int, last: int, names: set[str]) -> list[ast.Name]:
    """The uses of `names` on lines `first`..`last`."""
    return [
        node
        for node in ast.walk(parse_lines(lines))
        if isinstance(node, ast.Name) and node.id in names and first <= node.lineno <= last
    ]


@dataclass(frozen=True)
class IfAnswer:
    """Put lines `first`..`last` under `if name:`, where `name` holds what a primitive answered
    (assigned from a call on a primitive, before those lines, and never otherwise)."""

    thread: str
    first: int
    last: int
    name: str

    def apply(self, draft: Draft) -> Draft:
        lines = list(draft.threads[self.thread])
        first, last = snap(lines, self.first, self.last)
        if self.name not in answers_before(draft, lines, first):
            raise PlacementError(f"{self.name} does not hold what a primitive answered")
        return _under(lines, first, last, f"if {self.name}:", draft, self.thread)


@dataclass(frozen=True)
class IfCondition:
    """Put lines `first`..`last`, which only synchronise, under `if test:` (the player's test:
    when to signal; the work itself never becomes conditional)."""

    thread: str
    first: int
    last: int
    test: str

    def apply(self, draft: Draft) -> Draft:
        lines = list(draft.threads[self.thread])
        first, last = snap(lines, self.first, self.last)
        if not only_synchronising(draft, lines, first, last):
            raise PlacementError(f"lines {first}-{last} do more than synchronise")
        test = self.test.strip()
        if not test or "\n" in test:
            raise PlacementError("write the condition on one line")
        try:
            parse_level_code(test, mode="eval")
        except SyntaxError as error:
            raise PlacementError(f"{test!r}: {error.msg}") from None
        return _under(lines, first, last, f"if {test}:", draft, self.thread)


def only_synchronising(draft: Draft, lines, first: int, last: int) -> bool:
    """Do the statements on lines `first`..`last` (a snapped run) only synchronise?"""
    run = _siblings(lines, first, last)
    return bool(run) and all(_only_sync(draft, statement) for statement in run)


def _under(lines, first: int, last: int, header: str, draft: Draft, thread: str) -> Draft:
    """Lines `first`..`last` indented under the new block header `header`."""
    indent = _indent(lines[first - 1].text)
    unit = _unit(lines)
    body = [
        replace(line, text=unit + line.text if line.text.strip() else line.text)
        for line in lines[first - 1 : last]
    ]
    lines[first - 1 : last] = [Line(f"{indent}{header}", placed=True), *body]
    return with_thread(draft, thread, lines)


def answers_before(draft: Draft, lines, line: int) -> list[str]:
    """Names assigned a primitive's answer (`ok = sem.acquire(False)`) before `line`, and
    assigned nothing else anywhere (what the judge counts as a signal, not as work)."""
    answers: list[str] = []
    others: set[str] = set()
    for node in ast.walk(parse_lines(lines)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
            is_answer = call_on(draft, node) is not None
        elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.For | ast.NamedExpr):
            targets, is_answer = [node.target], False
        for target in targets:
            for name in ast.walk(target):
                if not isinstance(name, ast.Name):
                    continue
                if not is_answer:
                    others.add(name.id)
                elif node.end_lineno < line:
                    answers.append(name.id)
    return sorted({name for name in answers if name not in others})
