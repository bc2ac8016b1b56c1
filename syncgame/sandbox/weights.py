"""Weights: what printing, comparing, hashing or sorting a value costs.

Shared references make `[[0] * 1000] * 1000` cost a thousand times more to print than to
build, so every operation that walks a value deeply is checked against its weight first.
"""

from __future__ import annotations

from syncgame.sandbox.budgets import MAX_NESTING, MAX_WEIGHT, too_big

_SCALARS = frozenset({int, float, bool, type(None), complex})
CONTAINERS = frozenset({list, tuple, dict, set, frozenset})
"""Types whose weight is worth computing (and so are proxies of containers)."""


class ContainerProxy:
    """An object that stands for a list or dict in level code (the runtime's shared
    containers, and `shared` itself, which stands for its variables).

    The sandbox asks a proxy for the container behind it (`_sg_contents`) to weigh it, size
    it and guard its methods, and a `for` loop iterates a copy of it (see `operators`).
    """

    __slots__ = ()

    def _sg_contents(self) -> list | dict:
        """The container this object stands for, read without a scheduling point."""
        raise NotImplementedError


def unwrap_proxy(value):
    """The container behind a proxy; any other value as it is."""
    return value._sg_contents() if isinstance(value, ContainerProxy) else value


def weigh(value, limit: int = MAX_WEIGHT) -> int:
    """The weight of `value`, or some number above `limit` once it is known to be heavier.

    The weight is what `repr`, `==` or `hash` walk through: each element of each container,
    counted as often as shared references repeat it, plus the characters of strings. It is
    computed once per distinct container (at most about `limit` steps), so a value built by
    repeating references (`[[0] * 1000] * 1000`) is weighed without walking it. A cycle
    counts once (repr prints it as `[...]`); nesting deeper than MAX_NESTING is over.
    """
    kind = type(value)
    if kind in _SCALARS:
        return 1
    if kind is str:
        return len(value) or 1
    try:
        return _weigh(value, limit, {}, 0)
    except RecursionError:
        return limit + 1


def _weigh(value, budget: int, memo: dict, depth: int) -> int:
    kind = type(value)
    if kind in _SCALARS:
        return 1
    if kind is str:
        return len(value) or 1
    if isinstance(value, ContainerProxy):
        value = value._sg_contents()
        kind = type(value)
    if kind not in CONTAINERS:
        if isinstance(value, BaseException):
            return 1 + _weigh(value.args, budget, memo, depth + 1)
        return 1  # functions, primitives, ranges...: their repr is short
    key = id(value)
    known = memo.get(key)
    if known is not None:
        return known
    if depth >= MAX_NESTING:
        return budget + 1
    memo[key] = 1  # while we are inside it: a cycle counts once
    total = 1
    parts = (value.keys(), value.values()) if kind is dict else (value,)
    for part in parts:
        kinds = set(map(type, part))
        if kinds <= _SCALARS:
            total += len(part)
        elif kinds == {str}:
            total += sum(map(len, part)) + len(part)
        else:
            for item in part:
                if type(item) in _SCALARS:
                    total += 1
                else:
                    total += _weigh(item, budget - total, memo, depth + 1)
                if total > budget:
                    break
        if total > budget:
            break
    memo[key] = total
    return total


def check_weight(value, what: str = "value"):
    """`value`, if its weight is within MAX_WEIGHT; else BudgetExceeded."""
    if type(value) in CONTAINERS or isinstance(value, ContainerProxy):  # worth weighing
        if weigh(value) > MAX_WEIGHT:
            raise too_big(what)
    return value


def safe_repr(value) -> str:
    """repr(value) for the game's own use (traces, messages): never slow, never raises."""
    try:
        if weigh(value) > MAX_WEIGHT:
            return f"<{type(value).__name__} too large to show>"
        return repr(value)
    except Exception as error:  # a repr that fails (RecursionError...) still shows something
        return f"<{type(value).__name__}: {type(error).__name__}>"


def safe_str(value) -> str:
    """str(value) for the game's own use, like `safe_repr`."""
    try:
        if weigh(value) > MAX_WEIGHT:
            return f"<{type(value).__name__} too large to show>"
        return str(value)
    except Exception as error:
        return f"<{type(value).__name__}: {type(error).__name__}>"
