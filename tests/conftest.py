"""Shared fixtures. Tests find data next to this file, so they run the same against a source
checkout and against an installed wheel."""

from __future__ import annotations

from pathlib import Path

import pytest
import textual._wait

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


IDLE_WINDOW = 1 / 200
"""Seconds: how often a pilot test looks whether the app has gone idle (Textual's: 1/50)."""


@pytest.fixture(scope="session", autouse=True)
def quick_idle_checks():
    """Textual's pilot waits after every key press (twice) and at every `pause()` until the
    app used under 5% of a CPU over one window, sleeping a whole window first: 1/50 s, so a
    key cost at least 40 ms however little it did, and the pilot tests press thousands. The
    same 5% share over windows of 1/200 s: tests/ui takes about 45% less time, its screens
    and snapshots unchanged. A window is now shorter than a screen refresh (1/60 s), so what
    a test looks at must not wait for one: the footer redraws as a message for that (see
    syncgame/ui/widgets/footer.py), and a test waits for anything else with `wait_for`."""
    saved = textual._wait.SLEEP_GRANULARITY, textual._wait.SLEEP_IDLE
    textual._wait.SLEEP_GRANULARITY = IDLE_WINDOW
    textual._wait.SLEEP_IDLE = IDLE_WINDOW / 20
    yield
    textual._wait.SLEEP_GRANULARITY, textual._wait.SLEEP_IDLE = saved


@pytest.fixture(scope="session")
def shipped_levels_dir() -> Path:
    """The shipped levels, wherever the running syncgame package finds them."""
    folder = levels_dir()
    assert folder.is_dir(), f"shipped levels not found at {folder}"
    return folder


@pytest.fixture(scope="session")
def bad_levels_dir() -> Path:
    return BAD_LEVELS_DIR
