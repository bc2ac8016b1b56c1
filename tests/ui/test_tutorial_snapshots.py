"""Snapshot of the tutorial's first step on the first level (animations off)."""

from __future__ import annotations

from syncgame.ui.screens.play.screen import PlayScreen
from tests.ui.fixtures import catalog
from tests.ui.helpers import make_app, wait_for


def test_tutorial_first_step(snap_compare):
    async def run_before(pilot):
        pilot.app.play_level(catalog().ordered()[0])
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))

    assert snap_compare(
        make_app(catalog(), tutorial=True), terminal_size=(120, 40), run_before=run_before
    )


def test_tutorial_first_step_small(snap_compare):
    async def run_before(pilot):
        pilot.app.play_level(catalog().ordered()[0])
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))

    assert snap_compare(
        make_app(catalog(), tutorial=True), terminal_size=(80, 24), run_before=run_before
    )
