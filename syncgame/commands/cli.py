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
from syncgame.commands.common import USAGE_ERROR, CommandError

COMMAND_MODULES = (
    "syncgame.commands.play",
    "syncgame.commands.levels",
    "syncgame.commands.judge",
    "syncgame.commands.progress",
    "syncgame.commands.serve",
    "syncgame.commands.edit",
)
"""Modules that add subcommands, in the order `syncgame --help` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="syncgame",
        description="A terminal puzzle game about Python thread synchronization.",
    )
    parser.add_argument("--version", action="version", version=f"syncgame {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
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
