"""Judging off the caller's thread, in worker processes, on both cores, cancellable.

Two processes work at once: a hunter (bounded search, then PCT) and a prover (exhaustive
search). The first decisive answer wins: a counterexample from either, or the prover's
complete proof; the other process is stopped (`judge/workers.py`: the supervision).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from syncgame.judge.core import Budget, hunt_timings, prove_timings, refuse
from syncgame.judge.verdict import Verdict
from syncgame.judge.workers import SPAWN, ProcessJob, exit_text, quiet, send
from syncgame.program.program import Program


def _child(role: str, program: Program, time_limit: float, seed: int, conn: Connection) -> None:
    quiet()
    last = [0.0]

    def progress(info: dict) -> None:
        now = time.monotonic()
        if now - last[0] > 0.1:
            last[0] = now
            send(conn, ("progress", role, info))

    budget = Budget(time_limit, progress=progress)
    try:
        if role == "hunter":
            verdict, bound = hunt_timings(program, budget, seed)
            send(conn, ("done", role, (verdict, bound, budget.explored)))
        else:
            send(conn, ("done", role, (prove_timings(program, budget), None, budget.explored)))
    except BaseException as error:  # report, never hang the parent
        send(conn, ("error", role, f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


@dataclass
class Progress:
    explored: int
    phase: str
    bound: int | None
    seconds: float


class BackgroundJudge(ProcessJob):
    """Judge `program` in two worker processes; `on_done(verdict)` is called exactly once."""

    thread_name = "syncgame-judge"
    failure = "the judge failed"

    def __init__(
        self,
        program: Program,
        *,
        time_limit: float = 10.0,
        seed: int = 0,
        on_progress: Callable[[Progress], None] | None = None,
        on_done: Callable[[Verdict], None] | None = None,
    ):
        super().__init__(on_done)
        self.program = program
        self.time_limit = time_limit
        self.seed = seed
        self.on_progress = on_progress

    def _run(self, started: float) -> Verdict:
        return refuse(self.program) or self._run_processes(started)

    def _error(self, message: str, started: float, reason: str = "error") -> Verdict:
        seconds = time.monotonic() - started
        return Verdict.refused(self.program.level_id, reason, message, seconds=seconds)

    def _run_processes(self, started: float) -> Verdict:
        connections = {}
        for role in ("hunter", "prover"):
            parent, child = SPAWN.Pipe(duplex=False)
            process = SPAWN.Process(
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
                return self._error("cancelled", started, reason="cancelled")
            if time.monotonic() > deadline:
                return self._error("the judge's workers did not answer in time", started)
            for role, (conn, process) in connections.items():
                if role in results:
                    continue
                if conn.poll(0.05):
                    try:
                        kind, _, payload = conn.recv()
                    except EOFError:
                        process.join(timeout=1)
                        kind, payload = "error", f"the {role} process died ({exit_text(process)})"
                    if kind == "progress":
                        explored[role] = payload["explored"]
                        self._report(explored, payload, started)
                    elif kind == "error":
                        return self._error(payload, started)
                    else:
                        results[role] = payload
                        explored[role] = payload[2]
                        decisive = self._decisive(role, payload, results)
                        if decisive is not None:
                            decisive.explored = sum(explored.values())
                            decisive.seconds = time.monotonic() - started
                            return decisive
                elif not process.is_alive() and not conn.poll():
                    return self._error(f"the {role} process died ({exit_text(process)})", started)
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
