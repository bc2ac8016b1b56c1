"""Pilot tests that play the game for real: keys in, screens and stage state out."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from syncgame.play.catalog import load_catalog
from syncgame.ui.screens.help import HelpScreen
from syncgame.ui.screens.level_select import LevelSelectScreen
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.screens.play.screen import PlayScreen
from syncgame.ui.screens.title import TitleScreen
from syncgame.ui.screens.verdict import VerdictScreen
from syncgame.ui.widgets.stage import StageView
from tests.ui.fixtures import SLOW
from tests.ui.fixtures import catalog as fixture_catalog
from tests.ui.helpers import make_app, open_level, screen_name, sync, wait_for

pytestmark = pytest.mark.timeout(90)


@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


def stage_text(app) -> str:
    stage = app.screen.query_one(StageView)
    return str(stage.scene.draw(stage.content_size.width, stage.content_size.height, 0, False))


@sync
async def test_title_to_level_select_to_play_by_keys():
    app = make_app(fixture_catalog())
    app.progress.settings.unlock_all = True  # the second level's chapter is not open yet
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")  # Play is highlighted first
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        await pilot.press("down", "enter")  # first level is highlighted; down = second level
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert app.screen.level.id == app.catalog.ordered()[1].id
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))


@sync
async def test_help_from_anywhere_and_language_switch():
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = app.screen.query_one("#help-primitives").render()
        assert "Semaphore" in str(keys) and "padlock" in str(keys)
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "zh"
        assert "同步原语" in str(app.screen.query_one("#help-primitives").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        assert "开始游戏" in str(app.screen.query_one("#menu").get_option_at_index(0).prompt)


@sync
async def test_counter_place_lock_by_keys_and_pass(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-counter"))
        # select lines 2-3 of the inc thread, open the place menu, take "with lock:"
        await pilot.press("down", "shift+down", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "PlaceMenu")
        menu = app.screen
        first = menu.actions[0]
        assert first.label.startswith("with lock:")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        play = app.screen
        assert (
            play.board.draft.source("inc") == shipped.by_id("lock-counter").solution.threads["inc"]
        )
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), what="verdict")
        assert app.screen.passed
        assert app.screen.score.stars == 3
        assert "PASSED" in str(app.screen.query_one("#verdict-text").render())


@sync
async def test_counter_start_submitted_fails_with_replayable_counterexample(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-counter"))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), what="verdict")
        verdict = app.screen
        assert not verdict.passed and verdict.verdict["reason"] == "assertion"
        playback = verdict.playback
        assert playback is not None and playback.index == -1
        await pilot.press("end")
        assert playback.finished
        assert "is false" in stage_text(app)
        await pilot.press("left", "left")
        assert playback.index == len(playback.events) - 3
        await pilot.press("right")
        assert playback.index == len(playback.events) - 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))


@sync
async def test_abba_show_me_the_bug_reaches_the_deadlock(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-abba"))
        await pilot.press("b")
        play = app.screen
        await wait_for(pilot, lambda: play.playback is not None, what="the bug")
        await pilot.press("end")
        assert play.playback.finished and play.playback.outcome["kind"] == "deadlock"
        looks = app.screen.query_one(StageView).scene.looks()
        assert {look.state for look in looks.values()} == {"blocked"}
        text = stage_text(app)
        assert "deadlock" in text and "wait lock_a" in text and "wait lock_b" in text
        # backward on the stage: one step before the end, somebody could still move
        await pilot.press("left")
        assert not play.playback.finished


@sync
async def test_scheduler_mode_lost_update_by_hand(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-counter"))
        play = app.screen
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)

        async def pick(key: str) -> None:
            before = len(play.stepper.schedule)
            await pilot.press(key)
            await wait_for(
                pilot, lambda: len(play.stepper.schedule) == before + 1 and not play._stepping
            )

        # both start, both read 0, both write 1: one increment lost
        for key in "121212":
            await pick(key)
        assert play.playback.snapshot()["shared"]["counter"] == 1
        assert "overwrote" in stage_text(app)
        # undo one step and redo it
        await pressed_undo(pilot, play)
        assert play.playback.snapshot()["shared"]["counter"] == 1
        await pick("2")
        # finish: thread 1 first, then thread 2, each to its end
        while play.stepper.outcome is None:
            key = "1" if "inc#0" in play.stepper.enabled() else "2"
            await pick(key)
        final = play.playback.snapshot()["shared"]["counter"]
        assert final != 6
        assert "is false" in stage_text(app)


async def pressed_undo(pilot, play) -> None:
    before = len(play.stepper.schedule)
    await pilot.press("u")
    await wait_for(pilot, lambda: len(play.stepper.schedule) == before - 1 and not play._stepping)


@sync
async def test_live_run_pause_and_step(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-counter"))
        play = app.screen
        await pilot.press("n")  # a step starts a paused live run
        await wait_for(pilot, lambda: play.playback is not None and play.playback.index == 0)
        assert play.mode is Mode.LIVE and not play.playing
        await pilot.press("n", "n")
        await wait_for(pilot, lambda: play.playback.index == 2, what="two more steps")
        await pilot.press("plus", "plus", "plus")
        assert play.speed == 4
        await pilot.press("space")  # play on from step 2: the run moves by itself now
        await wait_for(pilot, lambda: play.playback.index > 2, what="the run to move on")
        await wait_for(pilot, lambda: play.playback.finished, what="the run to end")
        assert not play.playing
        await pilot.press("escape")
        assert play.mode is Mode.EDIT and play.playback is None


@sync
async def test_placement_undo_redo_reset_by_keys():
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, app.catalog.by_id("lock-counter"))
        play = app.screen
        start = play.board.draft.source("inc")
        await pilot.press("down", "shift+down", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "PlaceMenu")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        placed = play.board.draft.source("inc")
        assert "with lock:" in placed
        await pilot.press("z")
        assert play.board.draft.source("inc") == start
        await pilot.press("y")
        assert play.board.draft.source("inc") == placed
        await pilot.press("ctrl+r")
        assert play.board.draft.source("inc") == start
        # the pane shows what will run
        pane = play.query_one("#code-inc")
        assert [line.text for line in pane.lines] == start.rstrip("\n").split("\n")


@sync
async def test_retype_dialog_changes_type_and_argument():
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, app.catalog.by_id("semaphore-pool"))
        play = app.screen
        await pilot.press("t")
        await wait_for(pilot, lambda: screen_name(app) == "RetypeDialog")
        dialog = app.screen
        assert dialog.query_one("#retype-args").value == "5"
        dialog.query_one("#retype-args").value = "-1"
        await pilot.click("#retype-apply")
        await pilot.pause()
        assert screen_name(app) == "RetypeDialog"
        assert ">= 0" in str(dialog.query_one("#retype-error").render())
        dialog.query_one("#retype-kind").value = "BoundedSemaphore"
        dialog.query_one("#retype-args").value = "3"
        dialog.query_one("#retype-args").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert play.board.draft.primitives == {"sem": "BoundedSemaphore(3)"}
        assert play.board.used_primitives() == 1
        assert "BoundedSemaphore(3)" in str(play.query_one("#palette").render())


@sync
async def test_hints_build_up(shipped):
    level = shipped.by_id("lock-counter")
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, level)
        status = app.screen.query_one("#play-status")
        await pilot.press("h")
        assert f"Hint 1/{len(level.hints)}: {level.hints[0].en}" in str(status.render())
        if len(level.hints) > 1:
            await pilot.press("h")
            assert f"Hint 2/{len(level.hints)}" in str(status.render())


@sync
async def test_scheduler_keys_typed_ahead_all_count(shipped):
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-counter"))
        play = app.screen
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        await pilot.press("1", "2", "1", "2")
        await wait_for(pilot, lambda: len(play.stepper.schedule) == 4 and not play._stepping)
        assert play.stepper.schedule == ["inc#0", "inc#1", "inc#0", "inc#1"]


@sync
async def test_mouse_only_place_and_submit(shipped):
    """Click lines (shift-click extends), double-click opens the menu, click an entry, click
    Submit: the counter passes without a key pressed."""
    app = make_app(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, shipped.by_id("lock-counter"))
        play = app.screen
        # content starts inside the border: x=1, y=1 is line 1
        await pilot.click("#code-inc", offset=(12, 2))
        await pilot.click("#code-inc", offset=(12, 3), shift=True)
        pane = play.query_one("#code-inc")
        assert pane.selection == (2, 3)
        await pilot.click("#code-inc", offset=(12, 3), shift=True, times=2)
        await wait_for(pilot, lambda: screen_name(app) == "PlaceMenu")
        menu = app.screen
        wanted = next(i for i, a in enumerate(menu.actions) if a.label.startswith("with lock:"))
        options = menu.query_one("#place-options")
        index = next(
            i
            for i in range(options.option_count)
            if options.get_option_at_index(i).id == str(wanted)
        )
        options.highlighted = index
        options.action_select()
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert "with lock:" in play.board.draft.source("inc")
        await pilot.click("#ctl-submit")
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), what="verdict")
        assert app.screen.passed


@sync
async def test_submit_can_be_cancelled():
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, SLOW)
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "JudgingScreen")
        judging = app.screen
        await wait_for(
            pilot,
            lambda: "schedules explored" in str(judging.query_one("#judge-progress").render()),
            what="progress",
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        await pilot.pause(1.5)  # a cancelled judge never brings up a verdict
        assert isinstance(app.screen, PlayScreen)


KEYS = [
    "up", "down", "left", "right", "enter", "escape", "tab", "shift+tab", "space", "n", "b",
    "m", "s", "z", "y", "t", "p", "1", "2", "3", "u", "plus", "minus", "home", "end",
    "question_mark", "l", "shift+down", "backspace", "c", "e", "h", "r", "x", "k",
]  # fmt: skip


@pytest.mark.parametrize("size", [pytest.param((120, 40), marks=pytest.mark.soak), (80, 24)])
@sync
async def test_no_traceback_on_any_key(shipped, size):
    """Mash every key on every screen reached that way: the app must stay up. The default run
    mashes at 80x24, the tighter layout (tests/faults resizes every screen down to 40x12);
    120x40 runs with `-m soak`."""
    app = make_app(shipped)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")  # level select
        await pilot.press("enter")  # first level
        await pilot.pause()
        for round_ in range(3):
            for key in KEYS:
                if key == "escape" and isinstance(app.screen, TitleScreen):
                    continue
                await pilot.press(key)
                await pilot.pause(0.01)
            if round_ == 0:
                await pilot.pause(1.0)  # let background runs answer
        assert app.is_running


@sync
async def test_place_menu_filters_and_sets_a_timeout_by_keys():
    """sleep(1) becomes event.wait(1) (the timeout kept), then the timeout is changed and
    removed, all from the place menu by keys."""
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, app.catalog.by_id("event-boss"))
        play = app.screen

        async def menu_entry(*typed: str) -> None:
            await pilot.press("home", "enter")
            await wait_for(pilot, lambda: screen_name(app) == "PlaceMenu")
            await pilot.press(*typed)
            await pilot.pause()

        await menu_entry(*"sleep wait")
        assert app.screen.highlighted_action.label == "sleep(1)  →  event.wait(1)"
        assert app.screen.highlighted_action.new  # the Event comes from the palette
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is play)
        assert play.board.draft.source("boss").startswith("event.wait(1)\n")
        await menu_entry(*"timeout")
        assert app.screen.highlighted_action.label == "event.wait(): set timeout…"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ArgumentDialog")
        await pilot.press("backspace", "2", ".", "5", "enter")
        await wait_for(pilot, lambda: app.screen is play)
        assert play.board.draft.source("boss").startswith("event.wait(2.5)\n")
        await menu_entry(*"no timeout")
        assert app.screen.highlighted_action.label == "event.wait(): no timeout"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is play)
        assert play.board.draft.source("boss").startswith("event.wait()\n")
        await menu_entry(*"zzz nothing")
        assert app.screen.highlighted_action is None
        assert "No entry matches" in str(app.screen.query_one("#place-empty").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is play)


@sync
async def test_edit_line_by_keys_keeps_a_refused_text_in_the_dialog():
    """ "edit line…" turns a line into typed text; a text the board refuses is explained in
    the dialog, which stays open with what was typed, and Escape leaves the code as it was."""
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, app.catalog.by_id("event-boss"))
        play = app.screen
        before = play.board.draft.source("boss")

        async def edit_first_line() -> None:
            await pilot.press("home", "enter")
            await wait_for(pilot, lambda: screen_name(app) == "PlaceMenu")
            await pilot.press(*"edit line")
            for _ in range(10):  # the other code edits ("move line 1 down") match too
                if app.screen.highlighted_action.label.startswith("edit line 1"):
                    break
                await pilot.press("down")
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen_name(app) == "EditLineDialog")

        await edit_first_line()
        field = app.screen.query_one(Input)
        assert field.value == before.splitlines()[0]
        field.value = "shared.x = ("
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "EditLineDialog"  # refused: the dialog says why
        assert str(app.screen.query_one("#ask-error").render()).strip()
        assert field.value == "shared.x = ("
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is play)
        assert play.board.draft.source("boss") == before

        # a primitive nobody declared: refused in the dialog, naming it and the declared ones
        # (the board alone would take it, and the place menu then offer `event2`)
        await edit_first_line()
        field = app.screen.query_one(Input)
        field.value = "event.wait(1)"
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "EditLineDialog"
        error = str(app.screen.query_one("#ask-error").render())
        assert "'event'" in error and "not a declared primitive" in error
        assert "declared: none" in error  # the level declares none yet
        assert field.value == "event.wait(1)"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is play)
        assert play.board.draft.source("boss") == before

        await edit_first_line()
        app.screen.query_one(Input).value = "  sleep(2)  "
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is play)
        assert play.board.draft.source("boss").startswith("sleep(2)\n")

        # "if …:" asks for its condition in the same kind of dialog, typed key by key
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "PlaceMenu")
        await pilot.press(*"if")
        await pilot.pause()
        assert app.screen.highlighted_action.label == "if …:  around 1"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "AskTextDialog")
        await pilot.press(*"shared.cups == 0", "enter")
        await wait_for(pilot, lambda: app.screen is play)
        assert play.board.draft.source("boss").startswith("if shared.cups == 0:\n    sleep(2)\n")
