"""The static check: what level code may contain, decided before anything runs.

A whitelist of syntax (`ALLOWED_NODES`) that we can read in one screen, plus the names and
attributes that would reach outside the game. A refused construct is reported with its line.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from typing import Literal

from syncgame.sandbox.syntax import parse_level_code

Mode = Literal["exec", "eval"]


@dataclass(frozen=True)
class CodeProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class SandboxError(Exception):
    """Level code was refused by the checker."""

    def __init__(self, problems: list[CodeProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Module, ast.Expression, ast.Expr, ast.Assign, ast.AugAssign, ast.If, ast.While,
    ast.For, ast.Break, ast.Continue, ast.Pass, ast.With, ast.withitem, ast.Try,
    ast.ExceptHandler, ast.Raise, ast.FunctionDef, ast.Return, ast.Assert, ast.Delete,
    ast.Lambda, ast.arguments, ast.arg, ast.keyword,
    ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.IfExp, ast.Call, ast.Name,
    ast.Constant, ast.Attribute, ast.Subscript, ast.Slice, ast.List, ast.Tuple, ast.Dict,
    ast.Set, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.comprehension,
    ast.JoinedStr, ast.FormattedValue, ast.Starred, ast.NamedExpr,
    ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop,
    ast.alias,  # only found under an import, which is refused itself
)  # fmt: skip

NODE_NAMES = {
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.ClassDef: "class definitions",
    ast.AsyncFunctionDef: "async functions",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.Match: "match",
    ast.AsyncFor: "async for",
    ast.AsyncWith: "async with",
    ast.TryStar: "except*",
    ast.AnnAssign: "annotations",
}

FORBIDDEN_NAMES = {
    "open", "eval", "exec", "compile", "getattr", "setattr", "delattr", "hasattr", "vars",
    "dir", "globals", "locals", "type", "breakpoint", "help", "input", "memoryview",
    "object", "super", "classmethod", "staticmethod", "property", "exit", "quit",
    "bytearray", "bytes", "format", "id", "iter", "next", "callable", "issubclass",
}  # fmt: skip

FORBIDDEN_ATTRIBUTES = {
    # attribute access through format strings
    "format", "format_map",
    # frames, code and tracebacks reachable from generators and exceptions
    "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "ag_frame", "ag_code",
    "f_globals", "f_locals", "f_builtins", "f_back", "f_code", "f_trace",
    "tb_frame", "tb_next", "co_code", "mro", "with_traceback",
    # padding methods that build huge strings from a small call
    "ljust", "rjust", "center", "zfill", "expandtabs",
    # amplifiers no level needs: a table of long strings, a huge byte count, keys for all
    "translate", "maketrans", "to_bytes", "from_bytes", "fromkeys",
}  # fmt: skip


def _reserved(name: str) -> str | None:
    if name.startswith("__"):
        return f"name '{name}' is not allowed: names starting with '__' are reserved"
    if name.startswith("_sg"):  # the budget hooks (_sg_tick, _sg_mul...): not to be rebound
        return (
            f"name '{name}' is not allowed: names starting with '_sg' are reserved for the sandbox"
        )
    return None


def _problem_for(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        if _reserved(node.id):
            return _reserved(node.id)
        if node.id in FORBIDDEN_NAMES:
            return f"'{node.id}' is not available in level code"
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        if not isinstance(node.ctx, ast.Load | ast.Del):
            # x[:0] = x doubles a list in one step, without a size check
            return "assigning to a slice is not allowed in level code; use list methods"
    elif isinstance(node, ast.Attribute):
        if node.attr.startswith("_"):
            return f"attribute '.{node.attr}' is not allowed: names starting with '_' are private"
        if node.attr in FORBIDDEN_ATTRIBUTES:
            return f"attribute '.{node.attr}' is not allowed in level code"
    elif isinstance(node, ast.arg) and _reserved(node.arg):
        return _reserved(node.arg)
    elif isinstance(node, ast.FunctionDef):
        if node.decorator_list:
            return "decorators are not allowed in level code"
        if _reserved(node.name):
            return _reserved(node.name)
    elif isinstance(node, ast.ExceptHandler):
        if node.type is None:
            return "a bare 'except:' is not allowed; write 'except Exception:'"
        if node.name and _reserved(node.name):
            return _reserved(node.name)
    elif isinstance(node, ast.Constant) and isinstance(node.value, bytes):
        return "bytes literals are not allowed in level code"
    elif type(node) in NODE_NAMES:
        return f"{NODE_NAMES[type(node)]} is not allowed in level code"
    elif not isinstance(node, ALLOWED_NODES):
        return f"'{type(node).__name__}' is not allowed in level code"
    return None


def _constant(node: ast.expr) -> bool:
    """A literal constant, possibly signed: `3`, `-1.5`, `'x'`, `None`."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return isinstance(node, ast.Constant)


def _helpers_problems(tree: ast.AST) -> list[CodeProblem]:
    """[helpers] code runs once when a run is built, before any thread and outside every
    budget's reach: it may only define functions (with constant default values) and
    constants (`T = 1`)."""
    problems = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            defaults = node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
            for default in defaults:
                if not _constant(default):
                    message = "a default value in [helpers] must be a constant"
                    problems.append(CodeProblem(default.lineno, message))
        elif isinstance(node, ast.Assign) and _constant(node.value):
            if not all(isinstance(target, ast.Name) for target in node.targets):
                problems.append(CodeProblem(node.lineno, "[helpers] may only name constants"))
        elif not isinstance(node, ast.Pass) and not (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        ):
            message = "[helpers] may only define functions and constants"
            problems.append(CodeProblem(node.lineno, message))
    return problems


def check_source(source: str, *, mode: Mode = "exec", helpers: bool = False) -> list[CodeProblem]:
    """Every reason `source` may not run as level code; lines are 1-based within `source`.

    `helpers`: the code is a level's [helpers], which may only define functions."""
    try:
        tree = parse_level_code(source, mode)
    except SyntaxError as error:
        return [CodeProblem(error.lineno or 1, f"syntax error: {error.msg}")]
    except ValueError as error:  # e.g. NUL bytes in the source
        return [CodeProblem(1, f"syntax error: {error}")]
    problems = []
    for node in ast.walk(tree):
        message = _problem_for(node)
        if message:
            problems.append(CodeProblem(getattr(node, "lineno", 1), message))
    if helpers:
        problems += _helpers_problems(tree)
    if not problems:  # what only the compiler sees: 'break' outside a loop, f(a, a)...
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SyntaxWarning: "is" with a literal...
                compile(tree, "<level>", mode, dont_inherit=True)
        except SyntaxError as error:
            problems.append(CodeProblem(error.lineno or 1, f"syntax error: {error.msg}"))
    problems.sort(key=lambda p: p.line)
    return problems
