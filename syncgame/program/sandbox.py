"""The restricted Python subset that level code is written in.

We use our own AST whitelist rather than RestrictedPython: level code is a tiny subset
(no classes, imports, or attribute names with underscores), and we need to rewrite it anyway
(budget ticks in every loop, size-checked arithmetic), so a whitelist we can read in one
screen is easier to audit than a general policy layer built for a different threat model.

Checking happens before anything runs; a refused construct is reported with its line.
At run time, budgets stop what a static check cannot (infinite loops, huge values).
"""

from __future__ import annotations

import ast
import builtins
import queue
import threading
from dataclasses import dataclass
from typing import Literal

Mode = Literal["exec", "eval"]

MAX_SEQUENCE = 1_000_000
"""Longest str/list/tuple/range level code may build."""
MAX_INT_BITS = 100_000
"""Largest integer (in bits) level code may build."""
MAX_MODPOW_WORK = 10**11
"""Largest exponent bits x modulus bits squared of pow(b, e, m): about half a second."""


class BudgetExceeded(BaseException):
    """Level code went past a run-time budget (steps, size, time).

    A BaseException so that `except Exception:` in level code cannot swallow it.
    """


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
}  # fmt: skip

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


def check_source(source: str, *, mode: Mode = "exec") -> list[CodeProblem]:
    """Every reason `source` may not run as level code; lines are 1-based within `source`."""
    try:
        tree = ast.parse(source, mode=mode)
    except SyntaxError as error:
        return [CodeProblem(error.lineno or 1, f"syntax error: {error.msg}")]
    except ValueError as error:  # e.g. NUL bytes in the source
        return [CodeProblem(1, f"syntax error: {error}")]
    problems = []
    for node in ast.walk(tree):
        message = _problem_for(node)
        if message:
            problems.append(CodeProblem(getattr(node, "lineno", 1), message))
    problems.sort(key=lambda p: p.line)
    return problems


# --- rewriting: budgets that a static check cannot give ---------------------------------

SAFE_BINOPS = {
    ast.Mult: "_sg_mul",
    ast.Pow: "_sg_pow",
    ast.Add: "_sg_add",
    ast.LShift: "_sg_lshift",
}


def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


def _is_pure(node: ast.expr) -> bool:
    """An expression that is safe to evaluate twice (no calls, no side effects)."""
    return all(isinstance(n, ast.Name | ast.Constant | ast.Load) for n in ast.walk(node))


class _Rewriter(ast.NodeTransformer):
    """Adds a budget tick to every loop, function and comprehension; checks sizes."""

    def _tick_first(self, body: list[ast.stmt], anchor: ast.AST) -> list[ast.stmt]:
        tick = ast.copy_location(ast.Expr(_call("_sg_tick")), anchor)
        return [tick, *body]

    def visit_While(self, node: ast.While) -> ast.AST:
        self.generic_visit(node)
        node.body = self._tick_first(node.body, node)
        return node

    def visit_For(self, node: ast.For) -> ast.AST:
        self.generic_visit(node)
        node.body = self._tick_first(node.body, node)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        self.generic_visit(node)
        node.body = self._tick_first(node.body, node)
        return node

    def visit_Lambda(self, node: ast.Lambda) -> ast.AST:
        self.generic_visit(node)
        # a lambda called from C (map, sorted's key...) runs no loop of ours: tick each call
        node.body = ast.BoolOp(op=ast.And(), values=[_call("_sg_tick_true"), node.body])
        return node

    def visit_comprehension(self, node: ast.comprehension) -> ast.AST:
        self.generic_visit(node)
        node.ifs = [_call("_sg_tick_true"), *node.ifs]
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        helper = SAFE_BINOPS.get(type(node.op))
        if helper is None:
            return node
        return ast.copy_location(_call(helper, node.left, node.right), node)

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        helper = SAFE_BINOPS.get(type(node.op))
        target = node.target
        if helper is None:
            return node
        if isinstance(target, ast.Name):
            read: ast.expr = ast.Name(id=target.id, ctx=ast.Load())
        elif isinstance(target, ast.Attribute) and _is_pure(target.value):
            read = ast.Attribute(value=target.value, attr=target.attr, ctx=ast.Load())
        elif (
            isinstance(target, ast.Subscript) and _is_pure(target.value) and _is_pure(target.slice)
        ):
            read = ast.Subscript(value=target.value, slice=target.slice, ctx=ast.Load())
        else:
            return node
        value = _call(helper, read, node.value)
        return ast.copy_location(ast.Assign(targets=[target], value=value), node)


