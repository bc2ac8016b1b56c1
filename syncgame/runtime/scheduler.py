"""Real threads under a controlled scheduler.

Every worker is a real `threading.Thread`, but only one runs at a time: the one holding the
baton. At each scheduling point the baton holder records what it is about to do, asks the
strategy which enabled thread moves next, and hands the baton straight to it (one raw-lock
handoff, or none when it keeps running). Blocking is a guard the scheduler evaluates, so it
always knows who is enabled; time is virtual and only moves when nobody is enabled.
"""

from __future__ import annotations

import _thread
import functools
import sys
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import Enum
from types import CodeType, FrameType
from typing import Any, Final, Literal, NamedTuple, cast

from syncgame.primitives import classes as prim
from syncgame.primitives import context
from syncgame.program.program import Program
from syncgame.runtime import carriers
from syncgame.runtime.describe import describe_primitive, holder_of, thread_locals
from syncgame.runtime.events import (
    DeadlockInfo,
    Exhausted,
    FinalGoal,
    GoalResults,
    OutcomeKind,
    Snapshot,
    StepEvent,
    ThreadException,
    ThreadSnapshot,
    ThreadStatus,
)
from syncgame.runtime.goals import Invariants, final_goals, goal_names, short
from syncgame.runtime.held import NO_RESULT, HeldValues
from syncgame.runtime.shared import (
    Shared,
    SharedState,
    immutable,
    only_seen_changes,
    unwrap_view,
)
from syncgame.runtime.state import (
    Uncanonical,
    canonical,
    capture_frames,
    primitive_state,
)
from syncgame.runtime.strategies import Choice, ReplayDiverged, Strategy
from syncgame.runtime.trace import Outcome, Trace
from syncgame.sandbox import (
    ARITHMETIC_HELPERS,
    BudgetExceeded,
    check_weight,
    safe_builtins,
    safe_str,
)
from syncgame.sandbox.budgets import MemoryBudget

WorkerStatus = Literal["waiting", "running", "done", "crashed"]
WAITING: Final = "waiting"
RUNNING: Final = "running"
DONE: Final = "done"
CRASHED: Final = "crashed"
BLOCKED = object()
"""A step's result when its thread blocked in it."""


class _Stale(Enum):
    STALE = "stale"


STALE = _Stale.STALE
"""A thread's picture (`Worker.frames`) before it is taken."""

ObjectKey = tuple[Hashable, ...]
"""What a step touches: ("shared", name), ("prim", serial), ("thread", tid), ("log",)."""
Footprint = tuple[Hashable, ...]
"""What a step touches and how: (object key, "r" or "w"); or ANY."""
ANY: Footprint = ("any",)
"""The footprint of a step that may touch anything (it runs level code inside an operation)."""
StateKey = tuple[Hashable, ...]
"""A picture of a whole program state (`Run.state_key`): equal pictures, equal futures."""
Guard = Callable[[], bool]
"""What a blocked thread waits for: it may move once this holds."""

MAX_TICKS = 200_000
"""Loop iterations (and calls) one thread may run in one run without being stopped."""


class _Abort(BaseException):
    """Unwinds a worker whose run has ended (never seen by level code: not an Exception)."""


class PruneRun(Exception):
    """Raised by a strategy to end a run early: what follows was explored already."""


class _Stop(NamedTuple):
    """How a run asked to end from outside (or from its wall clock) will end."""

    kind: OutcomeKind
    message: str
    exhausted: Exhausted | None = None


@dataclass(slots=True)
class Pending:
    """The step a thread will take when chosen."""

    op: str
    label: str | None
    key: ObjectKey
    access: str
    woke: bool = False
    payload: object = None
    """The operation's arguments: values on their way that no frame variable may hold."""

    def describe(self) -> str:
        return f"{self.op} {self.label}" if self.label else self.op


