"""Edits of a run of statements: out of its `with`, two primitives swapped, under `if ok:`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from syncgame.judge.structure import check_structure
from syncgame.level.model import Goal, Level, Text, ThreadSpec
from syncgame.play.actions import actions_for, condition_placement, predicate_placement
from syncgame.play.block_edits import IfAnswer, IfCondition, StepOut, SwapNames
from syncgame.play.drafts import placement_from_json
from syncgame.play.placement import Board, Placement, PlacementError
from tests.ui.fixtures import ABBA

CODE = (
    "ok = sem.acquire(False)\n"
    "with gil:\n"
    "    shared.x += 1   # before\n"
    "    sleep(1)\n"
    "    shared.x += 1   # after\n"
    "a.acquire()\n"
    "b.acquire()  # 二\n"
    "shared.x += 1\n"
    "b.release()\n"
    "a.release()\n"
)

BLOCKS = Level(
    id="blocks",
    chapter="Lock",
    order=1,
    title=Text("B", "B"),
    briefing=Text("b", "b"),
    threads=(ThreadSpec(name="main", code=CODE),),
    goal=Goal(),
    shared={"x": 0},
    primitives={"gil": "Lock()", "a": "Lock()", "b": "Lock()", "sem": "Semaphore(1)"},
)


def placed(edit) -> str:
    board = Board(BLOCKS)
    board.place(Placement((edit,)))
    return board.draft.source("main")


def labels(first: int, last: int) -> list[str]:
    return [action.label for action in actions_for(Board(BLOCKS), "main", first, last)]


def test_step_out_splits_the_with_around_the_lines():
    assert placed(StepOut("main", 4, 4)) == CODE.replace("    sleep(1)\n", "sleep(1)\nwith gil:\n")
    assert "take 4 out of `with gil:`" in labels(4, 4)


def test_step_out_at_either_end_leaves_one_with():
    first = placed(StepOut("main", 3, 3))
    assert first.startswith("ok = sem.acquire(False)\nshared.x += 1   # before\nwith gil:\n")
    assert "    sleep(1)\n    shared.x += 1   # after\na.acquire()" in first
    last = placed(StepOut("main", 4, 5))
    assert "with gil:\n    shared.x += 1   # before\nsleep(1)\nshared.x += 1   # after\n" in last


def test_step_out_refuses_the_whole_block_and_lines_outside_a_with():
    with pytest.raises(PlacementError, match="unwrap"):
        placed(StepOut("main", 3, 5))
    with pytest.raises(PlacementError, match="not inside"):
        placed(StepOut("main", 8, 8))
    assert not any(label.startswith("take ") for label in labels(8, 8))


def test_swap_names_exchanges_two_primitives_of_one_type():
    swapped = placed(SwapNames("main", 6, 10, "a", "b"))
    assert swapped.endswith(
        "b.acquire()\na.acquire()  # 二\nshared.x += 1\na.release()\nb.release()\n"
    )
    assert "swap a and b in 6-10" in labels(6, 10)
    swaps = [label for label in labels(1, 10) if label.startswith("swap ")]
    assert swaps == ["swap a and b in 1-10", "swap a and gil in 1-10", "swap b and gil in 1-10"]
    with pytest.raises(PlacementError, match="not of one type"):
        placed(SwapNames("main", 1, 10, "a", "sem"))
    with pytest.raises(PlacementError, match="do not use both"):
        placed(SwapNames("main", 6, 6, "a", "b"))


def test_swap_names_is_the_lock_order_fix_of_nested_withs_too():
    board = Board(ABBA)
    board.place(Placement((SwapNames("right", 1, 3, "a", "b"),)))
    assert board.draft.source("right") == ABBA.threads[0].code


def test_if_answer_guards_lines_with_what_a_primitive_answered():
    guarded = placed(IfAnswer("main", 8, 8, "ok"))
    assert "b.acquire()  # 二\nif ok:\n    shared.x += 1\nb.release()\n" in guarded
    assert "if ok:  around 8" in labels(8, 8)
    board = Board(BLOCKS)
    board.place(Placement((IfAnswer("main", 8, 8, "ok"),)))
    assert check_structure(BLOCKS, board.solution()) is None  # the judge agrees: not work
    with pytest.raises(PlacementError, match="does not hold"):
        placed(IfAnswer("main", 1, 1, "ok"))  # not assigned yet
    with pytest.raises(PlacementError, match="does not hold"):
        placed(IfAnswer("main", 8, 8, "x"))


def test_a_name_that_also_holds_work_is_no_answer():
    level = Level(
        id="work",
        chapter="Lock",
        order=1,
        title=Text("W", "W"),
        briefing=Text("b", "b"),
        threads=(ThreadSpec(name="main", code="ok = sem.acquire(False)\nok = 3\nshared.x = ok\n"),),
        goal=Goal(),
        shared={"x": 0},
        primitives={"sem": "Semaphore(1)"},
    )
    assert not any("if ok" in a.label for a in actions_for(Board(level), "main", 3, 3))


def test_block_edits_round_trip_through_json():
    for edit in (
        StepOut("main", 4, 4),
        SwapNames("main", 6, 10, "a", "b"),
        IfAnswer("main", 8, 8, "ok"),
    ):
        placement = Placement((edit,), "label")
        assert placement_from_json(placement.to_json()) == placement


def test_if_condition_puts_synchronisation_under_the_players_test():
    board = Board(BLOCKS)
    actions = actions_for(board, "main", 9, 10)
    asking = [a for a in actions if a.condition is not None]
    assert [a.label for a in asking] == ["if …:  around 9-10"] and asking[0].placement is None
    board.place(condition_placement("main", 9, 10, " shared.x == 0 "))
    assert board.draft.source("main").endswith(
        "shared.x += 1\nif shared.x == 0:\n    b.release()\n    a.release()\n"
    )
    assert board.applied[-1].label == "if shared.x == 0:  around 9-10"
    assert check_structure(BLOCKS, board.solution()) is None


def test_if_condition_refuses_work_and_bad_conditions():
    assert not any(a.condition for a in actions_for(Board(BLOCKS), "main", 8, 9))
    with pytest.raises(PlacementError, match="more than synchronise"):
        placed(IfCondition("main", 8, 9, "shared.x == 0"))
    with pytest.raises(PlacementError, match="invalid syntax|was never closed"):
        placed(IfCondition("main", 9, 9, "shared.x =="))
    with pytest.raises(PlacementError, match="one line"):
        placed(IfCondition("main", 9, 9, ""))
    placement = Placement((IfCondition("main", 9, 9, "shared.x > 1"),))
    assert placement_from_json(placement.to_json()) == placement


def test_wait_for_asks_for_its_predicate_and_declares_a_new_condition():
    level = replace(BLOCKS, palette={"Condition": 1})
    board = Board(level)
    asking = {a.label: a for a in actions_for(board, "main", 8, 8) if a.predicate is not None}
    assert set(asking) == {"cond.wait_for(…)  before 8", "cond.wait_for(…)  after 8"}
    action = asking["cond.wait_for(…)  before 8"]
    assert action.placement is None and action.new
    board.place(predicate_placement(*action.predicate, " lambda: shared.x > 0 "))
    assert board.draft.primitives["cond"] == "Condition()"
    assert "b.acquire()  # 二\ncond.wait_for(lambda: shared.x > 0)\nshared.x += 1\n" in (
        board.draft.source("main")
    )
    assert board.applied[-1].label == "cond.wait_for(lambda: shared.x > 0) before 8"
    assert check_structure(level, board.solution()) is None
    assert not any(a.predicate for a in actions_for(Board(BLOCKS), "main", 8, 8))  # no Condition
