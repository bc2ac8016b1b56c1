"""A line typed by hand may not use a primitive nobody declared: the edit-line dialog refuses
it (naming the unknown name and the declared primitives) instead of the judge at submit."""

from __future__ import annotations

from syncgame.play.placement import Board, Declare, Insert, Placement
from syncgame.play.undeclared import primitive_methods, undeclared_primitives, undeclared_refusal
from syncgame.texts import tr
from tests.ui.fixtures import ABBA, BOSS, COUNTER


def test_a_method_called_on_an_unknown_name_or_a_with_on_one_is_refused():
    board = Board(BOSS)  # declares nothing; its palette has an Event
    assert undeclared_primitives(board, "boss", "event.wait(1)") == ["event"]
    assert undeclared_primitives(board, "boss", "with guard: pass") == ["guard"]
    assert undeclared_primitives(board, "boss", "ok = cond.wait_for(lambda: q.empty())") == [
        "cond",
        "q",
    ]
    assert undeclared_primitives(board, "boss", "e.set(); e.clear()") == ["e"]


def test_declared_primitives_plain_variables_and_shared_values_are_fine():
    board = Board(ABBA)
    for line in ("a.acquire()", "with b: pass", "shared.x = 1", "x = shared.x + 1",
                 "log('hi')", "sleep(1)", "n = len(shared.items)", "me.wait", "shared.d.get(1)",
                 "b.release(); a.locked()", "shared.x = (", ""):  # fmt: skip
        assert undeclared_primitives(board, "left", line) == [], line


def test_names_the_thread_or_the_helpers_bind_are_not_primitives():
    board = Board(COUNTER)
    assert undeclared_primitives(board, "inc", "tmp.get(0)") == []  # `tmp` is the thread's
    assert undeclared_primitives(board, "inc", "stock.get(0)") == ["stock"]


def test_a_primitive_declared_on_the_board_counts_once_placed():
    board = Board(BOSS)
    declare = Declare("event", "Event()")  # (a primitive no code uses is dropped at once)
    board.place(Placement((declare, Insert("worker", 2, 2, "after", "event.set()"))))
    assert board.draft.primitives == {"event": "Event()"}
    assert undeclared_primitives(board, "boss", "event.wait(1)") == []


def test_the_refusal_names_the_unknown_and_the_declared_in_both_languages():
    board = Board(ABBA)
    english = undeclared_refusal(board, "left", "event.wait(1)", "en")
    assert english == tr("dialog.undeclared", "en", names="'event'", declared="a, b")
    assert "'event'" in english and "a, b" in english and "declared" in english
    chinese = undeclared_refusal(board, "left", "event.wait(1)", "zh")
    assert "'event'" in chinese and "a, b" in chinese and "未声明" in chinese
    nothing = undeclared_refusal(Board(BOSS), "boss", "event.wait(1)", "en")
    assert "declared: none" in nothing
    assert "无" in undeclared_refusal(Board(BOSS), "boss", "event.wait(1)", "zh")
    assert undeclared_refusal(board, "left", "a.acquire()", "en") is None


def test_primitive_methods_are_the_primitives_public_methods():
    methods = primitive_methods()
    assert {"acquire", "release", "wait", "wait_for", "set", "clear", "notify_all", "put",
            "get_nowait", "abort", "reset"} <= methods  # fmt: skip
    assert not {name for name in methods if name.startswith("_")}
