"""The level editor, driven by keys: make a level from scratch, test it, save it, reopen it,
play it and solve it; snapshots of its key states; bad input never crashes it."""

from __future__ import annotations

import pytest

from syncgame.level.loader import check_paths, load_level
from syncgame.level.templates import user_levels_dir
from syncgame.ui.editor import EditorHome, EditorScreen
from syncgame.ui.editor.fields import FieldCode, KeyRow
from syncgame.ui.screens.play import PlayScreen
from syncgame.ui.screens.title import TitleScreen
from syncgame.ui.screens.verdict import VerdictScreen
from tests.ui.fixtures import catalog
from tests.ui.helpers import make_app, screen_name, sync, wait_for

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Each test has its own user data folder (My levels, ready marks, progress)."""
    monkeypatch.setenv("SYNCGAME_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


async def type_text(pilot, text: str) -> None:
    keys = {"\n": "enter", " ": "space"}
    await pilot.press(*[keys.get(ch, ch) for ch in text])


async def checked(pilot, editor: EditorScreen) -> None:
    """Wait until live validation has caught up with the document."""
    await wait_for(
        pilot,
        lambda: editor.validation is not None and editor.validation.text == editor.document.text(),
        what="validation",
    )


def focused_path(app):
    return getattr(app.focused, "path", None)


A_CODE = "shared.counter += 1\n"  # a read, then a write: another thread may come between
A_FIXED = "with lock:\n    shared.counter += 1\n"


@sync
async def test_make_a_level_by_keys_test_save_reopen_play_and_solve(data_dir):
    app = make_app(catalog())
    app.progress.settings.unlock_all = True
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorHome), what="editor home")
        await pilot.press("enter")  # "New empty level" is highlighted first
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen), what="editor")
        editor = app.screen
        await checked(pilot, editor)
        assert len(editor.validation.problems) == 4  # empty titles and briefings

        # 1 Level: the id (also the file name)
        await pilot.press("1", "enter")
        assert focused_path(app) == ("id",)
        await type_text(pilot, "two-clerks")
        # 2 Texts: title and briefing in both languages
        await pilot.press("escape", "2", "enter")
        assert focused_path(app) == ("title", "en")
        await type_text(pilot, "Two clerks")
        await pilot.press("tab")
        await type_text(pilot, "两个职员")
        await pilot.press("tab")
        assert focused_path(app) == ("briefing", "en")
        await type_text(pilot, "Each adds 1.")
        await pilot.press("tab")
        await type_text(pilot, "各加1。")
        # 4 State: a shared counter and a palette with one Lock
        await pilot.press("escape", "4", "enter")  # "+ Add a variable" is the first control
        await pilot.press("enter")
        assert isinstance(app.focused.row, KeyRow)
        await type_text(pilot, "counter")  # the new row's name is selected: typing replaces
        # past its value, its remove button, "+ Add a variable", "+ Add a primitive"
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        assert focused_path(app) == ("palette", "Lock")
        await type_text(pilot, "1")
        # 5 Threads: rename the template's thread, write its code, add a second thread
        await pilot.press("escape", "5", "enter")  # the helpers' code box
        await pilot.press("escape")  # a code box: Esc moves on (to the thread's buttons)
        await pilot.press("tab", "tab", "tab")
        assert focused_path(app) == ("threads", 0, "name")
        await type_text(pilot, "alice")
        await pilot.press("tab", "tab")
        assert focused_path(app) == ("threads", 0, "code")
        await pilot.press("f7")  # select all
        await type_text(pilot, A_CODE)
        await pilot.press("escape")  # leave the code box: the thread's problem line, then "+ Add"
        while not (getattr(app.focused, "op", None) == "add-thread"):
            await pilot.press("tab")
        await pilot.press("enter")
        await wait_for(pilot, lambda: focused_path(app) == ("threads", 1, "name"))
        await type_text(pilot, "bob")
        await pilot.press("tab", "tab", "f7")
        await type_text(pilot, A_CODE)
        # 6 Goal: the final check
        await pilot.press("escape", "escape", "6", "enter")
        assert focused_path(app) == ("goal", "final")
        await type_text(pilot, "shared.counter == 2")
        # 7 Reference: a lock, and the code of both threads; par 1
        await pilot.press("escape", "7", "enter")  # "+ Add a primitive"
        await pilot.press("enter")
        await type_text(pilot, "lock")
        await pilot.press("tab")  # its constructor: Lock() already
        for name in ("alice", "bob"):
            while focused_path(app) != ("solution", "threads", name):
                await pilot.press("tab")
            await type_text(pilot, A_FIXED)
            await pilot.press("escape")
        while focused_path(app) != ("par", "primitives"):
            await pilot.press("tab")
        await type_text(pilot, "1")
        await checked(pilot, editor)
        assert editor.validation.problems == (), [
            str(p.problem) for p in editor.validation.problems
        ]

        # Test: the start fails (a lost update), the reference passes: ready
        await pilot.press("f5")
        await wait_for(pilot, lambda: editor.report is not None, timeout=40, what="the Test")
        report = editor.report
        assert report.start.ok and report.start.result["reason"] == "assertion"
        assert report.reference.ok and report.reference.result["verdict"] == "pass"
        assert report.ready
        start_text = str(app.screen.query_one("#test-start").render())
        assert "fails, as it must" in start_text and "assertion" in start_text
        assert "READY" in str(app.screen.query_one("#test-ready").render())

        # Save: a valid level file in the user's levels folder, marked ready
        await pilot.press("ctrl+s")
        path = user_levels_dir() / "two-clerks.toml"
        assert path.is_file() and check_paths([path]) == []
        assert not editor.document.modified
        level = load_level(path)
        assert [spec.name for spec in level.threads] == ["alice", "bob"]
        assert level.shared == {"counter": 0} and level.palette == {"Lock": 1}
        assert level.solution.primitives == {"lock": "Lock()"}
        assert level.solution.threads == {"alice": A_FIXED, "bob": A_FIXED}

        # Leave, and reopen it from My levels
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorHome))
        home = app.screen
        assert [lv.id for lv in home.mine] == ["two-clerks"]
        listing = home.query_one("#home-list")
        assert "ready" in str(listing.get_option("mine-0").prompt)
        await pilot.press("down", "down", "enter")  # new, copy, (My levels), two-clerks
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        reopened = app.screen
        assert reopened.document.path == path and not reopened.document.modified
        reopened.show_section("threads")
        await pilot.pause()
        codes = [w.text for w in reopened.query(FieldCode) if w.path[-1] == "code"][1:]
        assert codes == [A_CODE, A_CODE]

        # Play-test it and solve it: a lock around both threads' read and write
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), what="play screen")
        play = app.screen
        for _pane in ("alice", "bob"):
            await pilot.press("enter")  # line 1 of the focused pane
            await wait_for(pilot, lambda: screen_name(app) == "PlaceMenu")
            assert app.screen.actions[0].label.startswith("with lock")
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
            await pilot.press("tab")
        assert play.board.draft.source("alice") == A_FIXED
        assert play.board.draft.source("bob") == A_FIXED
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), what="verdict")
        assert app.screen.passed
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert app.screen is reopened
