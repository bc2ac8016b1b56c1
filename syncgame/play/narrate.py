"""Words for what happened: one event as a timeline row, an outcome as one sentence."""

from __future__ import annotations

OPS_ZH = {
    "read": "读",
    "write": "写",
    "start": "开始",
    "sleep": "睡",
    "work": "工作",
    "log": "记录",
}
"""The steps that are not a Python call, in Chinese (calls keep their names: they are code)."""
RESULTS_ZH = {"blocked": "阻塞", "False": "False"}


def event_row(event: dict, lang: str = "en") -> str:
    """`  3 inc#1   write counter → 1` (the timeline's compact form)."""
    zh = lang == "zh"
    op = event.get("op") or ""
    if zh:
        op = OPS_ZH.get(op, op)
    obj = event.get("obj")
    what = f"{op} {obj}" if obj else op
    result = event.get("result")
    if zh and isinstance(result, str):
        result = RESULTS_ZH.get(result, result)
    shown = "" if result in (None, "None", "", "True") else f" → {result}"
    return f"{event.get('step', 0):>3} {event.get('thread', '?'):<7} {what}{shown}"


def outcome_ok(outcome: dict) -> bool:
    """Did the run end well: finished, and every final goal true?"""
    if outcome.get("kind") != "finished":
        return False
    return all(goal.get("ok") for goal in (outcome.get("goals") or {}).get("final", []))


def outcome_sentence(outcome: dict, lang: str = "en") -> str:
    """One sentence for the end of a run."""
    zh = lang == "zh"
    kind = outcome.get("kind", "")
    if kind == "finished":
        failed = [g for g in (outcome.get("goals") or {}).get("final", []) if not g.get("ok")]
        if failed:
            goal = failed[0]
            value = str(goal.get("value", ""))
            shown = "" if value in ("False", "") else f" ({value})"
            state = _shared_text(outcome.get("shared") or {})
            if zh:
                return f"所有线程已结束，但目标 {goal['expr']} 不成立{shown}{state}"
            return f"all threads ended, but {goal['expr']} is false{shown}{state}"
        return "所有线程已结束，目标全部达成" if zh else "all threads ended and every goal holds"
    if kind == "deadlock":
        deadlock = outcome.get("deadlock") or {}
        waits = deadlock.get("waiting") or {}
        if waits:
            parts = [
                (f"{tid} 等待 {obj}" if zh else f"{tid} waits for {obj}")
                for tid, obj in waits.items()
            ]
            return ("死锁：" if zh else "deadlock: ") + ("；" if zh else "; ").join(parts)
        return "死锁" if zh else "deadlock"
    if kind == "exception":
        exceptions = outcome.get("exceptions") or []
        if exceptions:
            first = exceptions[0]
            raised = f"{first['type']}: {first.get('message', '')}".rstrip(": ")
            if zh:
                where = f"（第 {first.get('line')} 行）" if first.get("line") else ""
                return f"异常：{first['thread']} 抛出 {raised}{where}"
            where = f" (line {first.get('line')})" if first.get("line") else ""
            return f"{first['thread']} raised {raised}{where}"
    if kind == "invariant":
        always = (outcome.get("goals") or {}).get("always") or {}
        if always:
            if zh:
                return f"第 {always.get('step')} 步之后，不变式 {always.get('expr')} 不成立"
            return f"after step {always.get('step')}, {always.get('expr')} is false"
    if kind == "budget":
        return (
            "步数超出预算（活锁或饥饿）："
            if zh
            else "step budget exceeded (livelock or starvation): "
        ) + outcome.get("message", "")
    return outcome.get("message") or kind


def _shared_text(shared: dict) -> str:
    if not shared or len(shared) > 3:
        return ""
    return ": " + ", ".join(f"{name} = {value!r}" for name, value in shared.items())
