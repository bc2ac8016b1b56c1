"""Hypothesis strategies for hostile and broken level files.

- `mutated_levels()`: a shipped level's text, cut, spliced and overwritten in a few places;
- `toml_documents()`: random TOML documents using the level format's own keys;
- `programs()`: random worker code from a grammar of what level code does (shared state,
  primitives, loops, functions, comprehensions, f-strings, method calls, big numbers, NaN),
  mostly accepted by the checker so that runs and the judge get to execute it;
- `random_levels()`: valid-looking levels whose threads and helpers are such programs.
"""

from __future__ import annotations

import ast
import datetime
import json
from functools import cache
from pathlib import Path

import tomlkit
from hypothesis import strategies as st

from syncgame.paths import levels_dir

LEVEL_KEYS = [
    "format", "id", "chapter", "order", "notes_section", "title", "briefing", "hints",
    "learned", "shared", "primitives", "palette", "helpers", "threads", "goal", "solution",
    "par", "measure", "lazy", "en", "zh", "name", "instances", "code", "final", "always",
    "no_deadlock", "max_steps", "max_makespan", "start_fails", "task", "jobs", "repeat",
    "min_speedup", "choices", "Lock", "Event", "counter", "lock", "threads",
]  # fmt: skip
TOML_NOISE = "[]{}=\",.'#\n\t -_:+0123456789abcdefxyz\"\"\"'''锁\\"


@cache
def shipped_texts() -> tuple[tuple[str, str], ...]:
    """(file name, text) of every shipped level."""
    return tuple(
        (path.name, path.read_text(encoding="utf-8"))
        for path in sorted(levels_dir().glob("*.toml"))
    )


# --- TOML values and documents -----------------------------------------------------------

scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, 1, -1, 64, 65, 10**6, 10**9, 2**63 - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["Lock()", "Semaphore(-1)", "Barrier(0)", "Condition(lk)", "Queue(1e9)",
                     "shared.x == 1", "import os", "while True:\n    pass\n", "Lock", "zh"]),
    st.booleans(),
    st.dates(),
    st.datetimes(min_value=datetime.datetime(1, 1, 2)),
    st.times(),
)  # fmt: skip
toml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(LEVEL_KEYS) | st.text(min_size=1, max_size=6), inner,
                        max_size=4),
    ),
    max_leaves=12,
)  # fmt: skip


@st.composite
def toml_documents(draw) -> str:
    """A random TOML document over the level format's keys (written by tomlkit)."""
    document = draw(st.dictionaries(st.sampled_from(LEVEL_KEYS), toml_values, max_size=10))
    if draw(st.booleans()):
        document.setdefault("threads", [{"name": "w", "code": "pass\n"}])
    try:
        return tomlkit.dumps(document)
    except Exception:  # a value tomlkit cannot write: fall back to JSON-ish text
        return json.dumps(document, default=str)


# --- mutations of shipped levels ------------------------------------------------------------


@st.composite
def mutated_levels(draw) -> tuple[str, str]:
    """(file name, text): a shipped level with one to four mutations."""
    name, text = draw(st.sampled_from(shipped_texts()))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "line", "value", "swap", "code"]))
        size = len(text)
        at = draw(st.integers(0, size))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 80)) :]
        elif kind == "insert":
            text = text[:at] + draw(st.text(TOML_NOISE, min_size=1, max_size=30)) + text[at:]
        elif kind in ("line", "swap", "value", "code"):
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            if kind == "line":
                lines[i] = draw(st.text(TOML_NOISE, max_size=40))
            elif kind == "swap":
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            elif kind == "value" and "=" in lines[i]:
                key = lines[i].split("=", 1)[0]
                value = draw(toml_values)
                try:
                    written = tomlkit.item(value).as_string()
                except Exception:
                    written = json.dumps(value, default=str)
                lines[i] = f"{key}= {written}"
            elif kind == "code":
                lines.insert(i, draw(statement_lines))
            text = "\n".join(lines)
    return name, text


# --- programs ---------------------------------------------------------------------------------

LOCALS = ["a", "b", "i", "item", "n"]
SHARED = ["x", "l", "d", "s"]
PRIMITIVE_CALLS = [
    "lock.acquire()", "lock.release()", "lock.acquire(timeout=0.5)", "lock.locked()",
    "ev.set()", "ev.wait()", "ev.wait(0.2)", "ev.clear()", "ev.is_set()",
    "q.put(1)", "q.get()", "q.get(timeout=1)", "q.put_nowait(me)", "q.qsize()", "q.task_done()",
    "sem.acquire()", "sem.release()", "sem.acquire(timeout=0.1)",
    "cond.acquire()", "cond.release()", "cond.notify()", "cond.notify_all()", "cond.wait(0.1)",
    "bar.wait()", "bar.wait(0.5)", "bar.abort()", "bar.reset()", "bar.n_waiting",
    "sleep(0.1)", "sleep(1)", "work(0.1)", "work(0.1, 0.3)", "log(me)", "log('hi')",
    "sleep(float('nan'))", "q.get(timeout=float('nan'))", "sleep(-1)",
]  # fmt: skip
CALLS = ["len", "str", "repr", "sorted", "sum", "min", "max", "list", "tuple", "set", "dict",
         "abs", "round", "pow", "hash", "int", "float", "bool", "isinstance", "range", "zip",
         "enumerate", "reversed", "any", "all", "chr", "ord", "divmod", "map", "filter"]  # fmt: skip
