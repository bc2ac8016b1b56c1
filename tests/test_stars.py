"""Star rules: one for passing, one for par primitives, one for par makespan (or the level's own
efficiency goal). Pure functions, checked on hand-made figures and on real judged levels."""

from __future__ import annotations

import dataclasses

import pytest

from syncgame.judge.levels import judge_level
from syncgame.level.loader import load_level
from syncgame.level.model import Goal, Par, Solution
from syncgame.play.stars import primitives_used, rate, score, stars_text
from tests.ui.fixtures import ABBA, COUNTER


def test_a_failure_earns_nothing_whatever_its_figures():
    result = score(False, 0, 0.0, Par(primitives=1, makespan=2))
    assert result.stars == 0 and not result.passed


def test_each_star_on_its_own():
    par = Par(primitives=1, makespan=2.0)
    assert score(True, 1, 2.0, par).stars == 3
    assert score(True, 2, 2.0, par).stars == 2  # one primitive over par
    assert score(True, 1, 2.5, par).stars == 2  # too slow
    assert score(True, 2, 6.0, par).stars == 1  # only the pass
    assert score(True, 0, 1.0, par).stars == 3  # under par is fine


def test_float_noise_still_reaches_par():
    assert score(True, 1, 2.0 + 1e-12, Par(makespan=2.0)).makespan_ok
    assert not score(True, 1, 2.001, Par(makespan=2.0)).makespan_ok


def test_a_missing_makespan_misses_a_makespan_par():
    assert score(True, 1, None, Par(primitives=1, makespan=2.0)).stars == 2


def test_no_par_gives_the_star_with_the_pass():
    assert score(True, 5, None, Par()).stars == 3
    assert score(True, 5, 9.0, Par(primitives=1)).stars == 2


def test_the_levels_efficiency_goal_stands_in_for_a_missing_par_makespan():
    result = score(True, 1, 3.0, Par(primitives=1), max_makespan=2.0)
    assert (result.stars, result.par_makespan, result.makespan_source) == (2, 2.0, "goal")
    # a par makespan wins over the goal
    result = score(True, 1, 3.0, Par(primitives=1, makespan=4.0), max_makespan=2.0)
    assert (result.stars, result.par_makespan, result.makespan_source) == (3, 4.0, "par")


def test_rate_reads_a_verdict_dict_and_the_levels_goal():
    level = dataclasses.replace(
        COUNTER, goal=Goal(final=COUNTER.goal.final, max_makespan=1.0), par=Par(primitives=1)
    )
    assert rate({"verdict": "pass", "makespan": 0.5}, level, 1).stars == 3
    assert rate({"verdict": "pass", "makespan": 1.5}, level, 1).stars == 2
    assert rate({"verdict": "fail", "makespan": 0.5}, level, 1).stars == 0


def test_primitives_used_counts_new_and_retyped_primitives_only():
    assert primitives_used(COUNTER, None) == 0
    assert primitives_used(COUNTER, Solution(primitives={"lock": "Lock()"})) == 1
    # ABBA starts with locks a and b: changing a to an RLock costs one, re-declaring b is free
    solution = Solution(primitives={"a": "RLock()", "b": "Lock()", "ev": "Event()"})
    assert primitives_used(ABBA, solution) == 2


def test_stars_text_reads_without_colour():
    assert stars_text(0) == "☆☆☆" and stars_text(2) == "★★☆" and stars_text(9) == "★★★"


# --- real levels, real judge -------------------------------------------------------------------

LEVELS = ("lock-counter", "lock-brief", "event-boss-cups")


@pytest.mark.parametrize("level_id", LEVELS)
def test_the_reference_solution_earns_three_stars(shipped_levels_dir, level_id):
    level = load_level(shipped_levels_dir / f"{level_id}.toml")
    verdict = judge_level(level, "solution", level.solution)
    result = rate(verdict, level, primitives_used(level, level.solution))
    assert verdict.passed, verdict.message
    assert result.stars == 3, result


@pytest.mark.parametrize("level_id", LEVELS)
def test_the_start_code_earns_no_star(shipped_levels_dir, level_id):
    level = load_level(shipped_levels_dir / f"{level_id}.toml")
    verdict = judge_level(level, "start")
    assert rate(verdict, level, 0).stars == 0


def test_a_passing_fix_over_par_earns_fewer_stars(shipped_levels_dir):
    """lock-brief: the reference with a spare Lock, and with the work inside the lock but the
    efficiency goal dropped, pass yet miss a par."""
    level = load_level(shipped_levels_dir / "lock-brief.toml")
    spare = Solution(
        primitives={**level.solution.primitives, "spare": "Lock()"},
        threads=dict(level.solution.threads),
    )
    generous = dataclasses.replace(level, palette={"Lock": 2})
    verdict = judge_level(generous, "solution", spare)
    assert verdict.passed, verdict.message
    assert rate(verdict, generous, primitives_used(generous, spare)).stars == 2

    slow_code = {
        "worker": "for _ in range(2):\n    with lock:\n        work(1)\n        shared.val += 1\n"
    }
    lenient = dataclasses.replace(level, goal=Goal(final=("shared.val == 6",), max_steps=2000))
    slow = Solution(primitives={"lock": "Lock()"}, threads=slow_code)
    verdict = judge_level(lenient, "solution", slow)
    assert verdict.passed, verdict.message
    assert verdict.makespan == pytest.approx(6.0)
    result = rate(verdict, lenient, primitives_used(lenient, slow))
    assert (result.stars, result.primitives_ok, result.makespan_ok) == (2, True, False)
