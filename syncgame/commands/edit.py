"""`syncgame edit [FILE]`: the level editor.

Without FILE it opens on the editor's home (a new level, a copy, or one of "My levels");
a FILE that does not exist yet is a new level, saved there.
A shipped level opens as a copy in the user's levels folder; any other file is edited in
place. A file that is not valid TOML is reported with its line and left untouched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from syncgame.commands.common import CommandError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "edit",
        help="open the level editor",
        description="Open the level editor, on a level file or on the editor's home. "
        "New levels and copies of shipped levels are saved in the user's levels folder "
        "(set SYNCGAME_DATA_DIR to use another folder).",
    )
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="a level file (a shipped level opens as a copy)",
    )
    parser.set_defaults(run=run_edit)


def run_edit(args: argparse.Namespace) -> int:
    from syncgame.level.problems import LevelError
    from syncgame.level.templates import empty_level, open_for_editing

    document = None
    if args.file is not None and not args.file.exists():
        if args.file.suffix != ".toml":
            raise CommandError(f"no such file: {args.file} (a new level file ends in .toml)")
        document = empty_level(args.file.parent, args.file.stem)  # created on the first save
    elif args.file is not None:
        if not args.file.is_file():
            raise CommandError(f"not a file: {args.file}")
        try:
            document = open_for_editing(args.file)
        except LevelError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print(f"syncgame edit: {args.file} was not changed", file=sys.stderr)
            return 1
    from syncgame.ui.editor.app import run_editor  # Textual loads only now

    return run_editor(document)
