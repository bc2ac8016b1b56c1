"""The `syncgame` command (also `python -m syncgame`).

Each subcommand is added by a module listed in COMMAND_MODULES, through its
`register(subparsers)`: it adds its parser and sets `run=function(args) -> int` as a default.
A command reports bad input by raising `CommandError` (one line on stderr, no traceback).
Modules are imported whenever the parser is built: they must not import Textual at the top.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from syncgame import __version__

COMMAND_MODULES = (
    "syncgame.level.commands",
    "syncgame.judge.commands",
    "syncgame.progress_commands",
    "syncgame.serve",
    "syncgame.editor_commands",
)
"""Modules that add subcommands; `syncgame --help` lists them after `play`."""

USAGE_ERROR = 2


class CommandError(Exception):
    """Bad input to a command: printed as one line on stderr, exit status `code`."""

    def __init__(self, message: str, code: int = USAGE_ERROR):
        super().__init__(message)
        self.code = code


def register_play(subparsers) -> None:
    parser = subparsers.add_parser(
        "play", help="start the game", description="Start the game, or open one level."
    )
    parser.add_argument(
        "level",
        nargs="?",
        metavar="LEVEL_ID_OR_PATH",
        help="a level id (see `syncgame levels`) or the path of a level file",
    )
    parser.set_defaults(run=run_play)


def run_play(args: argparse.Namespace) -> int:
    from syncgame.ui.app import run_app  # Textual loads only when the game starts

    return run_app(level=args.level)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="syncgame",
        description="A terminal puzzle game about Python thread synchronization.",
    )
    parser.add_argument("--version", action="version", version=f"syncgame {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_play(subparsers)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line `argv` (default: sys.argv[1:]) and return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors (status 2)
        return exit_.code if isinstance(exit_.code, int) else USAGE_ERROR
    try:
        return args.run(args)
    except CommandError as error:
        print(f"syncgame {args.command}: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `syncgame levels | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
