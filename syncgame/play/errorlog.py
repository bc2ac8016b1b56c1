"""Errors the player should never see as a traceback: they go to a log file instead.

`install(app)` makes an unexpected error in the Textual app (or in one of the game's own
threads) append its traceback to `errors.log` in the user's data folder; the game then
stops with one line that says where the details are. `record(error)` appends one error; it
never raises (a log that cannot be written must not hide the error it was about).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
import threading
import traceback
from pathlib import Path

LOG_NAME = "errors.log"
MAX_BYTES = 256 * 1024
"""Past this size the log is moved to errors.log.1 (one old log kept)."""

_lock = threading.Lock()


def log_path() -> Path:
    from syncgame.paths import user_data_dir

    return user_data_dir() / LOG_NAME


def record(error: BaseException, where: str = "") -> Path | None:
    """Append `error` with its traceback to the log; the log's path, or None if unwritable."""
    from syncgame import __version__

    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    text = f"--- {stamp} syncgame {__version__} {where}\n{''.join(lines)}\n"
    try:
        path = log_path()
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                if path.stat().st_size > MAX_BYTES:
                    os.replace(path, path.with_name(LOG_NAME + ".1"))
            with open(path, "a", encoding="utf-8") as log:
                log.write(text)
        return path
    except Exception:  # noqa: BLE001 - the log is a courtesy; never fail because of it
        return None


def message(error: BaseException, path: Path | None) -> str:
    """The one line the player sees instead of a traceback."""
    where = f"details in {path}" if path else "the error log could not be written"
    return f"syncgame stopped after an internal error ({type(error).__name__}); {where}"


def install(app) -> None:
    """Send `app`'s unexpected errors to the log; the player sees one line when it exits."""

    def handle_exception(error: Exception) -> None:
        path = record(error, "in the app")
        app._return_code = 1
        if app._exception is None:  # what a test's pilot re-raises, as Textual does
            app._exception = error
            app._exception_event.set()
        app.bell()
        app._exit_renderables.append(message(error, path))
        app._close_messages_no_wait()

    app._handle_exception = handle_exception
    threading.excepthook = _thread_excepthook


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    """A thread that dies of an error writes it to the log, not over the game's screen."""
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "a thread"
    if record(args.exc_value, f"in thread {name}") is None:
        sys.__excepthook__(args.exc_type, args.exc_value, args.exc_traceback)
