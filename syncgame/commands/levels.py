"""`syncgame levels` and `syncgame check`: list and validate level files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from syncgame.commands.common import CommandError, pad, text_width
from syncgame.level.loader import LevelError, check_paths, discover_levels, level_files
from syncgame.level.model import Level
from syncgame.paths import levels_dir


def register(subparsers) -> None:
    levels = subparsers.add_parser(
        "levels",
        help="list the levels",
        description="List every level by chapter: id, title (en and zh), file.",
    )
    levels.add_argument("--json", action="store_true", help="print a JSON list instead")
    levels.add_argument(
        "--dir", type=Path, metavar="FOLDER", help="a folder of levels (default: shipped levels)"
    )
    levels.set_defaults(run=run_levels)

    check = subparsers.add_parser(
        "check",
        help="validate level files",
        description="Validate level files; print FILE:LINE: message for each problem. "
        "Exit status: 0 all valid, 1 problems found, 2 bad arguments.",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a file or folder")
    check.set_defaults(run=run_check)


# --- levels ---------------------------------------------------------------------------


def level_json(level: Level) -> dict:
    return {
        "id": level.id,
        "chapter": level.chapter,
        "order": level.order,
        "title": {"en": level.title.en, "zh": level.title.zh},
        "notes_section": level.notes_section,
        "path": str(level.path),
    }


def _shown_path(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def levels_table(levels: list[Level]) -> str:
    """Levels grouped under their chapter, one aligned row each."""
    rows = [(lv.id, lv.title.en, lv.title.zh, _shown_path(lv.path)) for lv in levels]
    widths = [max((text_width(row[col]) for row in rows), default=0) for col in range(3)]
    lines: list[str] = []
    chapter = None
    for level, row in zip(levels, rows, strict=True):
        if level.chapter != chapter:
            chapter = level.chapter
            lines.append(("\n" if lines else "") + chapter)
        cells = [pad(cell, width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  " + "  ".join(cells + [row[3]]))
    return "\n".join(lines)


def run_levels(args: argparse.Namespace) -> int:
    folder = args.dir or levels_dir()
    if not folder.is_dir():
        raise CommandError(f"no such folder: {folder}")
    try:
        levels = discover_levels(folder)
    except LevelError as error:
        for problem in error.problems:
            print(problem)
        return 1
    if args.json:
        print(json.dumps([level_json(level) for level in levels], ensure_ascii=False, indent=2))
    elif levels:
        print(levels_table(levels))
    else:
        print(f"no levels in {folder}")
    return 0


# --- check ----------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    files = 0
    for path in args.paths:
        if path.is_dir():
            files += len(level_files(path))
        elif path.exists():
            files += 1
        else:
            raise CommandError(f"no such file or folder: {path}")
    if files == 0:
        raise CommandError("no level files (*.toml) found")
    problems = check_paths(args.paths)
    for problem in problems:
        print(problem)
    noun = "level file" if files == 1 else "level files"
    if not problems:
        print(f"{files} {noun} OK")
        return 0
    bad = len({problem.file for problem in problems})
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    print(f"{count} in {bad} of {files} {noun}", file=sys.stderr)
    return 1
