"""The shipped campaign (issue 5), level by level.

For every level in `levels/`: `syncgame check` accepts it; its texts are complete in both
languages; its start fails the judge for the reason the level names (`[goal] start_fails`);
its reference passes the structure check and the judge and meets the par; and each
`[[lazy]]` entry (a tempting shortcut, or another fix the level must accept) gets the
verdict it expects. The measured level (`[measure]`, the GIL chapter) is timed on this
machine instead.

`SYNCGAME_LEVEL_TIME` (seconds, default 10) is the judge's time limit per verdict.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from syncgame.judge import judge_level
from syncgame.judge.structure import check_structure
from syncgame.level.loader import check_paths, discover_levels, level_files, load_level
from syncgame.level.model import (
    BUSY_REASON,
    CHAPTERS,
    FAILURE_REASONS,
    MEASURE_REASON,
    Level,
    Solution,
)
from syncgame.paths import levels_dir
from syncgame.primitives.declarations import parse_declaration

TIME_LIMIT = float(os.environ.get("SYNCGAME_LEVEL_TIME", "10"))

LEVELS: list[Level] = discover_levels(levels_dir())
TIMED = [level for level in LEVELS if level.measure is None]
MEASURED = [level for level in LEVELS if level.measure is not None]
LAZY = [(level, lazy) for level in LEVELS for lazy in level.lazy]

MINIMUM_PER_CHAPTER = {
    "Event": 3,
    "Lock": 4,
    "RLock": 2,
    "Condition": 3,
    "Barrier": 3,
    "Semaphore": 3,  # 2, and one level on semaphores versus locks
    "BoundedSemaphore": 1,
    "Queue": 2,
    "GIL": 1,
    "Classic": 4,
}


def ids(levels):
    return [level.id for level in levels]


def added_primitives(level: Level, solution: Solution) -> int:
    """Primitives a fix adds, or whose type it changes: what the palette and the par count."""
    count = 0
    for name, text in solution.primitives.items():
        before = level.primitives.get(name)
        if before is None or parse_declaration(before).type != parse_declaration(text).type:
            count += 1
    return count


def described(verdict) -> str:
    return f"{verdict.verdict} ({verdict.reason}): {verdict.message}"


# --- the campaign as a whole ----------------------------------------------------------------


def test_at_least_22_levels_covering_every_chapter():
    assert len(LEVELS) >= 22
    per_chapter = Counter(level.chapter for level in LEVELS)
    for chapter, minimum in MINIMUM_PER_CHAPTER.items():
        assert per_chapter[chapter] >= minimum, f"{chapter}: {per_chapter[chapter]} levels"
    assert set(per_chapter) <= set(CHAPTERS)


def test_check_accepts_the_whole_folder():
    assert check_paths([levels_dir()]) == []


def test_orders_are_unique_within_a_chapter():
    seen = Counter((level.chapter, level.order) for level in LEVELS)
    assert [key for key, count in seen.items() if count > 1] == []


def test_the_campaign_opens_with_the_event_chapter():
    assert (LEVELS[0].chapter, LEVELS[0].order) == ("Event", 10)


def test_a_semaphore_versus_lock_level_exists():
    assert any(level.notes_section == "信号量和锁" for level in LEVELS)


# --- each level on its own ------------------------------------------------------------------


@pytest.mark.parametrize("path", level_files(levels_dir()), ids=lambda path: Path(path).stem)
def test_check_accepts_the_file(path):
    assert check_paths([path]) == []
    assert load_level(path).id == Path(path).stem


@pytest.mark.parametrize("level", LEVELS, ids=ids(LEVELS))
def test_texts_are_complete(level):
    texts = [level.title, level.briefing, level.learned, *level.hints]
    assert level.learned is not None
    assert len(level.hints) >= 2, "at least two hints that build up"
    for text in texts:
        assert text.en.strip() and text.zh.strip()
        assert text.en != text.zh
    assert level.notes_section, "the section of the notes the level comes from"


@pytest.mark.parametrize("level", LEVELS, ids=ids(LEVELS))
def test_says_how_the_start_fails_and_has_a_reference_and_a_par(level):
    assert level.solution is not None
    assert level.goal.start_fails is not None
    if level.measure is None:
        assert level.goal.start_fails in FAILURE_REASONS
        assert level.par.primitives is not None
    else:
        assert level.goal.start_fails == MEASURE_REASON


@pytest.mark.parametrize("level", TIMED, ids=ids(TIMED))
def test_reference_changes_only_synchronisation_within_the_palette(level):
    assert check_structure(level, level.solution) is None


@pytest.mark.parametrize("level", TIMED, ids=ids(TIMED))
def test_reference_meets_the_primitive_par(level):
    assert added_primitives(level, level.solution) <= level.par.primitives


@pytest.mark.parametrize("level", TIMED, ids=ids(TIMED))
def test_start_fails_for_the_reason_the_level_intends(level):
    verdict = judge_level(level, "start", time_limit=TIME_LIMIT)
    assert verdict.verdict == "fail", described(verdict)
    assert verdict.reason == level.goal.start_fails, described(verdict)
    assert verdict.counterexample is not None


@pytest.mark.parametrize("level", TIMED, ids=ids(TIMED))
def test_reference_passes(level):
    verdict = judge_level(level, "reference", time_limit=TIME_LIMIT)
    assert verdict.passed, described(verdict)
    if level.par.makespan is not None:
        assert verdict.makespan <= level.par.makespan + 1e-9, described(verdict)


@pytest.mark.parametrize(
    ("level", "lazy"),
    [(level, lazy) for level, lazy in LAZY if level.measure is None],
    ids=[f"{level.id}: {lazy.name}" for level, lazy in LAZY if level.measure is None],
)
def test_lazy_fix_gets_the_verdict_the_level_expects(level, lazy):
    solution = lazy.solution()
    verdict = judge_level(level, "solution", solution, time_limit=TIME_LIMIT)
    if lazy.expect == "pass":
        assert verdict.passed, described(verdict)
    elif lazy.expect == "over-par":
        assert verdict.passed, described(verdict)
        over_primitives = added_primitives(level, solution) > (level.par.primitives or 0)
        over_makespan = (
            level.par.makespan is not None
            and verdict.makespan is not None
            and verdict.makespan > level.par.makespan + 1e-9
        )
        assert over_primitives or over_makespan, "passes, and meets the par too"
    else:
        assert verdict.verdict == "fail", described(verdict)
        assert verdict.reason == lazy.expect, described(verdict)


# --- the measured level (GIL) ---------------------------------------------------------------


def _skip_if_busy(verdict) -> None:
    """The judge itself says when the machine was too busy to measure (no mode sped up, or the
    baseline varied too much): that judges no choice, so the test cannot either."""
    if verdict.reason == BUSY_REASON:
        assert verdict.verdict != "pass" and "machine too busy" in verdict.message
        pytest.skip(f"the judge found this machine too busy to measure: {verdict.message}")


@pytest.mark.parametrize("level", MEASURED, ids=ids(MEASURED))
def test_measured_start_does_not_reach_the_speedup(level):
    verdict = judge_level(level, "start")
    _skip_if_busy(verdict)
    assert verdict.verdict == "fail", described(verdict)
    assert verdict.reason == MEASURE_REASON, described(verdict)


@pytest.mark.parametrize("level", MEASURED, ids=ids(MEASURED))
def test_measured_reference_reaches_the_speedup(level):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: no way of running CPU work in parallel")
    verdict = judge_level(level, "reference")
    _skip_if_busy(verdict)
    assert verdict.passed, described(verdict)


@pytest.mark.parametrize(
    ("level", "lazy"),
    [(level, lazy) for level, lazy in LAZY if level.measure is not None],
    ids=[f"{level.id}: {lazy.name}" for level, lazy in LAZY if level.measure is not None],
)
def test_measured_lazy_choice(level, lazy):
    verdict = judge_level(level, "solution", lazy.solution(), mode=lazy.measure)
    _skip_if_busy(verdict)
    if lazy.expect == "pass":
        assert verdict.passed, described(verdict)
    else:
        assert verdict.reason == lazy.expect, described(verdict)