class Worker:
    __slots__ = (
        "run", "tid", "name", "me", "index", "go", "status", "guard", "deadline", "pending",
        "depth", "top", "top_op", "result", "blocked_on", "timed_out", "thread", "globals",
        "line", "ticks", "event", "code", "frames", "base_names", "held", "last_result", "exited", "helpers_code",
        "frame",
    )  # fmt: skip

    def __init__(
        self,
        run: Run,
        tid: str,
        name: str,
        me: int,
        index: int,
        code: CodeType,
        helpers_code: CodeType | None,
    ):
        self.run = run
        self.tid, self.name, self.me, self.index = tid, name, me, index
        self.code = code
        self.helpers_code = helpers_code
        self.globals: dict[str, Any] = {}
        """The thread's module namespace (the run fills it: `Run._globals_for`)."""
        self.base_names: dict[str, int] = {}
        """The ids of the names the run put in `globals` (the thread's own are the others)."""
        self.go = _thread.allocate_lock()
        self.go.acquire()  # held = not allowed to run
        self.exited = _thread.allocate_lock()
        self.exited.acquire()  # released when the thread has left level code for good
        self.status: WorkerStatus = WAITING
        self.guard: Guard | None = None
        self.deadline: float | None = None
        self.pending = Pending("start", None, ("thread", tid), "r")
        self.depth = 0
        self.top: prim.Primitive | None = None
        """The primitive of the operation the thread is in (the outermost, when nested)."""
        self.top_op = ""
        self.result: object = None
        self.blocked_on: prim.Lock | None = None
        self.timed_out = False
        self.line = 0
        self.ticks = 0
        self.event: StepEvent | None = None
        self.frames: tuple[Hashable, ...] | Literal[_Stale.STALE] | None = ()
        """Where this thread stands in level code, with its variables (see `state_key`):
        STALE until pictured, None when it cannot be pictured."""
        self.frame: FrameType | None = None
        """The innermost level-code frame at this thread's last scheduling point."""
        self.held = HeldValues()
        """What the thread's frames may hold on their stacks, unseen (runtime/held.py)."""
        self.last_result: object = None


