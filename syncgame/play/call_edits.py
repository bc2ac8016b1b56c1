"""Edits of one call on a primitive: its timeout or blocking argument, and `put_nowait(x)` <->
`put(x)` / `get_nowait()` <-> `get()`. Pure Python, no Textual.

The call is rebuilt from CPython's signature of the method (the runtime's primitives have the
same), so `stop.wait()` gains its timeout as `stop.wait(1)` and `q.put(item)` as
`q.put(item, timeout=1)`; the rest of the line (an assignment, a comment) stays as it was.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from functools import cache

from syncgame.play.placement import (
    Draft,
    Line,
    PlacementError,
    call_on,
    statement_at,
    with_thread,
)
from syncgame.primitives.registry import primitive_class
from syncgame.sandbox import parse_level_code

NOWAIT = {"put_nowait": "put", "get_nowait": "get"}
"""The non-blocking method and the blocking one it stands for."""
BLOCKING = {value: key for key, value in NOWAIT.items()}


@cache
def parameters(kind: str, method: str) -> tuple[str, ...]:
    """The method's parameter names after `self` ("timeout", "blocking"...), () if unknown."""
    function = getattr(primitive_class(kind), method, None)
    if function is None:
        return ()
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return ()
    return tuple(name for name in names if name != "self")


def call_at(draft: Draft, thread: str, line: int) -> tuple[str, str, str, ast.Call] | None:
    """(primitive, type, method, call) for a one-line call on a primitive at `line`."""
    lines = list(draft.threads[thread])
    try:
        statement = statement_at(lines, line)
    except PlacementError:
        return None
    found = call_on(draft, statement)
    if found is None or statement.lineno != statement.end_lineno:
        return None
    name, method, call = found
    return name, draft.kinds()[name], method, call


def argument_text(call: ast.Call, kind: str, method: str, parameter: str) -> str | None:
    """The source of `parameter`'s argument in `call`, None when the call leaves it out."""
    return _bound(call, parameters(kind, method)).get(parameter)


def _bound(call: ast.Call, names: tuple[str, ...]) -> dict[str, str]:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        raise PlacementError("a call with * or ** arguments cannot be edited here")
    if len(call.args) > len(names):
        raise PlacementError("the call has more arguments than the method takes")
    bound = {names[i]: ast.unparse(arg) for i, arg in enumerate(call.args)}
    for keyword in call.keywords:
        if keyword.arg not in names:
            raise PlacementError(f"the method takes no argument {keyword.arg!r}")
        bound[keyword.arg] = ast.unparse(keyword.value)
    return bound


def _rebuilt(func: str, names: tuple[str, ...], bound: dict[str, str], positional: int) -> str:
    """`func(...)` with the arguments in signature order: the first `positional` present ones
    by position (while no gap comes before them), the rest by keyword."""
    parts = []
    by_position = True
    for index, name in enumerate(names):
        if name not in bound:
            by_position = False
            continue
        if by_position and index < positional:
            parts.append(bound[name])
        else:
            by_position = False
            parts.append(f"{name}={bound[name]}")
    return f"{func}({', '.join(parts)})"


def _replace_call(draft: Draft, thread: str, line: int, call: ast.Call, text: str) -> Draft:
    lines = list(draft.threads[thread])
    old = lines[line - 1].text
    if call.lineno != call.end_lineno:
        raise PlacementError(f"the call on line {line} spans several lines")
    new = old[: call.col_offset] + text + old[call.end_col_offset :]
    lines[line - 1] = Line(new, placed=True)
    return with_thread(draft, thread, lines)


@dataclass(frozen=True)
class SetArgument:
    """Give the call on `line` the argument `parameter=value`, or take it away (value None)."""

    thread: str
    line: int
    parameter: str
    value: str | None

    def apply(self, draft: Draft) -> Draft:
        found = call_at(draft, self.thread, self.line)
        if found is None:
            raise PlacementError(f"line {self.line} is not a call on a primitive")
        name, kind, method, call = found
        names = parameters(kind, method)
        if self.parameter not in names:
            raise PlacementError(f"{name}.{method}() takes no {self.parameter}")
        bound = _bound(call, names)
        if self.value is None:
            if self.parameter not in bound:
                raise PlacementError(f"{name}.{method}() has no {self.parameter} to remove")
            del bound[self.parameter]
        else:
            value = self.value.strip()
            try:
                node = parse_level_code(value, "eval").body
            except SyntaxError:
                raise PlacementError(f"{value!r} is not a value") from None
            if not isinstance(node, ast.Constant | ast.UnaryOp | ast.Name):
                raise PlacementError(f"{self.parameter} takes a number or True/False")
            bound[self.parameter] = value
        # arguments written by position stay so; so does wait()'s only argument, the timeout
        positional = max(len(call.args), 1 if names[0] == "timeout" else 0)
        text = _rebuilt(f"{name}.{method}", names, bound, positional)
        return _replace_call(draft, self.thread, self.line, call, text)


@dataclass(frozen=True)
class SwapBlocking:
    """`q.put_nowait(x)` <-> `q.put(x)`, `q.get_nowait()` <-> `q.get()`."""

    thread: str
    line: int

    def apply(self, draft: Draft) -> Draft:
        found = call_at(draft, self.thread, self.line)
        if found is None:
            raise PlacementError(f"line {self.line} is not a call on a primitive")
        name, kind, method, call = found
        other = NOWAIT.get(method) or BLOCKING.get(method)
        if other is None or getattr(primitive_class(kind), other, None) is None:
            raise PlacementError(f"{name}.{method}() has no blocking twin")
        bound = _bound(call, parameters(kind, method))
        if method in BLOCKING and set(bound) - {"item"}:
            raise PlacementError(f"{name}.{method}() with block or timeout has no _nowait twin")
        text = _rebuilt(f"{name}.{other}", parameters(kind, other), bound, len(call.args))
        return _replace_call(draft, self.thread, self.line, call, text)


def blocking_twin(method: str) -> str | None:
    return NOWAIT.get(method) or BLOCKING.get(method)
