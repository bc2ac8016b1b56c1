"""Operators with checked sizes: what the rewritten code calls instead of `*`, `**`, `+`,
`<<`, `%`, f-strings, and around comparison operands, call results and `for` loops.

Nothing can interrupt a C call that holds the GIL, so each operation whose cost is not
bounded by the size of its inputs is checked first: a result too long or too heavy raises
BudgetExceeded before it is built, and big results count towards the run's memory budget.
Hooks are named `_sg_...`, names level code cannot spell (see `rewrite.ARITHMETIC_HELPERS`).
"""

from __future__ import annotations

import re

from syncgame.sandbox.budgets import MAX_INT_BITS, MAX_SEQUENCE, MAX_WEIGHT, note_size, too_big
from syncgame.sandbox.weights import (
    CONTAINERS,
    ContainerProxy,
    check_weight,
    unwrap_proxy,
    weigh,
)


def _size(value: object) -> int | None:
    value = unwrap_proxy(value)
    if isinstance(value, str | list | tuple):
        return len(value)
    return None


def known_length(value) -> int | None:
    """len() of a sized value, read without a scheduling point; None for iterators."""
    value = unwrap_proxy(value)
    if type(value) in (list, tuple, str, dict, set, frozenset, range):
        return len(value)
    return None


def _sg_mul(left, right):
    for seq, count in ((left, right), (right, left)):
        size = _size(seq)
        if size is not None and isinstance(count, int):
            if size * count > MAX_SEQUENCE:
                raise too_big("sequence")
            if size * count > 4096:
                note_size(size * count)
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise too_big("integer")
    return left * right


def _sg_pow(base, exponent):
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0:
        if abs(base) > 1 and base.bit_length() * exponent > MAX_INT_BITS:
            raise too_big("integer")
    return base**exponent


def _sg_add(left, right):
    if type(left) is int and type(right) is int:  # the common case, kept fast
        return left + right
    left_size, right_size = _size(left), _size(right)
    if left_size is not None and right_size is not None:
        if left_size + right_size > MAX_SEQUENCE:
            raise too_big("sequence")
        if left_size + right_size > 4096:
            note_size(left_size + right_size)
    return left + right


def _sg_lshift(left, right):
    if isinstance(left, int) and isinstance(right, int) and right > MAX_INT_BITS:
        raise too_big("integer")
    return left << right


_SPEC_NUMBER = re.compile(r"\d+")
_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_numbers(spec: str) -> None:
    """Widths and precisions in a format spec: a width of 10**9 is a 1 GB string."""
    for digits in _SPEC_NUMBER.findall(spec):
        if len(digits) > 7 or int(digits) > MAX_SEQUENCE:
            raise too_big("formatted string")


def _sg_mod(left, right):
    if type(left) is str:  # printf-style formatting: `right` is printed, maybe many times
        conversions = 0
        for match in _PRINTF_SPEC.finditer(left):
            conversions += 1
            _check_numbers(match.group(0))
            if "*" in match.group(0):  # widths taken from the arguments
                for item in right if type(right) is tuple else (right,):
                    if type(item) is int and abs(item) > MAX_SEQUENCE:
                        raise too_big("formatted string")
        if conversions and conversions * weigh(right) > MAX_WEIGHT:
            raise too_big("formatted string")
    return left % right


def _sg_format(value, conversion: int, spec: str) -> str:
    """One `{value!conversion:spec}` of an f-string."""
    check_weight(value, "formatted value")
    if conversion == 115:
        value = str(value)
    elif conversion == 114:
        value = repr(value)
    elif conversion == 97:
        value = ascii(value)
    if spec:
        _check_numbers(spec)
    return format(value, spec)


def _sg_fstring(*parts: str) -> str:
    """An f-string's pieces, joined once their total length is known to be within bounds."""
    if sum(map(len, parts)) > MAX_SEQUENCE:
        raise too_big("formatted string")
    return "".join(parts)


def _sg_w(value):
    """An operand of ==, <, in, a dict key, a set element: not too heavy to compare or hash."""
    if type(value) in CONTAINERS or isinstance(value, ContainerProxy):  # worth weighing
        if weigh(value) > MAX_WEIGHT:
            raise too_big("value")
    return value


def _sg_r(value):
    """A call's result: big ones count towards the next memory check."""
    if type(value) in CONTAINERS or isinstance(value, ContainerProxy):
        size = len(unwrap_proxy(value))
        if size > 4096:
            note_size(size)
    elif type(value) is str and len(value) > 4096:
        note_size(len(value))
    return value


def _sg_materialize(iterable):
    """A `for` loop's iterable: a proxy (a shared list or dict) is copied into a list first."""
    if isinstance(iterable, ContainerProxy):
        return list(iterable)
    return iterable
