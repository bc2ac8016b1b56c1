"""The judge's typed contracts: verdicts built by keyword, refusals made one way, and a
search's configuration fixed when the search is made."""

from __future__ import annotations

import dataclasses

import pytest

from syncgame.judge.explore import Search, SearchConfig
from syncgame.judge.verdict import Verdict
from syncgame.program.program import Program, ThreadCode


def test_a_verdict_is_built_by_keyword_only():
    with pytest.raises(TypeError):
        Verdict("lock-counter", "fail", "structure", 0, False, None, 0.0, "no")


def test_a_refusal_covers_nothing_and_says_why():
    verdict = Verdict.refused("lock-counter", "structure", "line 3 adds work", line=3)
    assert verdict.to_json() == {
        "level": "lock-counter",
        "verdict": "fail",
        "reason": "structure",
        "explored": 0,
        "exhaustive": False,
        "bound": None,
        "seconds": 0.0,
        "counterexample": None,
        "message": "line 3 adds work",
        "makespan": None,
        "line": 3,
        "measured": None,
    }
    assert not verdict.passed


def test_a_search_configuration_cannot_change_under_the_search():
    config = SearchConfig(bound=1, max_runs=5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.max_runs = 10
    program = Program(threads=[ThreadCode("t", "shared.x = 1\n", 2)], shared={"x": 0})
    search = Search(program, config)
    result = search.explore()
    assert search.config is config
    assert 0 < result.explored <= 5
