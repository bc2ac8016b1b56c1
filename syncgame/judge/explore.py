"""Systematic exploration of a program's schedules: depth-first, with state caching.

Stateless model checking in the style of CHESS: every schedule is a fresh run of the real
threads, replaying a prefix of decisions and then exploring onward. A decision is either
"which thread moves" or "how long this `work(a, b)` lasts" (both ends of the range).

Three reductions keep it small:
- state caching: a decision whose whole program state (values, primitives, each thread's
  position and variables) was met before (under a bound: with no more preemptions used) is
  not explored again. This also makes spin loops finite: spinning returns to a state
  already seen.
- sleep sets (unbounded search of programs without `while`): a step that commutes with
  the steps taken since a sibling run explored it is not taken again (see `_choose_awake`).
- preemption bounding (optional): at most `bound` switches away from a thread that could
  have gone on (Musuvathi & Qadeer: most concurrency bugs need very few).

Without sleep sets, the state graph it records answers the fairness question exactly: a
state from which no run can finish is a livelock; spinning that can still end is not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, cast

from syncgame.program.program import Program
from syncgame.runtime.events import OutcomeKind
from syncgame.runtime.scheduler import ANY, Footprint, PruneRun, Run
from syncgame.runtime.strategies import Choice, Replay, RoundRobin, Strategy
from syncgame.runtime.trace import Outcome, Trace

END = "END"
"""The state graph's node for "a run ended here"."""

StateKey = Hashable
"""A program state's picture (`Run.state_key`), or END."""
Decision = str | float
"""One decision of a run: the thread that moved, or how long a `work(a, b)` lasted."""
Asleep = dict[str, Footprint]
"""Sleep sets: threads whose next step another run covers, with what that step touches."""
_Start = tuple[list[Decision], StateKey | None, int, Asleep | None]
"""Where a run starts: its prefix, the last state pictured on it, where, and its sleep set."""


@dataclass
class Found:
    """A run that broke a goal."""

    schedule: list[str]
    durations: list[float]
    outcome: Outcome
    reason: str
    preemptions: int

    @property
    def steps(self) -> int:
        return len(self.schedule)


@dataclass
class Exploration:
    explored: int = 0
    """Runs executed (each one a distinct schedule prefix)."""
    complete: bool = False
    """True when every schedule within the bound was covered."""
    states: int = 0
    failures: list[Found] = field(default_factory=list)
    max_makespan: float = 0.0
    livelock: Found | None = None


@dataclass
class _Frame:
    depth: int
    """Index in the decision list where this choice is made."""
    alternatives: list[str] | list[float]
    """Threads to move next, or the other length of a `work(a, b)`."""
    preemptions: int
    state: StateKey | None = None
    """The last state pictured before this decision, and where in the decision list."""
    mark: int = 0
    sleep: Asleep | None = None
    """Sleep sets: the steps asleep here (a duration frame: asleep after the step)."""
    footprints: dict[str, Footprint] | None = None
    """What each thread's step from here touches (None in a duration frame)."""
    taken: list[str] = field(default_factory=list)
    """The alternatives already explored from here, in order."""


def classify(outcome: Outcome, program: Program) -> str | None:
    """The verdict reason this run's outcome shows, or None when the run met every goal."""
    kind = outcome.kind
    if kind is OutcomeKind.DEADLOCK:
        if outcome.exceptions:  # a thread died and left the others waiting: the crash is the cause
            return "exception"
        return "deadlock" if program.goal.no_deadlock else None
    if kind is OutcomeKind.EXCEPTION:
        return "exception"
    if kind is OutcomeKind.INVARIANT:
        return "invariant"
    if kind is OutcomeKind.BUDGET:
        return "livelock" if outcome.out_of_steps else "budget"
    if kind is OutcomeKind.ERROR:
        return "error"
    if kind is OutcomeKind.FINISHED:
        return "assertion" if outcome.failed_goals else None
    return None  # aborted, paused, pruned: the run was cut short, it shows nothing


def fair_continuation(
    program: Program, schedule: list[str], durations: list[float]
) -> Trace | None:
    """Whether a run that hit the step budget was only unfair (None) or is stuck for real.

    Keep the first half of the schedule, then let every enabled thread move in turn: if that
    fair run still does not finish, return it (the livelock to show); if it ends, the budget
    was spent by a scheduler that starved a thread, which CHESS-style fairness rules out.
    """
    keep = len(schedule) // 2
    strategy = Replay(schedule[:keep], durations, then=RoundRobin())
    trace = Run(program, strategy, record=False).execute()
    return trace if trace.outcome.out_of_steps else None


