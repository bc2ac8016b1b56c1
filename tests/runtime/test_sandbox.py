"""Escape and abuse attempts: refused by the checker with a clear message and its line, or
stopped at run time by a budget."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import syncgame
from syncgame.program.program import Program, ProgramError, ThreadCode
from syncgame.sandbox import CodeProblem, check_source
from tests.runtime.helpers import fresh_interpreter_json

PRIVATE = "is not allowed: names starting with '_' are private"
RESERVED = "is not allowed: names starting with '__' are reserved"
SANDBOX = "is not allowed: names starting with '_sg' are reserved for the sandbox"

# name: (source, [(line, message), ...]) -- every problem, in the order the checker gives them
REFUSED = {
    "import": ("x = 1\nimport os\n", [(2, "import is not allowed in level code")]),
    "import-from": ("from os import path\n", [(1, "import is not allowed in level code")]),
    "import-as-in-function": (
        "def f():\n    import os.path as p, sys\n",
        [(2, "import is not allowed in level code")],
    ),
    "__import__": ("os = __import__('os')\n", [(1, f"name '__import__' {RESERVED}")]),
    "class-mro": (
        "x = ().__class__.__mro__\n",
        [(1, f"attribute '.__mro__' {PRIVATE}"), (1, f"attribute '.__class__' {PRIVATE}")],
    ),
    "subclasses": (
        "x = 1\nx = ().__class__.__base__.__subclasses__()\n",
        [
            (2, f"attribute '.__subclasses__' {PRIVATE}"),
            (2, f"attribute '.__base__' {PRIVATE}"),
            (2, f"attribute '.__class__' {PRIVATE}"),
        ],
    ),
    "mro-method": ("x = str.mro()\n", [(1, "attribute '.mro' is not allowed in level code")]),
    "format-string-attribute": (
        "x = 1\ns = '{0.__class__}'.format(x)\n",
        [(2, "attribute '.format' is not allowed in level code")],
    ),
    "format-map": (
        "s = '{x.__class__}'.format_map({'x': 1})\n",
        [(1, "attribute '.format_map' is not allowed in level code")],
    ),
    "f-string-attribute": (
        "x = 1\ns = f'{x.__class__}'\n",
        [(2, f"attribute '.__class__' {PRIVATE}")],
    ),
    "format-builtin": ("s = format(1, 'x')\n", [(1, "'format' is not available in level code")]),
    "getattr": (
        "x = getattr(shared, '_state')\n",
        [(1, "'getattr' is not available in level code")],
    ),
    "type": ("t = type(1)\n", [(1, "'type' is not available in level code")]),
    "vars": ("v = vars()\n", [(1, "'vars' is not available in level code")]),
    "dir": ("d = dir()\n", [(1, "'dir' is not available in level code")]),
    "globals": ("g = globals()['_sg_tick']\n", [(1, "'globals' is not available in level code")]),
    "locals": ("l = locals()\n", [(1, "'locals' is not available in level code")]),
    "eval": ("x = eval('1 + 1')\n", [(1, "'eval' is not available in level code")]),
    "exec": ("exec('x = 1')\n", [(1, "'exec' is not available in level code")]),
    "compile": (
        "c = compile('1', 'f', 'eval')\n",
        [(1, "'compile' is not available in level code")],
    ),
    "open": ("f = open('/etc/passwd')\n", [(1, "'open' is not available in level code")]),
    "__builtins__": ("b = __builtins__\n", [(1, f"name '__builtins__' {RESERVED}")]),
    "builtins-via-private-attribute": (
        "b = log.__self__\n",
        [(1, f"attribute '.__self__' {PRIVATE}")],
    ),
    "shared-internals": ("s = shared._state\n", [(1, f"attribute '._state' {PRIVATE}")]),
    "generator-frame": (
        "g = (i for i in range(3))\nf = g.gi_frame.f_back.f_globals\n",
        [
            (2, "attribute '.f_globals' is not allowed in level code"),
            (2, "attribute '.f_back' is not allowed in level code"),
            (2, "attribute '.gi_frame' is not allowed in level code"),
        ],
    ),
    "generator-code": (
        "g = (i for i in range(3))\nc = g.gi_code\n",
        [(2, "attribute '.gi_code' is not allowed in level code")],
    ),
    "exception-traceback": (
        "try:\n    x = 1 / 0\nexcept Exception as e:\n    tb = e.__traceback__\n"
        "    e.with_traceback(None)\n",
        [
            (4, f"attribute '.__traceback__' {PRIVATE}"),
            (5, "attribute '.with_traceback' is not allowed in level code"),
        ],
    ),
    "lambda-globals": (
        "g = (lambda: 0).__globals__\n",
        [(1, f"attribute '.__globals__' {PRIVATE}")],
    ),
    "def-code": (
        "def f():\n    pass\nc = f.__code__\n",
        [(3, f"attribute '.__code__' {PRIVATE}")],
    ),
    "def-dunder-name": ("def __init__():\n    pass\n", [(1, f"name '__init__' {RESERVED}")]),
    "lambda-dunder-parameter": (
        "f = lambda __x: __x\n",
        [(1, f"name '__x' {RESERVED}"), (1, f"name '__x' {RESERVED}")],
    ),
    "decorator": (
        "x = 1\n@log\ndef f():\n    pass\n",
        [(3, "decorators are not allowed in level code")],
    ),
    "class": ("class A:\n    pass\n", [(1, "class definitions is not allowed in level code")]),
    "yield-in-lambda": ("f = lambda: (yield)\n", [(1, "yield is not allowed in level code")]),
    "global": ("def f():\n    global shared\n", [(2, "global is not allowed in level code")]),
    "bare-except": (
        "try:\n    pass\nexcept:\n    pass\n",
        [(3, "a bare 'except:' is not allowed; write 'except Exception:'")],
    ),
    "bytes-literal": ("x = b'abc'\n", [(1, "bytes literals are not allowed in level code")]),
    "breakpoint": ("breakpoint()\n", [(1, "'breakpoint' is not available in level code")]),
    "help": ("help()\n", [(1, "'help' is not available in level code")]),
    "input": ("x = input()\n", [(1, "'input' is not available in level code")]),
    "exit": ("exit(1)\n", [(1, "'exit' is not available in level code")]),
    "object": (
        "x = object.__subclasses__()\n",
        [
            (1, f"attribute '.__subclasses__' {PRIVATE}"),
            (1, "'object' is not available in level code"),
        ],
    ),
    "iter-callable-sentinel": (
        "x = list(iter(int, 1))\n",
        [(1, "'iter' is not available in level code")],
    ),
    # The hooks the rewriter calls: rebinding one would switch a budget off.
    "rebind-loop-budget": (
        "_sg_tick = list\nwhile True:\n    pass\n",
        [(1, f"name '_sg_tick' {SANDBOX}")],
    ),
    "shadow-loop-budget-parameter": (
        "def f(_sg_tick):\n    while True:\n        pass\nf(list)\n",
        [(1, f"name '_sg_tick' {SANDBOX}")],
    ),
    "rebind-size-check-by-walrus": (
        "y = [(_sg_mul := max) for _ in range(1)]\n",
        [(1, f"name '_sg_mul' {SANDBOX}")],
    ),
    "rebind-size-check-by-def": (
        "def _sg_pow(a, b):\n    return 0\n",
        [(1, f"name '_sg_pow' {SANDBOX}")],
    ),
    "rebind-by-except-name": (
        "try:\n    pass\nexcept Exception as _sg_tick_true:\n    pass\n",
        [(3, f"name '_sg_tick_true' {SANDBOX}")],
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_with_a_clear_message_and_its_line(name):
    source, expected = REFUSED[name]
    assert check_source(source) == [CodeProblem(line, message) for line, message in expected]


def test_goal_expressions_are_checked_too():
    assert check_source("().__class__", mode="eval") == [
        CodeProblem(1, f"attribute '.__class__' {PRIVATE}")
    ]
    assert check_source("[_sg_tick_true := list]", mode="eval") == [
        CodeProblem(1, f"name '_sg_tick_true' {SANDBOX}")
    ]


def test_a_refused_program_names_the_thread_and_the_line_in_the_level_file():
    prog = Program(threads=[ThreadCode("inc", "x = 1\nimport os\n", first_line=40)])
    with pytest.raises(ProgramError) as info:
        prog.check()
    assert str(info.value) == "inc, line 41: import is not allowed in level code"


# --- run time: what a static check cannot see is stopped by a budget -------------------------

LOOP_BUDGET = "t ran more than 200,000 loop iterations in one run"

# name: (source, kind, message)
STOPPED = {
    "huge-string": ("x = 'a' * 10 ** 10\n", "budget", "sequence larger than the sandbox allows"),
    "huge-list": ("x = [0] * 10 ** 9\n", "budget", "sequence larger than the sandbox allows"),
    "huge-list-reversed-operands": (
        "n = 10 ** 9\nx = n * [0]\n",
        "budget",
        "sequence larger than the sandbox allows",
    ),
    "huge-int-power": ("x = 10 ** 10 ** 8\n", "budget", "integer larger than the sandbox allows"),
    "huge-int-pow-builtin": (
        "x = pow(10, 10 ** 8)\n",
        "budget",
        "integer larger than the sandbox allows",
    ),
    "huge-int-shift": ("x = 1 << 10 ** 9\n", "budget", "integer larger than the sandbox allows"),
    "huge-int-by-repeated-squaring": (
        "x = 3\nfor i in range(40):\n    x = x * x\n",
        "budget",
        "integer larger than the sandbox allows",
    ),
    "slow-modular-power": (
        "x = pow(3, 2 ** 49999, 10 ** 15000)\n",
        "budget",
        "modular power larger than the sandbox allows",
    ),
    "range-materialised": (
        "x = list(range(10 ** 12))\n",
        "budget",
        "range larger than the sandbox allows",
    ),
    "string-doubling": (
        "s = 'ab'\nfor i in range(40):\n    s = s + s\n",
        "budget",
        "sequence larger than the sandbox allows",
    ),
    "augmented-list-growth": (
        "x = [0]\nfor i in range(40):\n    x *= 2\n",
        "budget",
        "sequence larger than the sandbox allows",
    ),
    "infinite-loop-without-a-scheduling-point": ("while True:\n    pass\n", "budget", LOOP_BUDGET),
    "budget-not-caught-by-except-exception": (
        "while True:\n    try:\n        while True:\n            pass\n"
        "    except Exception:\n        pass\n",
        "budget",
        LOOP_BUDGET,
    ),
    "budget-not-escaped-by-finally": (
        "try:\n    while True:\n        pass\nfinally:\n    while True:\n        x = 1\n",
        "budget",
        LOOP_BUDGET,
    ),
    "comprehension-over-a-big-range": (
        "x = [i for i in range(10 ** 6)]\n",
        "budget",
        LOOP_BUDGET,
    ),
    "lambdas-called-from-c": (
        "x = list(map(lambda v: v, range(10 ** 6)))\n",
        "budget",
        LOOP_BUDGET,
    ),
    "recursive-function-calls": (
        "def f(n):\n    if n == 0:\n        return 0\n    return f(n - 1) + f(n - 1)\nf(30)\n",
        "budget",
        LOOP_BUDGET,
    ),
    "livelock": (
        "while shared.x == 0:\n    pass\n",
        "budget",
        ("the program did not finish within 20,000 steps"),
    ),
}

# Python's own recursion limit stops deep recursion: the thread dies with RecursionError.
RECURSION = {
    "deep-recursion": "def f(n):\n    return f(n + 1)\nf(0)\n",
    "deep-recursion-lambda": "f = lambda n: f(n + 1)\nf(0)\n",
}

# Builtins that could build a value larger than the size limit (MAX_SEQUENCE, 10**6) in one C
# call, holes until the sandbox learned to size-check them (shown at 3 * 10**6; 10**9 or more
# works the same way). Each entry: code, the budget message it now gets, what the hole was.
AMPLIFIERS = {
    "join": (
        "s = 'a' * 1000000\nbig = ''.join([s] * 3)\nlog(len(big))\n",
        "string larger than the sandbox allows",
        "str.join is not size-checked: ''.join([s] * 1000) builds 1 GB from a 1 MB string",
    ),
    "percent-width": (
        "s = '%*d' % (3000000, 1)\nlog(len(s))\n",
        "formatted string larger than the sandbox allows",
        "%-formatting is not size-checked: '%*d' % (10 ** 10, 1) asks for a 10 GB string",
    ),
    "f-string-width": (
        "w = 3000000\ns = f'{1:>{w}}'\nlog(len(s))\n",
        "formatted string larger than the sandbox allows",
        "f-string format specs are not size-checked: f'{1:>{10 ** 10}}' asks for 10 GB",
    ),
    "list-extend": (
        "x = [0] * 1000000\nx.extend(x)\nx.extend(x)\nlog(len(x))\n",
        "sequence larger than the sandbox allows",
        "list.extend is not size-checked (and x.extend(map(abs, x)) never ends: C-level, "
        "no tick, until memory runs out)",
    ),
    "sum-of-lists": (
        "x = sum([[0] * 1000000] * 3, [])\nlog(len(x))\n",
        "sequence larger than the sandbox allows",
        "sum() of lists is not size-checked (and is quadratic, in one C call)",
    ),
}


@pytest.fixture(scope="module")
def child_outcomes() -> dict:
    """Run every run-time case once, in a child process whose address space is capped."""
    pytest.importorskip("resource", reason="needs the Unix resource module to cap memory")
    cases = {**{k: v[0] for k, v in STOPPED.items()}, **RECURSION}
    cases.update({k: v[0] for k, v in AMPLIFIERS.items()})
    root = str(Path(syncgame.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("budget_child.py"))],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", list(STOPPED))
def test_stopped_at_run_time_by_a_budget(name, child_outcomes):
    _, kind, message = STOPPED[name]
    outcome = child_outcomes[name]
    assert (outcome["kind"], outcome["message"]) == (kind, message)
    assert outcome["exceptions"] == []


@pytest.mark.parametrize("name", list(RECURSION))
def test_deep_recursion_ends_the_thread_with_recursion_error(name, child_outcomes):
    outcome = child_outcomes[name]
    assert outcome["kind"] == "exception"
    [(kind, message, line)] = outcome["exceptions"]
    assert kind == "RecursionError"
    assert message.startswith("maximum recursion depth exceeded")
    # the limit strikes in the function's budget tick (its def line) or in its body
    assert line in {"deep-recursion": {1, 2}, "deep-recursion-lambda": {1}}[name]


@pytest.mark.parametrize("name", list(AMPLIFIERS))
def test_amplifying_builtins_are_stopped_by_a_budget(name, child_outcomes):
    _, message, _ = AMPLIFIERS[name]
    outcome = child_outcomes[name]
    assert (outcome["kind"], outcome["message"]) == ("budget", message)


def test_the_sandbox_is_the_bottom_of_the_game():
    """The sandbox imports nothing else of syncgame, and importing the rest of the game
    changes none of its tables: the runtime's shared containers say what they stand for."""
    script = (
        "import json, sys\n"
        "import syncgame.sandbox\n"
        "def tables():\n"
        "    return {f'{n}.{k}': repr(v) for n, m in sys.modules.items()\n"
        "            if n.startswith('syncgame.sandbox') for k, v in vars(m).items()}\n"
        "loaded = sorted(n for n in sys.modules if n.startswith('syncgame.'))\n"
        "before = tables()\n"
        "import syncgame.runtime.scheduler, syncgame.judge\n"
        "after = tables()\n"
        "print(json.dumps([loaded, sorted(k for k in before if after[k] != before[k])]))\n"
    )
    loaded, changed = fresh_interpreter_json(script)
    assert [name for name in loaded if not name.startswith("syncgame.sandbox")] == []
    assert changed == []
