"""The level editor, driven by keys: make a level from scratch, test it, save it, reopen it,
play it and solve it; snapshots of its key states; bad input never crashes it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key

from syncgame.judge import judge_level
from syncgame.level.loader import check_paths, load_level, parse_level
from syncgame.level.templates import copy_of, empty_level, open_for_editing, user_levels_dir
from syncgame.ui.editor import EditorHome, EditorScreen
from syncgame.ui.editor.fields import FieldCode, KeyRow, OpButton
from syncgame.ui.editor.screen import LevelTested
from syncgame.ui.editor.testing import (
    Readiness,
    reference_outcome,
    start_outcome,
    verdict_result,
)
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.screens.play.screen import PlayScreen
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
    """Type `text` as key events, one a character, in order (then let the app settle once:
    `pilot.press` waits for the app to idle after every key, which makes long texts slow)."""
    for ch in text:
        if ch == "\n":
            key, character = "enter", "\r"
        elif ch.isalnum():
            key, character = ch, ch
        else:
            key, character = _character_to_key(ch), ch
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


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
        await type_text(pilot, "各加1")
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


# --- bad input never crashes ----------------------------------------------------------------


def notices(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def open_editor(pilot, document) -> EditorScreen:
    pilot.app.push_screen(EditorScreen(document))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EditorScreen), what="editor")
    editor = pilot.app.screen
    await checked(pilot, editor)
    return editor


@sync
async def test_invalid_input_is_shown_where_it_is_and_never_crashes(shipped_levels_dir, data_dir):
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, copy_of(shipped_levels_dir / "lock-counter.toml"))
        assert editor.validation.problems == ()
        # worker code that the sandbox refuses, typed at the end of the thread's code
        await pilot.press("5", "enter", "escape", "tab", "tab", "tab", "tab", "tab")
        assert focused_path(app) == ("threads", 0, "code")
        code = app.focused
        await pilot.press("down", "down", "down")  # the empty last line
        await type_text(pilot, "import os")
        await checked(pilot, editor)
        [problem] = editor.validation.problems
        assert problem.message == "import is not allowed in level code"
        assert problem.path == ("threads", 0, "code") and problem.code_line == 4
        assert code.problem_lines == {4}
        label = next(lb for lb in editor._labels if lb.target is code)
        assert label.messages == ["line 4: import is not allowed in level code"]
        # Test and Play-test refuse a level with problems, and say why
        await pilot.press("f5")
        assert editor.testing is None and editor.report is None
        await pilot.press("f8")
        assert isinstance(app.screen, EditorScreen)
        assert any("Fix the problems first (1)" in text for text in notices(app))
        # it still saves (a draft), and `syncgame check` says the same thing at the same line
        await pilot.press("ctrl+s")
        saved = [p for p in check_paths([editor.document.path])]
        assert [(p.line, p.message) for p in saved] == [(problem.problem.line, problem.message)]
        # a number field given words, a shared value in Python spelling: the editor's own notes
        await pilot.press("escape", "escape", "1", "enter", "tab", "tab")
        assert focused_path(app) == ("order",)
        await type_text(pilot, "ten")
        await pilot.press("escape", "4", "enter", "tab")  # the counter row's value
        assert focused_path(app) == ("shared", "counter")
        await type_text(pilot, "True")
        await checked(pilot, editor)
        await pilot.pause(0.3)
        shown = [m for lb in editor._labels for m in lb.messages]
        assert "'ten' is not a whole number" in shown
        assert any("TOML writes true" in m for m in shown)
        assert editor.document.get(("order",)) == 10  # nothing half-written
        assert editor.document.get(("shared", "counter")) == 0
        # a goal expression that does not parse: its line in the box
        await pilot.press("escape", "6", "enter", "end", "enter")
        assert focused_path(app) == ("goal", "final")
        await type_text(pilot, "len(")
        await checked(pilot, editor)
        await pilot.pause(0.3)
        label = next(lb for lb in editor._labels if lb.target is app.focused)
        assert label.messages and label.messages[0].startswith("line 2: syntax error")
        # a primitive type that does not exist, a second thread with the same name
        editor.document.set(("primitives", "m"), "Mutex()")
        editor.document.add_entry("threads", {"name": "inc", "code": "pass\n"})
        editor._edited()
        await checked(pilot, editor)
        messages = {p.message for p in editor.validation.problems}
        assert "duplicate thread name 'inc'" in messages
        assert any("Mutex" in m for m in messages)


@sync
async def test_invalid_toml_is_shown_with_its_line_and_the_file_is_untouched(data_dir):
    folder = data_dir / "levels"
    folder.mkdir(parents=True)
    broken = folder / "broken.toml"
    broken.write_bytes(b'format = 1\nid = "broken"\nchapter = Lock\n')
    before = (broken.read_bytes(), broken.stat().st_mtime_ns)
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorHome))
        home = app.screen
        await pilot.press("down", "down")  # new, copy, (My levels: a title), broken.toml
        info = str(home.query_one("#home-info").render())
        assert "broken.toml:3: TOML syntax error" in info
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorHome)  # not opened
        assert any("broken.toml:3:" in text for text in notices(app))
    assert (broken.read_bytes(), broken.stat().st_mtime_ns) == before


def test_syncgame_edit_on_invalid_toml_says_where_and_changes_nothing(tmp_path, capsys):
    from syncgame.commands.cli import main

    broken = tmp_path / "x.toml"
    broken.write_text('format = 1\nid = "x"\norder = = 3\nchapter = "Lock"\n')
    before = broken.read_bytes()
    assert main(["edit", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:3: TOML syntax error" in err and "was not changed" in err
    assert broken.read_bytes() == before


@sync
async def test_read_only_target_folder_is_a_clear_message_and_nothing_is_lost(
    shipped_levels_dir, tmp_path
):
    from tests.test_writer import read_only

    folder = tmp_path / "pack"
    folder.mkdir()
    path = folder / "lock-counter.toml"
    original = (shipped_levels_dir / "lock-counter.toml").read_bytes()
    path.write_bytes(original)
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, open_for_editing(path))
        assert editor.document.path == path  # not shipped: edited in place
        await pilot.press("2", "enter")
        # the section focuses its first field after a refresh: type only once it has (load)
        await wait_for(pilot, lambda: focused_path(app) == ("title", "en"), what="the title")
        await type_text(pilot, "Lost updates, again")
        await checked(pilot, editor)
        with read_only(folder):
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert any("read-only" in text and str(folder) in text for text in notices(app))
            assert path.read_bytes() == original
            assert sorted(p.name for p in folder.iterdir()) == ["lock-counter.toml"]
            assert editor.document.modified
            assert editor.document.get(("title", "en")) == "Lost updates, again"
            # leaving still asks: the edit is not lost
            await pilot.press("escape", "escape")
            await wait_for(pilot, lambda: screen_name(app) == "LeaveDialog")
            await pilot.press("escape")  # stay
            await wait_for(pilot, lambda: app.screen is editor)
        await pilot.press("ctrl+s")  # writable again: saved
        assert not editor.document.modified
        assert b"Lost updates, again" in path.read_bytes()


# --- threads, hints and rows: add, rename, reorder, remove ------------------------------------


def button(editor: EditorScreen, op: str, *args) -> OpButton:
    for widget in editor.query(OpButton):
        if widget.op == op and widget.args[: len(args)] == args:
            return widget
    raise AssertionError(f"no button {op} {args}")


async def click(pilot, widget) -> None:
    # Scrolling a widget into view takes a refresh or two before a click lands on it, and
    # more on a loaded machine: retry for a while rather than a fixed number of times.
    deadline = time.monotonic() + 15.0
    while time.monotonic() < deadline:
        widget.scroll_visible(animate=False)
        await pilot.pause(0.05)
        if await pilot.click(widget):
            await pilot.pause()
            return
    raise AssertionError(f"could not click {widget!r}")


@sync
async def test_threads_and_hints_added_renamed_moved_removed(shipped_levels_dir, data_dir):
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, copy_of(shipped_levels_dir / "lock-abba.toml"))
        document = editor.document
        editor.show_section("threads")
        await pilot.pause()
        await click(pilot, button(editor, "add-thread"))
        assert focused_path(app) == ("threads", 2, "name")
        await type_text(pilot, "audit")
        await click(pilot, button(editor, "move-entry", "threads", 2, -1))
        assert document.thread_names() == ["pay", "audit", "refund"]
        await click(pilot, button(editor, "remove-thread", 1))
        assert document.thread_names() == ["pay", "refund"]
        # renaming a thread renames its reference code
        name = editor.widget_for(("threads", 1, "name"))
        name.focus()
        await type_text(pilot, "give_back")
        assert document.get(("solution", "threads")).keys() == {"give_back"}
        editor.show_section("reference")
        await pilot.pause()
        assert editor.widget_for(("solution", "threads", "give_back")) is not None
        # hints: add one, write it, move it first, remove the old first one
        editor.show_section("hints")
        await pilot.pause()
        await click(pilot, button(editor, "add-hint"))
        assert focused_path(app) == ("hints", 3, "en")
        await type_text(pilot, "Draw it.")
        await pilot.press("tab")
        await type_text(pilot, "画出来")
        await click(pilot, button(editor, "move-entry", "hints", 3, -1))
        await click(pilot, button(editor, "move-entry", "hints", 2, -1))
        await click(pilot, button(editor, "move-entry", "hints", 1, -1))
        await click(pilot, button(editor, "remove-entry", "hints", 1))
        hints = document.get(("hints",))
        assert hints[0] == {"en": "Draw it.", "zh": "画出来"} and len(hints) == 3
        # a shared variable renamed and removed, a primitive added
        editor.show_section("state")
        await pilot.pause()
        row = next(r for r in editor.query(KeyRow) if r.path == ("shared", "a"))
        row.name_input.focus()
        await type_text(pilot, "b")  # already used: refused, shown, nothing renamed
        await checked(pilot, editor)
        await pilot.pause(0.3)
        assert row.name_input.local_problem == "'b' is already used here"
        assert document.keys(("shared",)) == ["a", "b"]
        await pilot.press("backspace")  # no name at all: refused too
        assert row.name_input.local_problem == "a name is needed"
        await type_text(pilot, "alice")
        assert document.keys(("shared",)) == ["alice", "b"]
        assert row.name_input.local_problem is None
        await click(pilot, button(editor, "remove-key", row))
        assert document.keys(("shared",)) == ["b"]
        await click(pilot, button(editor, "add-key", ("primitives",), "str"))
        await type_text(pilot, "gate")
        assert document.get(("primitives", "gate")) == "Lock()"
        await checked(pilot, editor)
        assert "# moves 10 from a to b" in document.text()  # the file's comments stay
        assert editor.validation.problems == ()


@sync
async def test_leaving_with_unsaved_changes_asks(shipped_levels_dir, data_dir):
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorHome))
        editor = await open_editor(pilot, copy_of(shipped_levels_dir / "lock-counter.toml"))
        path = editor.target_path
        await pilot.press("2", "enter")
        await type_text(pilot, "x")
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: screen_name(app) == "LeaveDialog")
        await pilot.press("escape")  # cancel: stay
        await wait_for(pilot, lambda: app.screen is editor)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "LeaveDialog")
        await pilot.press("d")  # discard
        await wait_for(pilot, lambda: isinstance(app.screen, EditorHome))
        assert not path.exists()
        # the same, saving on the way out
        editor = await open_editor(pilot, copy_of(shipped_levels_dir / "lock-counter.toml"))
        await pilot.press("2", "enter")
        await type_text(pilot, "y")
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: screen_name(app) == "LeaveDialog")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorHome))
        assert load_level(path).title.en.endswith("y")
        # an untouched new level leaves without a question
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorHome))


# --- the Test's failure on the stage; My levels in level select -------------------------------


@sync
async def test_replay_the_start_failure_on_the_play_stage(shipped_levels_dir, data_dir):
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, copy_of(shipped_levels_dir / "lock-abba.toml"))
        await pilot.press("f5")
        await wait_for(pilot, lambda: editor.report is not None, timeout=40, what="the Test")
        assert editor.report.ready and editor.report.start.result["reason"] == "deadlock"
        replay = editor.query_one("#test-replay", OpButton)
        assert replay.display and not replay.has_class("hidden")
        await click(pilot, replay)
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), what="play screen")
        play = app.screen
        await wait_for(pilot, lambda: play.mode is Mode.REPLAY and play.playback is not None)
        await pilot.press("end")
        assert play.playback.finished and play.playback.outcome["kind"] == "deadlock"
        await pilot.press("escape", "escape")  # out of the replay, out of the play screen
        await wait_for(pilot, lambda: app.screen is editor)
        # an edit makes the Test stale: not ready any more until it runs again
        await pilot.press("2", "enter")
        await type_text(pilot, "!")
        assert not editor._report_current()
        assert "changed since this Test" in str(editor.query_one("#test-ready").render())


@sync
async def test_my_levels_appear_in_level_select_and_play(shipped_levels_dir, data_dir):
    copy = copy_of(shipped_levels_dir / "lock-counter.toml")
    copy.set(("title", "en"), "My own counter")
    copy.save()
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_name(app) == "LevelSelectScreen")
        listing = app.screen.query_one("#level-list")
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert prompts[-2:] == ["My levels", "      My own counter  · draft"]
        await pilot.press("end", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert app.screen.level.id == "lock-counter-copy"
        assert app.screen.level.path == copy.path


# --- snapshots ------------------------------------------------------------------------------------

TEACHER = Path("/home/teacher/.local/share/syncgame/levels")
"""A fixed folder for the pictures (nothing is saved in snapshot tests)."""


def _editor_app(document):
    app = make_app(catalog())

    async def run_before(pilot):
        editor = await open_editor(pilot, document)
        pilot.app.editor = editor

    return app, run_before


def test_snapshot_empty_template(snap_compare):
    app, run_before = _editor_app(empty_level(TEACHER, "my-level"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_code_with_a_validation_error(snap_compare, shipped_levels_dir):
    document = copy_of(shipped_levels_dir / "lock-counter.toml", TEACHER)
    app, opened = _editor_app(document)

    async def run_before(pilot):
        await opened(pilot)
        editor = pilot.app.editor
        await pilot.press("5", "enter", "escape", "tab", "tab", "tab", "tab", "tab")
        code = pilot.app.focused
        code.cursor_blink = False
        await pilot.press("down", "down")
        await type_text(pilot, "    import os\n")
        await checked(pilot, editor)
        await pilot.pause(0.2)
        assert code.problem_lines == {3}

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_test_result_of_a_ready_level(snap_compare, shipped_levels_dir):
    document = copy_of(shipped_levels_dir / "lock-counter.toml", TEACHER)
    level = parse_level(document.text(), document.path)
    # judged in-process before the app starts (deterministic), as the background Test would
    start = verdict_result(judge_level(level, "start"))
    reference = verdict_result(judge_level(level, "reference"))
    report = Readiness(
        document.text(), start_outcome(level, start), reference_outcome(level, reference)
    )
    app, opened = _editor_app(document)

    async def run_before(pilot):
        await opened(pilot)
        editor = pilot.app.editor
        editor.post_message(LevelTested(report))
        await pilot.press("8")
        await wait_for(pilot, lambda: editor.report is report and editor._report_current())
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@sync
async def test_quitting_the_game_asks_about_unsaved_edits(shipped_levels_dir, data_dir):
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, copy_of(shipped_levels_dir / "lock-counter.toml"))
        await pilot.press("2", "enter")
        await type_text(pilot, "z")
        await pilot.press("f8")  # play-testing on top of the editor
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: screen_name(app) == "LeaveDialog")
        await pilot.press("escape")  # stay
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: screen_name(app) == "LeaveDialog")
        await pilot.press("s")  # save, then quit
        await wait_for(pilot, lambda: not app.is_running, what="the app to quit")
    assert load_level(editor.target_path).title.en.endswith("z")


# --- what makes a level ready; where a save would go ---------------------------------------------


def test_readiness_rules(shipped_levels_dir):
    from dataclasses import replace

    level = load_level(shipped_levels_dir / "lock-counter.toml")
    failing = {"verdict": "fail", "reason": "assertion", "message": "counter=3"}
    passing = {"verdict": "pass", "reason": None, "message": "correct for every schedule"}
    assert start_outcome(level, failing).ok
    assert not start_outcome(level, passing).ok  # nothing to fix
    error = {"verdict": "fail", "reason": "error", "message": "the judge failed"}
    assert not start_outcome(level, error).ok  # a broken judge run proves nothing
    announced = replace(level, goal=replace(level.goal, start_fails="deadlock"))
    outcome = start_outcome(announced, failing)
    assert not outcome.ok and "goal.start_fails says deadlock" in outcome.why
    assert reference_outcome(level, passing).ok
    assert not reference_outcome(level, failing).ok
    assert not reference_outcome(level, None).ok  # no [solution]
    ready = Readiness("text", start_outcome(level, failing), reference_outcome(level, passing))
    assert ready.ready


def test_an_id_taken_by_another_file_is_a_problem_and_blocks_the_save(shipped_levels_dir, data_dir):
    from syncgame.ui.editor.validation import validate

    first = copy_of(shipped_levels_dir / "lock-counter.toml")
    first.save()
    second = copy_of(shipped_levels_dir / "lock-abba.toml")
    second.set(("id",), first.get(("id",)))
    target = first.path
    validation = validate(second.text(), target, own=None)
    [problem] = validation.problems
    assert problem.path == ("id",) and "another level file has this id" in problem.message
    assert validate(first.text(), target, own=target).problems == ()  # its own file: fine


ODD = """\
format = 1
id = "odd"
chapter = 7
order = "ten"
title = "Just a string"
hints = "not a list"
threads = { name = "a" }