def _size(value: object) -> int | None:
    if isinstance(value, str | list | tuple):
        return len(value)
    return None


def _too_big(kind: str) -> BudgetExceeded:
    return BudgetExceeded(f"{kind} larger than the sandbox allows")


def _sg_mul(left, right):
    for seq, count in ((left, right), (right, left)):
        size = _size(seq)
        if size is not None and isinstance(count, int) and size * count > MAX_SEQUENCE:
            raise _too_big("sequence")
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _too_big("integer")
    return left * right


def _sg_pow(base, exponent):
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0:
        if abs(base) > 1 and base.bit_length() * exponent > MAX_INT_BITS:
            raise _too_big("integer")
    return base**exponent


def _sg_add(left, right):
    if type(left) is int and type(right) is int:  # the common case, kept fast
        return left + right
    left_size, right_size = _size(left), _size(right)
    if left_size is not None and right_size is not None and left_size + right_size > MAX_SEQUENCE:
        raise _too_big("sequence")
    return left + right


def _sg_lshift(left, right):
    if isinstance(left, int) and isinstance(right, int) and right > MAX_INT_BITS:
        raise _too_big("integer")
    return left << right


def _safe_range(*args):
    result = range(*args)
    if len(result) > MAX_SEQUENCE:
        raise _too_big("range")
    return result


def _safe_pow(base, exponent, modulus=None):
    if modulus is not None:
        if isinstance(exponent, int) and isinstance(modulus, int):
            # one C call, no tick inside: about exponent bits x modulus bits squared of work
            if exponent.bit_length() * modulus.bit_length() ** 2 > MAX_MODPOW_WORK:
                raise _too_big("modular power")
        return pow(base, exponent, modulus)
    return _sg_pow(base, exponent)


_BUILTIN_NAMES = (
    "len", "min", "max", "abs", "int", "float", "str", "bool", "list", "dict", "set",
    "tuple", "sorted", "sum", "any", "all", "enumerate", "zip", "reversed", "round",
    "divmod", "repr", "isinstance", "map", "filter", "chr", "ord", "hash",
)  # fmt: skip


def safe_builtins() -> dict[str, object]:
    """The builtins level code sees (a fresh dict: level code cannot change ours)."""
    names: dict[str, object] = {name: getattr(builtins, name) for name in _BUILTIN_NAMES}
    names.update(EXCEPTIONS)
    names["range"] = _safe_range
    names["pow"] = _safe_pow
    names["True"], names["False"], names["None"] = True, False, None
    return names


ARITHMETIC_HELPERS = {
    "_sg_mul": _sg_mul,
    "_sg_pow": _sg_pow,
    "_sg_add": _sg_add,
    "_sg_lshift": _sg_lshift,
}


def compile_source(source: str, filename: str, *, mode: Mode = "exec"):
    """Check, rewrite and compile level code. Raises SandboxError if it is refused.

    The code expects `_sg_tick`, `_sg_tick_true` and `ARITHMETIC_HELPERS` in its globals.
    """
    problems = check_source(source, mode=mode)
    if problems:
        raise SandboxError(problems)
    tree = _Rewriter().visit(ast.parse(source, mode=mode))
    ast.fix_missing_locations(tree)
    return compile(tree, filename, mode)
