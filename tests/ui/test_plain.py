"""Failure verdicts lead with one plain sentence, in both languages, built from the outcome."""

from __future__ import annotations

import pytest

from syncgame.judge import judge_level
from syncgame.play.catalog import load_catalog
from syncgame.play.judging import verdict_dict
from syncgame.play.plain import plain_sentence, verdict_sentence
from syncgame.ui.screens.play.modes import Mode
from syncgame.ui.screens.play.screen import PlayScreen
from tests.ui.helpers import make_app, open_level, sync, wait_for

pytestmark = pytest.mark.timeout(90)

ABBA = {
    "kind": "deadlock",
    "deadlock": {"waiting": {"pay": "lock_b", "refund": "lock_a"}, "cycle": ["pay", "refund"]},
}


def test_a_two_thread_deadlock_names_both_and_what_they_wait_for():
    assert plain_sentence(ABBA, "en") == (
        "Both pay and refund hold one lock and wait for the other's "
        "(pay waits for lock_b, refund for lock_a): neither can go on."
    )
    assert plain_sentence(ABBA, "zh").startswith("pay 和 refund 各拿着一把锁")


def test_other_deadlocks():
    self_wait = {"kind": "deadlock", "deadlock": {"waiting": {"c": "lock"}, "cycle": ["c"]}}
    assert "which it still holds itself" in plain_sentence(self_wait, "en")
    ring = {"kind": "deadlock", "deadlock": {"waiting": {}, "cycle": ["p0", "p1", "p2"]}}
    assert "3 threads wait in a circle (p0 → p1 → p2 → p0)" in plain_sentence(ring, "en")
    lost = {"kind": "deadlock", "deadlock": {"waiting": {"r#1": "gun", "r#2": "gun"}, "cycle": []}}
    assert plain_sentence(lost, "en") == (
        "r#1 and r#2 wait for gun forever: no thread is left that could wake them."
    )
    assert plain_sentence(lost, "zh") == "r#1、r#2 永远在等 gun：已经没有线程能叫醒它们。"


def test_a_crash_says_who_what_and_where_before_the_message():
    outcome = {
        "kind": "exception",
        "exceptions": [
            {
                "thread": "consumer#0",
                "type": "IndexError",
                "message": "pop from empty list",
                "line": 4,
            }
        ],
    }
    assert plain_sentence(outcome, "en") == (
        "consumer#0 crashed on line 4: it took from an empty list (IndexError: pop from empty list)."
    )
    assert plain_sentence(outcome, "zh").startswith(
        "consumer#0 崩溃了（第 4 行）：它从空列表里取东西"
    )
    odd = {
        "kind": "exception",
        "exceptions": [{"thread": "t", "type": "KeyError", "message": "'x'"}],
    }
    assert plain_sentence(odd, "en") == "t crashed with KeyError: 'x'."


def test_missed_goals():
    counter = {
        "kind": "finished",
        "goals": {"final": [{"expr": "shared.counter == 6", "ok": False}]},
        "shared": {"counter": 3},
    }
    assert plain_sentence(counter, "en") == "All threads ended, but counter is 3, not 6."
    slow = {
        "kind": "finished",
        "makespan": 3.0,
        "goals": {
            "final": [
                {"expr": "shared.beats == 3", "ok": True},
                {"expr": "makespan <= 2.5", "ok": False},
            ]
        },
        "shared": {"beats": 3},
    }
    assert "too slow: everything ended at 3 s, later than 2.5 s" in plain_sentence(slow, "en")
    logs = {"kind": "finished", "goals": {"final": [{"expr": "logs.index('a') < 3", "ok": False}]}}
    assert plain_sentence(logs, "en", "A comes first.") == (
        "All threads ended, but the goal was missed: A comes first."
    )
    passed = {"kind": "finished", "goals": {"final": [{"expr": "x", "ok": True}]}}
    assert plain_sentence(passed, "en") is None


def test_an_invariant_and_a_livelock():
    room = {
        "kind": "invariant",
        "goals": {"always": {"expr": "len(shared.room) <= 2", "step": 8}},
        "shared": {"room": [0, 1, 2]},
    }
    assert plain_sentence(room, "en") == (
        "After step 8, len(shared.room) <= 2 no longer holds (room = [0, 1, 2])."
    )
    assert "livelock" in plain_sentence({"kind": "budget"}, "en")
    assert "活锁" in plain_sentence({"kind": "budget"}, "zh")


def test_the_judges_counterexample_on_lock_abba():
    level = load_catalog().by_id("lock-abba")
    sentence = verdict_sentence(verdict_dict(judge_level(level, time_limit=10)), "en")
    assert sentence.startswith("Both pay and refund hold one lock and wait for the other's")


@sync
async def test_show_the_bug_says_the_key_words_first_at_80x24():
    catalog = load_catalog()
    app = make_app(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_level(pilot, catalog.by_id("condition-if-while"))
        await pilot.press("b")
        play = app.screen
        await wait_for(
            pilot, lambda: isinstance(play, PlayScreen) and play.mode is Mode.REPLAY, what="replay"
        )
        status = play.query_one("#play-status")
        shown = " ".join(str(status.render()).split())
        assert shown.startswith("consumer#")
        assert "crashed on line 4: it took from an empty list" in shown


def test_chinese_step_log_and_time_played():
    from syncgame.play.narrate import event_row
    from syncgame.play.plain import step_log
    from syncgame.play.progress import duration_text

    events = [
        {"step": 1, "thread": "inc#0", "op": "read", "obj": "counter", "result": "2"},
        {"step": 2, "thread": "inc#1", "op": "acquire", "obj": "lock", "result": "blocked"},
    ]
    assert step_log(events, "zh") == "inc#0 读 counter → 2，inc#1 acquire lock → 阻塞"
    assert step_log(events, "en") == "inc#0 read counter → 2, inc#1 acquire lock → blocked"
    assert event_row(events[0], "zh").split() == ["1", "inc#0", "读", "counter", "→", "2"]
    assert duration_text(86, "zh") == "1 分 26 秒" and duration_text(86) == "1m26s"
