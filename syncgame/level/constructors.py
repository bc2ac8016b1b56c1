"""Check primitive declarations such as "Semaphore(2)" without running anything.

Arguments may only be int/float/bool/None literals (negative numbers included), or, for a
Condition's lock, the name of a declared Lock or RLock. Arity and keywords follow the real
constructors in `threading` / `queue`; value checks mirror the errors CPython raises.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from syncgame.level.model import PRIMITIVE_TYPES

_MISSING = object()
_Check = Callable[[object], "str | None"]


@dataclass(frozen=True)
class _Param:
    name: str
    default: object = _MISSING
    check: _Check | None = None


class _Name(str):
    """A name used as an argument (only a Condition's lock may be one)."""


def _int_at_least(name: str, minimum: int, message: str) -> _Check:
    def check(value: object) -> str | None:
        if type(value) is not int:
            return f"{name} must be an integer"
        return message if value < minimum else None

    return check


def _none_only(message: str) -> _Check:
    return lambda value: None if value is None else message


def _timeout(value: object) -> str | None:
    if value is None:
        return None
    if type(value) not in (int, float):
        return "timeout must be a number or None"
    return "timeout must be >= 0" if value < 0 else None  # type: ignore[operator]


def _lock_name(value: object) -> str | None:
    if value is None or isinstance(value, _Name):
        return None  # whether the name is a declared lock is checked with the declarations
    return "the lock must be the name of a declared Lock or RLock"


def _any_int(value: object) -> str | None:
    return None if type(value) is int else "maxsize must be an integer"


_SEMAPHORE_VALUE = _Param(
    "value", 1, _int_at_least("value", 0, "semaphore initial value must be >= 0")
)

SIGNATURES: dict[str, tuple[_Param, ...]] = {
    "Lock": (),
    "RLock": (),
    "Condition": (_Param("lock", None, _lock_name),),
    "Semaphore": (_SEMAPHORE_VALUE,),
    "BoundedSemaphore": (_SEMAPHORE_VALUE,),
    "Event": (),
    "Barrier": (
        _Param("parties", check=_int_at_least("parties", 1, "parties must be > 0")),
        _Param("action", None, _none_only("a barrier action is not supported in levels")),
        _Param("timeout", None, _timeout),
    ),
    "Queue": (_Param("maxsize", 0, _any_int),),
}

LOCK_TYPES = ("Lock", "RLock")


@dataclass(frozen=True)
class Declaration:
    type: str
    args: dict[str, object]
    """Bound arguments; a Condition's lock is the declared name (a str) or None."""


class DeclarationError(ValueError):
    pass


def _literal(node: ast.expr, allow_name: bool) -> object:
    if isinstance(node, ast.Constant) and (
        node.value is None or type(node.value) in (int, float, bool)
    ):
        return node.value
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub | ast.UAdd)
        and isinstance(node.operand, ast.Constant)
        and type(node.operand.value) in (int, float)
    ):
        value = node.operand.value
        return -value if isinstance(node.op, ast.USub) else value
    if allow_name and isinstance(node, ast.Name):
        return _Name(node.id)
    raise DeclarationError("arguments must be int, float, bool or None literals")


def _argument(param: _Param, node: ast.expr, allow_name: bool) -> object:
    try:
        return _literal(node, allow_name)
    except DeclarationError as error:
        # The parameter's own reason is clearer ("a barrier action is not supported");
        # an AST node is never a valid value, so the check always gives one.
        reason = param.check(node) if param.check else None
        raise DeclarationError(reason or str(error)) from None


def _bind(type_name: str, call: ast.Call) -> dict[str, object]:
    params = SIGNATURES[type_name]
    allow_name = type_name == "Condition"
    if len(call.args) > len(params):
        if not params:
            raise DeclarationError(f"{type_name}() takes no arguments")
        raise DeclarationError(
            f"{type_name}() takes at most {len(params)} argument"
            f"{'s' if len(params) > 1 else ''} ({len(call.args)} given)"
        )
    bound: dict[str, object] = {}
    for param, node in zip(params, call.args, strict=False):
        bound[param.name] = _argument(param, node, allow_name)
    names = {param.name for param in params}
    for keyword in call.keywords:
        if keyword.arg is None:
            raise DeclarationError("'**' arguments are not allowed")
        if keyword.arg not in names:
            raise DeclarationError(
                f"{type_name}() got an unexpected keyword argument '{keyword.arg}'"
            )
        if keyword.arg in bound:
            raise DeclarationError(
                f"{type_name}() got multiple values for argument '{keyword.arg}'"
            )
        param = next(param for param in params if param.name == keyword.arg)
        bound[keyword.arg] = _argument(param, keyword.value, allow_name)
    for param in params:
        if param.name not in bound:
            if param.default is _MISSING:
                raise DeclarationError(f"{type_name}() missing required argument '{param.name}'")
            bound[param.name] = param.default
    return bound


def parse_declaration(text: str, locks: Mapping[str, str] | None = None) -> Declaration:
    """Parse and check `text`, e.g. "Barrier(3, timeout=2)".

    `locks` maps declared names to their types, so that "Condition(lk)" can be checked.
    Raises DeclarationError with a short reason.
    """
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise DeclarationError('expected a constructor call such as "Lock()"') from None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise DeclarationError('expected a constructor call such as "Lock()"')
    type_name = node.func.id
    if type_name not in SIGNATURES:
        raise DeclarationError(
            f"unknown primitive type '{type_name}' (known: {', '.join(PRIMITIVE_TYPES)})"
        )
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        raise DeclarationError("'*' arguments are not allowed")
    args = _bind(type_name, node)
    for param in SIGNATURES[type_name]:
        value = args[param.name]
        if param.check and (reason := param.check(value)):
            raise DeclarationError(reason)
    if type_name == "Condition":
        lock = args["lock"]
        if lock is not None:
            if (locks or {}).get(lock) not in LOCK_TYPES:
                raise DeclarationError(f"'{lock}' is not a declared Lock or RLock")
            args["lock"] = str(lock)
    return Declaration(type_name, args)