class Run:
    """One execution of a program under a strategy. `execute()` returns its Trace."""

    def __init__(
        self,
        program: Program,
        strategy: Strategy,
        *,
        max_steps: int | None = None,
        record: bool = True,
        stop_after: int | None = None,
        wall_timeout: float = 10.0,
        capture_state: bool = False,
    ):
        self.program = program
        self.capture_state = capture_state
        self.strategy = strategy
        self.max_steps = max_steps if max_steps is not None else program.goal.max_steps
        self.record = record
        self.stop_after = stop_after
        self.wall_timeout = wall_timeout
        self.real_time = program.timing == "real"
        """Any thread may be delayed by any amount: a sleeping thread, and a thread waiting
        with a timeout, may move at any time (see `Program.timing`)."""
        self._enabled = _enabled_any_delay if self.real_time else _enabled_on_time
        self.now = 0.0
        self.steps = 0
        self.schedule: list[str] = []
        self.durations: list[float] = []
        self.events: list[StepEvent] = []
        self.decisions: list[tuple[Choice, str]] = []
        self.logs: list[str] = []
        self.makespan = 0.0
        self.exceptions: list[ThreadException] = []
        self.outcome: Outcome | None = None
        self._stop_requested: _Stop | None = None
        self._ended = False
        self._done = _thread.allocate_lock()
        self._done.acquire()
        self._last: str | None = None
        self._serial = 0
        self._always: Invariants | None = None
        self.unseen_sharing = False
        """Whether threads may share an object they can change between steps, unseen: a list
        written to `shared` (the writer keeps it), one inside a shared list, one put in a
        queue. Then any step may touch anything (`footprint`), for the rest of the run."""
        self.renaming: dict[str, str] = {}
        """How `state_key` renamed interchangeable threads last time (actual -> pictured)."""

    # --- setting up -----------------------------------------------------------------

    def next_serial(self) -> int:
        """A serial number for a primitive made in this run: stable across replays."""
        self._serial += 1
        return self._serial

    def _build(self) -> None:
        program = self.program
        context.enter(self)
        try:
            self.primitives: dict[str, prim.Primitive] = {}
            for name, declaration in program.declarations.items():
                self.primitives[name] = declaration.make_named(name, self.primitives)
            self.shared_state = SharedState(self, program.shared)
            if self.capture_state:  # only the judge's search asks (see `footprint`)
                self.unseen_sharing = not only_seen_changes(self.shared_state.values)
            if program.goal.always:
                self._always = Invariants(program.goal.always, self.shared_state.values)
        finally:
            context.leave()
        shared = Shared(self.shared_state)
        codes = program.codes
        self.workers: list[Worker] = []
        for thread in program.threads:
            for me, tid in enumerate(thread.thread_ids()):
                index = len(self.workers)
                helpers_code = codes.get("<helpers>")
                worker = Worker(self, tid, thread.name, me, index, codes[thread.name], helpers_code)
                worker.globals = self._globals_for(worker, shared)
                if "<helpers>" in codes:
                    exec(codes["<helpers>"], worker.globals)
                worker.base_names = {k: id(v) for k, v in worker.globals.items()}
                self.workers.append(worker)
        self._by_tid = {w.tid: w for w in self.workers}
        goal = program.goal
        self._timed_goals = goal.max_makespan is not None or any(
            "makespan" in expr for expr in (*goal.final, *goal.always)
        )
        """Goals that read the clock: then states met at different times differ."""
        self._symmetric_groups: list[list[str]] = []
        helpers = codes.get("<helpers>")
        if self.capture_state and not (helpers and _uses_me(helpers)):
            for thread in program.threads:
                if thread.instances > 1 and not _uses_me(codes[thread.name]):
                    self._symmetric_groups.append(thread.thread_ids())

    def _globals_for(self, worker: Worker, shared: Shared) -> dict[str, Any]:
        names = safe_builtins()
        memory = cast(MemoryBudget, names["_sg_memory"])

        def tick() -> None:
            worker.ticks += 1
            if not worker.ticks & 15:
                memory.check()
                if not worker.ticks & 255:
                    self._check_wall_clock()
            if worker.ticks > MAX_TICKS:
                raise BudgetExceeded(
                    f"{worker.tid} ran more than {MAX_TICKS:,} loop iterations in one run"
                )
            if self._stop_requested and not self._ended:
                # this thread holds the baton: it ends the run
                self._end_as_requested(self._stop_requested)
            if self._ended:
                raise _Abort

        def tick_true() -> bool:
            tick()
            return True

        return {
            "__builtins__": names,
            **ARITHMETIC_HELPERS,
            "_sg_tick": tick,
            "_sg_tick_true": tick_true,
            **self.primitives,
            "shared": shared,
            "me": worker.me,
            "log": self.log,
            "sleep": self.sleep,
            "work": self.work,
        }

    # --- running ------------------------------------------------------------------

    def execute(self) -> Trace:
        self._wall_deadline = time.monotonic() + self.wall_timeout
        self._build()
        for worker in self.workers:
            carriers.start(functools.partial(self._thread_main, worker))
        first = self._decide()
        if first is not None:
            first.go.release()
        if not self._done.acquire(timeout=self.wall_timeout):
            self._stop_requested = self._out_of_wall_time()
            if not self._done.acquire(timeout=2.0):
                self.outcome = self.outcome or Outcome(
                    OutcomeKind.ERROR, "a thread could not be stopped", steps=self.steps
                )
        deadline = time.monotonic() + 1.0
        for worker in self.workers:
            worker.exited.acquire(timeout=max(0.0, deadline - time.monotonic()))
        assert self.outcome is not None  # every way of ending sets it
        return Trace(list(self.schedule), self.events, self.outcome, list(self.durations))

    def _check_wall_clock(self) -> None:
        """From a loop that makes no scheduling point: end at the wall-time budget ourselves.

        The caller's own timeout needs the GIL to act, and a spinning thread can keep it
        from the caller for seconds; so the spinning thread looks at the clock too, and
        lets other threads run for a moment (a stop from outside needs the GIL as well).
        """
        if time.monotonic() > self._wall_deadline and not self._stop_requested:
            self._stop_requested = self._out_of_wall_time()
        time.sleep(0)

    def _out_of_wall_time(self) -> _Stop:
        message = f"the run took longer than {self.wall_timeout:g} s"
        return _Stop(OutcomeKind.BUDGET, message, Exhausted.WALL_TIME)

    def stop(
        self, kind: OutcomeKind | str = OutcomeKind.ABORTED, message: str = "stopped from outside"
    ) -> None:
        """Ask the run to end at the running thread's next step (thread-safe)."""
        self._stop_requested = _Stop(OutcomeKind(kind), message)

    def _thread_main(self, worker: Worker) -> None:
        context.enter(self, worker)
        try:
            self._work_as(worker)
        finally:
            context.leave()
            worker.exited.release()

    def _work_as(self, worker: Worker) -> None:
        worker.go.acquire()
        if self._ended:
            return
        crashed = None
        try:
            exec(worker.code, worker.globals)
        except _Abort:
            return
        except BudgetExceeded as error:
            if not self._ended:
                self._finish_step(worker)
                self._end(OutcomeKind.BUDGET, str(error), exhausted=Exhausted.SANDBOX)
            return
        except BaseException as error:  # level code raised: the thread dies, the run goes on
            crashed = error
        if self._ended:
            return
        if crashed is not None:
            self.exceptions.append(self._describe_exception(worker, crashed))
        self.makespan = self.now
        self._finish_step(worker, ending=CRASHED if crashed is not None else DONE)
        if self._ended:
            return
        following = self._decide()
        if following is not None:
            following.go.release()

    def _describe_exception(self, worker: Worker, error: BaseException) -> ThreadException:
        line = worker.line
        tb = error.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.startswith("<level:"):
                line = tb.tb_lineno
            tb = tb.tb_next
        return {
            "thread": worker.tid,
            "type": type(error).__name__,
            "message": safe_str(error),
            "line": line,
        }

    # --- scheduling points ----------------------------------------------------------

    def _track(self, worker: Worker, frame: FrameType | None) -> None:
        """Note where `worker` stopped, and what its statements may hold on their stacks.

        The picture itself is taken only when a state is asked for (`_picture`): replayed
        steps never need one.
        """
        worker.frames = STALE
        last = worker.last_result
        worker.frame = worker.held.track(frame, NO_RESULT if last is BLOCKED else last)

    def _picture(self, worker: Worker) -> tuple[Hashable, ...] | None:
        """Where `worker` stands in level code, with its variables and pending results."""
        if worker.frame is None:
            return ()
        frames = capture_frames(worker, worker.frame)
        if not frames:
            return frames
        try:
            return frames + (worker.held.picture(),)
        except Uncanonical:
            return None

    def current_id(self) -> str | None:
        worker: Worker | None = context.current_worker()
        return worker.tid if worker is not None else None

    def _point(
        self,
        worker: Worker,
        pending: Pending,
        guard: Guard | None = None,
        deadline: float | None = None,
    ) -> None:
        if self._ended:
            raise _Abort
        if not self._finish_step(worker):
            raise _Abort
        worker.pending = pending
        worker.guard = guard
        worker.deadline = deadline
        worker.status = WAITING
        if self.record:
            worker.line = self._line_of(worker)
        if self.capture_state:
            self._track(worker, sys._getframe(1))
        following = self._decide()
        if following is None:
            raise _Abort
        if following is worker:
            return
        following.go.release()
        worker.go.acquire()
        if self._ended:
            raise _Abort

    def enter_operation(
        self, obj: prim.Primitive, name: str, access: str, arguments: tuple[object, ...] = ()
    ) -> None:
        worker: Worker | None = context.current_worker()
        if worker is None or worker.run is not self:
            return
        if worker.depth == 0:
            worker.top, worker.top_op = obj, name
            if name != "wait_for":  # its predicate runs here, in this thread: nothing travels
                self._note_sharing(access, arguments)
            self._point(worker, Pending(name, _label(obj), _key(obj), access, payload=arguments))
        worker.depth += 1

    def exit_operation(self, result: object = None, error: BaseException | None = None) -> None:
        worker: Worker | None = context.current_worker()
        if worker is None or worker.run is not self:
            return
        worker.depth -= 1
        if worker.depth == 0:
            if error is not None:
                worker.result = f"raised {type(error).__name__}: {error}".rstrip(": ")
            else:
                worker.result = result

    def block(self, obj: prim.Lock, guard: Guard, timeout: float | None) -> bool:
        """Wait inside an operation until `guard()` holds (True) or `timeout` passes (False)."""
        worker: Worker = context.current_worker()
        worker.result = BLOCKED
        top = worker.top
        pending = Pending(
            worker.top_op, _label(top), _key(top), "w", woke=True, payload=worker.pending.payload
        )
        deadline = None if timeout is None else self.now + timeout
        worker.blocked_on = obj
        try:
            self._point(worker, pending, guard, deadline)
        finally:
            worker.blocked_on = None
        return not worker.timed_out

    def shared_point(self, op: str, name: str, access: str, payload: object = None) -> None:
        worker: Worker | None = context.current_worker()
        if worker is None or worker.run is not self or worker.depth:
            return
        self._note_sharing(access, payload if isinstance(payload, tuple) else (payload,))
        self._point(worker, Pending(op, name, ("shared", name), access, payload=payload))

    def _note_sharing(self, access: str, arguments: tuple[object, ...]) -> None:
        if access == "w" and self.capture_state and not self.unseen_sharing:
            # A function travels with its globals and closure: whoever calls it reaches them.
            self.unseen_sharing = not all(
                immutable(a) or isinstance(a, prim.Primitive) for a in arguments
            )

    def report(self, value: object) -> None:
        worker: Worker | None = context.current_worker()
        if worker is not None and worker.run is self and not worker.depth:
            worker.result = value

    def log(self, text: object) -> None:
        worker: Worker = context.current_worker()
        self._point(worker, Pending("log", None, ("log",), "w", payload=text))
        text = str(check_weight(text, "log() text"))
        self.logs.append(text)
        worker.result = text

    def sleep(self, seconds: float) -> None:
        self._timed("sleep", seconds, seconds)

    def work(self, low: float, high: float | None = None) -> None:
        self._timed("work", low, low if high is None else high)

    def _timed(self, op: str, low: float, high: float) -> None:
        for value in (low, high):
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TypeError(f"{op}() takes a number of seconds")
            if value != value:  # NaN: a deadline no clock reaches, compared with nothing
                raise ValueError("Invalid value NaN (not a number)")
            if value == float("inf"):  # as time.sleep(inf) in CPython
                raise OverflowError("timestamp too large to convert to C _PyTime_t")
            if value < 0:
                raise ValueError(f"{op} length must be non-negative")
        if high < low:
            raise ValueError(f"{op}({low}, {high}): the second bound is below the first")
        worker: Worker = context.current_worker()
        duration = low
        if high != low and not self.real_time:  # under real time no duration orders anything
            duration = self.strategy.duration(worker.tid, low, high)
            self.durations.append(duration)
        label = f"{duration:g}s"
        deadline = self.now + duration
        self._point(worker, Pending(op, label, ("thread", worker.tid), "r"), None, deadline)

    # --- deciding -------------------------------------------------------------------

    def _decide(self) -> Worker | None:
        """Pick the next thread (None: the run has ended). Only the baton holder calls this."""
        if self._stop_requested:
            self._end_as_requested(self._stop_requested)
            return None
        enabled_now = self._enabled
        while True:
            waiting = [w for w in self.workers if w.status == WAITING]
            now = self.now
            enabled = [w for w in waiting if enabled_now(w, now)]
            if enabled:
                break
            deadlines = [w.deadline for w in waiting if w.deadline is not None]
            if not deadlines:
                if waiting:
                    self._end_deadlock(waiting)
                else:
                    self._end_finished()
                return None
            self.now = max(self.now, min(deadlines))
        if self.steps >= self.max_steps:
            self._end(
                OutcomeKind.BUDGET,
                f"the program did not finish within {self.max_steps:,} steps",
                exhausted=Exhausted.STEPS,
            )
            return None
        if self.stop_after is not None and self.steps >= self.stop_after:
            self._end(OutcomeKind.PAUSED, "")
            return None
        choice = Choice(
            step=self.steps,
            enabled=[w.tid for w in enabled],
            current=self._last,
            now=self.now,
        )
        try:
            tid = self.strategy.choose(choice)
            chosen = self._by_tid[tid]
        except ReplayDiverged as error:
            self._end(OutcomeKind.ERROR, str(error))
            return None
        except PruneRun:
            self._end(OutcomeKind.PRUNED, "")
            return None
        chosen.timed_out = chosen.guard is not None and not chosen.guard()
        if chosen.deadline is not None and (chosen.guard is None or chosen.timed_out):
            # Under real time a thread may leave its sleep or time out "early": the others
            # were delayed. The clock still reads a time at which that could happen.
            self.now = max(self.now, chosen.deadline)
        chosen.status = RUNNING
        self.decisions.append((choice, tid))
        self.schedule.append(tid)
        self.steps += 1
        self._last = tid
        if self.record:
            pending = chosen.pending
            chosen.event = {
                "step": self.steps - 1,
                "thread": tid,
                "op": pending.op,
                "obj": pending.label,
                "woke": pending.woke,
                "line": chosen.line,
                "time": self.now,
            }
            self.events.append(chosen.event)
        return chosen

    def _finish_step(
        self, worker: Worker, ending: Literal["done", "crashed"] | None = None
    ) -> bool:
        """Close the step `worker` was taking; False if that ended the run."""
        if worker.status != RUNNING:
            return True
        if ending is not None:  # the thread's last step: the picture shows it ended
            worker.status = ending
            worker.frame, worker.frames = None, ()
            worker.held.forget()
        if self.record and worker.event is not None:
            result = worker.result
            if result is BLOCKED:
                text = "blocked"
            elif worker.timed_out:
                text = "timed out"
            else:
                text = short(result)
            worker.event["result"] = text
            worker.event["snapshot"] = self.snapshot()
        worker.last_result = worker.result
        worker.result = None
        if self._always is not None:
            broken = self._always.first_broken(self.logs, self.makespan, self.steps)
            if broken is not None:
                step = self.steps - 1
                self._end(
                    OutcomeKind.INVARIANT,
                    f"{broken} is false after step {step}",
                    goals={"always": {"expr": broken, "step": step}},
                )
                return False
        return True

    # --- ending -------------------------------------------------------------------

    def _end(
        self,
        kind: OutcomeKind,
        message: str,
        *,
        exhausted: Exhausted | None = None,
        deadlock: DeadlockInfo | None = None,
        goals: GoalResults | None = None,
    ) -> None:
        if self._ended:
            return
        self._ended = True
        self.outcome = Outcome(
            kind,
            message,
            steps=self.steps,
            makespan=self.makespan,
            exceptions=list(self.exceptions),
            logs=list(self.logs),
            shared=self.shared_state.plain(),
            exhausted=exhausted,
            deadlock=deadlock,
            goals=goals if goals is not None else {},
        )
        me = context.current_worker()
        for worker in self.workers:
            if worker is not me and worker.status == WAITING:
                worker.go.release()
        self._done.release()

    def _end_as_requested(self, stop: _Stop) -> None:
        self._end(stop.kind, stop.message, exhausted=stop.exhausted)

    def _end_finished(self) -> None:
        kind = OutcomeKind.EXCEPTION if self.exceptions else OutcomeKind.FINISHED
        message = ""
        if self.exceptions:
            first = self.exceptions[0]
            message = f"{first['thread']} raised {first['type']}: {first['message']}".rstrip(": ")
        self._end(kind, message, goals={"final": self._final_goals()})

    def _end_deadlock(self, waiting: list[Worker]) -> None:
        waits = {
            w.tid: _label(w.top) if w.top is not None else w.pending.describe() for w in waiting
        }
        holders: dict[str, str] = {}
        for w in waiting:
            holder = holder_of(w.blocked_on) if w.blocked_on is not None else None
            if holder is not None:
                holders[w.tid] = holder
        cycle = _find_cycle(holders)
        parts = [f"{tid} waits for {obj}" for tid, obj in waits.items()]
        for tid in cycle:
            parts_index = list(waits).index(tid)
            parts[parts_index] += f" (held by {holders[tid]})"
        message = "deadlock: " + "; ".join(parts)
        self._end(OutcomeKind.DEADLOCK, message, deadlock={"waiting": waits, "cycle": cycle})

    def _final_goals(self) -> list[FinalGoal]:
        return final_goals(self.program.goal, self._goal_names())

    def _goal_names(self) -> dict[str, object]:
        return goal_names(self.shared_state.values, self.logs, self.makespan, self.steps)

    # --- looking ------------------------------------------------------------------

    def _line_of(self, worker: Worker) -> int:
        own = worker.code.co_filename
        frame: FrameType | None = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename == own:
                return frame.f_lineno
            frame = frame.f_back
        return worker.line

    def thread_status(self, worker: Worker) -> ThreadStatus:
        if worker.status in (DONE, CRASHED, RUNNING):
            return worker.status
        if worker.guard is None:
            if worker.deadline is not None and self.now < worker.deadline:
                return "sleeping"
            return "runnable"
        if worker.guard() or (not self.real_time and _enabled_on_time(worker, self.now)):
            return "runnable"  # (on time, a thread whose timeout has come can move too)
        return "blocked"

    def snapshot(self) -> Snapshot:
        threads: dict[str, ThreadSnapshot] = {}
        for w in self.workers:
            status = self.thread_status(w)
            threads[w.tid] = {
                "name": w.name,
                "status": status,
                "line": w.line,
                "waiting_for": _label(w.top) if status == "blocked" and w.top is not None else None,
                "holding": [
                    name for name, obj in self.primitives.items() if holder_of(obj) == w.tid
                ],
                "op": w.pending.describe() if w.status == WAITING else None,
                "locals": {}
                if w.status in (DONE, CRASHED)
                else thread_locals(w.globals, w.base_names),
            }
        return {
            "time": self.now,
            "threads": threads,
            "primitives": {
                name: describe_primitive(obj, self) for name, obj in self.primitives.items()
            },
            "shared": self.shared_state.plain(),
        }

    def state_key(self, current: str | None = None) -> StateKey | None:
        """A hashable picture of the whole program state now, or None if it cannot be had.

        Two decisions with equal keys have the same futures, so the judge explores only one.
        Instances of the same thread code that do not use `me` are interchangeable: their
        pictures are sorted and their ids renamed, so permuted states count as one.
        `current` (who moved last) is included when given: under a preemption bound it decides
        which continuations cost a preemption.
        """
        pictures: dict[str, tuple[Hashable, ...]] = {}
        try:
            for w in self.workers:
                if w.frames is STALE:
                    w.frames = self._picture(w)
                if w.frames is None:
                    return None
                key = w.pending.key
                pictures[w.tid] = (
                    w.status,
                    w.pending.op,
                    ("self",) if key == ("thread", w.tid) else key,
                    w.pending.woke,
                    canonical(w.pending.payload),
                    self._pictured_deadline(w),
                    w.frames,
                )
        except Uncanonical:
            return None
        try:
            prims = tuple(primitive_state(obj) for obj in self.primitives.values())
            shared = tuple(
                (name, canonical(unwrap_view(value)))
                for name, value in self.shared_state.values.items()
            )
        except Uncanonical:
            return None
        renamed: dict[str, str] = {}
        slot: dict[str, str] = {}
        roles: dict[str, tuple[int, ...]] | None = None
        for group in self._symmetric_groups:
            # Any total order of equal pictures will do within one search: hash is cheap.
            # Threads whose pictures are equal still differ by where the primitives name
            # them (a FIFO of waiters, a holder) and by who ran last: that breaks the tie.
            order: dict[str, Any] = {tid: hash(pictures[tid]) for tid in group}
            if len(set(order.values())) < len(group):
                roles = roles or _roles(prims)
                order = {tid: (h, tid == current, roles.get(tid, ())) for tid, h in order.items()}
            ordered = sorted(group, key=order.__getitem__)
            renamed.update({tid: group[rank] for rank, tid in enumerate(ordered)})
            slot.update({group[rank]: tid for rank, tid in enumerate(ordered)})
        threads = tuple(pictures[slot.get(w.tid, w.tid)] for w in self.workers)
        if renamed:
            prims = _rename(prims, renamed)
        self.renaming = renamed
        # who ran last, under the same renaming
        last = renamed.get(current, current) if current is not None else None
        clock = (self.now, self.makespan) if self._timed_goals else None
        return (threads, prims, shared, tuple(self.logs), clock, len(self.durations), last)

    def _pictured_deadline(self, worker: Worker) -> float | bool | None:
        if worker.deadline is None:
            return None
        if self.real_time:  # only whether a timeout may still fire can change the future
            return worker.guard is not None
        return worker.deadline - self.now

    def footprint(self, tid: str) -> Footprint:
        """What `tid`'s next step touches, as (object key, "r" or "w"); ANY if it may touch
        anything. A step is its pending operation and then only the thread's own variables
        up to its next scheduling point; but `wait_for` runs a predicate, and a Barrier its
        action, as level code inside the operation, out of the scheduler's sight."""
        if self.unseen_sharing:
            return ANY
        worker = self._by_tid[tid]
        pending = worker.pending
        if pending.key[0] == "prim" and (
            pending.op == "wait_for" or getattr(worker.top, "_action", None) is not None
        ):
            return ANY
        return pending.key, pending.access

    def waiters_of(self, obj: prim.Primitive) -> list[str]:
        key = _key(obj)
        return [
            w.tid
            for w in self.workers
            if w.status == WAITING and w.guard is not None and w.top is not None
            and _key(w.top) == key and not w.guard()
        ]  # fmt: skip


