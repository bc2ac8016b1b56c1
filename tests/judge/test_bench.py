"""bench/judge.py runs end to end on a small folder, and its free-running stress measures."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from .conftest import CASES_DIR, case_level

BENCH = Path(__file__).resolve().parents[2] / "bench" / "judge.py"

pytestmark = pytest.mark.skipif(not BENCH.exists(), reason="bench/ is not in installed packages")


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_judge", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_prints_a_row_per_level_and_the_peer_table(bench, tmp_path, capsys):
    for case in ("lost-update", "abba-deadlock"):
        shutil.copy(CASES_DIR / f"{case}.toml", tmp_path)
    args = ["--levels", str(tmp_path), "--runs", "1", "--budget", "0.2", "--no-frontrun"]
    assert bench.main(args) == 0
    out = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split() for line in out if line.split()[:1]}
    assert rows["lost-update"][3] == "assertion" and rows["lost-update"][4] == "pass"
    assert rows["abba-deadlock"][3] == "deadlock" and rows["abba-deadlock"][7] == "exhaustive"
    assert any(line.startswith("2 levels: start counterexample") for line in out)
    peers = [line for line in out if line.startswith(("lost update 2x1", "Lock counter 3x3"))]
    assert "fail (assertion)" in peers[0] and "pass" in peers[1] and "exhaustive" in peers[1]


def test_free_stress_counts_runs_and_catches(bench):
    from syncgame.program.program import Program

    crash = Program.from_level(case_level("rlock-non-owner"), "start")  # raises in every run
    caught, runs = bench.free_stress(crash, 0.3, seed=0)
    assert runs >= 1 and caught == runs
    fine = Program.from_level(case_level("rlock-non-owner"), "reference")
    caught, runs = bench.free_stress(fine, 0.3, seed=0)
    assert runs >= 1 and caught == 0


def test_peer_programs_have_the_known_answers(bench):
    from syncgame.judge.core import judge

    programs = bench.peer_programs()
    assert judge(programs["lost-update"], time_limit=10).reason == "assertion"
    assert judge(programs["abba"], time_limit=10).reason == "deadlock"
