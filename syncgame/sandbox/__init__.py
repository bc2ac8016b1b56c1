"""The sandbox: the restricted Python subset that level code is written in.

We use our own AST whitelist rather than RestrictedPython: level code is a tiny subset
(no classes, imports, or attribute names with underscores), and we need to rewrite it anyway
(budget ticks in every loop, size-checked arithmetic), so a whitelist we can read in one
screen is easier to audit than a general policy layer built for a different threat model.

Checking happens before anything runs; a refused construct is reported with its line.
At run time, budgets stop what a static check cannot (infinite loops, huge values, memory).

Every C function level code can reach must finish quickly, because nothing can interrupt
a C call that holds the GIL: a hang there freezes the whole game. So the rewriter routes
each operation whose cost is not bounded by the size of its inputs through a check first:
sizes for what multiplies (`*`, `+`, `%`, f-strings, `join`, `replace`, `extend`...), and
*weights* for what walks a value deeply (printing, comparing, hashing, sorting): shared
references make `[[0] * 1000] * 1000` cost a thousand times more to print than to build.
See docs/security.md.

The bottom of the game's stack: it imports nothing else of syncgame. Its modules, each
importing only those before it:

    syntax     parse_level_code: the one place level code is parsed (Python 3.11 syntax)
    check      check_source: the static whitelist, CodeProblem, SandboxError
    budgets    the limits, BudgetExceeded, resident memory and the memory budget
    weights    what walking a value costs (weigh), ContainerProxy, safe_repr / safe_str
    operators  the size-checked operators the rewritten code calls (`_sg_mul`...)
    builtins   safe_builtins: the builtins level code sees
    methods    the checked methods of built-in containers and strings (`_sg_method`)
    rewrite    compile_source: check, rewrite with budget ticks and hooks, compile;
               statement_spans: where each compiled statement lies in the source
"""

from syncgame.sandbox.budgets import MAX_WEIGHT, BudgetExceeded, resident_memory
from syncgame.sandbox.builtins import CALLBACK_CODE, safe_builtins
from syncgame.sandbox.check import CodeProblem, SandboxError, check_source
from syncgame.sandbox.rewrite import ARITHMETIC_HELPERS, compile_source, statement_spans
from syncgame.sandbox.syntax import parse_level_code
from syncgame.sandbox.weights import ContainerProxy, check_weight, safe_repr, safe_str, weigh

__all__ = [
    "ARITHMETIC_HELPERS",
    "CALLBACK_CODE",
    "MAX_WEIGHT",
    "BudgetExceeded",
    "CodeProblem",
    "ContainerProxy",
    "SandboxError",
    "check_source",
    "check_weight",
    "compile_source",
    "parse_level_code",
    "resident_memory",
    "safe_builtins",
    "safe_repr",
    "safe_str",
    "statement_spans",
    "weigh",
]