def _enabled_on_time(worker: Worker, now: float) -> bool:
    """Exact time: a thread may move when its guard holds, or when its deadline has come."""
    if worker.guard is not None:
        if worker.guard():
            return True
    elif worker.deadline is None:
        return True
    return worker.deadline is not None and now >= worker.deadline


def _enabled_any_delay(worker: Worker, now: float) -> bool:
    """Real time: a sleep ends, and a timeout fires, whenever the others happen to be slow."""
    return worker.guard is None or worker.deadline is not None or worker.guard()


def _roles(prims: tuple[Hashable, ...]) -> dict[str, tuple[int, ...]]:
    """Where each thread id stands in the primitives' picture, in reading order."""
    roles: dict[str, list[int]] = {}
    stack: list[object] = [prims]
    position = 0
    while stack:
        value = stack.pop()
        if isinstance(value, tuple):
            stack.extend(reversed(value))
        else:
            if isinstance(value, str):
                roles.setdefault(value, []).append(position)
            position += 1
    return {tid: tuple(places) for tid, places in roles.items()}


def _rename(value: Hashable, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, tuple):
        return tuple(_rename(v, names) for v in value)
    return value


def _uses_me(code: CodeType) -> bool:
    return "me" in code.co_names or any(
        _uses_me(const) for const in code.co_consts if hasattr(const, "co_names")
    )


def _label(obj: object) -> str:
    name = getattr(obj, "_sg_name", None)
    return name or type(obj).__name__


def _key(obj: object) -> ObjectKey:
    key_obj: Any = getattr(obj, "_sg_key", obj)
    return ("prim", key_obj._sg_serial)


def _find_cycle(edges: dict[str, str]) -> list[str]:
    for start in edges:
        seen: list[str] = []
        node = start
        while node in edges and node not in seen:
            seen.append(node)
            node = edges[node]
        if node in seen:
            return seen[seen.index(node) :]
    return []


def run(
    program: Program,
    strategy: Strategy,
    *,
    max_steps: int | None = None,
    record: bool = True,
    stop_after: int | None = None,
    wall_timeout: float = 10.0,
) -> Trace:
    """Run `program` once under `strategy` and return its trace."""
    return Run(
        program,
        strategy,
        max_steps=max_steps,
        record=record,
        stop_after=stop_after,
        wall_timeout=wall_timeout,
    ).execute()
