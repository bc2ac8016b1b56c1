"""The player's records as the screens show them: the level list's badge and record line, the
verdict's chart of attempts and its line after a fail. Read from the app's save
(`syncgame.play.progress`), drawn as Rich text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from syncgame.play.progress import LevelProgress, Recorded, duration_text
from syncgame.play.stars import Score, stars_text
from syncgame.texts import tr

if TYPE_CHECKING:
    from syncgame.level.model import Level
    from syncgame.ui.app import SyncGameApp

# --- the verdict's chart -------------------------------------------------------------------------

BAR = 14
"""Columns of the longest bar."""


def _bar(value: float | None, top: float) -> str:
    if value is None:
        return "—".ljust(BAR)
    cells = 0 if top <= 0 else max(1 if value > 0 else 0, round(BAR * value / top))
    return ("█" * cells or "▏").ljust(BAR)


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - cell_len(text))


def attempts_chart(entry: LevelProgress | None, recorded: Recorded | None, score: Score, lang: str):
    """Your attempts as bars of primitives (and makespan, where the level has time in it),
    against the par and your previous best: the last attempts, this one marked."""
    rows: list[tuple[str, str, int | None, float | None, bool]] = []
    history = entry.history[-6:] if entry else []
    first_number = (entry.attempts - len(history) + 1) if entry else 1
    for offset, attempt in enumerate(history):
        verdict = stars_text(attempt.stars) if attempt.passed else "✗"
        rows.append(
            (f"#{first_number + offset}", verdict, attempt.primitives, attempt.makespan, False)
        )
    if not rows:  # nothing saved: this attempt alone
        verdict = stars_text(score.stars) if score.passed else "✗"
        rows.append(("#1", verdict, score.primitives, score.makespan, False))
    rows[-1] = (*rows[-1][:4], True)
    rows.append(("par", "", score.par_primitives, score.par_makespan, False))
    previous = recorded.previous if recorded else None
    if previous is not None:
        label = tr("chart.best", lang)
        rows.append(
            (label, stars_text(previous.stars), previous.primitives_used, previous.makespan, False)
        )
    top_p = max((r[2] for r in rows if r[2] is not None), default=0)
    top_m = max((r[3] for r in rows if r[3] is not None), default=0.0)
    with_time = top_m > 0 or score.par_makespan is not None
    label_cells = max(6, *(cell_len(r[0]) + 1 for r in rows))
    text = Text()
    text.append(tr("chart.title", lang) + "\n", style="bold")
    # a line's leading spaces do not survive rendering: the header starts with "#"
    head = _pad("#", label_cells) + _pad("", 4) + _pad(tr("chart.primitives", lang), BAR + 4)
    if with_time:
        head += tr("chart.makespan", lang)
    text.append(head.rstrip() + "\n", style="dim")
    for label, verdict, prims, makespan, current in rows:
        style = "bold" if current else ("dim" if label == "par" else "")
        bar_style = "bold yellow" if current else ("cyan" if label == "par" else "grey50")
        text.append(_pad(label, label_cells) + _pad(verdict, 4), style=style)
        text.append(_bar(prims, top_p), style=bar_style)
        text.append(" " + _pad(_figure(prims), 3), style=style)
        if with_time:
            text.append(_bar(makespan, top_m), style=bar_style)
            text.append(" " + _pad(_figure(makespan), 4), style=style)
        if current:
            text.append(" ← " + tr("chart.this_one", lang), style="bold")
        text.append("\n")
    if recorded is not None and recorded.new_best and previous is not None:
        text.append(tr("chart.new_best", lang) + "\n", style="bold green")
    return text


# --- level select ----------------------------------------------------------------------------------


def level_badge(app: SyncGameApp, level: Level, lang: str) -> tuple[str, str]:
    """What the level list shows after a title: (text, style) — "locked", or the stars."""
    if app.is_locked(level):
        return "· " + tr("select.locked", lang), "dim italic"
    entry = app.progress.get(level.id)
    if entry is not None and entry.solved:
        return stars_text(entry.stars), "bold yellow"
    return "", ""


def level_record(app: SyncGameApp, level: Level, lang: str) -> str | None:
    """One line for the level's details: best stars, attempts, time played."""

    entry = app.progress.get(level.id)
    if entry is None or (entry.attempts == 0 and entry.seconds < 1):
        return None
    return tr(
        "select.record",
        lang,
        stars=stars_text(entry.stars),
        attempts=entry.attempts,
        time=duration_text(entry.seconds, lang),
    )


def attempts_line(entry: LevelProgress | None, lang: str) -> Text:
    """After a fail, one line: which attempt this was, and the best so far (if any)."""
    text = Text()
    if entry is None or entry.attempts == 0:
        return text
    text.append(tr("attempt.number", lang, n=entry.attempts), style="dim")
    if entry.best is not None:
        best = entry.best
        stars, prims = stars_text(best.stars), best.primitives_used
        text.append(tr("attempt.best", lang, stars=stars, prims=prims), style="dim")
    return text
