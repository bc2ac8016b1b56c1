"""The rewrite: budgets that a static check cannot give, added to checked level code.

Every loop, function, lambda and comprehension ticks the runner's step budget; each
operation whose cost is not bounded by the size of its inputs goes through a checked hook
(`operators`, `methods`); comprehensions become generator expressions, and `for` loops
keep their position in variables, so the judge sees every state (docs/judge.md).
"""

from __future__ import annotations

import ast
import warnings
from types import CodeType
from weakref import WeakKeyDictionary

from syncgame.sandbox.check import Mode, SandboxError, check_source
from syncgame.sandbox.methods import METHOD_GUARDS, _sg_method
from syncgame.sandbox.operators import (
    _sg_add,
    _sg_format,
    _sg_fstring,
    _sg_lshift,
    _sg_materialize,
    _sg_mod,
    _sg_mul,
    _sg_pow,
    _sg_r,
    _sg_w,
)
from syncgame.sandbox.syntax import parse_level_code

ARITHMETIC_HELPERS = {
    "_sg_materialize": _sg_materialize,
    "_sg_mul": _sg_mul,
    "_sg_pow": _sg_pow,
    "_sg_add": _sg_add,
    "_sg_lshift": _sg_lshift,
    "_sg_mod": _sg_mod,
    "_sg_format": _sg_format,
    "_sg_fstring": _sg_fstring,
    "_sg_w": _sg_w,
    "_sg_r": _sg_r,
    "_sg_method": _sg_method,
    # comprehensions, rewritten as generator expressions (elements already weighed)
    "_sg_list": list,
    "_sg_set": set,
    "_sg_dict": dict,
}
"""Every hook the rewritten code calls, besides the runner's ticks."""


def _name(name: str, ctx: ast.expr_context) -> ast.Name:
    return ast.Name(id=name, ctx=ctx)


SAFE_BINOPS = {
    ast.Mult: "_sg_mul",
    ast.Pow: "_sg_pow",
    ast.Add: "_sg_add",
    ast.LShift: "_sg_lshift",
    ast.Mod: "_sg_mod",
}
COUNTED_BINOPS = (ast.BitOr, ast.BitAnd, ast.BitXor, ast.Sub)
"""Set and dict operators: their results are as big as their inputs, and count for memory."""
WEIGHED_COMPARISONS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)


def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


def _is_pure(node: ast.expr) -> bool:
    """An expression that is safe to evaluate twice (no calls, no side effects)."""
    return all(isinstance(n, ast.Name | ast.Constant | ast.Load) for n in ast.walk(node))


def _weighed(node: ast.expr) -> ast.expr:
    if isinstance(node, ast.Constant):
        return node
    return ast.copy_location(_call("_sg_w", node), node)


def _built(constructor: str, element: ast.expr, comprehension: ast.expr) -> ast.Call:
    """`constructor(element for ...)`, with the comprehension's own `for` clauses."""
    generator = ast.GeneratorExp(elt=element, generators=comprehension.generators)
    return ast.copy_location(
        _call(constructor, ast.copy_location(generator, comprehension)), comprehension
    )


