"""Counterexamples as text: one line per step, threads in columns."""

from __future__ import annotations

from syncgame.judge.verdict import Verdict, describe_step
from syncgame.runtime.trace import Trace

COLUMN = 30


def timeline(trace: Trace) -> str:
    threads: list[str] = []
    for event in trace.events:
        if event["thread"] not in threads:
            threads.append(event["thread"])
    header = "step  time   " + "".join(t.ljust(COLUMN) for t in threads)
    lines = [header.rstrip(), "-" * len(header.rstrip())]
    for event in trace.events:
        text = describe_step(event).removeprefix(event["thread"] + " ")
        if len(text) > COLUMN - 2:
            text = text[: COLUMN - 3] + "…"
        cells = [text.ljust(COLUMN) if t == event["thread"] else " " * COLUMN for t in threads]
        lines.append(f"{event['step']:>4}  {event['time']:<5g}  " + "".join(cells).rstrip())
    return "\n".join(lines)


def report(verdict: Verdict) -> str:
    head = verdict.verdict.upper() + (f" ({verdict.reason})" if verdict.reason else "")
    how = "exhaustive" if verdict.exhaustive else f"bounded (up to {verdict.bound} preemptions)"
    if verdict.bound is None and not verdict.exhaustive:
        how = "not exhaustive"
    lines = [
        f"{verdict.level}: {head}",
        f"explored {verdict.explored:,} schedules, {how}, in {verdict.seconds:.2f} s",
        verdict.message,
    ]
    if verdict.counterexample is not None:
        trace = verdict.counterexample
        shown = trace
        if len(trace.events) > 200:
            shown = Trace(trace.schedule, trace.events[-200:], trace.outcome, trace.durations)
            lines.append(f"(last 200 of {len(trace.events)} steps)")
        lines += ["", f"counterexample ({verdict.preemptions} preemptions):", timeline(shown)]
    return "\n".join(lines)
