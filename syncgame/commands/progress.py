"""`syncgame progress [--reset]`: print the saved progress, or clear it after a confirmation."""

from __future__ import annotations

import argparse
import json
import sys

from syncgame.commands.common import pad, text_width
from syncgame.play.progress import LevelProgress, Progress, duration_text, save_path
from syncgame.play.stars import stars_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "progress",
        help="show or clear your progress",
        description="Print your progress per level (solved, stars, attempts, time played) and "
        "where it is saved; --reset clears it (the settings stay). Set SYNCGAME_DATA_DIR to "
        "use another folder.",
    )
    parser.add_argument("--reset", action="store_true", help="forget every level's progress")
    parser.add_argument(
        "-y", "--yes", action="store_true", help="with --reset: do not ask for a confirmation"
    )
    parser.add_argument("--json", action="store_true", help="print the saved data as JSON")
    parser.set_defaults(run=run_progress)


def run_progress(args: argparse.Namespace) -> int:
    progress = Progress.load()
    if progress.notice:
        print(f"syncgame progress: {progress.notice}", file=sys.stderr)
    if args.reset:
        return _reset(progress, args.yes)
    if args.json:
        print(json.dumps(progress.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(progress_report(progress))
    return 0


def _reset(progress: Progress, yes: bool) -> int:
    count = len(progress.levels)
    if count == 0 and not progress.challenges:
        print(f"No progress to clear ({progress.path}).")
        return 0
    if not yes:
        question = f"Forget the progress of {count} level(s) saved in {progress.path}? [y/N] "
        try:
            answer = input(question)
        except EOFError:  # no terminal to answer on: the safe answer
            answer = ""
            print()
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing cleared.")
            return 1
    progress.reset()
    try:
        progress.save()
    except OSError as error:
        print(f"syncgame progress: cannot write {progress.path}: {error}", file=sys.stderr)
        return 1
    print(f"Progress cleared ({count} level(s)); the settings are kept.")
    return 0


def _row(entry: LevelProgress | None) -> list[str]:
    if entry is None:
        return ["", stars_text(0), "0", "0s", ""]
    best = ""
    if entry.best is not None:
        makespan = "" if entry.best.makespan is None else f", makespan {entry.best.makespan:g}"
        best = f"best: {entry.best.primitives_used} primitive(s){makespan}"
    return [
        "✓" if entry.solved else "",
        stars_text(entry.stars),
        str(entry.attempts),
        duration_text(entry.seconds),
        best,
    ]


def _levels_in_order() -> list[tuple[str, str, str]]:
    """(chapter, id, English title) of the shipped levels, in play order; [] if unreadable."""
    try:
        from syncgame.play.catalog import load_catalog  # no Textual in the catalog

        catalog = load_catalog()
    except Exception:
        return []
    return [(level.chapter, level.id, level.title.en) for level in catalog.ordered()]


def progress_report(progress: Progress) -> str:
    """The progress as an aligned table: the shipped levels in order, then any other level
    the save knows about."""
    known = _levels_in_order()
    rows: list[tuple[str, list[str]]] = []
    for chapter, level_id, title in known:
        rows.append((chapter, [level_id, title, *_row(progress.get(level_id))]))
    known_ids = {level_id for _chapter, level_id, _title in known}
    for level_id in sorted(set(progress.levels) - known_ids):
        rows.append(("(other levels)", [level_id, "", *_row(progress.get(level_id))]))
    header = ["level", "title", "solved", "stars", "tries", "time", ""]
    widths = [
        max([text_width(header[col])] + [text_width(cells[col]) for _chapter, cells in rows])
        for col in range(len(header))
    ]
    lines = [f"Progress saved in {save_path(progress.path.parent)}"]
    if not progress.path.exists():
        lines[0] += " (nothing saved yet)"
    lines.append("  " + "  ".join(pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip())
    chapter = None
    for row_chapter, cells in rows:
        if row_chapter != chapter:
            chapter = row_chapter
            lines.append(chapter)
        line = "  ".join(pad(cell, w) for cell, w in zip(cells, widths, strict=True))
        lines.append(("  " + line).rstrip())
    lines.extend(challenge_lines(progress, [(lid, title) for _c, lid, title in known]))
    solved, stars, seconds = progress.totals()
    total_levels = len(known_ids | set(progress.levels))
    lines.append(
        f"\nSolved {solved} of {total_levels} level(s), {stars} star(s), "
        f"{duration_text(seconds)} played."
    )
    settings = progress.settings
    language = settings.language or "from the system locale"
    lines.append(
        f"Settings: language {language}, animation speed {settings.animation_speed}/5, "
        f"reduced motion {_on(settings.reduced_motion)}, theme {settings.theme}, "
        f"colour-blind palette {_on(settings.colour_blind)}, "
        f"all levels unlocked {_on(settings.unlock_all)}."
    )
    return "\n".join(lines)


def challenge_lines(progress: Progress, known: list[tuple[str, str]]) -> list[str]:
    """The break-it challenges played (shipped levels in play order, then others)."""
    if not progress.challenges:
        return []
    titles = dict(known)
    order = [lid for lid, _title in known if lid in progress.challenges]
    order += sorted(set(progress.challenges) - set(order))
    rows = []
    for level_id in order:
        entry = progress.challenges[level_id]
        switches = "" if entry.switches is None else f"{entry.switches} of {entry.limit} switches"
        rows.append(
            [
                level_id,
                titles.get(level_id, ""),
                "✓" if entry.won else "",
                stars_text(entry.stars),
                str(entry.tries),
                switches,
            ]
        )
    header = ["break it", "title", "won", "stars", "tries", "best"]
    widths = [
        max([text_width(header[col])] + [text_width(row[col]) for row in rows])
        for col in range(len(header))
    ]
    lines = ["", "  " + "  ".join(pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append(
            ("  " + "  ".join(pad(c, w) for c, w in zip(row, widths, strict=True))).rstrip()
        )
    won = sum(1 for entry in progress.challenges.values() if entry.won)
    stars = sum(entry.stars for entry in progress.challenges.values())
    lines.append(f"Broke {won} of {len(rows)} challenge(s) tried, {stars} star(s).")
    return lines


def _on(flag: bool) -> str:
    return "on" if flag else "off"
