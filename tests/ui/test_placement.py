"""The placement model: (start code, placements) -> effective source. No Textual here."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from syncgame.level.model import Goal, Level, Text, ThreadSpec
from syncgame.play import actions as actions_module
from syncgame.play import block_edits, call_edits
from syncgame.play import drafts as drafts_module
from syncgame.play import placement as placement_module
from syncgame.play.actions import actions_for, retype_choices
from syncgame.play.call_edits import SetArgument, SwapBlocking
from syncgame.play.drafts import placement_from_json
from syncgame.play.edits import EDIT_KINDS
from syncgame.play.placement import (
    Board,
    Declare,
    Insert,
    Move,
    Placement,
    PlacementError,
    Remove,
    Rewrite,
    SwapHeaders,
    SwapLocks,
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
    assert placement_from_json(placement.to_json()) == placement
    with pytest.raises(PlacementError):
        placement_from_json({"edits": [{"kind": "Explode"}]})


def test_every_edit_class_is_in_the_one_list_of_edit_kinds():
    """An edit the menu can build but the save cannot read back would reset a draft."""
    defined = {
        name
        for module in (placement_module, call_edits, block_edits)
        for name, value in vars(module).items()
        if inspect.isclass(value)
        and value.__module__ == module.__name__
        and callable(getattr(value, "apply", None))
    }
    assert defined == set(EDIT_KINDS)
    assert len(defined) >= 17


def test_the_menu_and_the_save_take_edit_classes_from_the_one_list():
    """actions.py and drafts.py import no edit class by name: they use `syncgame.play.edits`."""
    for module in (actions_module, drafts_module):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert not imported & set(EDIT_KINDS), module.__name__


def test_actions_offer_the_counter_fix_and_only_possible_ones():
    board = Board(COUNTER)
    actions = actions_for(board, "inc", 2, 3)
    labels = [action.label for action in actions]
    assert labels[0] == "with lock:  around 2-3"
    assert actions[0].group == "lock" and actions[0].new and actions[0].kind == "Lock"
    assert not any("remove" in label for label in labels)
    chosen = next(a for a in actions if a.label.startswith("with lock:"))
    board.place(chosen.placement)
    assert board.draft.source("inc") == COUNTER.solution.threads["inc"]
    # the palette is now empty: only the existing lock is offered
    actions = actions_for(board, "inc", 3, 3)
    assert "with lock:  around 3" in [action.label for action in actions]
    assert not any(action.new for action in actions)


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
    # a general edit: a loop that does work toggles too (the judge decides if that is a fix)
    board.place(Placement((Toggle("main", 2),)))
    assert "\nif q.qsize() > 0:\n" in board.draft.source("main")


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


# --- edits that express common fixes, without traps ----------------------------------------

EXCEPTION = Level(
    id="exc",
    chapter="Lock",
    order=1,
    title=Text("E", "E"),
    briefing=Text("b", "b"),
    threads=(
        ThreadSpec(
            name="clerk",
            code=(
                "lock.acquire()\n"
                "order = shared.orders.pop()\n"
                "shared.total += order\n"
                "lock.release()\n"
                "log('done')\n"
            ),
        ),
    ),
    goal=Goal(),
    shared={"orders": [1], "total": 0},
    primitives={"lock": "Lock()"},
)


def test_with_around_acquire_release_replaces_them():
    board = Board(EXCEPTION)
    board.place(Placement((Wrap("clerk", 1, 4, "lock"),)))
    assert board.draft.source("clerk") == (
        "with lock:\n    order = shared.orders.pop()\n    shared.total += order\nlog('done')\n"
    )
    labels = [a.label for a in actions_for(Board(EXCEPTION), "clerk", 1, 4)]
    assert "with lock:  around 1-4  (replaces acquire/release)" in labels


def test_try_finally_replaces_the_old_release_and_keeps_the_acquire_in_front():
    board = Board(EXCEPTION)
    board.place(Placement((TryFinally("clerk", 1, 4, "lock.release()"),)))
    assert board.draft.source("clerk") == (
        "lock.acquire()\n"
        "try:\n"
        "    order = shared.orders.pop()\n"
        "    shared.total += order\n"
        "finally:\n"
        "    lock.release()\n"
        "log('done')\n"
    )
    assert board.draft.source("clerk").count("lock.release()") == 1
    labels = [a.label for a in actions_for(Board(EXCEPTION), "clerk", 1, 4)]
    assert "try: 1-4  finally: lock.release()  (replaces line 4)" in labels


def test_swap_lock_order_of_nested_with():
    board = Board(ABBA)
    labels = [a.label for a in actions_for(board, "right", 1, 3)]
    assert "swap lock order: with b … with a  →  with a … with b" in labels
    board.place(Placement((SwapLocks("right", 1),)))
    assert board.draft.source("right") == "with a:\n    with b:\n        shared.x += 1\n"
    with pytest.raises(PlacementError, match="not a 'with' holding"):
        board.place(Placement((SwapLocks("right", 3),)))


def test_swap_a_block_header_with_the_block_inside():
    board = Board(POLLING)
    board.place(Placement((SwapHeaders("main", 4),)))
    assert "if shared.x == 0:\n    with cond:\n        cond.wait()\n" in board.draft.source("main")
    with pytest.raises(PlacementError, match="exactly one block"):
        board.place(Placement((SwapHeaders("main", 1),)))


def test_move_a_statement_up_and_down_among_its_siblings():
    board = Board(EXCEPTION)
    board.place(Placement((Move("clerk", 5, -1),)))
    assert board.draft.source("clerk").endswith("log('done')\nlock.release()\n")
    assert board.draft.threads["clerk"][3].placed  # the moved line is marked
    board.place(Placement((Move("clerk", 4, 1),)))
    assert board.draft.source("clerk") == EXCEPTION.threads[0].code
    with pytest.raises(PlacementError, match="edge"):
        board.place(Placement((Move("clerk", 1, -1),)))


def test_sleep_becomes_a_wait_that_keeps_its_timeout():
    board = Board(POLLING)
    actions = actions_for(board, "main", 3, 3)
    labels = [a.label for a in actions]
    assert "sleep(0.1)  →  stop.wait(0.1)" in labels
    assert labels.index("sleep(0.1)  →  stop.wait(0.1)") < labels.index(
        "sleep(0.1)  →  stop.wait()"
    )
    board.place(next(a for a in actions if a.label == "sleep(0.1)  →  stop.wait(0.1)").placement)
    assert "\n    stop.wait(0.1)\n" in board.draft.source("main")


def test_timeouts_and_blocking_arguments():
    board = Board(POLLING)
    board.place(Placement((Rewrite("main", 3, "stop.wait()"),)))
    board.place(Placement((SetArgument("main", 3, "timeout", "2"),)))
    assert "\n    stop.wait(2)\n" in board.draft.source("main")
    board.place(Placement((SetArgument("main", 3, "timeout", None),)))
    assert "\n    stop.wait()\n" in board.draft.source("main")
    board.place(Placement((Rewrite("main", 3, "got = q.get()  # take one"),)))
    board.place(Placement((SetArgument("main", 3, "timeout", "1"),)))
    assert "\n    got = q.get(timeout=1)  # take one\n" in board.draft.source("main")
    board.place(Placement((SetArgument("main", 3, "block", "False"),)))
    assert "\n    got = q.get(block=False, timeout=1)  # take one\n" in board.draft.source("main")
    with pytest.raises(PlacementError, match="takes no blocking"):
        board.place(Placement((SetArgument("main", 3, "blocking", "False"),)))
    with pytest.raises(PlacementError, match="number or True/False"):
        board.place(Placement((SetArgument("main", 3, "timeout", "shared.x"),)))
    labels = [a.label for a in actions_for(board, "main", 3, 3)]
    assert "q.get(): set timeout…" in labels and "q.get(): no timeout" in labels


def test_put_nowait_and_put_swap():
    board = Board(POLLING)
    board.place(Placement((SwapBlocking("main", 1),)))
    assert board.draft.source("main").startswith("q.put_nowait(1)\n")
    labels = [a.label for a in actions_for(board, "main", 1, 1)]
    assert "q.put_nowait(…)  →  q.put(…)" in labels
    board.place(Placement((SwapBlocking("main", 1),)))
    assert board.draft.source("main").startswith("q.put(1)\n")


def test_an_added_primitive_nothing_uses_goes_away():
    board = Board(COUNTER)
    board.place(
        Placement((Declare("lock", "Lock()"), Insert("inc", 2, 2, "before", "lock.acquire()")))
    )
    assert "lock" in board.draft.primitives and board.used_primitives() == 1
    board.place(Placement((Remove("inc", 2),)))
    assert board.draft.primitives == {} and board.used_primitives() == 0
    assert palette_left(COUNTER, board.draft) == {"Lock": 1}
    # a level's own primitives stay even when unused
    abba = Board(ABBA)
    abba.place(Placement((Unwrap("left", 2),)))
    assert set(abba.draft.primitives) == {"a", "b"}


def test_every_edit_round_trips_through_json():
    placements = [
        Placement((SwapLocks("right", 1),)),
        Placement((SwapHeaders("main", 4),)),
        Placement((Move("clerk", 5, -1),)),
        Placement((SetArgument("main", 3, "timeout", "2"),)),
        Placement((SwapBlocking("main", 1),)),
        Placement((Toggle("main", 5), Rewrite("main", 3, "pass"))),
        Placement((TryFinally("clerk", 1, 4, "lock.release()"),)),
    ]
    for placement in placements:
        assert placement_from_json(placement.to_json()) == placement


def test_the_menu_gives_no_hint_only_general_edits():
    """`if`/`while` is offered on every if and while, also where the body does work."""
    board = Board(POLLING)
    assert "change `while` to `if` on line 2" in [a.label for a in actions_for(board, "main", 2, 3)]
    assert "change `if` to `while` on line 5" in [a.label for a in actions_for(board, "main", 5, 6)]


def test_menu_groups_follow_a_fixed_order_of_types():
    board = Board(POLLING)
    groups = []
    for action in actions_for(board, "main", 7, 7):
        if action.group not in groups:
            groups.append(action.group)
    assert groups == ["cond", "stop", "q", ""]  # Condition, Event, Queue, then code edits
