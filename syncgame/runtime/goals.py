"""Evaluating a level's goal expressions, in the sandbox, against a run's final state."""

from __future__ import annotations

from syncgame.level.model import Goal
from syncgame.runtime.shared import SharedView
from syncgame.sandbox import (
    ARITHMETIC_HELPERS,
    BudgetExceeded,
    compile_source,
    safe_builtins,
    safe_repr,
    safe_str,
)

MAX_GOAL_TICKS = 200_000


def goal_names(shared_values: dict, logs: list[str], makespan: float, steps: int) -> dict:
    """What goal expressions can see."""
    return {
        "shared": SharedView(shared_values),
        "logs": list(logs),
        "makespan": makespan,
        "steps": steps,
    }


def evaluate(code, names: dict):
    ticks = [0]

    def tick_true():
        ticks[0] += 1
        if ticks[0] > MAX_GOAL_TICKS:
            raise BudgetExceeded("a goal expression ran too long")
        return True

    scope = {"__builtins__": safe_builtins(), **ARITHMETIC_HELPERS, **names}
    scope["_sg_tick_true"] = tick_true
    return eval(code, scope)


def short(value, limit: int = 60) -> str:
    text = safe_repr(value)  # level values can be too heavy to print
    return text if len(text) <= limit else text[: limit - 1] + "…"


def final_goals(goal: Goal, names: dict) -> list[dict]:
    """Each final goal (and max_makespan) with whether it holds and the value it had."""
    exprs = list(goal.final)
    if goal.max_makespan is not None:
        exprs.append(f"makespan <= {goal.max_makespan!r}")
    results = []
    for expr in exprs:
        code = compile_source(expr, "<goal>", mode="eval")
        try:
            value = evaluate(code, names)
            results.append({"expr": expr, "ok": bool(value), "value": short(value)})
        except (Exception, BudgetExceeded) as error:  # a goal that raises is a goal not met
            message = f"{type(error).__name__}: {safe_str(error)}"
            results.append({"expr": expr, "ok": False, "value": message})
    return results


class Invariants:
    """A run's `always` goals, checked after every step.

    They run thousands of times a run, so the scope (builtins, helpers, the live `shared`
    view) is built once and only what changes is put in before each check.
    """

    def __init__(self, exprs: tuple[str, ...], shared_values: dict):
        self.codes = [(expr, compile_source(expr, "<goal>", mode="eval")) for expr in exprs]
        self._ticks = 0

        def tick_true():
            self._ticks += 1
            if self._ticks > MAX_GOAL_TICKS:
                raise BudgetExceeded("a goal expression ran too long")
            return True

        self.scope = {
            "__builtins__": safe_builtins(),
            **ARITHMETIC_HELPERS,
            "shared": SharedView(shared_values),
            "_sg_tick_true": tick_true,
        }

    def first_broken(self, logs: list[str], makespan: float, steps: int) -> str | None:
        """The first goal that does not hold now (one that raises does not hold), or None."""
        self.scope.update(logs=list(logs), makespan=makespan, steps=steps)
        for expr, code in self.codes:
            self._ticks = 0
            try:
                holds = eval(code, self.scope)
            except (Exception, BudgetExceeded):
                holds = False
            if not holds:
                return expr
        return None
