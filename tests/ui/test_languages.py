"""Languages (issue 14): the footer's keys follow the language, the notes' section is named in
the player's language, time played reads as Chinese in Chinese."""

from __future__ import annotations

import pytest

from syncgame.play.notes import notes_label
from syncgame.ui.screens.level_select import LevelSelectScreen
from tests.ui.fixtures import COUNTER, catalog
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(90)


def footer_words(screen) -> set[str]:
    return {binding.description for _key, binding in screen._bindings if binding.show}


@sync
async def test_footer_keys_switch_language_with_the_game():
    app = make_app(catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, COUNTER)
        assert {"Submit", "Briefing", "Hint"} <= footer_words(app.screen)
        await pilot.press("l")
        await pilot.pause()
        assert {"提交", "任务简介", "提示"} <= footer_words(app.screen)
        place = {b.description for _k, b in app.focused._bindings if b.show}
        assert place == {"放置"}  # the code pane's own key too
        await pilot.press("l")
        await pilot.pause()
        assert {"Submit", "Briefing", "Hint"} <= footer_words(app.screen)


def test_the_notes_section_in_each_language():
    assert notes_label("Event类", "en") == "From the notes: the Event class (Event类)"
    assert notes_label("Event类", "zh") == "出自笔记：Event类"
    assert notes_label("Barrier", "en") == "From the notes: Barrier"
    assert notes_label("新的一节", "en") == "From the notes: 新的一节"


@sync
async def test_time_played_reads_in_chinese():
    app = make_app(catalog(), lang="zh")
    app.progress.settings.unlock_all = True
    app.progress.record(COUNTER.id, passed=False, stars=0, primitives=0, makespan=None)
    app.progress.add_time(COUNTER.id, 86)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(LevelSelectScreen(select=COUNTER.id))
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen), what="list")
        info = str(app.screen.query_one("#level-info").render())
        assert "已玩 1 分 26 秒" in info and "出自笔记：Lock类" in info
