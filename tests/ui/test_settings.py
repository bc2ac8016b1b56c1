"""Settings, saved progress in the app, and switching the language live.

Snapshots: the settings screen in each language, and the title, level select and a play screen
each switched live to the other language (the app starts in one language, `l` switches it while
the screen is open). Pilot tests: every setting applies at once and is saved; the saved settings
and progress come back with a new app; Continue restores the last attempt; a submission is
recorded and charted; a save that cannot be read is reported and the game starts anyway.
"""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from syncgame.play.drafts import draft_of
from syncgame.play.progress import Draft, Progress
from syncgame.ui.screens.level_select import LevelSelectScreen
from syncgame.ui.screens.play.screen import PlayScreen
from syncgame.ui.screens.settings import ROWS, SettingsScreen
from syncgame.ui.screens.title import TitleScreen
from syncgame.ui.screens.verdict import VerdictScreen
from syncgame.ui.themes import OKABE_ITO
from tests.ui.fixtures import BOSS, COUNTER, catalog
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(90)

BIG = (120, 40)


def row_text(app, row: str) -> str:
    listing = app.screen.query_one("#settings-list", OptionList)
    return str(listing.get_option(row).prompt)


async def open_settings(pilot) -> SettingsScreen:
    await pilot.press("s")  # from the title
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen), what="settings")
    return pilot.app.screen


async def go_to_row(pilot, row: str) -> None:
    listing = pilot.app.screen.query_one("#settings-list", OptionList)
    listing.highlighted = ROWS.index(row)
    await pilot.pause()


# --- snapshots ---------------------------------------------------------------------------------


def test_settings_screen(snap_compare):
    assert snap_compare(make_app(catalog()), press=["s", "down"], terminal_size=BIG)


def test_settings_screen_chinese(snap_compare):
    assert snap_compare(make_app(catalog(), lang="zh"), press=["s", "down"], terminal_size=BIG)


@pytest.mark.parametrize("start", ["en", "zh"])
def test_title_switched_live(snap_compare, start):
    """Starts in `start`; `l` on the title re-renders it in the other language."""
    assert snap_compare(make_app(catalog(), lang=start), press=["l"], terminal_size=BIG)


@pytest.mark.parametrize("start", ["en", "zh"])
def test_level_select_switched_live(snap_compare, start):
    app = make_app(catalog(), lang=start)
    app.progress.record(BOSS.id, passed=True, stars=2, primitives=1, makespan=5.0)
    assert snap_compare(app, press=["enter", "l"], terminal_size=BIG)


@pytest.mark.parametrize("start", ["en", "zh"])
def test_play_screen_switched_live(snap_compare, start):
    async def run_before(pilot):
        await open_level(pilot, COUNTER)
        await pilot.press("l")
        await pilot.pause()

    assert snap_compare(make_app(catalog(), lang=start), terminal_size=BIG, run_before=run_before)


# --- pilot tests -------------------------------------------------------------------------------


@sync
async def test_switching_language_in_settings_relabels_every_screen_and_is_saved():
    app = make_app(catalog())
    async with app.run_test(size=BIG) as pilot:
        await open_settings(pilot)
        assert "Language" in row_text(app, "language") and "English" in row_text(app, "language")
        await pilot.press("right")  # the language row is highlighted first
        await pilot.pause()
        assert app.lang == "zh"
        assert "语言" in row_text(app, "language") and "中文" in row_text(app, "language")
        assert "设置" in str(app.screen.query_one("#settings-title").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
        assert "开始游戏" in str(app.screen.query_one("#menu").get_option_at_index(0).prompt)
        await pilot.press("l")  # the title's own switch is saved too
        await pilot.pause()
    assert Progress.load().settings.language == "en"


@sync
async def test_every_setting_applies_at_once_and_is_saved():
    app = make_app(catalog())
    async with app.run_test(size=BIG) as pilot:
        await open_settings(pilot)

        await go_to_row(pilot, "speed")
        await pilot.press("right", "right", "right")  # 3 -> 5, and no further
        await pilot.pause()
        assert app.progress.settings.animation_speed == 5
        await pilot.press("left")
        await pilot.pause()
        assert "4/5" in row_text(app, "speed")

        await go_to_row(pilot, "motion")
        app.animation_level = "full"
        await pilot.press("enter")
        await pilot.pause()
        assert app.progress.settings.reduced_motion and app.animation_level == "none"
        assert "on" in row_text(app, "motion")

        await go_to_row(pilot, "theme")
        await pilot.press("right")
        await pilot.pause()
        chosen = app.progress.settings.theme
        assert chosen != "textual-dark" and app.theme == chosen

        await go_to_row(pilot, "colour_blind")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == f"{chosen}-colour-blind"
        assert app.current_theme.error.upper() == OKABE_ITO["vermillion"]

        await go_to_row(pilot, "unlock_all")
        await pilot.press("right")
        await pilot.pause()
        assert app.progress.settings.unlock_all

        await go_to_row(pilot, "back")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen))
    saved = Progress.load().settings
    assert (saved.animation_speed, saved.reduced_motion, saved.theme) == (4, True, chosen)
    assert saved.colour_blind and saved.unlock_all


