"""A failed run in one plain sentence, in English or Chinese: who is stuck on what, who
crashed and why, which goal came out wrong. The verdict leads with it; the step log follows.

Built from a run's outcome (the trace's `outcome`: kind, deadlock cycle, exceptions, goals,
shared values), never from parsing the judge's message.
"""

from __future__ import annotations

import re

from syncgame.texts import tr

EQUALS = re.compile(r"^\s*shared\.(\w+)\s*==\s*(.+?)\s*$")
MAKESPAN = re.compile(r"^\s*makespan\s*<=?\s*([0-9.]+)\s*$")

# (exception type, words in its message) -> the table's key of what it means
CRASHES: tuple[tuple[str, str, str], ...] = (
    ("IndexError", "pop from empty", "crash.pop_empty"),
    ("RuntimeError", "release unlocked", "crash.release_unlocked"),
    ("RuntimeError", "un-acquired", "crash.not_owner"),
    ("ValueError", "released too many", "crash.released_too_many"),
    ("Full", "", "crash.full"),
    ("Empty", "", "crash.empty"),
    ("BrokenBarrierError", "", "crash.broken_barrier"),
)


def _list(names: list[str], lang: str) -> str:
    if len(names) <= 2:
        return tr("list.and", lang).join(names)
    return tr("list.comma", lang).join(names[:-1]) + tr("list.and", lang) + names[-1]


def deadlock_sentence(deadlock: dict, lang: str) -> str:
    waiting: dict[str, str] = deadlock.get("waiting") or {}
    cycle: list[str] = deadlock.get("cycle") or []
    if len(cycle) == 1:
        thread = cycle[0]
        return tr("deadlock.self", lang, thread=thread, obj=waiting.get(thread, "?"))
    if len(cycle) == 2:
        first, second = cycle
        return tr(
            "deadlock.pair",
            lang,
            first=first,
            second=second,
            first_wants=waiting.get(first),
            second_wants=waiting.get(second),
        )
    if len(cycle) > 2:
        ring = " → ".join([*cycle, cycle[0]])
        return tr("deadlock.ring", lang, count=len(cycle), ring=ring)
    if waiting:
        by_object: dict[str, list[str]] = {}
        for thread, obj in waiting.items():
            by_object.setdefault(obj, []).append(thread)
        parts = [
            tr(
                "deadlock.waits_one" if len(threads) == 1 else "deadlock.waits",
                lang,
                threads=_list(threads, lang),
                obj=obj,
            )
            for obj, threads in by_object.items()
        ]
        return tr("deadlock.no_one_wakes", lang, waits=tr("deadlock.waits_sep", lang).join(parts))
    return tr("deadlock.all_stuck", lang)


def crash_sentence(exception: dict, lang: str) -> str:
    thread = exception.get("thread", "?")
    kind = exception.get("type", "Exception")
    message = exception.get("message", "") or ""
    line = exception.get("line")
    meaning = None
    for crash_type, words, key in CRASHES:
        if kind == crash_type and words in message:
            meaning = tr(key, lang)
            break
    where = tr("crash.on_line", lang, line=line) if line else ""
    raised = f"{kind}: {message}" if message else kind
    if meaning:
        return tr("crash.meaning", lang, thread=thread, where=where, meaning=meaning, raised=raised)
    return tr("crash.raised", lang, thread=thread, where=where, raised=raised)


def goal_sentence(goal: dict, outcome: dict, lang: str, goal_words: str | None = None) -> str:
    """A final goal that came out false (`goal_words`: the level's goal in plain words)."""
    expr = goal.get("expr", "")
    shared = outcome.get("shared") or {}
    match = EQUALS.match(expr)
    if match and match.group(1) in shared:
        name, wanted = match.group(1), match.group(2)
        return tr("plain.goal_value", lang, name=name, got=repr(shared[name]), wanted=wanted)
    match = MAKESPAN.match(expr)
    if match and outcome.get("makespan") is not None:
        limit, took = float(match.group(1)), float(outcome["makespan"])
        return tr("plain.too_slow", lang, took=took, limit=limit)
    if goal_words:
        return tr("plain.goal_missed", lang, goal=goal_words)
    return tr("plain.goal_false", lang, expr=expr)


def invariant_sentence(always: dict, outcome: dict, lang: str) -> str:
    expr = always.get("expr", "")
    step = always.get("step")
    shared = outcome.get("shared") or {}
    named = [name for name in shared if f"shared.{name}" in expr]
    state = ", ".join(f"{name} = {shared[name]!r}" for name in named[:2])
    state = tr("plain.invariant_state", lang, state=state) if state else ""
    return tr("plain.invariant", lang, step=step, expr=expr, state=state)


def plain_sentence(
    outcome: dict | None, lang: str = "en", goal_words: str | None = None
) -> str | None:
    """One plain sentence for a failed run's outcome; None when the run did not fail.
    `goal_words` (the level's goal sentence) speaks for a goal too long to read as code."""
    if not outcome:
        return None
    kind = outcome.get("kind")
    if kind == "deadlock":
        return deadlock_sentence(outcome.get("deadlock") or {}, lang)
    if kind == "exception":
        exceptions = outcome.get("exceptions") or []
        if exceptions:
            return crash_sentence(exceptions[0], lang)
    if kind == "invariant":
        always = (outcome.get("goals") or {}).get("always") or {}
        if always:
            return invariant_sentence(always, outcome, lang)
    if kind == "finished":
        failed = [g for g in (outcome.get("goals") or {}).get("final", []) if not g.get("ok")]
        return goal_sentence(failed[0], outcome, lang, goal_words) if failed else None
    if kind == "budget":
        return tr("plain.livelock", lang)
    return outcome.get("message") or None


def verdict_sentence(verdict: dict, lang: str = "en", goal_words: str | None = None) -> str | None:
    """The plain sentence of a judge's failing verdict (from its counterexample's outcome)."""
    trace = verdict.get("trace") or {}
    return plain_sentence(trace.get("outcome"), lang, goal_words)


def step_log(events: list[dict], lang: str, last: int = 8) -> str:
    """The last steps of a run, one clause each, in `lang` (the verdict's step log)."""
    from syncgame.play.narrate import event_row

    rows = []
    for event in events[-last:]:
        row = " ".join(event_row(event, lang).split()[1:])  # without the step number
        rows.append(row)
    return tr("plain.step_sep", lang).join(rows)