def independent(first: Footprint, second: Footprint) -> bool:
    """Whether two steps commute: they touch different objects, or both only look."""
    if first is ANY or second is ANY:
        return False
    return first[0] != second[0] or (first[1] == "r" and second[1] == "r")


def _asleep_after(asleep: Asleep, step: Footprint) -> Asleep:
    """The sleep set after taking `step`: the steps that commute with it stay asleep."""
    return {t: f for t, f in asleep.items() if independent(f, step)}


class _Explorer(Strategy):
    """The strategy of one run inside the search: replay a prefix, then explore."""

    def __init__(
        self,
        search: Search,
        prefix: list[Decision],
        state: StateKey | None = None,
        mark: int = 0,
        sleep: Asleep | None = None,
    ):
        self.search = search
        self.prefix = prefix
        self.position = 0
        self.decisions: list[Decision] = []
        self.preemptions = 0
        self.previous_state = state
        """The state at decision `mark`: where the prefix branches off (see `choose`)."""
        self.mark = mark
        self.sleep: Asleep = sleep or {}
        """Threads whose next step is covered by a run explored before: {tid: footprint}."""
        config = search.config
        self.run = Run(
            search.program,
            self,
            record=False,
            capture_state=config.cache,
            max_steps=config.step_cap,
        )
        """The run this strategy steers (`Search.execute` runs it)."""

    def _next_prefix(self) -> Decision:
        """The next replayed decision (the caller checked that one is left)."""
        value = self.prefix[self.position]
        self.position += 1
        return value

    def choose(self, choice: Choice) -> str:
        search, config = self.search, self.search.config
        if self.position < len(self.prefix):
            # An earlier run took these steps and pictured their states: replay them blind.
            tid = cast(str, self._next_prefix())  # the prefix replays its run in order
            self._count(choice, tid)
            self.decisions.append(tid)
            return tid
        if search.sleep_sets:
            return self._choose_awake(choice)
        state = None
        if config.cache:
            # Under a bound, who ran last decides which continuations cost a preemption.
            state = self.run.state_key(choice.current if config.bound is not None else None)
        if state is not None:
            search.edge(self.previous_state, state)
            if state not in search.parents:
                search.parents[state] = (self.previous_state, self.decisions[self.mark :])
            self.mark = len(self.decisions)
            self.previous_state = state
            if config.shortest:
                self._prune_longer(state, choice.step)
            else:
                seen = search.visited.get(state)
                # Under a bound, a state met again with fewer preemptions has more future left.
                if seen is not None and (config.bound is None or seen <= self.preemptions):
                    raise PruneRun
                search.visited[state] = self.preemptions
        allowed = self._allowed(choice)
        first, rest = allowed[0], allowed[1:]
        if rest:
            search.frames.append(self._frame(rest))
        self._count(choice, first)
        self.decisions.append(first)
        return first

    def _prune_longer(self, state: StateKey, steps: int) -> None:
        """Looking for the shortest failure: a state met before in no more steps, with no
        more preemptions used, has every future this one has, each as short or shorter."""
        met = self.search.visited.setdefault(state, [])
        here = (self.preemptions, steps)
        if any(p <= here[0] and s <= here[1] for p, s in met):
            raise PruneRun
        met[:] = [(p, s) for p, s in met if not (here[0] <= p and here[1] <= s)] + [here]

    def _choose_awake(self, choice: Choice) -> str:
        """Sleep sets with state caching (Godefroid 1996): skip steps that commute into
        states other runs cover. A state is stored with the steps left asleep there; met
        again, only the steps asleep then but awake now are explored."""
        search, run = self.search, self.run
        state = run.state_key(None)
        asleep = self.sleep
        awake = [t for t in self._allowed(choice) if t not in asleep]
        if state is not None:
            names = run.renaming
            asleep_names = frozenset(names.get(t, t) for t in asleep)
            stored = search.visited.get(state)
            if stored is None:
                search.visited[state] = asleep_names
            else:
                if stored <= asleep_names:
                    raise PruneRun
                search.visited[state] = stored & asleep_names
                awake = [t for t in awake if names.get(t, t) in stored]
        if not awake:
            raise PruneRun
        footprints = {t: run.footprint(t) for t in awake}
        first = awake[0]
        if len(awake) > 1:
            frame = self._frame(awake[1:])
            frame.sleep, frame.footprints, frame.taken = dict(asleep), footprints, [first]
            search.frames.append(frame)
        self.sleep = _asleep_after(asleep, footprints[first])
        self._count(choice, first)
        self.decisions.append(first)
        return first

    def _frame(self, alternatives: list[str] | list[float]) -> _Frame:
        return _Frame(
            len(self.decisions), alternatives, self.preemptions, self.previous_state, self.mark
        )

    def _allowed(self, choice: Choice) -> list[str]:
        current = choice.current
        if current in choice.enabled:
            ordered = [current] + [t for t in choice.enabled if t != current]
            bound = self.search.config.bound
            if bound is not None and self.preemptions >= bound:
                if len(ordered) > 1:
                    self.search.bound_cut = True
                return [current]
            return ordered
        return list(choice.enabled)

    def _count(self, choice: Choice, tid: str) -> None:
        if choice.current in choice.enabled and tid != choice.current:
            self.preemptions += 1

    def duration(self, thread: str, low: float, high: float) -> float:
        if self.position < len(self.prefix):
            value = cast(float, self._next_prefix())
        else:
            value = low
            frame = self._frame([high])
            frame.sleep = dict(self.sleep)  # both lengths are the same step: same sleep set
            self.search.frames.append(frame)
        self.decisions.append(value)
        return value


