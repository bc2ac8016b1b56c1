"""The structure check: a solution may change synchronisation, and nothing else.

Both the start code and the solution are reduced to their "work": synchronisation is
stripped (`with P:` blocks are unwrapped; calls on primitives, `sleep`, and `pass` are
dropped; `try/finally` whose `finally` only synchronises is unwrapped; an `if`/`while`
left with nothing but synchronisation goes). What remains must be the same.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from syncgame.level.model import Level, Solution
from syncgame.program.declarations import DeclarationError, parse_declaration

SYNC_FUNCTIONS = {"sleep"}


@dataclass(frozen=True)
class StructureProblem:
    message: str
    line: int | None = None


def _is_sync_call(node: ast.AST, primitives: set[str]) -> bool:
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


def _work(body: list[ast.stmt], primitives: set[str]) -> list[ast.stmt]:
    """The statements of `body` with synchronisation stripped (recursively)."""
    kept: list[ast.stmt] = []
    for original in body:
        node = original
        if _is_sync_statement(node, primitives):
            continue
        if isinstance(node, ast.With) and all(
            isinstance(item.context_expr, ast.Name) and item.context_expr.id in primitives
            for item in node.items
        ):
            kept.extend(_work(node.body, primitives))
            continue
        if isinstance(node, ast.Try) and not node.handlers and node.finalbody:
            if not _work(node.finalbody, primitives):
                kept.extend(_work(node.body, primitives))
                continue
        if isinstance(node, ast.If | ast.While):
            inner = _work(node.body, primitives)
            orelse = _work(node.orelse, primitives)
            if not inner and not orelse:
                continue
            node = type(node)(test=node.test, body=inner, orelse=orelse)
        elif isinstance(node, ast.For):
            node = ast.For(target=node.target, iter=node.iter, body=_work(node.body, primitives),
                           orelse=_work(node.orelse, primitives), type_comment=None)  # fmt: skip
        elif isinstance(node, ast.Try):
            node = ast.Try(
                body=_work(node.body, primitives),
                handlers=[
                    ast.ExceptHandler(type=h.type, name=h.name, body=_work(h.body, primitives))
                    for h in node.handlers
                ],
                orelse=_work(node.orelse, primitives),
                finalbody=_work(node.finalbody, primitives),
            )
        elif isinstance(node, ast.FunctionDef):
            node = ast.FunctionDef(name=node.name, args=node.args, body=_work(node.body, primitives),
                                   decorator_list=[], returns=None, type_comment=None)  # fmt: skip
        kept.append(ast.copy_location(node, original))
    return kept


def _shape(source: str, primitives: set[str]) -> list[tuple[str, int]]:
    tree = ast.parse(source)
    return [
        (ast.dump(node, annotate_fields=False), node.lineno)
        for node in _work(tree.body, primitives)
    ]


def check_structure(level: Level, solution: Solution) -> StructureProblem | None:
    """None if `solution` only changes synchronisation within the palette; else why not."""
    added: dict[str, int] = {}
    for name, text in solution.primitives.items():
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
            theirs = _shape(source, names)
        except SyntaxError as error:
            return StructureProblem(f"{thread}: syntax error: {error.msg}", error.lineno)
        ours = _shape(spec.code, names)
        for index, (dump, line) in enumerate(theirs):
            if index >= len(ours) or ours[index][0] != dump:
                return StructureProblem(
                    f"{thread}, line {line}: only synchronisation may change; "
                    "this line changes what the thread does",
                    line,
                )
        if len(theirs) < len(ours):
            missing = ours[len(theirs)][1]
            return StructureProblem(
                f"{thread}: the work at line {missing} of the start code is missing", missing
            )
    return None
