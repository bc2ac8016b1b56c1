"""Fuzzing: broken and hostile level files fed to the loader, the checker, runs and the judge.

Only the project's own error types may come out (LevelError, SandboxError, ProgramError),
never another exception, never a hang: a run ends within its wall-clock budget and the
judge within its time limit.

The default test run has a short version of each target (a few hundred examples in all, well
under 30 seconds). The long run, at least 10,000 examples per target for the loader and the
checker, is behind the `fuzz` marker:

    python -m pytest -m fuzz tests/fuzz
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syncgame.judge import judge_level
from syncgame.judge.verdict import Verdict
from syncgame.level.loader import LevelError, check_paths, load_level, parse_level
from syncgame.level.model import Level
from syncgame.program.program import Program, ProgramError
from syncgame.runtime.scheduler import run
from syncgame.runtime.strategies import RandomStrategy
from syncgame.runtime.trace import Trace
from syncgame.sandbox import CodeProblem, SandboxError, check_source, compile_source

from .strategies import hostile_programs, mutated_levels, random_levels, toml_documents

QUICK = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _long(examples: int):
    return settings(QUICK, max_examples=examples)


# --- the loader -------------------------------------------------------------------------------


def _load(text: str, name: str = "fuzz.toml") -> Level | None:
    try:
        return parse_level(text, name)
    except LevelError as error:
        assert error.problems, "a LevelError names at least one problem"
        for problem in error.problems:
            assert problem.line >= 1
            assert problem.file == name
        return None


def _loader(case: tuple[str, str]) -> None:
    name, text = case
    level = _load(text, name)
    if level is not None:  # a mutation that still loads gives a level that can be built
        try:
            Program.from_level(level, "start").check()
        except ProgramError:
            pass


@settings(QUICK, max_examples=200)
@given(mutated_levels())
def test_mutated_levels_give_a_level_or_a_level_error(case):
    _loader(case)


@pytest.mark.fuzz
@_long(10_000)
@given(mutated_levels())
def test_mutated_levels_long(case):
    _loader(case)


@settings(QUICK, max_examples=80)
@given(toml_documents())
def test_random_toml_gives_a_level_error(text):
    _load(text)


@pytest.mark.fuzz
@_long(5_000)
@given(toml_documents())
def test_random_toml_long(text):
    _load(text)


def _bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_bytes(data)
        try:
            load_level(path)
        except LevelError as error:
            assert error.problems
        problems = check_paths([folder])
        assert all(problem.line >= 1 for problem in problems)


@settings(QUICK, max_examples=40)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bytes_give_a_level_error(data):
    _bytes(data)


@pytest.mark.fuzz
@_long(2_000)
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_random_bytes_long(data):
    _bytes(data)


# --- the checker ------------------------------------------------------------------------------


def _checker(source: str) -> None:
    for mode in ("exec", "eval"):
        problems = check_source(source, mode=mode)
        assert all(isinstance(p, CodeProblem) and p.line >= 1 for p in problems)
        try:
            compile_source(source, "<fuzz>", mode=mode)
        except SandboxError as error:
            assert error.problems == problems
        else:
            assert problems == []
    check_source(source, helpers=True)


@settings(QUICK, max_examples=200)
@given(hostile_programs | st.text(max_size=200))
def test_the_checker_refuses_or_compiles(source):
    _checker(source)


@pytest.mark.fuzz
@_long(10_000)
@given(hostile_programs | st.text(max_size=400))
def test_the_checker_long(source):
    _checker(source)


# --- runs and the judge ----------------------------------------------------------------------

WALL = 2.0


def _program(text: str) -> Program | None:
    level = _load(text)
    if level is None:
        return None
    try:
        program = Program.from_level(level, "start")
        program.check()
    except ProgramError:
        return None
    return program


def _run(text: str, seed: int) -> None:
    program = _program(text)
    if program is None:
        return
    started = time.monotonic()
    trace = run(program, RandomStrategy(seed), wall_timeout=WALL)
    assert isinstance(trace, Trace)
    assert trace.outcome.kind in ("finished", "exception", "deadlock", "invariant", "budget")
    assert time.monotonic() - started < WALL + 3.0
    json.dumps(trace.to_json())  # what the UI is given can be drawn


@settings(QUICK, max_examples=100)
@given(random_levels(), st.integers(0, 2**16))
def test_generated_levels_run_to_an_outcome(text, seed):
    _run(text, seed)


@pytest.mark.fuzz
@_long(3_000)
@given(random_levels(), st.integers(0, 2**16))
def test_generated_levels_run_long(text, seed):
    _run(text, seed)


def _judge(text: str, limit: float) -> None:
    level = _load(text)
    if level is None:
        return
    started = time.monotonic()
    verdict = judge_level(level, "start", time_limit=limit)
    assert isinstance(verdict, Verdict)
    assert verdict.verdict in ("pass", "fail")
    # the limit, plus shrinking a counterexample, plus one run past the deadline at most
    assert time.monotonic() - started < limit + 2 * WALL + 12.0
    json.dumps(verdict.to_json())


@settings(QUICK, max_examples=15)
@given(random_levels())
def test_generated_levels_get_a_verdict(text):
    _judge(text, 0.3)


@pytest.mark.fuzz
@_long(300)
@given(random_levels())
def test_generated_levels_get_a_verdict_long(text):
    _judge(text, 1.0)


def test_no_thread_outlives_the_fuzzing():
    """Runs above left nothing running (warm carrier threads end after 0.4 s idle)."""
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and any(
        t.name.startswith("syncgame") or "carrier" in t.name for t in threading.enumerate()
    ):
        time.sleep(0.05)
    assert [t.name for t in threading.enumerate() if "carrier" in t.name] == []