REFUSED_CALLS = ["getattr", "type", "open", "print", "eval", "vars"]
METHODS = ["append", "pop", "extend", "count", "index", "remove", "insert", "sort", "copy",
           "get", "keys", "values", "items", "update", "setdefault", "join", "replace",
           "upper", "split", "strip", "startswith"]  # fmt: skip
REFUSED_METHODS = ["format", "__class__", "_data", "gi_frame", "translate"]
BINOPS = [ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.LShift,
          ast.RShift, ast.BitOr, ast.BitAnd, ast.BitXor]  # fmt: skip
CMPOPS = [ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is]

constants = st.one_of(
    st.integers(-3, 10),
    st.sampled_from([10**6, 10**9, 2**64, -(10**20)]),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.text("ab锁 {}%", max_size=6),
    st.sampled_from([None, True, False]),
).map(ast.Constant)


def _name(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Load())


def _expression(leaves, calls=CALLS, methods=METHODS):
    def extend(inner):
        return st.one_of(
            st.builds(ast.BinOp, inner, st.sampled_from(BINOPS).map(lambda op: op()), inner),
            st.builds(
                lambda left, op, right: ast.Compare(left, [op()], [right]),
                inner,
                st.sampled_from(CMPOPS),
                inner,
            ),
            st.builds(lambda v: ast.BoolOp(ast.And(), [v[0], v[1]]), st.tuples(inner, inner)),
            st.builds(lambda v: ast.UnaryOp(ast.USub(), v), inner),
            st.builds(
                lambda f, args: ast.Call(_name(f), args, []),
                st.sampled_from(CALLS),
                st.lists(inner, max_size=3),
            ),
            st.builds(
                lambda obj, m, args: ast.Call(ast.Attribute(obj, m, ast.Load()), args, []),
                inner,
                st.sampled_from(METHODS),
                st.lists(inner, max_size=2),
            ),
            st.builds(lambda e: ast.List(e, ast.Load()), st.lists(inner, max_size=3)),
            st.builds(lambda e: ast.Tuple(e, ast.Load()), st.lists(inner, max_size=3)),
            st.builds(lambda k, v: ast.Dict([k], [v]), inner, inner),
            st.builds(lambda v, i: ast.Subscript(v, i, ast.Load()), inner, inner),
            st.builds(
                lambda v, lo: ast.Subscript(v, ast.Slice(lo, None, None), ast.Load()), inner, inner
            ),
            st.builds(
                lambda elt, it: ast.ListComp(
                    elt, [ast.comprehension(ast.Name("item", ast.Store()), it, [], 0)]
                ),
                inner,
                inner,
            ),
            st.builds(
                lambda body: ast.Lambda(
                    ast.arguments([], [ast.arg("item")], None, [], [], None, []), body
                ),
                inner,
            ),
            st.builds(lambda t, a, b: ast.IfExp(t, a, b), inner, inner, inner),
            st.builds(
                lambda v: ast.JoinedStr([ast.Constant("v="), ast.FormattedValue(v, -1, None)]),
                inner,
            ),
        )

    return st.recursive(leaves, extend, max_leaves=6)


leaves = st.one_of(
    constants,
    st.sampled_from(LOCALS + ["me", "shared"]).map(_name),
    st.sampled_from(SHARED).map(lambda n: ast.Attribute(_name("shared"), n, ast.Load())),
    st.sampled_from(["lock", "ev", "q", "logs"]).map(_name),
)
expressions = _expression(leaves)
hostile_expressions = _expression(leaves, CALLS + REFUSED_CALLS, METHODS + REFUSED_METHODS)


