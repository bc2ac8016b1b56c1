"""`syncgame serve [--port N]`: the same game in a web browser, served on localhost.

textual-serve runs one `syncgame play` process per browser tab and relays its screen to the
page (xterm.js) over a WebSocket. It listens on localhost only: whoever opens the page runs the
game on this machine, so it is not offered to the network. Textual and textual-serve load only
when the command runs.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys

from syncgame.commands.common import CommandError

HOST = "localhost"
DEFAULT_PORT = 8000


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="play in a web browser (on localhost)",
        description="Serve the game at http://localhost:PORT (textual-serve): each browser tab "
        "gets its own game, with the same saved progress. Ctrl+C stops the server.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"the port to listen on (default {DEFAULT_PORT})",
    )
    parser.set_defaults(run=run_serve)


def play_command() -> str:
    """The shell command each browser tab runs: this Python, this syncgame."""
    argv = [sys.executable, "-m", "syncgame", "play"]
    if sys.platform == "win32":
        return subprocess.list2cmdline(argv)
    return shlex.join(argv)


def url(port: int) -> str:
    return f"http://{HOST}:{port}"


def run_serve(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise CommandError(f"--port must be from 1 to 65535, not {args.port}")
    try:
        from textual_serve.server import Server
    except ImportError as error:  # installed without its dependencies
        raise CommandError(f"textual-serve is not installed ({error})", code=1) from None
    server = Server(play_command(), host=HOST, port=args.port, title="syncgame")
    try:
        server.serve()
    except OSError as error:  # the port is taken, or not allowed
        reason = error.strerror or error
        raise CommandError(f"cannot listen on {url(args.port)}: {reason}", 1) from None
    return 0
