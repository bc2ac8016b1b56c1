"""A verdict: what the judge concluded, what it covered, and the counterexample to replay."""

from __future__ import annotations

import re
from dataclasses import dataclass

from syncgame.runtime.trace import Trace


@dataclass
class Verdict:
    level: str
    verdict: str
    """pass | fail"""
    reason: str | None
    """assertion | invariant | deadlock | exception | livelock | structure | budget | error"""
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

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"

    def to_json(self) -> dict:
        counterexample = None
        if self.counterexample is not None:
            counterexample = {
                "schedule": self.counterexample.schedule,
                "durations": self.counterexample.durations,
                "steps": [_plain_step(e) for e in self.counterexample.events],
                "preemptions": self.preemptions,
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
        }


def _plain_step(event: dict) -> dict:
    step = {k: v for k, v in event.items() if k != "snapshot"}
    if "snapshot" in event:
        step["shared"] = event["snapshot"]["shared"]
    return step


def describe_step(event: dict) -> str:
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


def sentence(trace: Trace, reason: str, goal_exprs: tuple[str, ...] = ()) -> str:
    """The failure in one human sentence: the steps that matter, then what went wrong."""
    outcome = trace.outcome
    events = [e for e in trace.events if e["op"] != "start"]
    relevant: set[str] = set()
    if reason == "assertion":
        for goal in outcome.failed_goals:
            relevant |= _names_in(goal["expr"])
    elif reason == "invariant":
        relevant |= _names_in(outcome.message)
    elif reason == "deadlock" and outcome.deadlock:
        relevant |= set(outcome.deadlock["waiting"].values())
    elif reason == "exception" and outcome.exceptions:
        crashed = outcome.exceptions[0]["thread"]
        last = [e for e in events if e["thread"] == crashed][-1:]
        relevant |= {e.get("obj") for e in last if e.get("obj")}
    chosen = [e for e in events if e.get("obj") in relevant] if relevant else events
    chosen = chosen[-8:] if len(chosen) > 8 else chosen
    story = ", ".join(describe_step(e) for e in chosen)
    return f"{story}: {ending(trace, reason)}" if story else ending(trace, reason)


def ending(trace: Trace, reason: str) -> str:
    outcome = trace.outcome
    if reason == "assertion":
        parts = []
        for goal in outcome.failed_goals:
            values = ", ".join(
                f"{name}={outcome.shared.get(name)!r}" for name in sorted(_names_in(goal["expr"]))
            )
            parts.append(f"final {goal['expr']} is false" + (f" ({values})" if values else ""))
        return "; ".join(parts)
    if reason == "exception" and outcome.exceptions:
        first = outcome.exceptions[0]
        text = f"{first['thread']} raised {first['type']}"
        if first["message"]:
            text += f": {first['message']}"
        return text + f" (line {first['line']})"
    if reason == "livelock":
        return f"livelock: {outcome.message or 'the program cannot finish'}"
    return outcome.message
