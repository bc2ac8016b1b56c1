"""The placement model: (start code, placements) -> effective source. No Textual here."""

from __future__ import annotations

import pytest

from syncgame.level.model import Goal, Level, Text, ThreadSpec
from syncgame.ui.actions import actions_for, retype_choices
from syncgame.ui.placement import (
    Board,
    Declare,
    Insert,
    Placement,
    PlacementError,
    Remove,
    Rewrite,
    Toggle,
    TryFinally,
    Unwrap,
    Wrap,
    palette_left,
    snap,
    start_draft,
)
from tests.ui.fixtures import ABBA, BOSS, COUNTER


def wrap_with_new_lock(first=2, last=3) -> Placement:
    return Placement((Declare("lock", "Lock()"), Wrap("inc", first, last, "lock")))


def test_start_source_is_the_level_code():
    board = Board(COUNTER)
    assert board.draft.source("inc") == COUNTER.threads[0].code
    assert not board.changed()


def test_wrap_indents_the_body_and_marks_the_header():
    board = Board(COUNTER)
    board.place(wrap_with_new_lock())
    assert board.draft.source("inc") == (
        "for _ in range(3):\n"
        "    with lock:\n"
        "        tmp = shared.counter\n"
        "        shared.counter = tmp + 1\n"
    )
    assert [line.placed for line in board.draft.threads["inc"]] == [False, True, False, False]
    assert board.solution().primitives == {"lock": "Lock()"}
    assert board.solution().threads["inc"] == board.draft.source("inc")
    assert board.used_primitives() == 1


def test_wrap_matches_the_reference_solution():
    board = Board(COUNTER)
    board.place(wrap_with_new_lock())
    assert board.draft.source("inc") == COUNTER.solution.threads["inc"]


def test_selection_snaps_to_whole_statements():
    lines = start_draft(COUNTER).threads["inc"]
    assert snap(lines, 1, 1) == (1, 3)  # the for header takes its body along
    assert snap(lines, 3, 2) == (2, 3)
    assert snap(lines, 2, 2) == (2, 2)
    with pytest.raises(PlacementError):
        snap(lines, 0, 9)


def test_wrap_a_header_wraps_the_whole_loop():
    board = Board(COUNTER)
    board.place(Placement((Declare("lock", "Lock()"), Wrap("inc", 1, 1, "lock"))))
    assert board.draft.source("inc").startswith("with lock:\n    for _ in range(3):\n        tmp")


def test_insert_before_and_after_at_the_statement_indent():
    board = Board(COUNTER)
    board.place(
        Placement(
            (
                Declare("lock", "Lock()"),
                Insert("inc", 2, 2, "before", "lock.acquire()"),
            )
        )
    )
    board.place(Placement((Insert("inc", 4, 4, "after", "lock.release()"),)))
    assert board.draft.source("inc") == (
        "for _ in range(3):\n"
        "    lock.acquire()\n"
        "    tmp = shared.counter\n"
        "    shared.counter = tmp + 1\n"
        "    lock.release()\n"
    )


def test_insert_after_a_header_goes_after_its_block():
    board = Board(BOSS)
    board.place(
        Placement((Declare("event", "Event()"), Insert("worker", 1, 1, "after", "event.set()")))
    )
    assert board.draft.source("worker") == (
        "for _ in range(10):\n    shared.cups += 1\nevent.set()\n"
    )


def test_palette_counts_limit_placements():
    board = Board(COUNTER)
    board.place(wrap_with_new_lock())
    assert palette_left(COUNTER, board.draft) == {"Lock": 0}
    with pytest.raises(PlacementError, match="no Lock left"):
        board.place(Placement((Declare("lock2", "Lock()"),)))
    with pytest.raises(PlacementError, match="no RLock left"):
        board.place(Placement((Declare("lock", "RLock()"),)))


def test_changing_a_start_primitive_type_costs_that_type():
    board = Board(ABBA)
    with pytest.raises(PlacementError, match="no RLock left"):
        board.place(Placement((Declare("a", "RLock()"),)))
    assert board.used_primitives() == 0


def test_bad_declarations_are_refused_with_the_reason():
    board = Board(COUNTER)
    with pytest.raises(PlacementError, match="Semaphore"):
        board.place(Placement((Declare("s", "Semaphore(-1)"),)))
    with pytest.raises(PlacementError, match="not a valid name"):
        board.place(Placement((Declare("2x", "Lock()"),)))


def test_calls_must_fit_the_primitive_type():
    board = Board(ABBA)
    with pytest.raises(PlacementError, match="no set"):
        board.place(Placement((Insert("left", 1, 1, "before", "a.set()"),)))
    with pytest.raises(PlacementError, match="no primitive named"):
        board.place(Placement((Insert("left", 1, 1, "before", "zz.acquire()"),)))


def test_undo_redo_reset():
    board = Board(COUNTER)
    start = board.draft.source("inc")
    board.place(wrap_with_new_lock())
    wrapped = board.draft.source("inc")
    assert board.undo() and board.draft.source("inc") == start
    assert board.redo() and board.draft.source("inc") == wrapped
    board.reset()
    assert board.draft.source("inc") == start and board.draft.primitives == {}
    assert board.redo() and board.draft.source("inc") == wrapped
    assert not board.redo()