@sync
async def test_saved_settings_come_back_with_a_new_app():
    progress = Progress.load()
    progress.settings.language = "zh"
    progress.settings.animation_speed = 5
    progress.settings.reduced_motion = True
    progress.settings.theme = "nord"
    progress.settings.colour_blind = True
    progress.save()
    app = make_app(catalog(), lang=None)  # no language given: the saved one
    app.animation_level = "full"
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        assert app.lang == "zh"
        assert app.theme == "nord-colour-blind" and app.animation_level == "none"
        assert "开始游戏" in str(app.screen.query_one("#menu").get_option_at_index(0).prompt)
        await open_level(pilot, COUNTER)
        assert app.screen.speed == 4  # the fifth of the play screen's speeds


@sync
async def test_unlock_all_opens_a_locked_chapter():
    app = make_app(catalog())
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("enter")  # Play
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        listing = app.screen.query_one("#level-list", OptionList)
        listing.highlighted = listing.get_option_index(COUNTER.id)
        await pilot.press("enter")  # Lock is the second chapter: locked
        await pilot.pause()
        assert isinstance(app.screen, LevelSelectScreen)
        assert "locked" in str(listing.get_option(COUNTER.id).prompt)
        await pilot.press("escape")
        await open_settings(pilot)
        await go_to_row(pilot, "unlock_all")
        await pilot.press("enter")
        await pilot.press("escape", "enter")  # back to the title, Play
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        listing = app.screen.query_one("#level-list", OptionList)
        assert "locked" not in str(listing.get_option(COUNTER.id).prompt)
        listing.highlighted = listing.get_option_index(COUNTER.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))


@sync
async def test_a_solve_opens_the_next_chapter_and_shows_its_stars():
    app = make_app(catalog())
    app.progress.record(BOSS.id, passed=True, stars=2, primitives=1, makespan=5.0)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        listing = app.screen.query_one("#level-list", OptionList)
        assert "★★☆" in str(listing.get_option(BOSS.id).prompt)
        assert "locked" not in str(listing.get_option(COUNTER.id).prompt)
        info = str(app.screen.query_one("#level-info").render())
        assert "Best ★★☆" in info and "1 attempt(s)" in info


@sync
async def test_continue_opens_the_first_unsolved_level_with_the_last_attempt():
    app = make_app(catalog())
    app.progress.record(BOSS.id, passed=True, stars=3, primitives=1, makespan=5.0)
    async with app.run_test(size=BIG) as pilot:
        await open_level(pilot, COUNTER)
        await pilot.press("down", "shift+down", "enter")  # lines 2-3: the place menu
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PlaceMenu")
        await pilot.press("enter")  # with lock:
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        placed = app.screen.board.draft.source("inc")
        assert "with lock:" in placed
        await pilot.press("escape")  # leaving keeps the attempt
        await pilot.pause()
    assert Progress.load().get(COUNTER.id).last.threads["inc"] == placed

    app = make_app(catalog())  # a new session
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("c")  # Continue
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert app.screen.level.id == COUNTER.id
        assert app.screen.board.draft.source("inc") == placed
        shown = "".join(line.text + "\n" for line in app.screen.query_one("#code-inc").lines)
        assert shown == placed  # the code pane shows the restored code
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LevelSelectScreen))


@sync
async def test_continue_when_every_open_level_is_solved():
    app = make_app(catalog())
    app.progress.settings.unlock_all = True
    for level in app.catalog.levels:
        app.progress.record(level.id, passed=True, stars=3, primitives=1, makespan=None)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert any("Well done" in str(n.message) for n in app._notifications)


def test_a_saved_attempt_that_no_longer_applies_restores_the_start():
    from syncgame.play.drafts import restore_board

    bad = Draft(placements=[{"label": "x", "edits": [{"kind": "Wrap", "thread": "nope"}]}])
    assert not restore_board(COUNTER, bad).changed()
    assert not restore_board(COUNTER, None).changed()


