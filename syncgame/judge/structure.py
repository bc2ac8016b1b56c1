"""The structure check: a solution may change synchronisation, and nothing else.

Both the start code and the solution are reduced to their "work": synchronisation is
stripped (`with P:` blocks are unwrapped; calls on primitives, `sleep`, and `pass` are
dropped; `try/finally` whose `finally` only synchronises is unwrapped; an `if`/`while`
left with nothing but synchronisation goes). What remains must be the same, except that a
call on a primitive inside an expression (`if ev.wait(1.0):`) counts only by its method: a
fix may change which primitive it asks and with what timeout. The first difference is
reported at its own line, however deep in loops and blocks it stands.
"""

from __future__ import annotations

import ast
import copy
import keyword
from dataclasses import dataclass
from typing import Any, TypeGuard, cast

from syncgame.level.model import Level, Solution
from syncgame.level.schema import WORKER_NAMES
from syncgame.primitives.declarations import DeclarationError, parse_declaration
from syncgame.sandbox import parse_level_code, safe_builtins

SYNC_FUNCTIONS = {"sleep"}


@dataclass(frozen=True)
class StructureProblem:
    message: str
    line: int | None = None


def _is_sync_call(node: ast.AST, primitives: set[str]) -> TypeGuard[ast.Call]:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id in primitives
    return isinstance(func, ast.Name) and func.id in SYNC_FUNCTIONS


def _is_sync_statement(node: ast.stmt, primitives: set[str]) -> bool:
    if isinstance(node, ast.Pass):
        return True
    if isinstance(node, ast.Expr):
        return _is_sync_call(node.value, primitives)
    if isinstance(node, ast.Assign):
        return _is_sync_call(node.value, primitives)
    return False


def _signal_names(tree: ast.AST, primitives: set[str]) -> frozenset[str]:
    """Names that only ever hold what a primitive answered (`ok = sem.acquire(False)`)."""
    answers: set[str] = set()
    others: set[str] = set()
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
            into = answers if _is_sync_call(node.value, primitives) else others
        elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.For | ast.NamedExpr):
            targets, into = [node.target], others
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    into.add(name.id)
    return frozenset(answers - others)


def _is_signal_test(test: ast.AST, primitives: set[str], signals: frozenset[str]) -> bool:
    """Whether an `if` test only asks what a primitive answered (`if ok:`, `if ev.wait(1):`)."""
    if isinstance(test, ast.Name):
        return test.id in signals
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _is_signal_test(test.operand, primitives, signals)
    if isinstance(test, ast.BoolOp):
        return all(_is_signal_test(value, primitives, signals) for value in test.values)
    return _is_sync_call(test, primitives) and not isinstance(test.func, ast.Name)


def _work(
    body: list[ast.stmt], primitives: set[str], signals: frozenset[str] = frozenset()
) -> list[ast.stmt]:
    """The statements of `body` with synchronisation stripped (recursively).

    An `if` that only asks what a primitive answered is synchronisation too (the work in
    its branches stays, in order; a `break` or `continue` there leaves a loop on a signal),
    so a fix may act on `acquire`'s or `wait`'s return value: `if ok: ... release()`."""
    kept: list[ast.stmt] = []
    for original in body:
        node = original
        if _is_sync_statement(node, primitives):
            continue
        if isinstance(node, ast.If) and _is_signal_test(node.test, primitives, signals):
            for branch in (node.body, node.orelse):
                jumps = (ast.Break, ast.Continue)
                steps = [step for step in branch if not isinstance(step, jumps)]
                kept.extend(_work(steps, primitives, signals))
            continue
        if isinstance(node, ast.With) and all(
            isinstance(item.context_expr, ast.Name) and item.context_expr.id in primitives
            for item in node.items
        ):
            kept.extend(_work(node.body, primitives, signals))
            continue
        if isinstance(node, ast.Try) and not node.handlers and node.finalbody:
            if not _work(node.finalbody, primitives, signals):
                kept.extend(_work(node.body, primitives, signals))
                continue
        if isinstance(node, ast.If | ast.While):
            inner = _work(node.body, primitives, signals)
            orelse = _work(node.orelse, primitives, signals)
            if not inner and not orelse:
                continue
            node = type(node)(test=node.test, body=inner, orelse=orelse)
        elif isinstance(node, ast.For):
            node = ast.For(target=node.target, iter=node.iter, body=_work(node.body, primitives, signals),
                           orelse=_work(node.orelse, primitives, signals), type_comment=None)  # fmt: skip
        elif isinstance(node, ast.Try):
            node = ast.Try(
                body=_work(node.body, primitives, signals),
                handlers=[
                    ast.ExceptHandler(
                        type=h.type, name=h.name, body=_work(h.body, primitives, signals)
                    )
                    for h in node.handlers
                ],
                orelse=_work(node.orelse, primitives, signals),
                finalbody=_work(node.finalbody, primitives, signals),
            )
        elif isinstance(node, ast.FunctionDef):
            node = ast.FunctionDef(name=node.name, args=node.args, body=_work(node.body, primitives, signals),
                                   decorator_list=[], returns=None, type_comment=None)  # fmt: skip
        kept.append(ast.copy_location(node, original))
    return kept


def _stripped(source: str, primitives: set[str]) -> list[ast.stmt]:
    tree = cast(ast.Module, parse_level_code(source))  # exec mode parses a module
    return _work(tree.body, primitives, _signal_names(tree, primitives))


