"""`syncgame play [LEVEL]`: the game itself."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
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
