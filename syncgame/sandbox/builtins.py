"""The builtins level code sees: a few of Python's, some checked before they run.

`range`, `pow`, `min`, `sorted`, `sum`, `zip`, `repr`... check sizes and weights first (see
`budgets`, `weights`); `str`, `set` and `dict` are guarded types that check what they are
given; functions C code calls back (a sort key, map's function) go through `called_back`.
"""

from __future__ import annotations

import builtins
import itertools
import queue
import threading

from syncgame.sandbox.budgets import (
    MAX_ARITY,
    MAX_INT_BITS,
    MAX_MODPOW_WORK,
    MAX_SEQUENCE,
    MemoryBudget,
    too_big,
)
from syncgame.sandbox.operators import _sg_pow, known_length
from syncgame.sandbox.weights import check_weight

EXCEPTIONS = {
    "Exception": Exception,
    "RuntimeError": RuntimeError,
    "ValueError": ValueError,
    "IndexError": IndexError,
    "KeyError": KeyError,
    "TypeError": TypeError,
    "ZeroDivisionError": ZeroDivisionError,
    "AssertionError": AssertionError,
    "TimeoutError": TimeoutError,
    "BrokenBarrierError": threading.BrokenBarrierError,
    "Empty": queue.Empty,
    "Full": queue.Full,
}
"""The exceptions level code may name (and catch)."""


def called_back(function):
    """`function` as C code calls it (map, filter, a sort key), through a frame of ours.

    C code holds partial results (what map has given so far, the keys computed) where no
    picture of the program's state can see them; this frame tells the judge that a level
    frame above it runs inside such a call (see `CALLBACK_CODE`)."""

    def callback(*args):
        return function(*args)

    return callback


CALLBACK_CODE = called_back(None).__code__


def _safe_range(*args):
    result = range(*args)
    if len(result) > MAX_SEQUENCE:
        raise too_big("range")
    return result


def _safe_pow(base, exponent, modulus=None):
    if modulus is not None:
        if isinstance(exponent, int) and isinstance(modulus, int):
            # one C call, no tick inside: about exponent bits x modulus bits squared of work
            if exponent.bit_length() * modulus.bit_length() ** 2 > MAX_MODPOW_WORK:
                raise too_big("modular power")
        return pow(base, exponent, modulus)
    return _sg_pow(base, exponent)


def _safe_round(number, ndigits=None):
    if type(number) is int and type(ndigits) is int and ndigits < -MAX_INT_BITS:
        raise too_big("integer")  # rounding an int to -n digits computes 10**n
    return round(number) if ndigits is None else round(number, ndigits)


def _materialised(args: tuple) -> tuple:
    """The arguments of min, max: one iterable becomes a list we can weigh."""
    if len(args) == 1:
        return (list(args[0]),)
    return args


def _keyed(kwargs: dict) -> dict:
    if kwargs.get("key") is not None:
        kwargs["key"] = called_back(kwargs["key"])
    return kwargs


def _safe_min(*args, **kwargs):
    kwargs = _keyed(kwargs)
    args = _materialised(args)
    check_weight(args)
    return min(*args, **kwargs)


def _safe_max(*args, **kwargs):
    kwargs = _keyed(kwargs)
    args = _materialised(args)
    check_weight(args)
    return max(*args, **kwargs)


def _safe_sorted(iterable, /, **kwargs):
    items = list(iterable)
    check_weight(items)
    return sorted(items, **_keyed(kwargs))


def _safe_sum(iterable, /, start=0):
    if type(start) not in (list, tuple):
        return sum(iterable, start)
    # sum() of lists copies the total so far at each step: quadratic. Same result, once.
    items = list(iterable)
    size = len(start)
    for item in items:
        if type(item) is not type(start):
            return sum(items, start)  # the real error, or a mix we leave to sum() itself
        size += len(item)
        if size > MAX_SEQUENCE:
            raise too_big("sequence")
    return type(start)(itertools.chain(start, *items))


def _safe_zip(*iterables, **kwargs):
    if len(iterables) > MAX_ARITY:
        raise too_big("zip()")  # each result is a tuple as long as the arguments
    return zip(*iterables, **kwargs)  # noqa: B905 - strict= is the caller's choice


def _safe_map(function, *iterables):
    if len(iterables) > MAX_ARITY:
        raise too_big("map()")
    return map(called_back(function), *iterables)


def _safe_filter(function, iterable, /):
    return filter(None if function is None else called_back(function), iterable)


def _safe_repr(value):
    check_weight(value)
    return repr(value)


def _safe_hash(value):
    check_weight(value)
    return hash(value)


def _safe_isinstance(value, classinfo):
    check_weight(classinfo)
    return isinstance(value, classinfo)


class GuardedType(type):
    """A built-in type as level code sees it: `isinstance` and `str.upper` work as usual,
    and a call is checked first (str() prints its argument; set() and dict() hash theirs)."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, cls._sg_real)

    def __call__(cls, *args, **kwargs):
        return cls._sg_real(*cls._sg_check(args), **kwargs)

    def __getattr__(cls, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(cls._sg_real, name)

    def __repr__(cls):
        return repr(cls._sg_real)


def _check_each(args: tuple) -> tuple:
    return tuple(check_weight(arg) for arg in args)


def _check_collection(args: tuple) -> tuple:
    if args and known_length(args[0]) is None and not isinstance(args[0], dict):
        args = (list(args[0]), *args[1:])  # an iterator: see what it gives before hashing it
    return _check_each(args)


def _guarded_type(real: type, check) -> type:
    return GuardedType(real.__name__, (), {"_sg_real": real, "_sg_check": staticmethod(check)})


_GUARDED_TYPES = {
    "str": _guarded_type(str, _check_each),
    "set": _guarded_type(set, _check_collection),
    "dict": _guarded_type(dict, _check_collection),
}

_BUILTIN_NAMES = (
    "len", "abs", "int", "float", "bool", "list", "tuple", "any", "all", "enumerate",
    "reversed", "divmod", "chr", "ord",
)  # fmt: skip

_SAFE_FUNCTIONS = {
    "range": _safe_range,
    "pow": _safe_pow,
    "round": _safe_round,
    "min": _safe_min,
    "max": _safe_max,
    "sorted": _safe_sorted,
    "sum": _safe_sum,
    "zip": _safe_zip,
    "map": _safe_map,
    "filter": _safe_filter,
    "repr": _safe_repr,
    "hash": _safe_hash,
    "isinstance": _safe_isinstance,
}


def _shared_builtins() -> dict[str, object]:
    names: dict[str, object] = {name: getattr(builtins, name) for name in _BUILTIN_NAMES}
    names.update(_GUARDED_TYPES)
    names.update(_SAFE_FUNCTIONS)
    names.update(EXCEPTIONS)
    names["True"], names["False"], names["None"] = True, False, None
    return names


_SHARED_BUILTINS = _shared_builtins()
"""Built once: every thread of every run gets a copy (the judge builds thousands of runs)."""


def safe_builtins() -> dict[str, object]:
    """The builtins level code sees (a fresh dict: level code cannot change ours), with
    a memory budget of its own."""
    names = dict(_SHARED_BUILTINS)
    names["_sg_memory"] = MemoryBudget()
    return names
