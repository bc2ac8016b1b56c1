"""The play screen's modes: which keys each enables, its words, and the screen following them."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from syncgame.texts import STRINGS
from syncgame.ui.screens.play.bindings import PLAY_BINDINGS
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.widgets.code_pane import CodePane
from tests.ui.fixtures import COUNTER, catalog
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(60)


def _action(binding) -> str:
    return binding.action.split("(")[0]


def test_picking_keys_work_in_scheduler_mode_only():
    for mode in Mode:
        assert mode.enables("pick") is (mode is Mode.SCHEDULER)
        assert mode.enables("unstep") is (mode is Mode.SCHEDULER)


def test_timeline_keys_work_whenever_a_run_is_shown():
    for mode in Mode:
        assert mode.enables("frame") is (mode is not Mode.EDIT)
        assert mode.enables("frame_edge") is (mode is not Mode.EDIT)


def test_every_key_the_footer_shows_works_in_every_mode():
    shown = {_action(binding) for binding in PLAY_BINDINGS if binding.show}
    assert shown >= {"back", "run", "step", "bug", "submit", "hint", "briefing"}
    for mode in Mode:
        assert all(mode.enables(action) for action in shown), mode


def test_only_live_runs_and_replays_play_by_themselves():
    assert {mode for mode in Mode if mode.paced} == {Mode.LIVE, Mode.REPLAY}
    assert {mode for mode in Mode if mode.code_editable} == {Mode.EDIT}


def test_every_mode_is_named_in_both_languages():
    for mode in Mode:
        en, zh = STRINGS[mode.words_key]
        assert en and zh and en != zh


def _footer(app) -> list[str]:
    """The descriptions of the keys the footer shows now (as drawn: a footer that was not
    told of a change still shows the old keys)."""
    return [key.description for key in app.screen.query_one(Footer).query("FooterKey")]


@sync
async def test_the_screen_locks_the_code_and_enables_picks_as_its_mode_changes():
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, COUNTER)
        play = app.screen
        panes = list(play.query(CodePane))
        assert play.mode is Mode.EDIT and all(pane.editable for pane in panes)
        await pilot.pause()
        assert "Place" in _footer(app)
        assert play.check_action("pick", (1,)) is False
        await pilot.press("1")  # nothing to pick in edit mode
        assert play.mode is Mode.EDIT and play.stepper is None
        await pilot.press("m")
        await wait_for(pilot, lambda: play.mode is Mode.SCHEDULER and play.stepper is not None)
        assert not any(pane.editable for pane in panes)
        await pilot.pause()
        assert "Place" not in _footer(app) and "Back" in _footer(app)  # Enter does nothing here
        assert play.check_action("pick", (1,)) is True
        await pilot.press("1")
        await wait_for(pilot, lambda: len(play.stepper.schedule) == 1 and not play._stepping)
        await pilot.press("escape")
        assert play.mode is Mode.EDIT and all(pane.editable for pane in panes)
        assert play.stepper is None and play.playback is None
        await pilot.pause()
        assert "Place" in _footer(app)
