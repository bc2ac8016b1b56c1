"""A free run: the same program on real threads with no scheduler, as CPython runs it.

It shows the difference the controlled runtime makes: free threads hide most races (the
notes' unlocked Counter lost no update in 20 of 20 free runs here). Time is real but scaled
down (`sleep(1)` sleeps `time_scale` seconds). A free run that does not finish in time is
stopped: every blocking acquire waits in short slices and gives up once the run is aborted,
and every loop checks too, so no thread is left behind.
"""

from __future__ import annotations

import _thread
import copy
import random
import threading
import time
from dataclasses import dataclass, field, replace
from types import CodeType
from typing import Any

from syncgame.primitives import context
from syncgame.primitives.classes import Primitive
from syncgame.program.program import Program
from syncgame.runtime.events import FinalGoal
from syncgame.runtime.goals import final_goals, goal_names
from syncgame.sandbox import ARITHMETIC_HELPERS, BudgetExceeded, safe_builtins

SLICE = 0.01


class _Stopped(BaseException):
    """Unwinds a free thread once its run has been given up."""


class _Namespace:
    """`shared` in a free run: plain attributes, no scheduling points."""

    def __init__(self, values: dict[str, object]):
        self.__dict__.update(copy.deepcopy(values))


@dataclass
class FreeResult:
    kind: str
    """finished | exception | stuck (did not finish in time: deadlock or livelock)"""
    seconds: float
    shared: dict[str, object]
    logs: list[str] = field(default_factory=list)
    exceptions: list[dict[str, str]] = field(default_factory=list)
    """{"thread", "type", "message"} of each thread that raised."""
    goals: list[FinalGoal] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.kind != "finished" or not all(g["ok"] for g in self.goals)


class FreeRun:
    def __init__(self, program: Program, *, time_scale: float = 0.001, timeout: float = 2.0,
                 seed: int | None = None):  # fmt: skip
        self.program = program
        self.time_scale = time_scale
        self.timeout = timeout
        self.random = random.Random(seed)
        self.stopped = False
        self.logs: list[str] = []
        self.exceptions: list[dict[str, str]] = []
        self._log_lock = _thread.allocate_lock()

    def acquire(self, raw: _thread.LockType, timeout: float) -> bool:
        """A blocking acquire in slices, so that an abandoned run can stop its threads."""
        deadline = None if timeout < 0 else time.monotonic() + timeout
        while True:
            if self.stopped:
                raise _Stopped
            wait = SLICE if deadline is None else min(SLICE, max(0.0, deadline - time.monotonic()))
            if raw.acquire(True, wait):
                return True
            if deadline is not None and time.monotonic() >= deadline:
                return False

    def _tick(self) -> None:
        if self.stopped:
            raise _Stopped

    def _sleep(self, low: float, high: float | None = None) -> None:
        seconds = low if high is None else self.random.uniform(low, high)
        end = time.monotonic() + seconds * self.time_scale
        while time.monotonic() < end:
            self._tick()
            time.sleep(min(SLICE, max(0.0, end - time.monotonic())))

    def _log(self, text: object) -> None:
        with self._log_lock:
            self.logs.append(str(text))

    def _primitives(self) -> dict[str, Primitive]:
        made: dict[str, Primitive] = {}
        context.enter_free(self)
        try:
            for name, declaration in self.program.declarations.items():
                made[name] = declaration.make(made)
        finally:
            context.leave()
        return made

    def execute(self) -> FreeResult:
        program = self.program
        codes = program.codes
        shared = _Namespace(program.shared)
        primitives = self._primitives()
        threads = []
        for thread in program.threads:
            for me, tid in enumerate(thread.thread_ids()):
                names = {
                    "__builtins__": safe_builtins(),
                    **ARITHMETIC_HELPERS,
                    "_sg_tick": self._tick,
                    "_sg_tick_true": self._tick_true,
                    **primitives,
                    "shared": shared,
                    "me": me,
                    "log": self._log,
                    "sleep": self._sleep,
                    "work": self._sleep,
                }
                if "<helpers>" in codes:
                    exec(codes["<helpers>"], names)
                threads.append(threading.Thread(target=self._body, args=(tid, codes[thread.name], names),
                                                name=f"syncgame-free:{tid}", daemon=True))  # fmt: skip
        started = time.monotonic()
        context.enter_free(self)  # locks made while running (Condition waiters) stay abortable
        try:
            for t in threads:
                t.start()
        finally:
            context.leave()
        end = started + self.timeout
        for t in threads:
            t.join(max(0.0, end - time.monotonic()))
        stuck = any(t.is_alive() for t in threads)
        if stuck:
            self.stopped = True
            for t in threads:
                t.join(1.0)
        seconds = time.monotonic() - started
        values = dict(vars(shared))
        kind = "stuck" if stuck else ("exception" if self.exceptions else "finished")
        # Real time is only roughly scaled virtual time: timing goals are not judged here.
        untimed = replace(
            program.goal,
            final=tuple(g for g in program.goal.final if "makespan" not in g),
            max_makespan=None,
        )
        names = goal_names(values, self.logs, seconds / self.time_scale, 0)
        goals = [] if stuck else final_goals(untimed, names)
        return FreeResult(kind, seconds, values, list(self.logs), list(self.exceptions), goals)

    def _tick_true(self) -> bool:
        self._tick()
        return True

    def _body(self, tid: str, code: CodeType, names: dict[str, Any]) -> None:
        context.enter_free(self)
        try:
            exec(code, names)
        except _Stopped:
            pass
        except BudgetExceeded as error:
            self.exceptions.append({"thread": tid, "type": "BudgetExceeded", "message": str(error)})
        except Exception as error:
            self.exceptions.append(
                {"thread": tid, "type": type(error).__name__, "message": str(error)}
            )
        finally:
            context.leave()


def free_run(program: Program, **options: Any) -> FreeResult:
    """Run `program` once on free real threads (see FreeRun for the options)."""
    return FreeRun(program, **options).execute()
