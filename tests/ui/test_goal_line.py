"""The goal is always visible: every shipped level's play screen shows its goal sentence whole,
at 120x40 and at 80x24, in both languages; the whole briefing opens with a key."""

from __future__ import annotations

from dataclasses import replace

import pytest

from syncgame.level.loader import discover_levels
from syncgame.play.catalog import load_catalog
from syncgame.play.goal import derived_goal, goal_sentence, is_timed, star_rules, stars_brief
from syncgame.ui.screens.briefing import BriefingScreen
from syncgame.ui.screens.play.screen import PlayScreen
from syncgame.ui.widgets.goal_line import GoalLine
from tests.ui.fixtures import COUNTER
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(90)

SHIPPED = discover_levels(load_catalog().folder)


def squeezed(text: str) -> str:
    return "".join(text.split())


def assert_goal_shown(app, lang: str) -> None:
    screen = app.screen
    goal = screen.query_one(GoalLine)
    assert goal.display and goal.region.height >= 1
    assert goal.region.bottom <= screen.query_one("#stage").region.y  # above the stage
    shown = squeezed(goal.render().plain)
    assert squeezed(goal_sentence(screen.level, lang)) in shown, (screen.size, shown)
    assert "…" not in goal.render().plain.split("·")[0]  # the sentence itself is never cut


@pytest.mark.parametrize("level", SHIPPED, ids=[level.id for level in SHIPPED])
@sync
async def test_the_goal_line_shows_the_whole_goal(level):
    app = make_app(load_catalog())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_level(pilot, level)
        assert_goal_shown(app, "en")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert_goal_shown(app, "en")
        await pilot.press("l")
        await pilot.pause()
        assert_goal_shown(app, "zh")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert_goal_shown(app, "zh")


@sync
async def test_i_opens_the_whole_briefing_and_closes_it():
    app = make_app(load_catalog())
    level = app.catalog.by_id("event-heartbeat")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_level(pilot, level)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), what="briefing")
        text = app.screen.query_one("#briefing-text").text.plain
        assert level.briefing.en.strip() in text  # all of it, not cut
        assert "makespan: the virtual time" in text and "par:" in text
        assert "★ makespan at most 2.5\xa0s" in text
        await pilot.press("pagedown", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), what="play")


def test_a_level_without_goal_text_gets_a_sentence_from_its_goal():
    catalog = load_catalog()
    brief = replace(catalog.by_id("lock-brief"), goal_text=None)
    assert (
        derived_goal(brief, "en")
        == "At the end `shared.val == 6`; no deadlock; all done by 2\xa0s."
    )
    assert goal_sentence(brief, "zh") == "结束时 `shared.val == 6`；没有死锁；2\xa0s 内全部结束。"
    gil = replace(catalog.by_id("gil-cpu-bound"), goal_text=None)
    assert "1.3 times faster" in goal_sentence(gil, "en")


def test_stars_are_explained_where_they_apply():
    catalog = load_catalog()
    counter = catalog.by_id("lock-counter")  # untimed: time never shows
    assert not is_timed(counter)
    assert stars_brief(counter, "en") == "★★★: ≤1\xa0new primitive"
    assert star_rules(counter, "en")[2] == "★ with the pass (time does not count)"
    heartbeat = catalog.by_id("event-heartbeat")
    assert is_timed(heartbeat)
    assert stars_brief(heartbeat, "en") == "★★★: no new primitive, makespan ≤2.5\xa0s"
    assert stars_brief(COUNTER, "zh").startswith("★★★：")


def test_a_derived_goal_too_long_for_the_goal_line_leaves_its_checks_to_the_briefing():
    from syncgame.play.goal import LONGEST_DERIVED, checks

    abort = replace(load_catalog().by_id("barrier-abort"), goal_text=None)
    sentence = derived_goal(abort, "en")
    assert len(sentence) <= LONGEST_DERIVED
    assert sentence == "Every final check holds (I shows them); no deadlock; all done by 1\xa0s."
    assert any("sorted(logs)" in line for line in checks(abort, "en"))