def _statement(depth: int, hostile: bool = False):
    expressions = hostile_expressions if hostile else globals()["expressions"]
    refused = ["import os", "global a", "x = ().__class__", "def f():\n    yield 1"]
    simple = st.one_of(
        st.builds(lambda n, v: ast.Assign([ast.Name(n, ast.Store())], v),
                  st.sampled_from(LOCALS), expressions),
        st.builds(lambda n, v: ast.Assign([ast.Attribute(_name("shared"), n, ast.Store())], v),
                  st.sampled_from(SHARED), expressions),
        st.builds(lambda n, op, v: ast.AugAssign(ast.Name(n, ast.Store()), op(), v),
                  st.sampled_from(LOCALS), st.sampled_from(BINOPS), expressions),
        st.builds(lambda n, v: ast.AugAssign(
            ast.Attribute(_name("shared"), n, ast.Store()), ast.Add(), v),
            st.sampled_from(SHARED), expressions),
        st.sampled_from(PRIMITIVE_CALLS).map(lambda text: ast.parse(text).body[0]),
        st.builds(ast.Expr, expressions),
        st.builds(lambda v: ast.Raise(ast.Call(_name("ValueError"), [v], []), None), expressions),
        st.builds(lambda v: ast.Assert(v, None), expressions),
        st.just(ast.Pass()),
        st.sampled_from(refused if hostile else ["pass"]).map(lambda t: ast.parse(t).body[0]),
    )  # fmt: skip
    if depth == 0:
        return simple
    body = st.lists(_statement(depth - 1, hostile), min_size=1, max_size=3)
    loop_body = st.lists(
        _statement(depth - 1, hostile) | st.just(ast.Break()), min_size=1, max_size=3
    )
    return st.one_of(
        simple,
        simple,
        st.builds(lambda n, b: ast.For(ast.Name("i", ast.Store()),
                                       ast.Call(_name("range"), [n], []), b, []),
                  expressions, loop_body),
        st.builds(lambda t, b: ast.While(t, b, []), expressions, loop_body),
        st.builds(lambda t, b, e: ast.If(t, b, e), expressions, body,
                  st.lists(_statement(0, hostile), max_size=2)),
        st.builds(lambda p, b: ast.With([ast.withitem(_name(p), None)], b),
                  st.sampled_from(["lock", "cond", "sem"]), body),
        st.builds(lambda b, h, f: ast.Try(b, [ast.ExceptHandler(_name("Exception"), "error", h)],
                                          [], f),
                  body, body, st.lists(_statement(0, hostile), max_size=2)),
        st.builds(lambda b: ast.FunctionDef("f", ast.arguments([], [ast.arg("n")], None, [], [],
                                                               None, []), b, [], None),
                  body),
    )  # fmt: skip


statements = _statement(2)
statement_lines = st.builds(lambda s: ast.unparse(ast.fix_missing_locations(s)), _statement(0))


def _unparse(body: list[ast.stmt]) -> str:
    module = ast.fix_missing_locations(ast.Module(body=body, type_ignores=[]))
    try:
        return ast.unparse(module) + "\n"
    except Exception:  # an AST that has no spelling: fall back to something simple
        return "pass\n"


programs = st.lists(statements, min_size=1, max_size=5).map(_unparse)
hostile_programs = st.lists(_statement(2, hostile=True), min_size=1, max_size=5).map(_unparse)
"""Programs with refused constructs among the rest: for the checker."""
helper_programs = st.lists(
    st.builds(
        lambda name, body: ast.FunctionDef(
            name, ast.arguments([], [ast.arg("n")], None, [], [], None, []), body, [], None
        ),
        st.sampled_from(["f", "g", "helper"]),
        st.lists(_statement(1), min_size=1, max_size=3),
    ),
    max_size=2,
).map(lambda defs: _unparse(defs) if defs else "")


# --- whole levels ---------------------------------------------------------------------------

LEVEL_HEAD = """format = 1
id = "{id}"
chapter = "Lock"
order = 1
notes_section = "Lock类"

[title]
en = "Fuzz"
zh = "模糊"

[briefing]
en = "Generated."
zh = "生成的。"

[shared]
x = 0
l = [1, 2]
d = {{ a = 1 }}
s = "abc"

[primitives]
lock = "Lock()"
ev = "Event()"
q = "Queue(2)"
sem = "Semaphore(1)"
cond = "Condition(lock)"
bar = "Barrier(2, timeout=1.0)"

[palette]
Lock = 1

[helpers]
code = {helpers}
"""


def _literal(code: str) -> str:
    return json.dumps(code, ensure_ascii=False)  # a TOML basic string (JSON escapes agree)


@st.composite
def random_levels(draw, level_id: str = "fuzz") -> str:
    """A level whose threads run generated programs (1 to 3 kinds, 1 or 2 copies each)."""
    text = LEVEL_HEAD.format(id=level_id, helpers=_literal(draw(helper_programs)))
    for number in range(draw(st.integers(1, 3))):
        text += (
            f'\n[[threads]]\nname = "t{number}"\ninstances = {draw(st.integers(1, 2))}\n'
            f"code = {_literal(draw(programs))}\n"
        )
    final = draw(st.lists(expressions.map(ast.unparse), max_size=2))
    text += (
        f"\n[goal]\nfinal = {json.dumps(final, ensure_ascii=False)}\n"
        f"max_steps = {draw(st.sampled_from([50, 200, 2000]))}\n"
    )
    return text


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