[briefing]
en = "x"

[goal]
final = "shared.x == 1"
"""


@sync
async def test_a_file_shaped_by_hand_opens_shows_its_problems_and_edits_never_crash(tmp_path):
    path = tmp_path / "odd.toml"
    path.write_text(ODD)
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, open_for_editing(path))
        checks = {(p.line, p.message) for p in check_paths([path])}
        assert {(p.problem.line, p.message) for p in editor.validation.problems} == checks
        nav = editor.query_one("#editor-nav")
        for section in "1234567":  # type into the first field of every section
            nav.focus()
            await pilot.press(section, "enter")
            await type_text(pilot, "q1")
        assert isinstance(app.screen, EditorScreen)
        for op in ("add-hint", "add-thread"):
            editor.show_section("hints" if op == "add-hint" else "threads")
            await pilot.pause()
            await click(pilot, button(editor, op))
        nav.focus()
        await pilot.press("2", "enter")  # title.en: `title` is a string here
        await type_text(pilot, "x")
        await checked(pilot, editor)
        await pilot.pause(0.3)
        assert isinstance(app.screen, EditorScreen)
        shown = [m for lb in editor._labels for m in lb.messages]
        assert "title is not a table here: title.en has no place" in shown
        assert any("[[hints]]" in text for text in notices(app))
    assert path.read_text() == ODD  # nothing saved unasked


@sync
async def test_the_goal_sentence_is_edited_and_cleared_away(shipped_levels_dir, data_dir):
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, copy_of(shipped_levels_dir / "lock-counter.toml"))
        document = editor.document
        editor.show_section("texts")
        await pilot.pause()
        for lang, words in (("en", "Six at the end."), ("zh", "最后是六。")):
            field = editor.widget_for(("goal_text", lang))
            field.focus()
            field.value = ""
            await type_text(pilot, words)
        await checked(pilot, editor)
        level = parse_level(document.text(), document.path)
        assert (level.goal_text.en, level.goal_text.zh) == ("Six at the end.", "最后是六。")
        for lang in ("en", "zh"):  # both emptied: the optional table goes
            editor.widget_for(("goal_text", lang)).value = ""
            await pilot.pause()
        await checked(pilot, editor)
        assert "[goal_text]" not in document.text()
        assert parse_level(document.text(), document.path).goal_text is None
