"""The judging screen: progress that arrives early is kept, never a crash."""

from __future__ import annotations

import pytest

from syncgame.ui.screens.judging import JudgingScreen
from syncgame.ui.screens.play.messages import JudgeProgress
from tests.ui.fixtures import COUNTER
from tests.ui.fixtures import catalog as fixture_catalog
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(60)


@sync
async def test_progress_before_compose_is_kept_and_shown():
    app = make_app(fixture_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, COUNTER)
        play = app.screen
        judging = JudgingScreen("judging", "en")
        app.push_screen(judging)  # not awaited: the screen is on top but not composed yet
        assert app.screen is judging and not judging.query("#judge-progress")
        # the play screen forwards a worker's report the way its message handler does
        play.on_judge_progress(JudgeProgress({"explored": 7, "phase": "exhaustive"}))
        await wait_for(pilot, lambda: judging.query("#judge-progress"), what="compose")
        await pilot.pause()
        shown = str(judging.query_one("#judge-progress").render())
        assert "7 schedules explored · checking every schedule" in shown
        judging.update_progress({"explored": 9, "phase": "exhaustive"})
        assert "9 schedules explored" in str(judging.query_one("#judge-progress").render())
