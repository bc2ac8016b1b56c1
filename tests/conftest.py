"""Shared fixtures. Tests find data next to this file, so they run the same against a source
checkout and against an installed wheel."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from syncgame.paths import levels_dir

TESTS_DIR = Path(__file__).resolve().parent
BAD_LEVELS_DIR = TESTS_DIR / "bad_levels"


@pytest.fixture(scope="session", autouse=True)
def private_save_folder(tmp_path_factory):
    """The whole run saves progress and settings in a temporary folder, never the player's."""
    folder = tmp_path_factory.mktemp("syncgame-data")
    saved = os.environ.get("SYNCGAME_DATA_DIR")
    os.environ["SYNCGAME_DATA_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("SYNCGAME_DATA_DIR", None)
    else:
        os.environ["SYNCGAME_DATA_DIR"] = saved


@pytest.fixture(scope="session")
def shipped_levels_dir() -> Path:
    """The shipped levels, wherever the running syncgame package finds them."""
    folder = levels_dir()
    assert folder.is_dir(), f"shipped levels not found at {folder}"
    return folder


@pytest.fixture(scope="session")
def bad_levels_dir() -> Path:
    return BAD_LEVELS_DIR
