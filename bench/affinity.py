"""Does pinning a judge process to one CPU make its thread handoffs cheaper?

    python bench/affinity.py [--repeat 3]

Only one thread of a run moves at a time, and each scheduling point that switches threads
is a handoff through a raw lock. A handoff between threads on the same core costs less
than one across cores (the woken thread's core may be asleep, and caches are cold). Each
configuration runs in a fresh process: unpinned, and pinned with `os.sched_setaffinity`
to a single CPU. It prints, per configuration, the median of `--repeat` measurements of:
a raw `_thread` ping-pong handoff, a scheduling point with a switch at every step, the
exhaustive proof of the 3 x 3 locked counter, and the proof of classic-h2o's reference.
Linux only (`sched_setaffinity`).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def measure(pin: int | None, repeat: int, queue) -> None:
    if pin is not None:
        os.sched_setaffinity(0, {pin})
    from judge import peer_programs
    from scheduler import raw_ping_pong, scheduling_point

    from syncgame.judge.explore import Search, SearchConfig
    from syncgame.level.loader import discover_levels
    from syncgame.paths import levels_dir
    from syncgame.program.program import Program

    h2o = next(level for level in discover_levels(levels_dir()) if level.id == "classic-h2o")
    programs = {
        "locked 3x3 proof": peer_programs()["locked-3x3"],
        "classic-h2o proof": Program.from_level(h2o, "reference"),
    }

    def prove(program) -> float:
        started = time.perf_counter()
        result = Search(program, SearchConfig(stop_at_first=False)).explore()
        assert result.complete and not result.failures
        return time.perf_counter() - started

    figures: dict[str, list[float]] = {}
    for _ in range(repeat):
        figures.setdefault("raw handoff us", []).append(raw_ping_pong(5_000) * 1e6)
        figures.setdefault("scheduling point us", []).append(scheduling_point(5_000) * 1e6)
        for name, program in programs.items():
            figures.setdefault(f"{name} s", []).append(prove(program))
    queue.put({name: statistics.median(values) for name, values in figures.items()})


def run_in_child(pin: int | None, repeat: int) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=measure, args=(pin, repeat, queue))
    process.start()
    result = queue.get(timeout=600)
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not hasattr(os, "sched_setaffinity"):
        sys.exit("sched_setaffinity is not available on this system")
    cpus = sorted(os.sched_getaffinity(0))
    print(f"python {sys.version.split()[0]}, CPUs {cpus}, load {os.getloadavg()[0]:.2f}")
    configurations = {"unpinned": None, f"pinned to CPU {cpus[-1]}": cpus[-1]}
    results = {name: run_in_child(pin, args.repeat) for name, pin in configurations.items()}
    rows = list(next(iter(results.values())))
    print(f"{'median of ' + str(args.repeat):<24}" + "".join(f"{n:>20}" for n in results))
    for row in rows:
        print(f"{row:<24}" + "".join(f"{results[n][row]:>20.3f}" for n in results))
    unpinned, pinned = results.values()
    ratio = unpinned["classic-h2o proof s"] / pinned["classic-h2o proof s"]
    print(f"classic-h2o proof: pinned is {ratio:.2f}x the speed of unpinned")
    print(json.dumps({"unpinned": unpinned, "pinned": pinned}))


if __name__ == "__main__":
    main()
