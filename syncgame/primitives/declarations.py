"""Primitive declarations such as "Semaphore(3)" or "Condition(lock)": parse and check them."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import cast

from syncgame.primitives.classes import Primitive
from syncgame.primitives.registry import LOCK_TYPES, PRIMITIVE_TYPES, PRIMITIVES
from syncgame.sandbox import parse_level_code


class DeclarationError(ValueError):
    """A declaration that cannot create its primitive; the message says why."""


@dataclass(frozen=True)
class Reference:
    """An argument that names another declared primitive, as in Condition(lock)."""

    name: str


Argument = int | float | bool | None | Reference
"""What a declaration's argument may be: a plain constant or the name of a primitive."""


@dataclass(frozen=True)
class Declaration:
    """A parsed declaration: the type's name and its arguments as written."""

    type: str
    args: tuple[Argument, ...] = ()
    kwargs: dict[str, Argument] = field(default_factory=dict)

    def references(self) -> list[str]:
        """The names of the other primitives this one takes (a Condition's lock)."""
        values = [*self.args, *self.kwargs.values()]
        return [value.name for value in values if isinstance(value, Reference)]

    def make(self, made: Mapping[str, Primitive]) -> Primitive:
        """A new primitive as declared; `made` holds the primitives its references name."""

        def value(argument: Argument) -> object:
            return made[argument.name] if isinstance(argument, Reference) else argument

        make: Callable[..., Primitive] = PRIMITIVES[self.type].cls  # its own signature
        return make(*map(value, self.args), **{k: value(v) for k, v in self.kwargs.items()})

    def make_named(self, name: str, made: Mapping[str, Primitive]) -> Primitive:
        """`make`, named as the level names it. A Condition declared without a lock makes its
        own, which takes the Condition's name (the stage and the messages say `cond`)."""
        primitive = self.make(made)
        primitive._sg_name = name
        inner = getattr(primitive, "_lock", None)
        if isinstance(inner, Primitive) and inner._sg_name is None:
            inner._sg_name = name
        return primitive

    def __str__(self) -> str:
        parts = [_show(a) for a in self.args] + [f"{k}={_show(v)}" for k, v in self.kwargs.items()]
        return f"{self.type}({', '.join(parts)})"


def _show(value: Argument) -> str:
    return value.name if isinstance(value, Reference) else repr(value)


def _argument(node: ast.expr, text: str) -> Argument:
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
    """Parse "Type(args)" and check the arguments as the real constructor would.

    Raises DeclarationError, whose message starts with `text` (or its repr), when `text`
    is not a call of a known primitive type with plain arguments, or when the type's
    constructor or its rules for levels refuse the arguments.
    """
    try:
        node = cast(ast.Expression, parse_level_code(text.strip(), "eval")).body
    except SyntaxError:
        raise DeclarationError(f"{text!r} is not of the form Type(arguments)") from None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise DeclarationError(f"{text!r} is not of the form Type(arguments)")
    kind = node.func.id
    if kind not in PRIMITIVES:
        raise DeclarationError(
            f"unknown primitive type '{kind}'; known: {', '.join(PRIMITIVE_TYPES)}"
        )
    args = tuple(_argument(arg, text) for arg in node.args)
    if any(kw.arg is None for kw in node.keywords) or any(
        isinstance(arg, ast.Starred) for arg in node.args
    ):
        raise DeclarationError(f"{text}: write the arguments out (no * or **)")
    kwargs = {str(kw.arg): _argument(kw.value, text) for kw in node.keywords}
    declaration = Declaration(kind, args, kwargs)
    _check_arguments(declaration, text)
    return declaration


def _check_arguments(declaration: Declaration, text: str) -> None:
    kind = PRIMITIVES[declaration.type]
    try:
        bound = kind.signature.bind(*declaration.args, **declaration.kwargs)
    except TypeError as error:
        raise DeclarationError(f"{text}: {error}") from None
    values = bound.arguments
    problem = kind.rule(values) if kind.rule is not None else None
    if problem is not None:
        raise DeclarationError(f"{text}: {problem}")
    takes = kind.primitive_argument
    given = values.get(takes) if takes is not None else None
    if given is not None and not isinstance(given, Reference):
        lock_types = " or ".join(LOCK_TYPES)  # (Condition's lock is the one such argument)
        raise DeclarationError(f"{text}: the {takes} must be the name of a {lock_types}")
    for name, value in values.items():
        if isinstance(value, Reference) and name != takes:
            raise DeclarationError(f"{text}: only Condition takes another primitive")