@sync
async def test_a_submission_is_recorded_and_charted():
    app = make_app(catalog())
    async with app.run_test(size=BIG) as pilot:
        play = await _open(pilot)
        await pilot.press("s")  # the start code: a fail
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), what="verdict")
        assert "attempt #1" in str(app.screen.query_one("#verdict-text").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        await pilot.press("down", "shift+down", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PlaceMenu")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictScreen), what="verdict")
        assert app.screen.passed
        text = str(app.screen.query_one("#verdict-text").render())
        assert "Your attempts" in text and "#1" in text and "#2" in text and "this one" in text
        draft = draft_of(play.board)
    entry = Progress.load().get(COUNTER.id)
    assert (entry.attempts, entry.solved, entry.stars) == (2, True, 3)
    assert [a.passed for a in entry.history] == [False, True]
    assert entry.best.threads == draft.threads and entry.best.placements == draft.placements
    assert entry.seconds > 0  # time on the play screen was counted


async def _open(pilot) -> PlayScreen:
    await open_level(pilot, COUNTER)
    return pilot.app.screen


@sync
async def test_a_corrupt_save_is_reported_and_the_game_starts(private_save_folder):
    (private_save_folder / "progress.json").write_text('{"format": 1, "levels": [')
    app = make_app(catalog())
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        messages = [str(n.message) for n in app._notifications]
        assert any("could not be used" in m and "moved to" in m for m in messages), messages
    assert list(private_save_folder.glob("progress.json.bad-*"))


def test_chinese_on_the_stage_takes_two_columns_a_character():
    """The stage's canvas draws CJK text (it used to print ?? for it) and keeps every row as
    wide as the stage; writing over half of a wide character blanks its other half."""
    from rich.cells import cell_len

    from syncgame.play.preview import initial_snapshot
    from syncgame.ui.canvas import Canvas, centre, crop
    from syncgame.ui.scene import Scene

    canvas = Canvas(8, 1)
    canvas.put(0, 0, "共享 ab", "x")
    assert canvas.text(0) == "共享 ab " and list(canvas.runs(0))[0] == ("共享 ab", "x")
    canvas.put(1, 0, "Z", "y")  # over the right half of 共
    assert canvas.text(0) == " Z享 ab "
    canvas.put(7, 0, "中", "z")  # no room for both halves
    assert canvas.text(0) == " Z享 ab " and cell_len(canvas.text(0)) == 8
    assert centre("ab", 6) == "ab".center(6) and cell_len(centre("共享", 7)) == 7
    assert crop("共享文字", 5) == "共享 " and crop("abc", 5) == "abc"

    scene = Scene("zh")
    scene.show(initial_snapshot([("inc", 2)], {"lock": "Lock()"}, {"counter": 0}), None, 0.0)
    drawn = scene.draw(70, 14, 0.0, False)
    rows = [drawn.text(y) for y in range(drawn.height)]
    assert all(cell_len(row) == 70 for row in rows)
    assert "?" not in "".join(rows) and "共享" in "".join(rows) and "就绪" in "".join(rows)
    top = next(row for row in rows if "共享" in row)
    middle = next(row for row in rows if "counter" in row)
    right_corner = cell_len(top[: top.index("┐", top.index("共享"))])
    right_side = cell_len(middle[: middle.index("│", middle.index("counter"))])
    assert right_corner == right_side  # the box's title does not push its corner out


def test_the_chart_of_attempts_against_par_and_the_previous_best():
    from syncgame.level.model import Par
    from syncgame.play.stars import score
    from syncgame.ui.records import BAR, attempts_chart

    progress = Progress.load()
    progress.record("lv", passed=False, stars=0, primitives=0, makespan=None, reason="assertion")
    progress.record("lv", passed=True, stars=2, primitives=2, makespan=6.0)
    recorded = progress.record("lv", passed=True, stars=3, primitives=1, makespan=2.0)
    result = score(True, 1, 2.0, Par(primitives=1, makespan=2.0))
    chart = attempts_chart(progress.get("lv"), recorded, result, "en").plain
    rows = {line.split()[0]: line for line in chart.splitlines()[2:] if line.strip()}
    assert set(rows) == {"#1", "#2", "#3", "par", "best", "A"}
    assert "✗" in rows["#1"] and "★★☆" in rows["#2"] and "★★★" in rows["#3"]
    assert "this one" in rows["#3"] and "this one" not in rows["#2"]
    assert rows["#2"].count("█") == 2 * BAR  # the longest of both columns
    assert rows["#3"].count("█") < rows["#2"].count("█")
    assert rows["par"].count("█") == rows["#3"].count("█")  # on par: bars of the same length
    assert "★★☆" in rows["best"]  # the best before this attempt
    assert "A new best!" in chart
    zh = attempts_chart(progress.get("lv"), recorded, result, "zh").plain
    assert "你的尝试" in zh and "本次" in zh and "新的最佳成绩" in zh
