"""A failed run in one plain sentence, in English or Chinese: who is stuck on what, who
crashed and why, which goal came out wrong. The verdict leads with it; the step log follows.

Built from a run's outcome (the trace's `outcome`: kind, deadlock cycle, exceptions, goals,
shared values), never from parsing the judge's message.
"""

from __future__ import annotations

import re

EQUALS = re.compile(r"^\s*shared\.(\w+)\s*==\s*(.+?)\s*$")
MAKESPAN = re.compile(r"^\s*makespan\s*<=?\s*([0-9.]+)\s*$")

# (exception type, words in its message) -> what it means, (en, zh)
CRASHES: tuple[tuple[str, str, tuple[str, str]], ...] = (
    ("IndexError", "pop from empty", ("took from an empty list", "从空列表里取东西")),
    ("RuntimeError", "release unlocked", ("released a lock nobody held", "释放了没人持有的锁")),
    (
        "RuntimeError",
        "un-acquired",
        ("released a lock it does not own", "释放了不属于自己的锁"),
    ),
    (
        "ValueError",
        "released too many",
        ("released a semaphore more often than it was taken", "释放信号量的次数多于获取的次数"),
    ),
    ("Full", "", ("put into a full queue without waiting", "没有等待就往满的队列里放东西")),
    ("Empty", "", ("took from an empty queue without waiting", "没有等待就从空队列里取东西")),
    (
        "BrokenBarrierError",
        "",
        ("found the barrier broken", "发现栅栏已被打破"),
    ),
)


def _list(names: list[str], zh: bool) -> str:
    if zh:
        return "、".join(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def deadlock_sentence(deadlock: dict, lang: str) -> str:
    zh = lang == "zh"
    waiting: dict[str, str] = deadlock.get("waiting") or {}
    cycle: list[str] = deadlock.get("cycle") or []
    if len(cycle) == 1:
        thread = cycle[0]
        obj = waiting.get(thread, "?")
        if zh:
            return f"{thread} 在等 {obj}，可它自己还拿着 {obj}，从没放开：它永远等下去。"
        return f"{thread} waits for {obj}, which it still holds itself: it never let go, so it waits forever."
    if len(cycle) == 2:
        first, second = cycle
        if zh:
            return (
                f"{first} 和 {second} 各拿着一把锁，又都在等对方的那把"
                f"（{first} 等 {waiting.get(first)}，{second} 等 {waiting.get(second)}）：谁也走不了。"
            )
        return (
            f"Both {first} and {second} hold one lock and wait for the other's "
            f"({first} waits for {waiting.get(first)}, {second} for {waiting.get(second)}): "
            "neither can go on."
        )
    if len(cycle) > 2:
        ring = " → ".join([*cycle, cycle[0]])
        if zh:
            return f"{len(cycle)} 个线程围成一圈互相等待（{ring}），每个都在等下一个拿着的东西：谁也走不了。"
        return (
            f"{len(cycle)} threads wait in a circle ({ring}), each for something the next one "
            "holds: none can go on."
        )
    if waiting:
        by_object: dict[str, list[str]] = {}
        for thread, obj in waiting.items():
            by_object.setdefault(obj, []).append(thread)
        if zh:
            parts = [f"{_list(threads, zh)} 永远在等 {obj}" for obj, threads in by_object.items()]
            return "，".join(parts) + "：已经没有线程能叫醒它们。"
        parts = [
            f"{_list(threads, zh)} wait{'s' if len(threads) == 1 else ''} for {obj} forever"
            for obj, threads in by_object.items()
        ]
        return "; ".join(parts) + ": no thread is left that could wake them."
    return "所有线程都卡住了：死锁。" if zh else "Every thread is stuck: a deadlock."


def crash_sentence(exception: dict, lang: str) -> str:
    zh = lang == "zh"
    thread = exception.get("thread", "?")
    kind = exception.get("type", "Exception")
    message = exception.get("message", "") or ""
    line = exception.get("line")
    meaning = None
    for crash_type, words, texts in CRASHES:
        if kind == crash_type and words in message:
            meaning = texts[1] if zh else texts[0]
            break
    where = (f"（第 {line} 行）" if zh else f" on line {line}") if line else ""
    raised = f"{kind}: {message}" if message else kind
    if zh:
        head = f"{thread} 崩溃了{where}"
        return f"{head}：它{meaning}（{raised}）。" if meaning else f"{head}：{raised}。"
    if meaning:
        return f"{thread} crashed{where}: it {meaning} ({raised})."
    return f"{thread} crashed{where} with {raised}."


def goal_sentence(goal: dict, outcome: dict, lang: str, goal_words: str | None = None) -> str:
    """A final goal that came out false (`goal_words`: the level's goal in plain words)."""
    zh = lang == "zh"
    expr = goal.get("expr", "")
    shared = outcome.get("shared") or {}
    match = EQUALS.match(expr)
    if match and match.group(1) in shared:
        name, wanted = match.group(1), match.group(2)
        got = repr(shared[name])
        if zh:
            return f"所有线程都结束了，但 {name} 最后是 {got}，不是 {wanted}。"
        return f"All threads ended, but {name} is {got}, not {wanted}."
    match = MAKESPAN.match(expr)
    if match and outcome.get("makespan") is not None:
        limit, took = float(match.group(1)), float(outcome["makespan"])
        if zh:
            return f"结果对了，但太慢：{took:g} 秒才全部结束，要求 {limit:g} 秒内。"
        return (
            f"Right result, but too slow: everything ended at {took:g} s, later than {limit:g} s."
        )
    if goal_words:
        if zh:
            return f"所有线程都结束了，但目标没有达成：{goal_words}"
        return f"All threads ended, but the goal was missed: {goal_words}"
    if zh:
        return f"所有线程都结束了，但目标 {expr} 不成立。"
    return f"All threads ended, but the goal {expr} is false."


def invariant_sentence(always: dict, outcome: dict, lang: str) -> str:
    zh = lang == "zh"
    expr = always.get("expr", "")
    step = always.get("step")
    shared = outcome.get("shared") or {}
    named = [name for name in shared if f"shared.{name}" in expr]
    state = ", ".join(f"{name} = {shared[name]!r}" for name in named[:2])
    if zh:
        return f"第 {step} 步之后，{expr} 不再成立" + (f"（{state}）" if state else "") + "。"
    return f"After step {step}, {expr} no longer holds" + (f" ({state})" if state else "") + "."


def plain_sentence(
    outcome: dict | None, lang: str = "en", goal_words: str | None = None
) -> str | None:
    """One plain sentence for a failed run's outcome; None when the run did not fail.
    `goal_words` (the level's goal sentence) speaks for a goal too long to read as code."""
    if not outcome:
        return None
    zh = lang == "zh"
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
        if zh:
            return "线程一直在跑却结束不了（步数超出上限）：活锁，或者有线程一直轮不到。"
        return (
            "The threads kept running without finishing (too many steps): a livelock, or a "
            "thread that never gets its turn."
        )
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
    return ("，" if lang == "zh" else ", ").join(rows)
