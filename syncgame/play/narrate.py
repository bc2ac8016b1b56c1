"""Words for what happened: one event as a timeline row, an outcome as one sentence."""

from __future__ import annotations

from syncgame.texts import STRINGS, tr


def _word(prefix: str, word: str, lang: str) -> str:
    """A step's op or result in `lang`: the table has the ones that are not code (a Python
    call keeps its name)."""
    key = f"{prefix}.{word}"
    return tr(key, lang) if key in STRINGS else word


def event_row(event: dict, lang: str = "en") -> str:
    """`  3 inc#1   write counter → 1` (the timeline's compact form)."""
    op = _word("op", event.get("op") or "", lang)
    obj = event.get("obj")
    what = f"{op} {obj}" if obj else op
    result = event.get("result")
    if isinstance(result, str):
        result = _word("result", result, lang)
    shown = "" if result in (None, "None", "", "True") else f" → {result}"
    return f"{event.get('step', 0):>3} {event.get('thread', '?'):<7} {what}{shown}"


def outcome_ok(outcome: dict) -> bool:
    """Did the run end well: finished, and every final goal true?"""
    if outcome.get("kind") != "finished":
        return False
    return all(goal.get("ok") for goal in (outcome.get("goals") or {}).get("final", []))


def outcome_sentence(outcome: dict, lang: str = "en") -> str:
    """One sentence for the end of a run."""
    kind = outcome.get("kind", "")
    if kind == "finished":
        failed = [g for g in (outcome.get("goals") or {}).get("final", []) if not g.get("ok")]
        if failed:
            goal = failed[0]
            value = str(goal.get("value", ""))
            shown = "" if value in ("False", "") else f" ({value})"
            state = _shared_text(outcome.get("shared") or {})
            return tr("outcome.goal_false", lang, expr=goal["expr"], shown=shown, state=state)
        return tr("outcome.all_goals", lang)
    if kind == "deadlock":
        deadlock = outcome.get("deadlock") or {}
        waits = deadlock.get("waiting") or {}
        if waits:
            parts = [tr("outcome.waits", lang, thread=tid, obj=obj) for tid, obj in waits.items()]
            return tr(
                "outcome.deadlock_waits", lang, waits=tr("outcome.waits_sep", lang).join(parts)
            )
        return tr("outcome.deadlock", lang)
    if kind == "exception":
        exceptions = outcome.get("exceptions") or []
        if exceptions:
            first = exceptions[0]
            raised = f"{first['type']}: {first.get('message', '')}".rstrip(": ")
            line = first.get("line")
            where = tr("outcome.line", lang, line=line) if line else ""
            return tr("outcome.raised", lang, thread=first["thread"], raised=raised, where=where)
    if kind == "invariant":
        always = (outcome.get("goals") or {}).get("always") or {}
        if always:
            return tr("outcome.invariant", lang, step=always.get("step"), expr=always.get("expr"))
    if kind == "budget":
        return tr("outcome.budget", lang, message=outcome.get("message", ""))
    return outcome.get("message") or kind


def _shared_text(shared: dict) -> str:
    if not shared or len(shared) > 3:
        return ""
    return ": " + ", ".join(f"{name} = {value!r}" for name, value in shared.items())
