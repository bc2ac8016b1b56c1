"""Primitive declarations such as "Semaphore(3)" or "Condition(lock)": parse and check them."""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, field

from syncgame.level.model import PRIMITIVE_TYPES
from syncgame.program.syntax import parse_level_code


class DeclarationError(ValueError):
    """A declaration that cannot create its primitive; the message says why."""


@dataclass(frozen=True)
class Reference:
    """An argument that names another declared primitive, as in Condition(lock)."""

    name: str


@dataclass(frozen=True)
class Declaration:
    type: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def references(self) -> list[str]:
        values = [*self.args, *self.kwargs.values()]
        return [value.name for value in values if isinstance(value, Reference)]

    def __str__(self) -> str:
        parts = [_show(a) for a in self.args] + [f"{k}={_show(v)}" for k, v in self.kwargs.items()]
        return f"{self.type}({', '.join(parts)})"


def _show(value: object) -> str:
    return value.name if isinstance(value, Reference) else repr(value)


def _argument(node: ast.expr, text: str) -> object:
    if isinstance(node, ast.Name):
        return Reference(node.id)
    try:
        value = ast.literal_eval(node)
    except ValueError:
        raise DeclarationError(
            f"{text}: arguments must be numbers or names of primitives"
        ) from None
    if not isinstance(value, int | float | bool | type(None)):
        raise DeclarationError(f"{text}: arguments must be numbers or names of primitives")
    return value


def parse_declaration(text: str) -> Declaration:
    """Parse "Type(args)" and check the arguments as the real constructor would."""
    try:
        node = parse_level_code(text.strip(), "eval").body
    except SyntaxError:
        raise DeclarationError(f"{text!r} is not of the form Type(arguments)") from None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise DeclarationError(f"{text!r} is not of the form Type(arguments)")
    kind = node.func.id
    if kind not in PRIMITIVE_TYPES:
        raise DeclarationError(
            f"unknown primitive type '{kind}'; known: {', '.join(PRIMITIVE_TYPES)}"
        )
    args = tuple(_argument(arg, text) for arg in node.args)
    if any(kw.arg is None for kw in node.keywords) or any(
        isinstance(arg, ast.Starred) for arg in node.args
    ):
        raise DeclarationError(f"{text}: write the arguments out (no * or **)")
    kwargs = {kw.arg: _argument(kw.value, text) for kw in node.keywords}
    declaration = Declaration(kind, args, kwargs)
    _check_arguments(declaration, text)
    return declaration


def _check_arguments(declaration: Declaration, text: str) -> None:
    from syncgame.primitives import classes as primitives

    cls = getattr(primitives, declaration.type)
    try:
        bound = inspect.signature(cls).bind(*declaration.args, **declaration.kwargs)
    except TypeError as error:
        raise DeclarationError(f"{text}: {error}") from None
    values = bound.arguments
    kind = declaration.type
    if kind in ("Semaphore", "BoundedSemaphore"):
        value = values.get("value", 1)
        if not isinstance(value, int) or isinstance(value, bool):
            raise DeclarationError(f"{text}: the value must be an integer")
        if value < 0:
            raise DeclarationError(f"{text}: semaphore initial value must be >= 0")
    elif kind == "Barrier":
        parties = values.get("parties")
        if not isinstance(parties, int) or isinstance(parties, bool) or parties < 1:
            raise DeclarationError(f"{text}: parties must be an integer >= 1")
        if values.get("action") is not None:
            raise DeclarationError(f"{text}: a barrier action is not supported in levels")
        timeout = values.get("timeout")
        if timeout is not None and (not isinstance(timeout, int | float) or timeout < 0):
            raise DeclarationError(f"{text}: timeout must be a non-negative number")
    elif kind == "Queue":
        maxsize = values.get("maxsize", 0)
        if not isinstance(maxsize, int) or isinstance(maxsize, bool):
            raise DeclarationError(f"{text}: maxsize must be an integer")
    elif kind == "Condition":
        lock = values.get("lock")
        if lock is not None and not isinstance(lock, Reference):
            raise DeclarationError(f"{text}: the lock must be the name of a Lock or RLock")
    for value in values.values():
        if isinstance(value, Reference) and kind != "Condition":
            raise DeclarationError(f"{text}: only Condition takes another primitive")
