"""Plain helpers for the runtime tests: build programs, run them, run the same code for real."""

from __future__ import annotations

import copy
import json
import queue
import subprocess
import sys
import textwrap
import threading
import time
import types
from dataclasses import dataclass, field
from pathlib import Path

import syncgame
from syncgame.level.model import Goal
from syncgame.primitives.declarations import Reference
from syncgame.program.program import Program, ThreadCode

Threads = dict[str, "str | tuple[str, int]"]


def program(
    threads: Threads,
    *,
    shared: dict | None = None,
    primitives: dict[str, str] | None = None,
    helpers: str = "",
    goal: Goal | None = None,
) -> Program:
    """A Program from {name: source} or {name: (source, instances)}; sources are dedented."""
    codes = []
    for name, spec in threads.items():
        source, instances = spec if isinstance(spec, tuple) else (spec, 1)
        codes.append(ThreadCode(name, textwrap.dedent(source).strip("\n") + "\n", instances))
    return Program(
        threads=codes,
        shared=dict(shared or {}),
        primitives=dict(primitives or {}),
        helpers=textwrap.dedent(helpers),
        goal=goal or Goal(),
    )


REAL_TYPES = {
    "Lock": threading.Lock,
    "RLock": threading.RLock,
    "Condition": threading.Condition,
    "Semaphore": threading.Semaphore,
    "BoundedSemaphore": threading.BoundedSemaphore,
    "Event": threading.Event,
    "Barrier": threading.Barrier,
    "Queue": queue.Queue,
}


@dataclass
class Result:
    """What a run of a scenario shows: comparable between our runtime and real threading."""

    kind: str
    logs: list[str]
    exceptions: list[tuple[str, str, str]] = field(default_factory=list)
    """(thread, exception type, message), sorted."""
    shared: dict = field(default_factory=dict)


def result_of(trace, *, sort_logs: bool = False) -> Result:
    outcome = trace.outcome
    exceptions = sorted((e["thread"], e["type"], e["message"]) for e in outcome.exceptions)
    logs = sorted(outcome.logs) if sort_logs else list(outcome.logs)
    return Result(outcome.kind, logs, exceptions, dict(outcome.shared))


def run_real(prog: Program, *, unit: float, sort_logs: bool = False, limit: float = 10.0) -> Result:
    """Run `prog`'s thread sources on real, free-running threads with real `threading` objects.

    `T` is `unit` seconds in the real run (the controlled run gets `T = 1` from its helpers).
    """
    primitives: dict[str, object] = {}
    for name, declaration in prog.declarations.items():
        args = [primitives[a.name] if isinstance(a, Reference) else a for a in declaration.args]
        kwargs = {
            k: primitives[v.name] if isinstance(v, Reference) else v
            for k, v in declaration.kwargs.items()
        }
        primitives[name] = REAL_TYPES[declaration.type](*args, **kwargs)
    shared = types.SimpleNamespace(**copy.deepcopy(prog.shared))
    logs: list[str] = []
    exceptions: list[tuple[str, str, str]] = []

    def body(tid: str, me: int, code) -> None:
        names = {
            "shared": shared,
            "me": me,
            "log": lambda text: logs.append(str(text)),
            "sleep": time.sleep,
            "work": lambda low, high=None: time.sleep(low),
            "BrokenBarrierError": threading.BrokenBarrierError,
            "Empty": queue.Empty,
            "Full": queue.Full,
            **primitives,
        }
        exec(compile(prog.helpers, f"<real:{tid}:helpers>", "exec"), names)
        names["T"] = unit
        try:
            exec(code, names)
        except BaseException as error:  # the thread dies, as in the controlled run
            exceptions.append((tid, type(error).__name__, str(error)))

    threads = []
    for thread in prog.threads:
        code = compile(thread.source, f"<real:{thread.name}>", "exec")
        for me, tid in enumerate(thread.thread_ids()):
            threads.append(threading.Thread(target=body, args=(tid, me, code), daemon=True))
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + limit
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(thread.is_alive() for thread in threads):
        return Result("hung", sorted(logs) if sort_logs else logs, sorted(exceptions))
    kind = "exception" if exceptions else "finished"
    return Result(kind, sorted(logs) if sort_logs else logs, sorted(exceptions), vars(shared))


def fresh_interpreter_json(script: str) -> object:
    """What `script` prints as JSON when run in a fresh interpreter from the checkout's root
    (for what only a new process can show: which modules an import loads)."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(syncgame.__file__).resolve().parents[1],
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