class _Rewriter(ast.NodeTransformer):
    """Adds a budget tick to every loop, function and comprehension; checks sizes and weights."""

    def __init__(self):
        self._temporaries = 0

    def _tick_first(self, body: list[ast.stmt], anchor: ast.AST) -> list[ast.stmt]:
        tick = ast.copy_location(ast.Expr(_call("_sg_tick")), anchor)
        return [tick, *body]

    def visit_While(self, node: ast.While) -> ast.AST:
        self.generic_visit(node)
        node.body = self._tick_first(node.body, node)
        return node

    def visit_For(self, node: ast.For) -> list[ast.stmt]:
        """Budget tick, and the loop's position made visible to the judge's state pictures.

        A `for` loop's iterator lives on the frame's stack, out of sight: two passes over
        equal items would look like one state. So the iterable is bound to a variable (a
        shared container is copied, as iterating it does anyway) and the pass counted.
        """
        self.generic_visit(node)
        loop = self._loop_ids = getattr(self, "_loop_ids", 0) + 1
        items, count = f"_sg_items{loop}", f"_sg_pass{loop}"
        before = [
            ast.Assign(
                targets=[_name(items, ast.Store())], value=_call("_sg_materialize", node.iter)
            ),
            ast.Assign(targets=[_name(count, ast.Store())], value=ast.Constant(0)),
        ]
        step = ast.Assign(
            targets=[_name(count, ast.Store())],
            value=ast.BinOp(left=_name(count, ast.Load()), op=ast.Add(), right=ast.Constant(1)),
        )
        node.iter = _name(items, ast.Load())
        node.body = [step, *self._tick_first(node.body, node)]
        return [*(ast.copy_location(s, node) for s in before), node]

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
        if helper is not None:
            return ast.copy_location(_call(helper, node.left, node.right), node)
        if isinstance(node.op, COUNTED_BINOPS):
            return ast.copy_location(_call("_sg_r", node), node)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        return ast.copy_location(_call("_sg_r", node), node)

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load) and node.attr in METHOD_GUARDS:
            name = ast.Constant(node.attr)
            return ast.copy_location(_call("_sg_method", node.value, name), node)
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if any(isinstance(op, WEIGHED_COMPARISONS) for op in node.ops):
            node.left = _weighed(node.left)
            node.comparators = [_weighed(c) for c in node.comparators]
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.slice, ast.Slice):
            if isinstance(node.ctx, ast.Load):  # a copy: counts for memory
                return ast.copy_location(_call("_sg_r", node), node)
            return node
        node.slice = _weighed(node.slice)  # a dict key is hashed and compared
        return node

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        self.generic_visit(node)
        node.keys = [key if key is None else _weighed(key) for key in node.keys]
        if any(key is None for key in node.keys):  # {**other}: a copy
            return ast.copy_location(_call("_sg_r", node), node)
        return node

    def visit_Set(self, node: ast.Set) -> ast.AST:
        self.generic_visit(node)
        node.elts = [e if isinstance(e, ast.Starred) else _weighed(e) for e in node.elts]
        return self._counted_display(node)

    def visit_List(self, node: ast.List) -> ast.AST:
        self.generic_visit(node)
        return self._counted_display(node)

    def visit_Tuple(self, node: ast.Tuple) -> ast.AST:
        self.generic_visit(node)
        return self._counted_display(node)

    def _counted_display(self, node):
        ctx = getattr(node, "ctx", None)
        if isinstance(ctx, ast.Load | None) and any(isinstance(e, ast.Starred) for e in node.elts):
            return ast.copy_location(_call("_sg_r", node), node)  # [*items]: a copy
        return node

    # Comprehensions become generator expressions fed to the constructor. Python 3.12
    # inlines list, set and dict comprehensions into the enclosing frame (PEP 709), where
    # their iterator and partial result sit on the evaluation stack, out of the judge's
    # sight: every pass would look like the same state. A generator expression keeps its own
    # frame on every version, so every interpreter runs the same code and the same steps.

    def visit_ListComp(self, node: ast.ListComp) -> ast.AST:
        self.generic_visit(node)
        return _built("_sg_list", node.elt, node)

    def visit_SetComp(self, node: ast.SetComp) -> ast.AST:
        self.generic_visit(node)
        return _built("_sg_set", _weighed(node.elt), node)

    def visit_DictComp(self, node: ast.DictComp) -> ast.AST:
        self.generic_visit(node)
        pair = ast.Tuple(elts=[_weighed(node.key), node.value], ctx=ast.Load())
        return _built("_sg_dict", pair, node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        self.generic_visit(node)
        parts: list[ast.expr] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                spec = value.format_spec if value.format_spec is not None else ast.Constant("")
                call = _call("_sg_format", value.value, ast.Constant(value.conversion), spec)
                parts.append(ast.copy_location(call, value))
            else:
                parts.append(value)
        return ast.copy_location(_call("_sg_fstring", *parts), node)

    def visit_AugAssign(self, node: ast.AugAssign):
        helper = SAFE_BINOPS.get(type(node.op))
        target = node.target
        if helper is None:
            self.generic_visit(node)
            return node
        value = self.visit(node.value)
        if isinstance(target, ast.Name):
            read: ast.expr = ast.Name(id=target.id, ctx=ast.Load())
        elif isinstance(target, ast.Attribute) and _is_pure(target.value):
            read = ast.Attribute(value=target.value, attr=target.attr, ctx=ast.Load())
        elif isinstance(target, ast.Subscript) and _is_pure(target.value):
            key = self.visit(target.slice)
            if not _is_pure(key):  # only a slice: the checker refuses slice assignment
                return self._through_temporary(node, helper, value)
            target.slice = _weighed(key)
            read = ast.Subscript(value=target.value, slice=target.slice, ctx=ast.Load())
        else:
            return self._through_temporary(node, helper, value)
        assign = ast.Assign(targets=[target], value=_call(helper, read, value))
        return ast.copy_location(assign, node)

    def _through_temporary(self, node: ast.AugAssign, helper: str, value: ast.expr):
        """`f().a op= v` and `x[f()] op= v`: evaluate the object (and key) once, in Python's
        order, into a temporary; then `t.a = helper(t.a, v)`; then drop the temporary. The
        order of scheduling points stays that of the augmented assignment."""
        target = node.target
        self._temporaries += 1
        temp = f"_sg_t{self._temporaries}"

        def held() -> ast.Name:
            return ast.Name(temp, ast.Load())

        if isinstance(target, ast.Attribute):
            first = ast.Assign([ast.Name(temp, ast.Store())], self.visit(target.value))
            load: ast.expr = ast.Attribute(held(), target.attr, ast.Load())
            store: ast.expr = ast.Attribute(held(), target.attr, ast.Store())
        else:
            key = _weighed(self.visit(target.slice))
            pair = ast.Tuple([self.visit(target.value), key], ast.Load())
            first = ast.Assign([ast.Name(temp, ast.Store())], pair)

            def part(i: int) -> ast.expr:
                return ast.Subscript(held(), ast.Constant(i), ast.Load())

            load = ast.Subscript(part(0), part(1), ast.Load())
            store = ast.Subscript(part(0), part(1), ast.Store())
        second = ast.Assign([store], _call(helper, load, value))
        drop = ast.Delete([ast.Name(temp, ast.Del())])
        return [ast.copy_location(stmt, node) for stmt in (first, second, drop)]


def compile_source(source: str, filename: str, *, mode: Mode = "exec", helpers: bool = False):
    """Check, rewrite and compile level code. Raises SandboxError if it is refused.

    The code expects `_sg_tick`, `_sg_tick_true` and `ARITHMETIC_HELPERS` in its globals,
    and `safe_builtins()` as its builtins. `helpers`: see `check_source`.
    """
    problems = check_source(source, mode=mode, helpers=helpers)
    if problems:
        raise SandboxError(problems)
    tree = _Rewriter().visit(parse_level_code(source, mode))
    ast.fix_missing_locations(tree)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = compile(tree, filename, mode, dont_inherit=True)
    _remember_statements(code, tree)
    return code


Span = tuple[int, int, int, int]
"""A statement's source span: line, column, end line, end column."""

_SPANS: WeakKeyDictionary[CodeType, tuple[Span, ...]] = WeakKeyDictionary()


def statement_spans(code: CodeType) -> tuple[Span, ...] | None:
    """The spans of every statement of the level code `code` was compiled from (None for
    code the sandbox did not compile). The judge needs them to know where a statement
    begins, which bytecode does not say (runtime/bytecode.py)."""
    return _SPANS.get(code)


def _remember_statements(code: CodeType, tree: ast.AST) -> None:
    spans = tuple(
        sorted(
            {
                (
                    node.lineno,
                    node.col_offset,
                    node.end_lineno or node.lineno,
                    node.end_col_offset or 0,
                )
                for node in ast.walk(tree)
                if isinstance(node, ast.stmt)
            }
        )
    )
    codes = [code]
    while codes:
        current = codes.pop()
        _SPANS[current] = spans
        codes.extend(const for const in current.co_consts if isinstance(const, CodeType))
