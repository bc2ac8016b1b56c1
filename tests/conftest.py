"""Shared fixtures. Tests find data next to this file, so they run the same against a source
checkout and against an installed wheel."""

from __future__ import annotations

from pathlib import Path

import pytest

from syncgame.paths import levels_dir

TESTS_DIR = Path(__file__).resolve().parent
BAD_LEVELS_DIR = TESTS_DIR / "bad_levels"


@pytest.fixture(autouse=True)
def private_save_folder(tmp_path_factory, monkeypatch):
    """Each test saves progress and settings in a fresh folder of its own, never the player's
    (and never another test's: a level solved in one test shows no stars in the next)."""
    folder = tmp_path_factory.mktemp("syncgame-data")
    monkeypatch.setenv("SYNCGAME_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def shipped_levels_dir() -> Path:
    """The shipped levels, wherever the running syncgame package finds them."""
    folder = levels_dir()
    assert folder.is_dir(), f"shipped levels not found at {folder}"
    return folder


@pytest.fixture(scope="session")
def bad_levels_dir() -> Path:
    return BAD_LEVELS_DIR
