"""Nothing is lost silently: a level's draft is saved as it changes, and comes back when the
level is reopened (from the level list, or in a new session); Ctrl+R returns to the start."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from syncgame.play.progress import Progress
from syncgame.ui.screens.level_select import LevelSelectScreen
from syncgame.ui.screens.play.screen import PlayScreen
from tests.ui.fixtures import COUNTER, catalog
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(90)

BIG = (120, 40)


async def place_lock(pilot) -> str:
    app = pilot.app
    await pilot.press("down", "shift+down", "enter")  # lines 2-3: the place menu
    await wait_for(pilot, lambda: type(app.screen).__name__ == "PlaceMenu", what="menu")
    await pilot.press("enter")  # with lock:
    await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), what="play")
    placed = app.screen.board.draft.source("inc")
    assert "with lock:" in placed
    return placed


def shown_code(app) -> str:
    return "".join(line.text + "\n" for line in app.screen.query_one("#code-inc").lines)


@sync
async def test_esc_and_reopen_keeps_the_draft():
    app = make_app(catalog())
    app.progress.settings.unlock_all = True  # the counter's chapter is not open yet
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("enter")  # Play: the level list
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen), what="list")
        listing = app.screen.query_one("#level-list", OptionList)
        listing.highlighted = listing.get_option_index(COUNTER.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), what="play")
        placed = await place_lock(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen), what="list")
        listing = app.screen.query_one("#level-list", OptionList)
        assert listing.highlighted == listing.get_option_index(COUNTER.id)  # where we left
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), what="reopened")
        assert app.screen.board.draft.source("inc") == placed
        assert shown_code(app) == placed
        assert "draft is back" in str(app.screen.query_one("#play-status").render())
        await pilot.press("ctrl+r")  # back to the start code, and that is kept too
        await pilot.pause()
        start = COUNTER.thread("inc").code
        assert app.screen.board.draft.source("inc") == start
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen), what="list")
        app.play_level(COUNTER)
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), what="reopened")
        assert app.screen.board.draft.source("inc") == start and not app.screen.restored


@sync
async def test_a_draft_is_saved_as_it_changes_and_survives_a_new_session():
    app = make_app(catalog())
    async with app.run_test(size=BIG) as pilot:
        await open_level(pilot, COUNTER)
        placed = await place_lock(pilot)
        # saved at once, before any Esc: a crash or a kill loses nothing
        assert Progress.load().get(COUNTER.id).last.threads["inc"] == placed
    app = make_app(catalog())
    async with app.run_test(size=BIG) as pilot:
        await open_level(pilot, COUNTER)
        assert app.screen.board.draft.source("inc") == placed
        await pilot.press("z")  # the restored placements are undoable one by one
        await pilot.pause()
        assert app.screen.board.draft.source("inc") == COUNTER.thread("inc").code


@sync
async def test_opening_an_untouched_level_writes_nothing(private_save_folder):
    app = make_app(catalog())
    async with app.run_test(size=BIG) as pilot:
        await open_level(pilot, COUNTER)
        await pilot.press("escape")
        await pilot.pause()
    assert Progress.load().get(COUNTER.id) is None
