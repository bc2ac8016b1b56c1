"""The judge on every shipped level, against free-running threads and against frontrun.

    python bench/judge.py [--runs 5] [--budget 2] [--levels DIR] [--frontrun-venv DIR]
    python bench/judge.py --docs-table      # the shipped-levels table of docs/judge.md

Prints three tables:

1. For every shipped level: the time the judge needs to find the first counterexample of the
   start code (median over `--runs` seeds), and to judge the reference (explored runs,
   exhaustive or not).
2. Side by side, a free-running stress test of the same start code: real threads, no
   scheduler (`syncgame.runtime.free`), run again and again for `--budget` seconds; how
   many of those runs showed the bug.
3. Three programs (lost update 2x1, Lock-protected counter 3x3, AB-BA deadlock) through our
   judge and through the peer tool frontrun 0.7.0 (DPOR), run under its `frontrun` launcher
   from a separate virtual environment (it is not a dependency of syncgame):

       python -m venv /tmp/frontrun-venv && /tmp/frontrun-venv/bin/pip install frontrun==0.7.0

Targets (reported, not asserted): each start counterexample <= 0.5 s median; each reference
verdict <= 5 s; the 3x3 locked counter verified exhaustively >= 10x faster than frontrun.

The same file is the frontrun side: `frontrun python bench/judge.py --frontrun-worker` runs
the three programs with frontrun and prints one JSON line (it imports nothing of syncgame).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

START_TARGET = 0.5
REFERENCE_TARGET = 5.0
SPEEDUP_TARGET = 10.0


# --- the frontrun side (runs in frontrun's own venv, under its launcher) -----------------


def frontrun_worker() -> None:
    """The three programs, written as frontrun expects them; one JSON line on stdout."""
    import threading

    import frontrun

    class Counter:
        def __init__(self):
            self.value = 0
            self.lock = threading.Lock()

    def increment_once(counter):
        tmp = counter.value
        counter.value = tmp + 1

    def increment_three_times_locked(counter):
        for _ in range(3):
            with counter.lock:
                tmp = counter.value
                counter.value = tmp + 1

    class Accounts:
        def __init__(self):
            self.lock_a = threading.Lock()
            self.lock_b = threading.Lock()
            self.moved = 0

    def a_then_b(accounts):
        with accounts.lock_a:
            with accounts.lock_b:
                accounts.moved += 1

    def b_then_a(accounts):
        with accounts.lock_b:
            with accounts.lock_a:
                accounts.moved += 1

    def measure(**options):
        started = time.perf_counter()
        result = frontrun.explore(reproduce_on_failure=0, **options)
        seconds = time.perf_counter() - started
        holds = result.property_holds
        return {"seconds": seconds, "explored": result.num_explored, "holds": holds}

    results = {
        "lost-update": measure(
            setup=Counter, workers=increment_once, count=2, invariant=lambda c: c.value == 2
        ),
        "locked-3x3": measure(
            setup=Counter,
            workers=increment_three_times_locked,
            count=3,
            invariant=lambda c: c.value == 9,
            preemption_bound=None,  # every schedule, as the judge's proof covers
            stop_on_first=False,
        ),
        "abba": measure(
            setup=Accounts, workers=[a_then_b, b_then_a], invariant=lambda a: a.moved == 2
        ),
    }
    print(json.dumps(results))


# --- our side ---------------------------------------------------------------------------


def peer_programs():
    """The same three programs as syncgame programs (what `frontrun_worker` runs)."""
    from syncgame.level.model import Goal
    from syncgame.program.program import Program, ThreadCode

    lost = Program(
        threads=[ThreadCode("inc", "tmp = shared.value\nshared.value = tmp + 1\n", 2)],
        shared={"value": 0},
        goal=Goal(final=("shared.value == 2",)),
        level_id="lost-update 2x1",
    )
    locked = Program(
        threads=[
            ThreadCode(
                "inc",
                "for _ in range(3):\n    with lock:\n        tmp = shared.value\n"
                "        shared.value = tmp + 1\n",
                3,
            )
        ],
        shared={"value": 0},
        primitives={"lock": "Lock()"},
        goal=Goal(final=("shared.value == 9",)),
        level_id="locked counter 3x3",
    )
    abba = Program(
        threads=[
            ThreadCode("ab", "with lock_a:\n    with lock_b:\n        shared.moved += 1\n"),
            ThreadCode("ba", "with lock_b:\n    with lock_a:\n        shared.moved += 1\n"),
        ],
        shared={"moved": 0},
        primitives={"lock_a": "Lock()", "lock_b": "Lock()"},
        goal=Goal(final=("shared.moved == 2",)),
        level_id="AB-BA deadlock",
    )
    return {"lost-update": lost, "locked-3x3": locked, "abba": abba}


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - started


def free_stress(program, budget: float, seed: int) -> tuple[int, int]:
    """Free runs of `program` for `budget` seconds: (runs that showed the bug, runs)."""
    from syncgame.runtime.free import free_run

    caught = runs = 0
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        # A run that hangs (deadlock, livelock) is given up after 0.2 s and counts as caught.
        timeout = max(0.05, min(0.2, deadline - time.monotonic()))
        result = free_run(program, time_scale=0.001, timeout=timeout, seed=seed + runs)
        runs += 1
        caught += result.failed
    return caught, runs


def bench_levels(folder: Path | None, runs: int, budget: float, time_limit: float) -> list[dict]:
    from syncgame.judge.core import judge
    from syncgame.level.loader import discover_levels
    from syncgame.paths import levels_dir
    from syncgame.program.program import Program

    rows = []
    for level in discover_levels(folder or levels_dir()):
        row: dict = {"level": level.id}
        if level.measure is not None:
            row["note"] = "measured level: judged by timing real threads, not by exploring"
            rows.append(row)
            print_level_row(row)
            continue
        start = Program.from_level(level, "start")
        times, explored, reasons = [], [], set()
        for seed in range(runs):
            verdict, seconds = timed(judge, start, time_limit=time_limit, seed=seed)
            times.append(seconds)
            explored.append(verdict.explored)
            reasons.add(verdict.reason if not verdict.passed else "PASS")
        row.update(
            start_seconds=statistics.median(times),
            start_explored=int(statistics.median(explored)),
            start_reasons=sorted(reasons),
        )
        if level.solution is not None:
            reference = Program.from_level(level, "reference")
            verdict, seconds = timed(judge, reference, time_limit=time_limit)
            row.update(
                reference_seconds=seconds,
                reference_verdict=verdict.verdict,
                reference_explored=verdict.explored,
                reference_exhaustive=verdict.exhaustive,
                reference_bound=verdict.bound,
            )
        caught, total = free_stress(start, budget, seed=0)
        row.update(free_caught=caught, free_runs=total)
        rows.append(row)
        print_level_row(row)
    return rows


def bench_peers(frontrun_venv: Path | None, time_limit: float) -> tuple[dict, dict | str]:
    from syncgame.judge.core import judge

    ours = {}
    for name, program in peer_programs().items():
        verdict, seconds = timed(judge, program, time_limit=time_limit)
        ours[name] = {
            "seconds": seconds,
            "explored": verdict.explored,
            "verdict": verdict.verdict + (f" ({verdict.reason})" if verdict.reason else ""),
            "exhaustive": verdict.exhaustive,
        }
    theirs: dict | str = "not run"
    if frontrun_venv is not None:
        launcher, python = frontrun_venv / "bin" / "frontrun", frontrun_venv / "bin" / "python"
        if not launcher.exists():
            theirs = f"frontrun not installed in {frontrun_venv}"
        else:
            done = subprocess.run(
                [str(launcher), str(python), str(Path(__file__).resolve()), "--frontrun-worker"],
                capture_output=True,
                text=True,
                timeout=600,
                cwd="/",
                env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            )
            lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
            if done.returncode != 0 or not lines:
                theirs = f"frontrun failed: {(done.stderr or done.stdout).strip()[-300:]}"
            else:
                theirs = json.loads(lines[-1])
    return ours, theirs


# --- printing ---------------------------------------------------------------------------

LEVEL_HEADER = (
    f"{'level':<25} {'start: 1st counterexample':<31} {'reference verdict':<35} free-running\n"
    f"{'':<25} {'median s':>8} {'runs':>6} {'reason':<15} {'verdict':<7} {'s':>6} {'runs':>7} "
    f"{'covered':<13} {'caught/runs':>12}"
)


def print_level_row(row: dict) -> None:
    if "note" in row:
        print(f"{row['level']:<25} {row['note']}", flush=True)
        return
    mark = "!" if row["start_seconds"] > START_TARGET else " "
    cells = [
        f"{row['level']:<25}",
        f"{row['start_seconds']:>7.3f}{mark}",
        f"{row['start_explored']:>6,}",
        f"{','.join(row['start_reasons'])[:15]:<15}",
    ]
    if "reference_seconds" in row:
        how = "exhaustive" if row["reference_exhaustive"] else f"bound {row['reference_bound']}"
        if not row["reference_exhaustive"] and row["reference_bound"] is None:
            how = "partial"
        mark = "!" if row["reference_seconds"] > REFERENCE_TARGET else " "
        cells += [
            f"{row['reference_verdict']:<7}",
            f"{row['reference_seconds']:>5.2f}{mark}",
            f"{row['reference_explored']:>7,}",
            f"{how:<13}",
        ]
    else:
        cells.append(f"{'(no reference)':<35}")
    cells.append(f"{row['free_caught']:>5}/{row['free_runs']:<6}")
    print(" ".join(cells), flush=True)


def print_peers(ours: dict, theirs: dict | str) -> None:
    print()
    print(f"{'program':<22} {'syncgame judge':>40}   {'frontrun 0.7.0 (DPOR)':>34}")
    for name, label in (
        ("lost-update", "lost update 2x1"),
        ("locked-3x3", "Lock counter 3x3"),
        ("abba", "AB-BA deadlock"),
    ):
        mine = ours[name]
        how = "exhaustive" if mine["exhaustive"] else "bounded"
        left = f"{mine['verdict']:<18} {mine['seconds']:6.3f} s {mine['explored']:>6,} {how}"
        if isinstance(theirs, dict):
            peer = theirs[name]
            said = {True: "holds", False: "fails", None: "inconclusive"}[peer["holds"]]
            right = f"{said:<7} {peer['seconds']:7.3f} s {peer['explored']:>6,} interleavings"
        else:
            right = theirs
        print(f"{label:<22} {left:>40}   {right:>34}")
    if isinstance(theirs, dict):
        speedup = theirs["locked-3x3"]["seconds"] / ours["locked-3x3"]["seconds"]
        verdict = "met" if speedup >= SPEEDUP_TARGET else "NOT met"
        print(
            f"3x3 locked counter: syncgame {speedup:.1f}x faster than frontrun "
            f"(target >= {SPEEDUP_TARGET:g}x: {verdict})"
        )


def print_summary(rows: list[dict]) -> None:
    judged = [r for r in rows if "start_seconds" in r]
    slow_start = [r["level"] for r in judged if r["start_seconds"] > START_TARGET]
    references = [r for r in judged if "reference_seconds" in r]
    slow_reference = [r["level"] for r in references if r["reference_seconds"] > REFERENCE_TARGET]
    wrong = [r["level"] for r in judged if "PASS" in r["start_reasons"]]
    wrong += [r["level"] for r in references if r["reference_verdict"] != "pass"]
    proved = sum(r["reference_exhaustive"] for r in references)
    free = sum(r["free_caught"] > 0 for r in judged)
    print()
    print(
        f"{len(judged)} levels: start counterexample <= {START_TARGET:g} s median in "
        f"{len(judged) - len(slow_start)}"
        + (f" (slower: {', '.join(slow_start)})" if slow_start else "")
        + f"; reference <= {REFERENCE_TARGET:g} s in {len(references) - len(slow_reference)}"
        + (f" (slower: {', '.join(slow_reference)})" if slow_reference else "")
        + f"; references proved exhaustively: {proved} of {len(references)}"
    )
    print(f"free-running stress caught the bug at least once in {free} of {len(judged)} levels")
    if wrong:
        print(f"WRONG verdicts (start passed or reference failed): {', '.join(wrong)}")


def docs_table(folder: Path | None, time_limit: float) -> None:
    """The table of docs/judge.md: `syncgame judge ID --reference --json` for every level."""
    from syncgame.level.loader import discover_levels
    from syncgame.paths import levels_dir

    print("| level | reference verdict | covered | runs | seconds | start fails with |")
    print("|---|---|---|---:|---:|---|")
    for level in discover_levels(folder or levels_dir()):
        verdicts = []
        for which in ("--reference", "--start"):
            done = subprocess.run(
                [sys.executable, "-m", "syncgame", "judge", str(level.path), which, "--json",
                 "--time-limit", str(time_limit)],
                capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            verdicts.append(json.loads(done.stdout.splitlines()[-1]))
        reference, start = verdicts
        if level.measure is not None:
            covered = "measured (timed, not explored)"
        elif reference["exhaustive"]:
            covered = "**proved** (exhaustive)"
        elif reference["bound"] is not None:
            bound = reference["bound"]
            covered = f"bounded: up to {bound} preemption" + ("" if bound == 1 else "s")
        else:
            covered = "bounded: not every schedule"
        start_reason = start["reason"] if start["verdict"] == "fail" else "(passes!)"
        print(
            f"| `{level.id}` | {reference['verdict']} | {covered} | {reference['explored']:,} "
            f"| {reference['seconds']:.2f} | {start_reason} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="seeds per start (median)")
    parser.add_argument("--budget", type=float, default=2.0,
                        help="seconds of free-running stress per level (default 2)")  # fmt: skip
    parser.add_argument("--time-limit", type=float, default=10.0, help="judge time limit")
    parser.add_argument("--levels", type=Path, default=None, help="a folder of levels")
    parser.add_argument("--frontrun-venv", type=Path, default=Path("/tmp/frontrun-venv"))
    parser.add_argument("--no-frontrun", action="store_true")
    parser.add_argument("--frontrun-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--docs-table", action="store_true",
                        help="print the shipped-levels table of docs/judge.md and stop")  # fmt: skip
    args = parser.parse_args(argv)
    if args.frontrun_worker:
        frontrun_worker()
        return 0
    if args.docs_table:
        docs_table(args.levels, args.time_limit)
        return 0
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; judge time limit "
          f"{args.time_limit:g} s; start: median of {args.runs} seeds; "
          f"free-running stress: {args.budget:g} s per level")  # fmt: skip
    print()
    print(LEVEL_HEADER)
    print("-" * len(LEVEL_HEADER.splitlines()[-1]))
    rows = bench_levels(args.levels, args.runs, args.budget, args.time_limit)
    print_summary(rows)
    ours, theirs = bench_peers(None if args.no_frontrun else args.frontrun_venv, args.time_limit)
    print_peers(ours, theirs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
