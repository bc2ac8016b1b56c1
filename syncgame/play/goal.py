"""The level's goal in plain words, and what earns each star, in both languages.

The goal comes from the level's `[goal_text]` when it has one; otherwise it is derived from
`[goal]` (its expressions, deadlock rule and time limit) or from `[measure]`.
"""

from __future__ import annotations

import re

from syncgame.level.model import Level
from syncgame.texts import tr

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
    measure = level.measure
    if measure is not None:
        return tr("goal.measure", lang, jobs=measure.jobs, speedup=measure.min_speedup)
    sentence = _derived(level, lang, spell_out=True)
    if len(sentence) > LONGEST_DERIVED:
        sentence = _derived(level, lang, spell_out=False)
    return sentence


def _derived(level: Level, lang: str, spell_out: bool) -> str:
    goal = level.goal
    parts: list[str] = []
    finals = [e for e in goal.final if not MAKESPAN_LIMIT.match(e)]
    if finals and spell_out:
        joined = tr("goal.and", lang).join(f"`{e}`" for e in finals)
        parts.append(tr("goal.at_end", lang, checks=joined))
    elif finals:
        parts.append(tr("goal.final_checks_hold", lang))
    if goal.always and spell_out:
        joined = tr("goal.and", lang).join(f"`{e}`" for e in goal.always)
        parts.append(tr("goal.always", lang, checks=joined))
    elif goal.always:
        parts.append(tr("goal.always_hold", lang))
    if goal.no_deadlock:
        parts.append(tr("goal.no_deadlock", lang))
    limit = makespan_limit(level)
    if limit is not None:
        parts.append(tr("goal.done_by", lang, limit=_seconds(limit)))
    if not parts:
        return tr("goal.threads_end", lang)
    sentence = tr("goal.separator", lang).join(parts)
    # a capital for the sentence's start (a no-op on Chinese words and on numbers)
    return tr("goal.sentence", lang, sentence=sentence[0].upper() + sentence[1:])


def goal_sentence(level: Level, lang: str) -> str:
    """The goal in one sentence: the level's own words, or derived from `[goal]`."""
    if level.goal_text is not None:
        return level.goal_text.get(lang).strip()
    return derived_goal(level, lang)


def checks(level: Level, lang: str) -> list[str]:
    """Every check the judge makes, as written in the level (for the whole briefing)."""
    lines = [tr("goal.check_at_end", lang, check=e) for e in level.goal.final]
    lines += [tr("goal.check_every_step", lang, check=e) for e in level.goal.always]
    if level.goal.no_deadlock and level.measure is None:
        lines.append(tr("goal.check_no_deadlock", lang))
    return lines


def star_rules(level: Level, lang: str) -> list[str]:
    """What earns each of the three stars on this level (mirrors `syncgame.play.stars`)."""
    rules = [tr("stars.pass", lang)]
    par = level.par.primitives
    if par is None:
        rules.append(tr("stars.no_primitive_par", lang))
    elif par == 0:
        rules.append(tr("stars.no_new_primitive", lang))
    else:
        rules.append(tr("stars.at_most_primitives", lang, par=par))
    target = level.par.makespan if level.par.makespan is not None else level.goal.max_makespan
    if target is None:
        rules.append(tr("stars.untimed", lang))
    else:
        rules.append(tr("stars.makespan", lang, target=_seconds(target)))
    return rules


def stars_brief(level: Level, lang: str) -> str:
    """One short clause for the goal line: what the 2nd and 3rd stars ask, when they ask."""
    asks: list[str] = []
    par = level.par.primitives
    if par == 0:
        asks.append(tr("stars.brief.no_new", lang))
    elif par is not None:
        key = "stars.brief.primitives_one" if par == 1 else "stars.brief.primitives"
        asks.append(tr(key, lang, par=par))
    target = level.par.makespan if level.par.makespan is not None else level.goal.max_makespan
    if target is not None:
        asks.append(tr("stars.brief.makespan", lang, target=_seconds(target)))
    if not asks:
        return ""
    return tr("stars.brief", lang, asks=", ".join(asks))


def explanations(level: Level, lang: str) -> list[str]:
    """The words a newcomer needs for this level's scoring: makespan, par, stars."""
    lines = [tr("goal.explain.par", lang)]
    if is_timed(level):
        lines.append(tr("goal.explain.makespan", lang))
    if level.palette:
        lines.append(tr("goal.explain.new_primitive", lang))
    return lines
