"""Faults while playing: quitting mid-run, mid-judging and in scheduler mode; a tiny terminal;
the level file deleted under the game; a save that cannot be written; an internal error.

Each ends the way a player expects: the game quits promptly and leaves no thread or process
running, keeps going with a clear message, or (for a bug of ours) stops with one line that
says where the details were logged, never a traceback on the screen.
"""

from __future__ import annotations

import asyncio
import errno
import io
import multiprocessing
import shutil
import threading
import time

import pytest
from rich.console import Console

from syncgame import files
from syncgame.paths import levels_dir
from syncgame.play import errorlog
from syncgame.play.catalog import load_catalog
from syncgame.play.progress import FILE_NAME, Progress
from syncgame.ui.screens.judging import JudgingScreen
from syncgame.ui.screens.level_select import LevelSelectScreen
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.screens.play.screen import PlayScreen
from syncgame.ui.screens.verdict import VerdictScreen
from tests.ui.fixtures import SLOW
from tests.ui.fixtures import catalog as fixture_catalog
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(90)


def _settled(baseline: int, timeout: float = 5.0) -> bool:
    """Threads back to `baseline` and no child process left, within `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if threading.active_count() <= baseline and not multiprocessing.active_children():
            return True
        time.sleep(0.05)
    return False


def _game_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t is not threading.main_thread()]


@pytest.fixture
def baseline() -> int:
    _settled(threading.active_count())  # earlier tests' carriers end after 0.4 s idle
    return threading.active_count()


# --- quitting --------------------------------------------------------------------------------


def test_quit_during_a_live_run(baseline):
    app = asyncio.run(_quit_during_a_live_run())
    assert app.return_code == 0
    assert _settled(baseline), _game_threads()


async def _quit_during_a_live_run():
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, app.catalog.by_id("lock-counter"))
        play = app.screen
        await pilot.press("space")
        await wait_for(pilot, lambda: play.playback is not None and play.playback.index >= 1)
        assert any(name == "syncgame-live" for name in _game_threads())
        started = time.monotonic()
        await pilot.press("ctrl+q")
    assert time.monotonic() - started < 5.0
    return app


def test_quit_during_judging(baseline):
    app = asyncio.run(_quit_during_judging())
    assert app.return_code == 0
    assert _settled(baseline), (_game_threads(), multiprocessing.active_children())


async def _quit_during_judging():
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, SLOW)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, JudgingScreen), what="judging")
        judging = app.screen
        await wait_for(
            pilot,
            lambda: "schedules explored" in str(judging.query_one("#judge-progress").render()),
            what="the judge's workers to report",
        )
        assert len(multiprocessing.active_children()) == 2
        await pilot.press("ctrl+q")
    return app


def test_quit_in_scheduler_mode(baseline):
    app = asyncio.run(_quit_in_scheduler_mode())
    assert app.return_code == 0
    assert _settled(baseline), _game_threads()


async def _quit_in_scheduler_mode():
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, app.catalog.by_id("lock-counter"))
        play = app.screen
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await pilot.press("1", "2", "1")
        await pilot.press("ctrl+q")
    return app


# --- a tiny terminal -------------------------------------------------------------------------


@sync
async def test_resized_to_40x12_and_back_on_every_screen():
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:

        async def squeeze() -> None:
            await pilot.resize_terminal(40, 12)
            await pilot.pause(0.05)
            assert app.size == (40, 12)
            app.screen.refresh()
            await pilot.pause(0.05)
            await pilot.resize_terminal(120, 40)
            await pilot.pause(0.05)
            assert app.size == (120, 40)

        await squeeze()  # title
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        await squeeze()
        await open_level(pilot, app.catalog.by_id("lock-counter"))
        play = app.screen
        await pilot.press("plus", "plus", "plus", "plus")  # the fastest pace
        await pilot.press("space")  # a live run goes on while the terminal shrinks
        await wait_for(pilot, lambda: play.playback is not None and play.playback.index >= 1)
        await squeeze()
        await wait_for(pilot, lambda: play.playback.finished, what="the live run to end")
        await pilot.press("escape", "m")  # scheduler mode, squeezed
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await squeeze()
        await pilot.press("escape", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), what="verdict")
        await squeeze()
        assert app.is_running


# --- the level file goes away ---------------------------------------------------------------


@sync
async def test_a_level_file_deleted_while_being_played(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    path = folder / "lock-counter.toml"
    shutil.copy(levels_dir() / "lock-counter.toml", path)
    catalog = load_catalog(folder)
    assert [level.id for level in catalog.levels] == ["lock-counter"]
    app = make_app(catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, catalog.by_id("lock-counter"))
        play = app.screen
        path.unlink()
        await pilot.press("plus", "plus", "plus", "plus", "space")
        await wait_for(pilot, lambda: play.playback is not None and play.playback.finished)
        await pilot.press("escape", "m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await pilot.press("escape", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), what="verdict")
        assert app.screen.verdict["reason"] == "assertion"  # judged from memory, as loaded
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, PlayScreen))
        assert app.is_running


# --- saving fails -----------------------------------------------------------------------------


def _existing_save() -> bytes:
    saved = Progress.load()
    saved.record("lock-brief", passed=True, stars=3, primitives=1, makespan=2.0)
    saved.save()
    return saved.path.read_bytes()


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("fsync", OSError(errno.ENOSPC, "No space left on device")),
        ("mkstemp", OSError(errno.EROFS, "Read-only file system")),
    ],
    ids=["disk-full", "read-only"],
)
@sync
async def test_a_save_that_fails_is_told_and_the_old_save_stays(monkeypatch, where, error):
    before = _existing_save()
    path = Progress.load().path

    def fail(*_args, **_kwargs):
        raise error

    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, app.catalog.by_id("lock-counter"))
        target = files.os if where == "fsync" else files.tempfile
        monkeypatch.setattr(target, where, fail)
        await pilot.press("s")  # a submission is recorded, and the save fails
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), what="verdict")
        await pilot.pause(0.2)
        told = [str(n.message) for n in app._notifications]
        assert any(
            "Cannot save your progress" in text and str(path) in text and error.strerror in text
            for text in told
        ), told
        assert not any("Traceback" in text for text in told)
        await pilot.press("escape")  # the game goes on
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert app.is_running
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [FILE_NAME]


# --- a bug of ours ----------------------------------------------------------------------------


@sync
async def test_an_internal_error_goes_to_the_log_not_the_screen(monkeypatch, private_save_folder):
    def broken(self):
        raise RuntimeError("a bug in the game")

    monkeypatch.setattr(PlayScreen, "action_hint", broken)
    app = make_app(fixture_catalog())
    errorlog.install(app)
    screen = io.StringIO()
    app.error_console = Console(file=screen, width=200)
    with pytest.raises(RuntimeError, match="a bug in the game"):
        async with app.run_test(size=(120, 40)) as pilot:
            await open_level(pilot, app.catalog.by_id("lock-counter"))
            await pilot.press("h")
            await pilot.pause(0.5)
    assert app.return_code == 1
    log = private_save_folder / errorlog.LOG_NAME
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: a bug in the game" in text
    shown = screen.getvalue()
    assert "Traceback" not in shown
    assert f"syncgame stopped after an internal error (RuntimeError); details in {log}" in " ".join(
        shown.split()
    )


def test_a_thread_that_dies_writes_to_the_log(private_save_folder, monkeypatch):
    monkeypatch.setattr(threading, "excepthook", errorlog._thread_excepthook)

    def die():
        raise ValueError("a worker thread failed")

    thread = threading.Thread(target=die, name="syncgame-test-thread")
    thread.start()
    thread.join()
    text = (private_save_folder / errorlog.LOG_NAME).read_text(encoding="utf-8")
    assert "in thread syncgame-test-thread" in text and "ValueError: a worker thread failed" in text


def test_the_log_stays_small(private_save_folder, monkeypatch):
    monkeypatch.setattr(errorlog, "MAX_BYTES", 2000)
    for number in range(40):
        try:
            raise KeyError(number)
        except KeyError as error:
            errorlog.record(error, "test")
    log = private_save_folder / errorlog.LOG_NAME
    assert log.stat().st_size < 2000 + 1000
    assert (private_save_folder / (errorlog.LOG_NAME + ".1")).exists()


def test_an_unwritable_log_does_not_fail(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SYNCGAME_DATA_DIR", str(blocker / "data"))
    try:
        raise OSError("whatever")
    except OSError as error:
        assert errorlog.record(error) is None
        assert "could not be written" in errorlog.message(error, None)
