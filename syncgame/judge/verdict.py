"""A verdict: what the judge concluded, what it covered, and the counterexample to replay."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from syncgame.runtime.events import StepEvent
from syncgame.runtime.trace import Outcome, Trace


@dataclass(kw_only=True)
class Verdict:
    """Built by keyword; `Verdict.refused` makes the fail verdict of a program not judged."""

    level: str
    verdict: str
    """pass | fail"""
    reason: str | None
    """assertion | invariant | deadlock | exception | livelock | structure | budget | error |
    speedup | busy (a measured level: the machine was too busy to measure; judges nothing)"""
    explored: int
    exhaustive: bool
    bound: int | None
    """Preemption bound reached when not exhaustive (None when exhaustive)."""
    seconds: float
    message: str
    counterexample: Trace | None = None
    preemptions: int | None = None
    makespan: float | None = None
    """The longest makespan over the runs that finished (for par and stars)."""
    line: int | None = None
    """For structure failures: the line of the solution that is not allowed."""
    states: int | None = None
    """Distinct states the exhaustive search met (for a pass's message; not in the JSON)."""
    timing: str | None = None
    """The timing the counterexample runs under ("real" or "exact", see `Program.timing`):
    replay it with `program.with_timing(timing)`."""
    measured: dict | None = None
    """For a measured level: the figures (seconds and speed-up of each mode, cores, load)."""

    @classmethod
    def refused(
        cls,
        level: str,
        reason: str,
        message: str,
        *,
        seconds: float = 0.0,
        explored: int = 0,
        line: int | None = None,
    ) -> Verdict:
        """A fail that covered no schedule: the program was refused (structure), could not
        be judged (error, budget, exception of a measured task), or judging was cancelled."""
        return cls(
            level=level,
            verdict="fail",
            reason=reason,
            explored=explored,
            exhaustive=False,
            bound=None,
            seconds=seconds,
            message=message,
            line=line,
        )

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"

    def to_json(self) -> dict[str, Any]:
        counterexample = None
        if self.counterexample is not None:
            counterexample = {
                "schedule": self.counterexample.schedule,
                "durations": self.counterexample.durations,
                "steps": [_plain_step(e) for e in self.counterexample.events],
                "preemptions": self.preemptions,
                "timing": self.timing,
            }
        return {
            "level": self.level,
            "verdict": self.verdict,
            "reason": self.reason,
            "explored": self.explored,
            "exhaustive": self.exhaustive,
            "bound": self.bound,
            "seconds": round(self.seconds, 4),
            "counterexample": counterexample,
            "message": self.message,
            "makespan": self.makespan,
            "line": self.line,
            "measured": self.measured,
        }


def _plain_step(event: StepEvent) -> dict[str, object]:
    step: dict[str, object] = {k: v for k, v in event.items() if k != "snapshot"}
    if "snapshot" in event:
        step["shared"] = event["snapshot"]["shared"]
    return step


def describe_step(event: StepEvent) -> str:
    """One step in words: "inc#0 read counter=0", "b acquire la: blocked"."""
    thread, op, obj, result = event["thread"], event["op"], event.get("obj"), event.get("result")
    if op == "read":
        return f"{thread} read {obj}={result}"
    if op == "write":
        return f"{thread} wrote {obj}={result}"
    if op == "start":
        return f"{thread} started"
    if op in ("sleep", "work"):
        return f"{thread} {op} {obj}"
    if op == "log":
        return f"{thread} logged {result}"
    text = f"{thread} {op} {obj}" if obj else f"{thread} {op}"
    if event.get("woke"):
        text = f"{thread} woke in {op} {obj}"
    if result in ("blocked", "timed out"):
        return f"{text}: {result}"
    if result not in (None, "None"):
        return f"{text} -> {result}"
    return text


def _names_in(text: str) -> set[str]:
    return set(re.findall(r"shared\.(\w+)", text))


def _inputs(events: list[StepEvent], targets: set[str]) -> set[str]:
    """The shared names a thread read before it wrote one of `targets` (where the bad value
    came from: `seen = shared.value` makes `value` part of the story of `seen`)."""
    found: set[str] = set()
    read: dict[str, set[str]] = {}
    for event in events:
        mine = read.setdefault(event["thread"], set())
        obj = event.get("obj")
        if event["op"] == "read" and obj:
            mine.add(obj)
        elif event["op"] == "write" and event.get("obj") in targets:
            found |= mine
            mine.clear()
    return found


def sentence(trace: Trace, reason: str, goal_exprs: tuple[str, ...] = ()) -> str:
    """The failure in one human sentence: the steps that matter, then what went wrong."""
    outcome = trace.outcome
    events = [e for e in trace.events if e["op"] != "start"]
    relevant: set[str] = set()
    too_late: list[StepEvent] = []
    if reason == "assertion":
        for goal in outcome.failed_goals:
            relevant |= _names_in(goal["expr"])
        # The story ends where the goal's values were last touched: later steps on their
        # inputs (a worker still counting after the boss looked) decide nothing, except the
        # first write that came too late.
        last = max((n for n, e in enumerate(events) if e.get("obj") in relevant), default=None)
        later = events[last + 1 :] if last is not None else []
        if last is not None:
            events = events[: last + 1]
        relevant |= _inputs(events, relevant)
        too_late = [e for e in later if e["op"] == "write" and e.get("obj") in relevant][:1]
    elif reason == "invariant":
        relevant |= _names_in(outcome.message)
        relevant |= _inputs(events, relevant)
    elif reason == "deadlock" and outcome.deadlock:
        relevant |= set(outcome.deadlock["waiting"].values())
    elif reason == "exception" and outcome.exceptions:
        first = outcome.exceptions[0]
        mine = [e for e in events if e["thread"] == first["thread"] and e.get("obj")]
        relevant |= {str(e["obj"]) for e in mine[-1:]}
        relevant |= {str(e["obj"]) for e in mine if e.get("line") == first["line"]}
    chosen = [e for e in events if e.get("obj") in relevant] if relevant else events
    chosen = chosen[-(8 - len(too_late)) :] + too_late
    story = ", ".join(describe_step(e) for e in chosen)
    return f"{story}: {ending(trace, reason)}" if story else ending(trace, reason)


def _goal_values(outcome: Outcome, expr: str) -> str:
    values = [f"{name}={outcome.shared.get(name)!r}" for name in sorted(_names_in(expr))]
    if re.search(r"\bmakespan\b", expr):
        values.append(f"makespan={outcome.makespan:g}")
    if re.search(r"\blogs\b", expr):
        shown = repr(outcome.logs)
        values.append("logs=" + (shown if len(shown) <= 60 else shown[:59] + "…"))
    return ", ".join(values)


def _deadlock_ending(trace: Trace) -> str:
    """Who waits for what, who holds it (even a thread that has ended), who is left."""
    outcome = trace.outcome
    snapshot = trace.events[-1].get("snapshot") if trace.events else None
    if not outcome.deadlock or not snapshot:
        return outcome.message
    threads, primitives = snapshot["threads"], snapshot["primitives"]
    waiting = outcome.deadlock["waiting"]
    parts = []
    for tid, obj in waiting.items():
        part = f"{tid} waits for {obj}"
        holder = primitives.get(obj, {}).get("holder")
        if holder:
            thread = threads.get(holder)
            status = thread["status"] if thread else ""
            ended = {"done": ", which has ended", "crashed": ", which crashed"}.get(status, "")
            part += f" (held by {holder}{ended})"
        parts.append(part)
    text = "deadlock: " + "; ".join(parts)
    gone = [t for t in threads if t not in waiting]
    if gone and all(threads[t]["status"] in ("done", "crashed") for t in gone):
        text += "; no other thread is left to wake " + ("it" if len(waiting) == 1 else "them")
    return text


def ending(trace: Trace, reason: str) -> str:
    outcome = trace.outcome
    if reason == "assertion":
        parts = []
        for goal in outcome.failed_goals:
            values = _goal_values(outcome, goal["expr"])
            parts.append(f"final {goal['expr']} is false" + (f" ({values})" if values else ""))
        return "; ".join(parts)
    if reason == "exception" and outcome.exceptions:
        first = outcome.exceptions[0]
        text = f"{first['thread']} raised {first['type']}"
        if first["message"]:
            text += f": {first['message']}"
        return text + f" (line {first['line']})"
    if reason == "deadlock":
        return _deadlock_ending(trace)
    if reason == "livelock":
        return f"livelock: {outcome.message or 'the program cannot finish'}"
    return outcome.message
