"""The game's save data in the UI: settings applied to the app, submissions recorded, time
played counted, Continue, and the verdict's chart of attempts.

The save itself (`syncgame.progress`) knows nothing of Textual; this module is the glue the
app and its screens call, so their own code changes by a line or two.
"""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from syncgame.progress import Draft, LevelProgress, Progress, Recorded, duration_text
from syncgame.stars import Score, stars_text
from syncgame.texts import tr

if TYPE_CHECKING:
    from textual.app import App
    from textual.theme import Theme

    from syncgame.level.model import Level
    from syncgame.ui.placement import Board

SPEEDS = 5
DEFAULT_SPEED_INDEX = 2

# Okabe & Ito's palette, told apart with every common colour vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky-blue": "#56B4E9",
    "bluish-green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish-purple": "#CC79A7",
}
COLOUR_BLIND_SUFFIX = "-colour-blind"


# --- settings -------------------------------------------------------------------------------


def progress_of(app: App) -> Progress:
    """The app's progress (loaded on first use when the app did not load it)."""
    progress = getattr(app, "progress", None)
    if progress is None:
        progress = Progress.load()
        app.progress = progress
    return progress


def colour_blind_theme(base: Theme) -> Theme:
    """`base` with its signal colours (success, warning, error, accent) from Okabe–Ito: ok is
    blue, trouble is vermillion, waiting is yellow/orange, never red against green."""
    dark = base.dark
    return dataclasses.replace(
        base,
        name=base.name + COLOUR_BLIND_SUFFIX,
        success=OKABE_ITO["sky-blue"] if dark else OKABE_ITO["blue"],
        error=OKABE_ITO["vermillion"],
        warning=OKABE_ITO["yellow"] if dark else OKABE_ITO["orange"],
        accent=OKABE_ITO["reddish-purple"],
    )


def theme_names(app: App) -> list[str]:
    """The themes a player can choose (colour-blind variants are a separate switch)."""
    return sorted(name for name in app.available_themes if not name.endswith(COLOUR_BLIND_SUFFIX))


def apply_theme(app: App) -> None:
    settings = progress_of(app).settings
    name = settings.theme if settings.theme in app.available_themes else "textual-dark"
    if settings.colour_blind:
        base = app.get_theme(name)
        if base is not None:
            variant = colour_blind_theme(base)
            if variant.name not in app.available_themes:
                app.register_theme(variant)
            name = variant.name
    if app.theme != name:
        app.theme = name


def apply_motion(app: App) -> None:
    """Reduced motion: Textual's animations off, so sprites stand where their state puts
    them (they never walk) and every state change is still drawn."""
    settings = progress_of(app).settings
    saved = getattr(app, "_motion_before", None)
    if settings.reduced_motion:
        if saved is None:
            app._motion_before = app.animation_level
        app.animation_level = "none"
    elif saved is not None:
        app.animation_level = saved
        app._motion_before = None


def apply_settings(app: App) -> None:
    """Theme, palette and motion from the settings (the language is the app's `lang`)."""
    apply_theme(app)
    apply_motion(app)


def start_speed_index() -> int:
    """The play screen's first speed (an index into its speeds) from the settings."""
    from textual._context import active_app

    try:
        app = active_app.get()
    except LookupError:
        return DEFAULT_SPEED_INDEX
    progress = getattr(app, "progress", None)
    if progress is None:
        return DEFAULT_SPEED_INDEX
    return max(0, min(SPEEDS - 1, progress.settings.animation_speed - 1))


def save(app: App) -> bool:
    """Write the save; a failure is told once (the game goes on without saving)."""
    try:
        progress_of(app).save()
    except OSError as error:
        if not getattr(app, "_save_failed", False):
            app._save_failed = True
            app.notify(
                tr("save.failed", app.lang, path=progress_of(app).path, error=error),
                severity="error",
                timeout=8,
            )
        return False
    app._save_failed = False
    return True


def language_changed(app: App, lang: str) -> None:
    """The player switched the language (L, or the settings): remember it."""
    progress = progress_of(app)
    if progress.settings.language != lang:
        progress.settings.language = lang
        save(app)


def tell_notice(app: App) -> None:
    """A save that was moved aside at start: say so on screen (the game goes on)."""
    notice = progress_of(app).notice
    if notice:
        app.notify(notice, title="syncgame", severity="warning", timeout=12)


# --- submissions and Continue ----------------------------------------------------------------


def draft_of(board: Board) -> Draft:
    """The board's placements and the effective code they give."""
    solution = board.solution()
    return Draft(
        placements=[placement.to_json() for placement in board.applied],
        primitives=dict(solution.primitives),
        threads=dict(solution.threads),
    )


