"""Snapshots of the words on the play screen (issue 14): the goal line at both sizes, the whole
briefing, a Chinese play screen whose text wraps by cell width, and the light theme's code
cursor. Hand-written levels (fixtures), so the shipped pack does not move these pictures.
Update with `--snapshot-update`, then look at each picture."""

from __future__ import annotations

from dataclasses import replace

from syncgame.level.model import Goal, Par, Text
from syncgame.ui.screens.play.screen import PlayScreen
from tests.ui.fixtures import COUNTER, catalog
from tests.ui.helpers import make_app, wait_for

BIG = (120, 40)
SMALL = (80, 24)

LONG = replace(
    COUNTER,
    id="lock-brief-long",
    briefing=Text(
        en=(
            "From the notes' Lock section: use locks sparingly, and hold them as briefly as "
            "possible: a lock turns parallel work into a queue.\n"
            "Two workers each add 3 to a shared counter; between two additions each works for "
            "1 s on its own, touching nothing shared. Counts get lost.\n"
            "The counter must end at 6, and the workers must still work in parallel: "
            "everything done within 3 s."
        ),
        zh=(
            "出自笔记的 Lock 一节：锁要少用，并且持有的时间越短越好：锁会把并行的工作变成排队。\n"
            "两个工人各给共享计数器加 3；每两次相加之间，各自单独工作 1 秒，不碰任何共享的东西。"
            "计数会丢失。\n计数器最后必须是 6，而且工人们仍要并行工作：一切在 3 秒内完成。"
        ),
    ),
    goal_text=Text(
        en="The counter ends at 6, and everything is done within 3 s.",
        zh="计数器最后是 6，一切在 3 秒内完成。",
    ),
    goal=Goal(final=("shared.counter == 6", "makespan <= 3")),
    par=Par(primitives=1, makespan=3.0),
)


async def _open(pilot, level) -> PlayScreen:
    pilot.app.play_level(level)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
    return pilot.app.screen


def test_goal_line_big(snap_compare):
    async def run_before(pilot):
        await _open(pilot, LONG)

    assert snap_compare(make_app(catalog()), terminal_size=BIG, run_before=run_before)


def test_goal_line_small(snap_compare):
    async def run_before(pilot):
        await _open(pilot, LONG)

    assert snap_compare(make_app(catalog()), terminal_size=SMALL, run_before=run_before)


def test_whole_briefing_small(snap_compare):
    async def run_before(pilot):
        await _open(pilot, LONG)
        await pilot.press("i")
        await pilot.pause()

    assert snap_compare(make_app(catalog()), terminal_size=SMALL, run_before=run_before)


def test_play_chinese_wrapped(snap_compare):
    async def run_before(pilot):
        await _open(pilot, LONG)

    app = make_app(catalog(), lang="zh")
    assert snap_compare(app, terminal_size=BIG, run_before=run_before)


def test_light_theme_code_cursor(snap_compare):
    async def run_before(pilot):
        await _open(pilot, COUNTER)
        await pilot.press("down", "shift+down")  # the cursor line and a selected line
        await pilot.pause()

    app = make_app(catalog())
    app.progress.settings.theme = "textual-light"
    assert snap_compare(app, terminal_size=BIG, run_before=run_before)
