"""Judging off the caller's thread, in worker processes, on both cores, cancellable.

Two processes work at once: a hunter (bounded search, then PCT) and a prover (exhaustive
search). The first decisive answer wins: a counterexample from either, or the prover's
complete proof; the other process is stopped. Processes are started with the `spawn`
context: forking a process that runs threads (Textual, the runtime) can deadlock the child.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from syncgame.judge.core import Budget, hunt_timings, prove_timings, refuse
from syncgame.judge.verdict import Verdict
from syncgame.program.program import Program

_CONTEXT = multiprocessing.get_context("spawn")


def _quiet() -> None:
    """A worker shares the caller's terminal: nothing it prints may land on the game's screen."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)


def _send(conn: Connection, message: tuple[str, str, Any]) -> None:
    with contextlib.suppress(OSError):  # the parent stopped listening: it has its answer
        conn.send(message)


def _child(role: str, program: Program, time_limit: float, seed: int, conn: Connection) -> None:
    _quiet()
    last = [0.0]

    def progress(info: dict) -> None:
        now = time.monotonic()
        if now - last[0] > 0.1:
            last[0] = now
            _send(conn, ("progress", role, info))

    budget = Budget(time_limit, progress=progress)
    try:
        if role == "hunter":
            verdict, bound = hunt_timings(program, budget, seed)
            _send(conn, ("done", role, (verdict, bound, budget.explored)))
        else:
            _send(conn, ("done", role, (prove_timings(program, budget), None, budget.explored)))
    except BaseException as error:  # report, never hang the parent
        _send(conn, ("error", role, f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


@dataclass
class Progress:
    explored: int
    phase: str
    bound: int | None
    seconds: float


class BackgroundJudge:
    """Judge `program` in two worker processes; `on_done(verdict)` is called exactly once.

    Callbacks run on a helper thread of the caller's process: a UI must hand them to its own
    thread (Textual: `app.call_from_thread` or `post_message`).
    """

    def __init__(
        self,
        program: Program,
        *,
        time_limit: float = 10.0,
        seed: int = 0,
        on_progress: Callable[[Progress], None] | None = None,
        on_done: Callable[[Verdict], None] | None = None,
    ):
        self.program = program
        self.time_limit = time_limit
        self.seed = seed
        self.on_progress = on_progress
        self.on_done = on_done
        self.verdict: Verdict | None = None
        self._cancelled = threading.Event()
        self._finished = threading.Event()
        self._processes: list = []
        self._thread = threading.Thread(target=self._supervise, name="syncgame-judge", daemon=True)

    def start(self) -> BackgroundJudge:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancelled.set()

    def wait(self, timeout: float | None = None) -> Verdict | None:
        self._finished.wait(timeout)
        return self.verdict

    def _supervise(self) -> None:
        started = time.monotonic()
        try:
            verdict = refuse(self.program) or self._run_processes(started)
        except Exception as error:  # a broken pool is an error verdict, not a hang
            verdict = _error(self.program, f"the judge failed: {error}", started)
        finally:
            for process in self._processes:
                if process.is_alive():
                    process.terminate()
            deadline = time.monotonic() + 2.0
            for process in self._processes:
                process.join(timeout=max(0.0, deadline - time.monotonic()))
                if process.is_alive():  # stopped or deaf to SIGTERM: never leave it behind
                    process.kill()
                    process.join(timeout=2)
        self.verdict = verdict
        self._finished.set()
        if self.on_done:
            self.on_done(verdict)

    def _run_processes(self, started: float) -> Verdict:
        connections = {}
        for role in ("hunter", "prover"):
            parent, child = _CONTEXT.Pipe(duplex=False)
            process = _CONTEXT.Process(
                target=_child,
                args=(role, self.program, self.time_limit, self.seed, child),
                name=f"syncgame-judge-{role}",
                daemon=True,
            )
            process.start()
            child.close()
            self._processes.append(process)
            connections[role] = (parent, process)
        results: dict[str, tuple] = {}
        explored: dict[str, int] = {"hunter": 0, "prover": 0}
        deadline = started + self.time_limit + 5.0
        while len(results) < 2:
            if self._cancelled.is_set():
                return _error(self.program, "cancelled", started, reason="cancelled")
            if time.monotonic() > deadline:
                return _error(self.program, "the judge's workers did not answer in time", started)
            for role, (conn, process) in connections.items():
                if role in results:
                    continue
                if conn.poll(0.05):
                    try:
                        kind, _, payload = conn.recv()
                    except EOFError:
                        process.join(timeout=1)
                        kind, payload = "error", f"the {role} process died ({_exit(process)})"
                    if kind == "progress":
                        explored[role] = payload["explored"]
                        self._report(explored, payload, started)
                    elif kind == "error":
                        return _error(self.program, payload, started)
                    else:
                        results[role] = payload
                        explored[role] = payload[2]
                        decisive = self._decisive(role, payload, results)
                        if decisive is not None:
                            decisive.explored = sum(explored.values())
                            decisive.seconds = time.monotonic() - started
                            return decisive
                elif not process.is_alive() and not conn.poll():
                    return _error(
                        self.program, f"the {role} process died ({_exit(process)})", started
                    )
        verdict = results["prover"][0]
        verdict.bound = results["hunter"][1] if not verdict.exhaustive else None
        verdict.explored = sum(explored.values())
        verdict.seconds = time.monotonic() - started
        return verdict

    @staticmethod
    def _decisive(role: str, payload: tuple, results: dict) -> Verdict | None:
        verdict = payload[0]
        if verdict is None:
            return None
        if verdict.verdict == "fail" or verdict.exhaustive:
            return verdict
        return None

    def _report(self, explored: dict, info: dict, started: float) -> None:
        if self.on_progress:
            self.on_progress(
                Progress(
                    sum(explored.values()), info["phase"], info["bound"], time.monotonic() - started
                )  # fmt: skip
            )


def _exit(process: BaseProcess) -> str:
    code = process.exitcode
    if code is None:
        return "still running"
    return f"killed by signal {-code}" if code < 0 else f"exit status {code}"


def _error(program: Program, message: str, started: float, reason: str = "error") -> Verdict:
    return Verdict.refused(program.level_id, reason, message, seconds=time.monotonic() - started)
