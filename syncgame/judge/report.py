"""Counterexamples as text: one line per step, threads in columns."""

from __future__ import annotations

from syncgame.judge.verdict import Verdict, describe_step
from syncgame.runtime.events import StepEvent

COLUMN = 30


def timeline(events: list[StepEvent]) -> str:
    """A run's steps (a trace's events, or a saved counterexample's steps) as a table."""
    threads: list[str] = []
    for event in events:
        if event["thread"] not in threads:
            threads.append(event["thread"])
    header = "step  time   " + "".join(t.ljust(COLUMN) for t in threads)
    lines = [header.rstrip(), "-" * len(header.rstrip())]
    for event in events:
        text = describe_step(event).removeprefix(event["thread"] + " ")
        if len(text) > COLUMN - 2:
            text = text[: COLUMN - 3] + "…"
        cells = [text.ljust(COLUMN) if t == event["thread"] else " " * COLUMN for t in threads]
        lines.append(f"{event['step']:>4}  {event['time']:<5g}  " + "".join(cells).rstrip())
    return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def report(verdict: Verdict) -> str:
    head = verdict.verdict.upper() + (f" ({verdict.reason})" if verdict.reason else "")
    if verdict.exhaustive:
        how = "exhaustive"
    elif verdict.bound is not None:
        how = f"bounded (up to {_plural(verdict.bound, 'preemption')})"
    else:
        how = "not exhaustive"
    explored = f"explored {_plural(verdict.explored, 'schedule')}, {how}"
    if verdict.reason == "structure":
        explored = "not run: the structure check refused it"
    lines = [
        f"{verdict.level}: {head}",
        f"{explored}, in {verdict.seconds:.2f} s",
        verdict.message,
    ]
    if verdict.counterexample is not None:
        events = verdict.counterexample.events
        if len(events) > 200:
            lines.append(f"(last 200 of {len(events)} steps)")
        preemptions = verdict.preemptions or 0
        lines += [
            "",
            f"counterexample ({_plural(preemptions, 'preemption')}):",
            timeline(events[-200:]),
        ]
    return "\n".join(lines)