def _is_primitive_call(node: ast.AST, primitives: set[str]) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in primitives
    )


def _expression(node: ast.AST | list[Any] | None, primitives: set[str]) -> str:
    """An expression's shape: a call on a primitive (`ev.wait(1.0)` in an `if` test) keeps only
    its method, so a fix may change which primitive it asks and with what timeout."""
    if node is None:
        return ""
    if isinstance(node, list):
        return "[" + ", ".join(_expression(n, primitives) for n in node) + "]"

    class Normalise(ast.NodeTransformer):
        def visit_Call(self, call: ast.Call) -> ast.AST:
            if _is_primitive_call(call, primitives):
                return ast.Call(
                    func=ast.Attribute(
                        value=ast.Name("<primitive>"), attr=cast(ast.Attribute, call.func).attr
                    ),
                    args=[],
                    keywords=[],
                )
            return self.generic_visit(call)

    return ast.dump(Normalise().visit(copy.deepcopy(node)), annotate_fields=False)


_BODIES = ("body", "orelse", "finalbody")


@dataclass(frozen=True)
class _Difference:
    kind: str
    """changed | extra (a line of the solution) | missing (a line of the start code)"""
    line: int


def _compare(
    ours: list[ast.stmt], theirs: list[ast.stmt], primitives: set[str]
) -> _Difference | None:
    """The first place where `theirs` (the solution) does other work than `ours` (the start)."""
    for index, mine in enumerate(ours):
        if index >= len(theirs):
            return _Difference("missing", mine.lineno)
        difference = _compare_statement(mine, theirs[index], primitives)
        if difference is not None:
            return difference
    if len(theirs) > len(ours):
        return _Difference("extra", theirs[len(ours)].lineno)
    return None


def _compare_statement(mine: ast.stmt, yours: ast.stmt, primitives: set[str]) -> _Difference | None:
    if type(mine) is not type(yours):
        return _Difference("changed", yours.lineno)
    inner: list[tuple[list[ast.stmt], list[ast.stmt]]] = []
    for name, value in ast.iter_fields(mine):
        other: Any = getattr(yours, name, None)  # the same type of statement: the same fields
        if name in _BODIES:
            inner.append((value, other))
        elif name == "handlers":
            if len(value) != len(other):
                return _Difference("changed", yours.lineno)
            for a, b in zip(value, other, strict=True):
                if _expression(a.type, primitives) != _expression(b.type, primitives) or (
                    a.name != b.name
                ):
                    return _Difference("changed", b.lineno)
                inner.append((a.body, b.body))
        elif isinstance(value, ast.AST | list):
            if _expression(value, primitives) != _expression(other, primitives):
                return _Difference("changed", yours.lineno)
        elif value != other and name not in ("type_comment", "lineno", "col_offset"):
            return _Difference("changed", yours.lineno)
    for ours_body, theirs_body in inner:
        difference = _compare(ours_body, theirs_body, primitives)
        if difference is not None:
            return difference
    return None


def _name_problem(name: str) -> str | None:
    """Why a solution may not declare a primitive called `name` (the level file's rules: a
    solution read from a file has not been through the level checker)."""
    if not name.isidentifier() or keyword.iskeyword(name):
        return f"primitive name '{name}' must be a Python identifier"
    if name.startswith("_"):
        return f"primitive name '{name}' must not start with '_'"
    if name in WORKER_NAMES or name in safe_builtins():
        return f"primitive name '{name}' is reserved for worker code"
    return None


def check_structure(level: Level, solution: Solution) -> StructureProblem | None:
    """None if `solution` only changes synchronisation within the palette; else why not."""
    added: dict[str, int] = {}
    for name, text in solution.primitives.items():
        if problem := _name_problem(name):
            return StructureProblem(problem)
        try:
            declaration = parse_declaration(text)
        except DeclarationError as error:
            return StructureProblem(f"primitive '{name}': {error}")
        if name in level.shared:
            return StructureProblem(f"primitive '{name}' has the name of a shared variable")
        before = level.primitives.get(name)
        if before is None or parse_declaration(before).type != declaration.type:
            added[declaration.type] = added.get(declaration.type, 0) + 1
    for kind, count in added.items():
        allowed = level.palette.get(kind, 0)
        if count > allowed:
            return StructureProblem(
                f"the solution adds {count} {kind}(s); the palette allows {allowed}"
            )
    names = set(level.primitives) | set(solution.primitives)
    for thread, source in solution.threads.items():
        try:
            spec = level.thread(thread)
        except KeyError:
            return StructureProblem(
                f"the solution names a thread '{thread}' the level does not have"
            )
        try:
            theirs = _stripped(source, names)
        except SyntaxError as error:
            return StructureProblem(f"{thread}: syntax error: {error.msg}", error.lineno)
        difference = _compare(_stripped(spec.code, names), theirs, names)
        if difference is None:
            continue
        if difference.kind == "missing":
            return StructureProblem(
                f"{thread}: the work at line {difference.line} of the start code is missing",
                difference.line,
            )
        what = "adds work" if difference.kind == "extra" else "changes what the thread does"
        return StructureProblem(
            f"{thread}, line {difference.line}: only synchronisation may change; this line {what}",
            difference.line,
        )
    return None
