"""Where the game's files live: the shipped levels and assets (installed or in a source
checkout), and the player's own data (the save, crash logs, "My levels")."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "SYNCGAME_DATA_DIR"
"""Set it to keep the player's data somewhere else (tests, a second profile)."""

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    # A wheel carries the data inside the package (see pyproject's force-include);
    # a source checkout or editable install has it at the repository's top level.
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def levels_dir() -> Path:
    return _data_dir("levels")


def assets_dir() -> Path:
    return _data_dir("assets")


def user_data_dir() -> Path:
    """The player's data folder: `$SYNCGAME_DATA_DIR`, or the user data folder of this OS."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only when needed: the game starts faster without it

    return Path(platformdirs.user_data_dir("syncgame", appauthor=False))