@dataclass(frozen=True)
class SearchConfig:
    """What one search covers and how it looks: fixed for the search's whole life."""

    bound: int | None = None
    """At most this many preemptions per run (None: unbounded)."""
    cache: bool = True
    """State caching: a state met before is not explored again."""
    stop_at_first: bool = True
    """Stop at the first failure (else collect every failure met)."""
    max_runs: int | None = None
    """Stop after this many runs in all (None: no limit but the deadline)."""
    shortest: bool = False
    """Cache states with the steps taken to reach them, so that a shorter way into a
    state met before is still explored (the search for the shortest counterexample)."""
    step_cap: int | None = None
    """Stop runs longer than this (looking for a shorter counterexample: longer is no use)."""
    sleep_sets: bool = True
    """Partial-order reduction by sleep sets, where it is sound (see `Search.sleep_sets`)."""


class Search:
    """Depth-first search over schedules, as `config` says (default: unbounded, cached)."""

    def __init__(
        self,
        program: Program,
        config: SearchConfig | None = None,
        *,
        cancelled: Callable[[], bool] = lambda: False,
        progress: Callable[[int], None] | None = None,
    ):
        self.program = program
        self.config = config = config or SearchConfig()
        self.cancelled = cancelled
        self.progress = progress
        self.visited: dict[StateKey, Any] = {}
        """Each state met, with what decides whether meeting it again needs exploring: the
        fewest preemptions it was met with; in a `shortest` search, the (preemptions, steps)
        pairs; with sleep sets, the threads asleep there."""
        self.frames: list[_Frame] = []
        self.successors: dict[StateKey, set[StateKey]] = {}
        self.parents: dict[StateKey, tuple[StateKey | None, list[Decision]]] = {}
        """For each state, the state before it and the decisions that led from there."""
        self.bound_cut = False
        """Whether the bound ever kept a choice out (if not, the search was exhaustive)."""
        self.sleep_sets = (
            config.sleep_sets and config.cache and config.bound is None and not program.may_loop
        )
        """Partial-order reduction by sleep sets. Only for programs without `while`: their
        state graph has no cycle, so no livelock to find, and the fairness analysis (which
        needs every edge of the graph) is not needed."""
        self.result = Exploration()
        self._resume: _Start | None = ([], None, 0, None)
        """The next prefix to run, with the state it branches off; None once complete."""

    def edge(self, before: StateKey | None, after: StateKey) -> None:
        if before is not None:
            self.successors.setdefault(before, set()).add(after)

    def execute(self, start: _Start) -> tuple[_Explorer, Trace]:
        explorer = _Explorer(self, *start)
        return explorer, explorer.run.execute()

    def explore(self, deadline: float | None = None) -> Exploration:
        """Explore until done, a failure (with stop_at_first), the `deadline` or max_runs.

        Calling it again resumes where it stopped (with a new `deadline`, or none): the
        visited states and the unexplored choices are kept. The result accumulates.
        """
        config = self.config
        result = self.result
        start = self._resume
        if start is None:
            return result
        while True:
            if self.cancelled() or (deadline is not None and time.monotonic() > deadline):
                break
            if config.max_runs is not None and result.explored >= config.max_runs:
                break
            explorer, trace = self.execute(start)
            result.explored += 1
            if self.progress and result.explored % 50 == 0:
                self.progress(result.explored)
            outcome = trace.outcome
            if outcome.kind is not OutcomeKind.PRUNED:
                if explorer.previous_state is not None:
                    self.edge(explorer.previous_state, END)
                if outcome.kind in (OutcomeKind.FINISHED, OutcomeKind.EXCEPTION):
                    result.max_makespan = max(result.max_makespan, outcome.makespan)
                reason = classify(outcome, self.program)
                if reason == "livelock" and config.step_cap is not None:
                    reason = None  # cut short on purpose: says nothing about the program
                elif reason == "livelock":
                    fair = fair_continuation(self.program, trace.schedule, trace.durations)
                    if fair is None:  # only this unfair schedule never ends: not a livelock
                        reason = None
                    else:
                        trace = fair
                        outcome = trace.outcome
                if reason is not None:
                    result.failures.append(
                        Found(list(trace.schedule), list(trace.durations), outcome, reason,
                              explorer.preemptions)
                    )  # fmt: skip
                    if config.stop_at_first:
                        break
            start = self._next_start(explorer.decisions)
            if start is None:
                result.complete = True
                break
        self._resume = start
        result.states = len(self.visited)
        if (
            result.complete
            and config.cache
            and not self.sleep_sets
            and not result.failures
            and not self.bound_cut
        ):
            result.livelock = self._livelock()
        return result

    def _next_start(self, decisions: list[Decision]) -> _Start | None:
        """The next run's prefix, the last state before its branch and where that was."""
        while self.frames:
            frame = self.frames[-1]
            if not frame.alternatives:
                self.frames.pop()
                continue
            alternative = frame.alternatives.pop(0)
            sleep = frame.sleep
            if frame.footprints is not None:  # siblings explored before this one sleep too
                footprints = frame.footprints
                thread = cast(str, alternative)  # a frame with footprints chooses threads
                sleep = dict(sleep or {})
                sleep.update((t, footprints[t]) for t in frame.taken)
                sleep = _asleep_after(sleep, footprints[thread])
                frame.taken.append(thread)
            return decisions[: frame.depth] + [alternative], frame.state, frame.mark, sleep
        return None

    def _livelock(self) -> Found | None:
        """A reachable state from which no run can end: the program cannot finish fairly."""
        can_end: set[StateKey] = {END}
        predecessors: dict[StateKey, set[StateKey]] = {}
        for before, afters in self.successors.items():
            for after in afters:
                predecessors.setdefault(after, set()).add(before)
        frontier: list[StateKey] = [END]
        while frontier:
            node = frontier.pop()
            for before in predecessors.get(node, ()):
                if before not in can_end:
                    can_end.add(before)
                    frontier.append(before)
        stuck = [s for s in self.successors if s not in can_end]
        if not stuck:
            return None
        return self._replay_into(stuck[0])

    def _replay_into(self, stuck: StateKey) -> Found | None:
        """Show a livelock: reach `stuck`, then let every thread move in turn (a fair run)."""
        decisions: list[Decision] = []
        state: StateKey | None = stuck
        while state is not None and state in self.parents:
            state, steps = self.parents[state]
            decisions[:0] = steps
        schedule = [d for d in decisions if isinstance(d, str)]
        durations = [d for d in decisions if not isinstance(d, str)]
        strategy = Replay(schedule, durations, then=RoundRobin())
        trace = Run(self.program, strategy, record=False).execute()
        outcome = trace.outcome
        if outcome.kind is not OutcomeKind.BUDGET:  # the fair run did end: the graph said otherwise
            return None
        outcome.message = "no run from here can finish"
        return Found(list(trace.schedule), list(trace.durations), outcome, "livelock", 0)
