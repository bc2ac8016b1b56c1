"""Methods of built-in containers and strings, checked before they run.

`"".join(parts)`, `items.extend(more)`, `keys.update(...)`, `data.sort()`: their cost is
not bounded by their inputs' sizes, so the rewritten code reaches these names through
`_sg_method`, which checks the arguments against the sandbox's budgets first.
"""

from __future__ import annotations

from syncgame.sandbox.budgets import MAX_SEQUENCE, note_size, too_big
from syncgame.sandbox.builtins import GuardedType, called_back
from syncgame.sandbox.operators import _sg_w, known_length
from syncgame.sandbox.weights import ContainerProxy, check_weight, unwrap_proxy


def _limited(items, room: int):
    """`items`, failing once more than `room` of them have come."""
    for count, item in enumerate(items, 1):
        if count > room:
            raise too_big("sequence")
        yield item


def _grow(receiver, args: tuple, kwargs: dict) -> tuple:
    """list.extend, dict.update, set.update and friends: the result stays within bounds."""
    size = known_length(receiver) or 0
    hashes = type(receiver) in (set, frozenset, dict)
    checked = []
    for arg in args:
        if hashes and known_length(arg) is None and not isinstance(arg, dict):
            arg = list(_limited(arg, MAX_SEQUENCE))  # see what an iterator gives first
        length = known_length(arg)
        if length is None:
            arg = _limited(arg, max(0, MAX_SEQUENCE - size))
        else:
            size += length
            check_weight(arg)
        checked.append(arg)
    if size + len(kwargs) > MAX_SEQUENCE:
        raise too_big("sequence")
    return tuple(checked)


def _guard_join(receiver, args, kwargs):
    items = list(args[0]) if args else []
    total = sum(len(item) for item in items if type(item) is str)
    if type(receiver) is str:
        total += len(receiver) * max(0, len(items) - 1)
    if total > MAX_SEQUENCE:
        raise too_big("string")
    if total > 4096:
        note_size(total)
    return (items, *args[1:])


def _guard_replace(receiver, args, kwargs):
    if type(receiver) is str and len(args) >= 2:
        old, new = args[0], args[1]
        if type(old) is str and type(new) is str and len(new) > len(old):
            count = receiver.count(old)
            limit = args[2] if len(args) > 2 else kwargs.get("count", -1)
            if type(limit) is int and 0 <= limit < count:
                count = limit
            if len(receiver) + count * (len(new) - len(old)) > MAX_SEQUENCE:
                raise too_big("string")
    return args


def _guard_walk(receiver, args, kwargs):
    """count, index, remove, sort: compare the receiver's elements with each other or args."""
    _sg_w(receiver)
    if kwargs.get("key") is not None:  # sort(key=...): called from C
        kwargs["key"] = called_back(kwargs["key"])
    for arg in args:
        _sg_w(arg)
    return args


def _guard_key(receiver, args, kwargs):
    """get, pop, setdefault, add, discard...: hash an argument."""
    for arg in args:
        _sg_w(arg)
    return args


METHOD_GUARDS = {
    "join": _guard_join,
    "replace": _guard_replace,
    "extend": _grow,
    "update": _grow,
    "union": _grow,
    "intersection": _grow,
    "difference": _grow,
    "symmetric_difference": _grow,
    "intersection_update": _grow,
    "difference_update": _grow,
    "symmetric_difference_update": _grow,
    "issubset": _grow,
    "issuperset": _grow,
    "isdisjoint": _grow,
    "count": _guard_walk,
    "index": _guard_walk,
    "remove": _guard_walk,
    "sort": _guard_walk,
    "get": _guard_key,
    "pop": _guard_key,
    "setdefault": _guard_key,
    "add": _guard_key,
    "discard": _guard_key,
}
"""Methods of built-in containers and strings whose cost is not bounded by their inputs'
sizes. Level code reaches these names through `_sg_method`, which checks before calling."""

_METHOD_OWNERS = frozenset({str, list, tuple, dict, set, frozenset})


def _sg_method(obj, name: str):
    """`obj.name` for a name in METHOD_GUARDS: a checked method of a container or string."""
    attr = getattr(obj, name)
    guard = METHOD_GUARDS[name]
    if type(obj) in _METHOD_OWNERS or isinstance(obj, ContainerProxy):
        receiver = unwrap_proxy(obj)

        def bound(*args, **kwargs):
            return attr(*guard(receiver, args, kwargs), **kwargs)

        return bound
    if type(obj) is GuardedType or (type(obj) is type and obj in _METHOD_OWNERS):  # str.join

        def unbound(receiver=None, *args, **kwargs):
            return attr(receiver, *guard(unwrap_proxy(receiver), args, kwargs), **kwargs)

        return unbound
    return attr  # a primitive's get(), a shared variable named `count`...