def test_a_new_placement_clears_redo():
    board = Board(COUNTER)
    board.place(wrap_with_new_lock())
    board.undo()
    board.place(wrap_with_new_lock(3, 3))
    assert not board.redo()


def test_unwrap_and_remove():
    board = Board(ABBA)
    board.place(Placement((Unwrap("left", 2),)))
    assert board.draft.source("left") == "with a:\n    shared.x += 1\n"
    with pytest.raises(PlacementError, match="not 'with"):
        board.place(Placement((Unwrap("left", 2),)))
    boss = Board(BOSS)
    boss.place(Placement((Remove("boss", 1),)))
    assert boss.draft.source("boss") == "assert shared.cups == 10\n"
    with pytest.raises(PlacementError, match="does more than synchronise"):
        boss.place(Placement((Remove("boss", 1),)))


def test_remove_the_only_statement_of_a_block_leaves_pass():
    board = Board(COUNTER)
    board.place(
        Placement((Declare("lock", "Lock()"), Insert("inc", 2, 2, "before", "lock.acquire()")))
    )
    board.place(Placement((Remove("inc", 2),)))
    assert board.draft.source("inc") == COUNTER.threads[0].code


def test_placements_round_trip_through_json():
    placement = wrap_with_new_lock()
    assert Placement.from_json(placement.to_json()) == placement
    with pytest.raises(PlacementError):
        Placement.from_json({"edits": [{"kind": "Explode"}]})


def test_actions_offer_the_counter_fix_and_only_possible_ones():
    board = Board(COUNTER)
    actions = actions_for(board, "inc", 2, 3)
    labels = [action.label for action in actions]
    assert "with lock: (new Lock)  around 2-3" in labels
    assert not any("remove" in label for label in labels)
    chosen = next(a for a in actions if a.label.startswith("with lock:"))
    board.place(chosen.placement)
    assert board.draft.source("inc") == COUNTER.solution.threads["inc"]
    # the palette is now empty: only the existing lock is offered
    labels = [action.label for action in actions_for(board, "inc", 3, 3)]
    assert "with lock:  around 3" in labels
    assert not any("new" in label for label in labels)


def test_retype_choices():
    board = Board(COUNTER)
    board.place(wrap_with_new_lock())
    assert retype_choices(board, "lock") == ["Lock"]


POLLING = Level(
    id="poll",
    chapter="Queue",
    order=1,
    title=Text("Poll", "轮询"),
    briefing=Text("b", "b"),
    threads=(
        ThreadSpec(
            name="main",
            code=(
                "q.put(1)\n"
                "while q.qsize() > 0:\n"
                "    sleep(0.1)\n"
                "with cond:\n"
                "    if shared.x == 0:\n"
                "        cond.wait()\n"
                "shared.x += 1\n"
            ),
        ),
    ),
    goal=Goal(),
    shared={"x": 0},
    primitives={"q": "Queue()", "cond": "Condition()", "stop": "Event()"},
)


def test_remove_a_polling_loop_that_only_synchronises():
    board = Board(POLLING)
    board.place(Placement((Remove("main", 2),)))
    assert board.draft.source("main").startswith("q.put(1)\nwith cond:\n")
    with pytest.raises(PlacementError, match="does more than synchronise"):
        board.place(Placement((Remove("main", 5),)))  # shared.x += 1


def test_toggle_if_and_while_around_wait():
    board = Board(POLLING)
    board.place(Placement((Toggle("main", 5),)))
    assert "    while shared.x == 0:\n        cond.wait()\n" in board.draft.source("main")
    board.place(Placement((Toggle("main", 5),)))
    assert "    if shared.x == 0:\n" in board.draft.source("main")
    with pytest.raises(PlacementError, match="not an 'if' or 'while'"):
        board.place(Placement((Toggle("main", 1),)))


def test_rewrite_a_line_keeps_its_indent_and_refuses_blocks():
    board = Board(POLLING)
    board.place(Placement((Rewrite("main", 3, "stop.wait(0.1)"),)))
    assert "\n    stop.wait(0.1)\n" in board.draft.source("main")
    assert board.draft.threads["main"][2].placed
    with pytest.raises(PlacementError, match="one-line statement"):
        board.place(Placement((Rewrite("main", 2, "pass"),)))
    with pytest.raises(PlacementError, match="one simple statement"):
        board.place(Placement((Rewrite("main", 3, "while True: pass"),)))
    with pytest.raises(PlacementError):
        board.place(Placement((Rewrite("main", 3, "stop.wait((("),)))


def test_try_finally_release():
    board = Board(COUNTER)
    board.place(
        Placement(
            (
                Declare("lock", "Lock()"),
                Insert("inc", 2, 2, "before", "lock.acquire()"),
                TryFinally("inc", 3, 4, "lock.release()"),
            )
        )
    )
    assert board.draft.source("inc") == (
        "for _ in range(3):\n"
        "    lock.acquire()\n"
        "    try:\n"
        "        tmp = shared.counter\n"
        "        shared.counter = tmp + 1\n"
        "    finally:\n"
        "        lock.release()\n"
    )
