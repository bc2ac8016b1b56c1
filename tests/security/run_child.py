"""Run hostile level files in a process of their own, with its address space capped.

Used by test_run_time.py. If a budget ever regressed, a huge allocation fails here with
MemoryError (or the parent's timeout strikes) instead of taking the test machine down.

Reads {"cases": {name: {"text": level TOML, "judge": bool}}} as JSON on stdin; prints
{"cases": {name: result}, "after": {...}} as JSON: each case's run (kind, message,
exceptions, goals, seconds, the size of its trace as JSON) and verdict, then whether the
game goes on: a shipped level judged afterwards, threads and memory back to where they were.
"""

from __future__ import annotations

import ctypes
import gc
import json
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

LIMIT = 3 * 2**30


def _settle(baseline: int, seconds: float = 3.0) -> int:
    deadline = time.monotonic() + seconds
    while threading.active_count() > baseline and time.monotonic() < deadline:
        time.sleep(0.05)
    return threading.active_count()


def _give_freed_memory_back() -> None:
    """Ask glibc to hand freed heap pages back to the system, so that what stays resident is
    what is still held. Without it, the resident size after 512 MiB runs depends on how the
    allocator's arenas happened to fragment (it failed CI once at 223 MiB, none of it live)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the plain resident size is measured


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))
    from syncgame.judge import judge_level
    from syncgame.level.loader import load_level
    from syncgame.paths import levels_dir
    from syncgame.program.program import Program
    from syncgame.runtime.scheduler import run
    from syncgame.runtime.strategies import FirstEnabled
    from syncgame.sandbox import resident_memory

    request = json.load(sys.stdin)
    threads_before = threading.active_count()
    memory_before = resident_memory() or 0
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, case in request["cases"].items():
            path = Path(folder) / f"{name}.toml"
            path.write_text(case["text"], encoding="utf-8")
            level = load_level(path)
            started = time.monotonic()
            trace = run(Program.from_level(level, "start"), FirstEnabled(), wall_timeout=5.0)
            seconds = time.monotonic() - started
            outcome = trace.outcome
            result = {
                "kind": outcome.kind,
                "message": outcome.message,
                "exceptions": [(e["type"], e["message"]) for e in outcome.exceptions],
                "goals": outcome.goals,
                "shared": json.loads(json.dumps(outcome.shared, default=str)),
                "seconds": seconds,
                "trace_chars": len(json.dumps(trace.to_json())),
            }
            del trace
            if case["judge"]:
                verdict = judge_level(level, "start", time_limit=2.0)
                result["verdict"] = (verdict.verdict, verdict.reason, verdict.message)
            results[name] = result
            gc.collect()
    # the game goes on: a real level, then nothing left behind
    lock_counter = load_level(levels_dir() / "lock-counter.toml")
    verdict = judge_level(lock_counter, "reference", time_limit=5.0)
    gc.collect()
    untrimmed = (resident_memory() or 0) - memory_before
    _give_freed_memory_back()
    after = {
        "verdict": verdict.verdict,
        "threads_before": threads_before,
        "threads_after": _settle(threads_before),
        "memory_growth": (resident_memory() or 0) - memory_before,
        "memory_growth_untrimmed": untrimmed,
    }
    json.dump({"cases": results, "after": after}, sys.stdout)


if __name__ == "__main__":
    main()