def record_submission(app: App, level: Level, board: Board, verdict: dict, score: Score):
    """Count a judged submission (and save): returns what it changed."""
    progress = progress_of(app)
    recorded = progress.record(
        level.id,
        passed=verdict.get("verdict") == "pass",
        stars=score.stars,
        primitives=score.primitives,
        makespan=verdict.get("makespan"),
        reason=verdict.get("reason"),
        draft=draft_of(board),
    )
    last_records(app)[level.id] = recorded
    save(app)
    return recorded


def last_records(app: App) -> dict[str, Recorded]:
    """What this session's last submission of each level changed (for the verdict chart)."""
    records = getattr(app, "_last_records", None)
    if records is None:
        records = app._last_records = {}
    return records


def remember_board(app: App, level: Level, board: Board) -> None:
    """Keep the placements on screen as the level's last attempt (restored by Continue)."""
    progress = progress_of(app)
    entry = progress.get(level.id)
    draft = draft_of(board)
    saved = entry.last.placements if entry and entry.last else []
    if saved == draft.placements:
        return  # nothing new (an untouched level writes nothing)
    progress.remember(level.id, draft)
    save(app)


def restore_board(level: Level, draft: Draft | None) -> Board:
    """A board with the saved placements replayed; the start when they no longer apply (the
    level file changed since)."""
    from syncgame.ui.placement import Board, Placement, PlacementError

    board = Board(level)
    if draft is None:
        return board
    for raw in draft.placements:
        try:
            board.place(Placement.from_json(raw))
        except (PlacementError, KeyError, TypeError, ValueError):
            return Board(level)
    return board


def play_screen(app: App, level: Level):
    """A play screen for `level` with the player's last draft of it restored (Ctrl+R goes
    back to the start code)."""
    from syncgame.ui.screens.play import PlayScreen

    entry = progress_of(app).get(level.id)
    screen = PlayScreen(level)
    if entry is not None and entry.last is not None and entry.last.placements:
        screen.board = restore_board(level, entry.last)
        screen.restored = bool(screen.board.applied)
    return screen


def continue_level(app: App) -> Level | None:
    """The first unsolved level (in play order) of the open chapters, or None."""
    progress = progress_of(app)
    catalog = app.catalog
    chapters = [(name, [lv.id for lv in levels]) for name, levels in catalog.chapters()]
    opened = progress.unlocked_chapters(chapters)
    ids = [lv.id for lv in catalog.ordered() if lv.chapter in opened]
    level_id = progress.first_unsolved(ids)
    return catalog.by_id(level_id) if level_id else None


def continue_game(app: App) -> bool:
    """Open the first unsolved level with its last attempt restored; False when every open
    level is solved (or there are none)."""
    from syncgame.ui.screens.level_select import LevelSelectScreen

    level = continue_level(app)
    if level is None:
        return False
    app.push_screen(LevelSelectScreen(select=level.id))
    app.push_screen(play_screen(app, level))
    return True


def locked(app: App, level: Level) -> bool:
    progress = progress_of(app)
    chapters = [(name, [lv.id for lv in levels]) for name, levels in app.catalog.chapters()]
    return level.chapter not in progress.unlocked_chapters(chapters)


# --- time played ---------------------------------------------------------------------------------


class PlayClock:
    """Counts the time a play screen is on top, per level; saved with the next save."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.level_id: str | None = None
        self.since = 0.0
        app.screen_change_signal.subscribe(app, self._screen_changed)

    def _screen_changed(self, screen) -> None:
        from syncgame.ui.screens.play import PlayScreen

        self.stop()
        if isinstance(screen, PlayScreen):
            self.level_id = screen.level.id
            self.since = time.monotonic()

    def stop(self) -> bool:
        """Count the time since the play screen came up; True if there was one."""
        if self.level_id is None:
            return False
        progress_of(self.app).add_time(self.level_id, time.monotonic() - self.since)
        self.level_id = None
        return True


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


# --- the app's start and end -----------------------------------------------------------------------


def attach(app: App) -> None:
    """At the app's start: apply the settings, count time played, remember language
    switches, and tell the player about a save that was moved aside."""
    progress_of(app)
    apply_settings(app)
    app.play_clock = PlayClock(app)
    app.watch(app, "lang", lambda lang: language_changed(app, lang), init=False)
    tell_notice(app)


def detach(app: App) -> None:
    """At the app's end: save the time played on the level still open."""
    clock = getattr(app, "play_clock", None)
    if clock is not None and clock.stop():
        save(app)


# --- level select ----------------------------------------------------------------------------------


def level_badge(app: App, level: Level, lang: str) -> tuple[str, str]:
    """What the level list shows after a title: (text, style) — "locked", or the stars."""
    if locked(app, level):
        return "· " + tr("select.locked", lang), "dim italic"
    entry = progress_of(app).get(level.id)
    if entry is not None and entry.solved:
        return stars_text(entry.stars), "bold yellow"
    return "", ""


def level_record(app: App, level: Level, lang: str) -> str | None:
    """One line for the level's details: best stars, attempts, time played."""
    entry = progress_of(app).get(level.id)
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
