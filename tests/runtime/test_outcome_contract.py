"""The outcome's contract: kinds as an enum that is its string, budgets told apart by a
structured cause (never by the words of a message), and the JSON shape as it always was."""

from __future__ import annotations

import json
import re
from pathlib import Path

from syncgame.judge.explore import classify
from syncgame.level.model import Goal
from syncgame.program.program import Program, ThreadCode
from syncgame.runtime.events import Exhausted, OutcomeKind
from syncgame.runtime.scheduler import run
from syncgame.runtime.strategies import RoundRobin
from syncgame.runtime.trace import Outcome, Trace

DOCS = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def _program(code: str, max_steps: int = 10_000) -> Program:
    return Program(threads=[ThreadCode("t", code)], shared={"x": 0}, goal=Goal(max_steps=max_steps))


def test_a_run_out_of_steps_says_so_and_is_a_possible_livelock():
    program = _program("while True:\n    shared.x = shared.x + 1\n", max_steps=50)
    outcome = run(program, RoundRobin(), record=False).outcome
    assert outcome.kind is OutcomeKind.BUDGET
    assert outcome.exhausted is Exhausted.STEPS
    assert outcome.out_of_steps
    assert classify(outcome, program) == "livelock"


def test_a_sandbox_budget_is_a_budget_whatever_its_message_says():
    program = _program("while True:\n    pass\n")
    outcome = run(program, RoundRobin(), record=False).outcome
    assert (outcome.kind, outcome.exhausted) == (OutcomeKind.BUDGET, Exhausted.SANDBOX)
    assert classify(outcome, program) == "budget"
    # The words of a message decide nothing: only the structured cause does.
    worded = Outcome(OutcomeKind.BUDGET, "ran 10 steps", exhausted=Exhausted.SANDBOX)
    assert classify(worded, program) == "budget"
    silent = Outcome(OutcomeKind.BUDGET, "", exhausted=Exhausted.STEPS)
    assert classify(silent, program) == "livelock"


def test_kinds_are_their_strings_in_json_and_comparisons():
    program = _program("shared.x = 1\n")
    trace = run(program, RoundRobin())
    assert trace.outcome.kind == "finished"
    data = trace.to_json()
    assert type(data["outcome"]["kind"]) is str
    assert list(data["outcome"]) == [
        "kind", "message", "steps", "makespan", "exceptions", "deadlock", "goals", "logs",
        "shared",
    ]  # fmt: skip
    assert json.dumps(OutcomeKind.DEADLOCK) == '"deadlock"'
    loaded = Trace.from_json(json.loads(trace.dumps()))
    assert loaded.outcome.kind is OutcomeKind.FINISHED
    assert loaded.to_json() == data


def test_every_kind_is_documented():
    documented = set(re.findall(r"^\| `(\w+)` \|", DOCS.read_text(encoding="utf-8"), re.M))
    assert documented == {kind.value for kind in OutcomeKind}
