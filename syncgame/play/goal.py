"""The level's goal in plain words, and what earns each star, in both languages.

The goal comes from the level's `[goal_text]` when it has one; otherwise it is derived from
`[goal]` (its expressions, deadlock rule and time limit) or from `[measure]`.
"""

from __future__ import annotations

import re

from syncgame.level.model import Level

MAKESPAN_LIMIT = re.compile(r"^\s*makespan\s*<=?\s*([0-9.]+)\s*$")
LONGEST_DERIVED = 100
"""A derived goal longer than this (long expressions) is said without its expressions: the
goal line must fit two rows of an 80-column screen; the briefing lists every check."""


def makespan_limit(level: Level) -> float | None:
    """The time every thread must have ended by, when the goal has one."""
    if level.goal.max_makespan is not None:
        return level.goal.max_makespan
    for expression in level.goal.final:
        match = MAKESPAN_LIMIT.match(expression)
        if match:
            return float(match.group(1))
    return None


def is_timed(level: Level) -> bool:
    """Does time (makespan) count on this level: a time limit, or a par makespan?"""
    return makespan_limit(level) is not None or level.par.makespan is not None


def _seconds(value: float) -> str:
    return f"{value:g}\xa0s"  # a no-break space: "2.5" and "s" stay on one row


def derived_goal(level: Level, lang: str) -> str:
    """A goal sentence from `[goal]` (or `[measure]`) for a level without `[goal_text]`."""
    zh = lang == "zh"
    measure = level.measure
    if measure is not None:
        if zh:
            return f"让 {measure.jobs} 个任务比依次运行至少快 {measure.min_speedup:g} 倍。"
        return (
            f"Run the {measure.jobs} jobs at least {measure.min_speedup:g} times faster "
            "than one after another."
        )
    sentence = _derived(level, zh, spell_out=True)
    if len(sentence) > LONGEST_DERIVED:
        sentence = _derived(level, zh, spell_out=False)
    return sentence


def _derived(level: Level, zh: bool, spell_out: bool) -> str:
    goal = level.goal
    parts: list[str] = []
    finals = [e for e in goal.final if not MAKESPAN_LIMIT.match(e)]
    if finals and spell_out:
        joined = (" 且 " if zh else " and ").join(f"`{e}`" for e in finals)
        parts.append(("结束时 " if zh else "at the end ") + joined)
    elif finals:
        parts.append(
            "结束时所有检查都成立（I 查看）" if zh else "every final check holds (I shows them)"
        )
    if goal.always and spell_out:
        joined = (" 且 " if zh else " and ").join(f"`{e}`" for e in goal.always)
        parts.append(("始终 " if zh else "always ") + joined)
    elif goal.always:
        parts.append("每一步之后检查都成立" if zh else "the checks hold after every step")
    if goal.no_deadlock:
        parts.append("没有死锁" if zh else "no deadlock")
    limit = makespan_limit(level)
    if limit is not None:
        parts.append(f"{_seconds(limit)} 内全部结束" if zh else f"all done by {_seconds(limit)}")
    if not parts:
        return "所有线程都结束。" if zh else "Every thread ends."
    sentence = ("；" if zh else "; ").join(parts)
    return sentence + "。" if zh else sentence[0].upper() + sentence[1:] + "."


def goal_sentence(level: Level, lang: str) -> str:
    """The goal in one sentence: the level's own words, or derived from `[goal]`."""
    if level.goal_text is not None:
        return level.goal_text.get(lang).strip()
    return derived_goal(level, lang)


def checks(level: Level, lang: str) -> list[str]:
    """Every check the judge makes, as written in the level (for the whole briefing)."""
    zh = lang == "zh"
    lines = [("结束时：" if zh else "at the end: ") + e for e in level.goal.final]
    lines += [("每一步之后：" if zh else "after every step: ") + e for e in level.goal.always]
    if level.goal.no_deadlock and level.measure is None:
        lines.append("不能死锁（所有线程都卡住）" if zh else "no deadlock (every thread stuck)")
    return lines


def star_rules(level: Level, lang: str) -> list[str]:
    """What earns each of the three stars on this level (mirrors `syncgame.play.stars`)."""
    zh = lang == "zh"
    rules = ["★ 通过裁判的检查" if zh else "★ the judge passes your fix"]
    par = level.par.primitives
    if par is None:
        rules.append("★ 通过即得（本关不限原语数）" if zh else "★ with the pass (no primitive par)")
    elif par == 0:
        rules.append(
            "★ 不新增原语（只改用法）" if zh else "★ no new primitive (change how they are used)"
        )
    else:
        rules.append(f"★ 新增原语不超过 {par} 个" if zh else f"★ at most {par} new primitive(s)")
    target = level.par.makespan if level.par.makespan is not None else level.goal.max_makespan
    if target is None:
        rules.append("★ 通过即得（本关不计时）" if zh else "★ with the pass (time does not count)")
    else:
        rules.append(
            f"★ 完成时间不超过 {_seconds(target)}"
            if zh
            else f"★ makespan at most {_seconds(target)}"
        )
    return rules


def stars_brief(level: Level, lang: str) -> str:
    """One short clause for the goal line: what the 2nd and 3rd stars ask, when they ask."""
    zh = lang == "zh"
    asks: list[str] = []
    par = level.par.primitives
    if par == 0:
        asks.append("不新增原语" if zh else "no new primitive")
    elif par is not None:
        plural = "s" if par != 1 else ""
        asks.append(f"≤{par}\xa0个新原语" if zh else f"≤{par}\xa0new primitive{plural}")
    target = level.par.makespan if level.par.makespan is not None else level.goal.max_makespan
    if target is not None:
        asks.append(f"完成时间 ≤{_seconds(target)}" if zh else f"makespan ≤{_seconds(target)}")
    if not asks:
        return ""
    return ("★★★：" if zh else "★★★: ") + ", ".join(asks)


def explanations(level: Level, lang: str) -> list[str]:
    """The words a newcomer needs for this level's scoring: makespan, par, stars."""
    zh = lang == "zh"
    lines = [
        "par：参考解法达到的成绩；达到它就能拿满星。"
        if zh
        else "par: what the reference fix reaches; reach it for all three stars."
    ]
    if is_timed(level):
        lines.append(
            "完成时间（makespan）：最后一个线程结束时的虚拟时间（sleep 和 work 推进它，不用真的等）。"
            if zh
            else "makespan: the virtual time at which the last thread ends (sleep and work "
            "advance it; nobody really waits)."
        )
    if level.palette:
        lines.append(
            "新原语：你从原语面板放进程序的每一个原语（或改了类型的原语）都算一个。"
            if zh
            else "new primitive: each primitive you place from the palette (or change the "
            "type of) counts one."
        )
    return lines
