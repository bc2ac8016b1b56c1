"""The stage without Textual: looks, scene drawing, lost updates, playback, words, stars,
scheduler stepping. Snapshots here are hand-written dicts shaped as docs/architecture.md says."""

from __future__ import annotations

import pytest

from syncgame.level.model import Par
from syncgame.play.narrate import event_row, outcome_ok, outcome_sentence
from syncgame.play.playback import Playback
from syncgame.play.preview import final_snapshot, initial_snapshot, thread_ids
from syncgame.play.stars import score
from syncgame.play.stepper import Stepper
from syncgame.program.program import Program
from syncgame.ui.canvas import Canvas
from syncgame.ui.looks import object_look, thread_look
from syncgame.ui.scene import Scene, WriteTracker
from tests.ui.fixtures import ABBA, COUNTER


def thread(status="runnable", line=1, waiting_for=None, holding=(), op=None, name="inc"):
    return {
        "name": name,
        "status": status,
        "line": line,
        "waiting_for": waiting_for,
        "holding": list(holding),
        "op": op,
    }


def lock_snapshot() -> dict:
    return {
        "time": 0.0,
        "threads": {
            "inc#0": thread("running", 3, holding=["lock"], op="write counter"),
            "inc#1": thread("blocked", 2, waiting_for="lock", op="acquire lock"),
        },
        "primitives": {
            "lock": {"type": "Lock", "locked": True, "holder": "inc#0", "waiters": ["inc#1"]}
        },
        "shared": {"counter": 1},
    }


# --- looks --------------------------------------------------------------------------------


def test_thread_states_have_distinct_glyphs_and_words():
    primitives = {
        "lock": {"type": "Lock"},
        "gate": {"type": "Barrier", "parties": 3, "n_waiting": 1},
    }
    cases = {
        "running": thread("running"),
        "runnable": thread("runnable"),
        "critical": thread("running", holding=["lock"]),
        "blocked": thread("blocked", waiting_for="lock"),
        "barrier": thread("blocked", waiting_for="gate"),
        "sleeping": thread("sleeping"),
        "done": thread("done"),
        "crashed": thread("crashed"),
    }
    looks = {state: thread_look(info, primitives, {}) for state, info in cases.items()}
    assert {state: look.state for state, look in looks.items()} == {s: s for s in cases}
    assert len({look.glyph for look in looks.values()}) == len(cases)
    assert looks["blocked"].label == "◆ wait lock" and looks["blocked"].place == "lock"
    assert looks["critical"].label == "■ in lock"
    assert looks["barrier"].place == "gate"
    assert thread_look(cases["blocked"], primitives, {}, "zh").label == "◆ 等lock"


def test_thread_walks_to_what_its_last_step_touched():
    look = thread_look(thread("running"), {}, {"counter": 0}, last_obj="counter")
    assert look.place == "counter"
    assert thread_look(thread("running"), {}, {"counter": 0}).place is None


@pytest.mark.parametrize(
    ("info", "frame", "caption"),
    [
        (
            {"type": "Lock", "locked": True, "holder": "a", "waiters": ["b"]},
            "Lock.locked",
            "held: a",
        ),
        ({"type": "Lock", "locked": False, "holder": None, "waiters": []}, "Lock.unlocked", "free"),
        ({"type": "RLock", "locked": True, "holder": "a", "count": 2}, "Lock.locked", "held: a ×2"),
        ({"type": "Semaphore", "value": 0, "waiters": ["c"]}, "Semaphore.closed", " 0"),
        ({"type": "BoundedSemaphore", "value": 2, "initial": 3}, "Semaphore.open", "●●○ 2"),
        (
            {"type": "Barrier", "parties": 3, "n_waiting": 2, "broken": False},
            "Barrier.closed",
            "2/3",
        ),
        (
            {"type": "Barrier", "parties": 3, "n_waiting": 0, "broken": True},
            "Barrier.broken",
            "0/3 broken",
        ),
        ({"type": "Event", "flag": True}, "Event.set", "set"),
        ({"type": "Event", "flag": False}, "Event.clear", "clear"),
        ({"type": "Condition", "holder": None, "waiters": ["c#0"]}, "Condition.idle", "free"),
        ({"type": "Queue", "items": ["1", "2"], "maxsize": 2}, "Queue.box", "2/2 items"),
    ],
)
def test_object_looks(info, frame, caption):
    look = object_look(info)
    assert look.frame == frame
    assert look.lines[0][1] == caption


def test_object_look_lists_waiters():
    look = object_look({"type": "Condition", "holder": "p", "waiters": ["c#0", "c#1"]})
    assert ("obj.wait", "2 wait: c#0,1") in look.lines


# --- scene --------------------------------------------------------------------------------


def test_scene_draws_objects_values_and_sprites():
    scene = Scene()
    scene.show(lock_snapshot(), {"step": 4, "thread": "inc#0", "op": "write", "obj": "counter"})
    text = str(scene.draw(100, 14, animate=False))
    assert "counter = 1" in text
    assert "lock" in text and "held: inc#0" in text and "wait: inc#1" in text
    assert "■ in lock" in text and "◆ wait lock" in text
    assert "inc#0" in text and "inc#1" in text


def test_waiting_sprite_queues_beside_the_holder_under_the_lock():
    scene = Scene()
    scene.show(lock_snapshot())
    scene.draw(100, 14, animate=False)
    x, _y, width = scene._layout(100, 14).slots["lock"]
    holder, waiter = scene.walks["inc#0"].x, scene.walks["inc#1"].x
    assert abs(holder - (x + width // 2)) <= 1
    assert waiter > holder


def test_compact_scene_fits_80_columns():
    scene = Scene()
    scene.show(lock_snapshot())
    canvas = scene.draw(78, 9, animate=False)
    text = str(canvas)
    assert canvas.height == 9 and all(len(row) == 78 for row in text.split("\n"))
    assert "held: inc#0" in text and "◆ wait lock" in text


def test_sprites_walk_over_time_when_animated():
    scene = Scene()
    start = initial_snapshot([("inc", 2)], {"lock": "Lock()"}, {"counter": 0})
    scene.show(start, now=0.0)
    scene.draw(100, 14, now=0.0, animate=True)
    home = scene.walks["inc#1"].x
    scene.show(lock_snapshot(), now=1.0)
    scene.draw(100, 14, now=1.05, animate=True)
    halfway = scene.walks["inc#1"].x
    assert scene.animating(1.05)
    scene.draw(100, 14, now=10.0, animate=True)
    assert scene.walks["inc#1"].x == scene.walks["inc#1"].target != home
    assert home != halfway != scene.walks["inc#1"].target


def test_the_moment_shows_on_the_object():
    snapshot = {
        "threads": {"p": thread("running"), "w#0": thread("runnable")},
        "primitives": {
            "cond": {"type": "Condition", "holder": "p", "waiters": []},
            "gate": {"type": "Barrier", "parties": 2, "n_waiting": 0, "broken": False},
        },
        "shared": {},
    }
    scene = Scene()
    scene.show(snapshot, {"step": 1, "thread": "p", "op": "notify_all", "obj": "cond"})
    ringing = str(scene.draw(100, 14, animate=False))
    scene.show(snapshot, {"step": 2, "thread": "p", "op": "wait", "obj": "gate", "result": "1"})
    opened = str(scene.draw(100, 14, animate=False))
    assert "((┴))" in ringing and "((┴))" not in opened
    assert "┣━╋━╋━┫" in ringing and "┣━╋━╋━┫" not in opened


def test_a_crashed_thread_shows_its_exception():
    snapshot = lock_snapshot()
    snapshot["threads"]["inc#1"] = thread("crashed")
    scene = Scene()
    scene.exceptions = {"inc#1": "RuntimeError: release unlocked lock"}
    scene.show(snapshot)
    text = str(scene.draw(100, 14, animate=False))
    assert "✗ RuntimeError: release unl…" in text  # cut to the room over the sprite
    assert "✗ crashed" in text


def test_banner_and_numbers():
    scene = Scene()
    scene.show(lock_snapshot())
    scene.numbered = True
    scene.set_banner("deadlock: x")
    text = str(scene.draw(100, 14, animate=False))
    assert text.split("\n")[0].strip() == "deadlock: x"
    assert "1:inc#0" in text and "2:inc#1" in text


def test_write_tracker_spots_the_lost_update():
    tracker = WriteTracker()
    steps = [
        ("a", "read"), ("b", "read"), ("a", "write"), ("b", "write"),
    ]  # fmt: skip
    results = [
        tracker.feed({"step": i, "thread": t, "op": op, "obj": "counter"})
        for i, (t, op) in enumerate(steps)
    ]
    assert results == [None, None, ("counter", None), ("counter", "a")]
    tracker = WriteTracker()
    for i, (t, op) in enumerate([("a", "read"), ("a", "write"), ("b", "read"), ("b", "write")]):
        result = tracker.feed({"step": i, "thread": t, "op": op, "obj": "counter"})
    assert result == ("counter", None)


def test_canvas_runs_and_clipping():
    canvas = Canvas(6, 1)
    canvas.put(-1, 0, "abc", "x")
    canvas.put(4, 0, "def", "y")
    assert canvas.text(0) == "bc  de"
    assert list(canvas.runs(0)) == [("bc", "x"), ("  ", ""), ("de", "y")]


def test_canvas_wide_characters_take_two_cells():
    canvas = Canvas(8, 1)
    canvas.put(0, 0, "等lock", "x")
    assert canvas.text(0) == "等lock  "
    assert len(canvas.chars[0]) == 8 and canvas.chars[0][1] == ""
    canvas.put(1, 0, "ab", "y")  # over the right half: the left half goes too
    assert canvas.text(0) == " abock  "
    canvas.put(7, 0, "中", "z")  # does not fit: a space, not half a character
    assert canvas.text(0) == " abock  "
    assert "".join(text for text, _ in canvas.runs(0)) == canvas.text(0)


def test_chinese_labels_on_the_stage():
    scene = Scene(lang="zh")
    scene.show(lock_snapshot())
    text = str(scene.draw(100, 14, animate=False))
    assert "◆ 等lock" in text and "持有: inc#0" in text and "共享" in text


# --- playback, previews, words, stars -----------------------------------------------------


def test_playback_moves_both_ways_and_applies_the_outcome_at_the_end():
    initial = initial_snapshot([("left", 1), ("right", 1)], {"a": "Lock()"}, {})
    events = [
        {"step": 0, "thread": "left", "op": "start", "snapshot": {"threads": {"left": thread()}}},
        {"step": 1, "thread": "right", "op": "start", "snapshot": {"threads": {"left": thread("running"), "right": thread("running")}}},
    ]  # fmt: skip
    outcome = {"kind": "deadlock", "deadlock": {"waiting": {"left": "a"}, "cycle": []}}
    playback = Playback(initial, events, outcome)
    assert playback.at_start and playback.snapshot() is initial
    assert playback.forward() and playback.event()["step"] == 0
    assert playback.forward() and playback.finished
    final = playback.snapshot()
    assert final["threads"]["left"]["status"] == "blocked"
    assert final["threads"]["left"]["waiting_for"] == "a"
    assert not playback.forward()
    assert playback.backward() and not playback.finished
    playback.seek(99)
    assert playback.index == 1


def test_initial_snapshot_names_threads_like_the_runtime():
    assert thread_ids([("inc", 2), ("boss", 1)]) == ["inc#0", "inc#1", "boss"]
    snap = initial_snapshot([("w", 1)], {"sem": "Semaphore(2)", "gate": "Barrier(3)"}, {"x": 1})
    assert snap["primitives"]["sem"]["value"] == 2
    assert snap["primitives"]["gate"]["parties"] == 3
    assert snap["threads"]["w"]["status"] == "runnable"


def test_final_snapshot_marks_done_and_crashed():
    snap = {"threads": {"a": thread("running"), "b": thread("runnable")}}
    outcome = {"kind": "exception", "exceptions": [{"thread": "b", "type": "RuntimeError"}]}
    final = final_snapshot(snap, outcome)
    assert final["threads"]["a"]["status"] == "done"
    assert final["threads"]["b"]["status"] == "crashed"
    assert snap["threads"]["a"]["status"] == "running"  # the original is untouched


def test_words():
    assert event_row(
        {"step": 3, "thread": "inc#1", "op": "write", "obj": "counter", "result": "1"}
    ) == ("  3 inc#1   write counter → 1")
    finished_bad = {
        "kind": "finished",
        "goals": {"final": [{"expr": "shared.counter == 6", "ok": False, "value": "False"}]},
        "shared": {"counter": 4},
    }
    assert not outcome_ok(finished_bad)
    assert outcome_sentence(finished_bad) == (
        "all threads ended, but shared.counter == 6 is false: counter = 4"
    )
    assert outcome_ok({"kind": "finished", "goals": {"final": [{"expr": "x", "ok": True}]}})
    deadlock = {"kind": "deadlock", "deadlock": {"waiting": {"a": "l1", "b": "l2"}}}
    assert outcome_sentence(deadlock) == "deadlock: a waits for l1; b waits for l2"
    assert outcome_sentence(deadlock, "zh") == "死锁：a 等待 l1；b 等待 l2"


def test_stars():
    assert score(False, 1, 0.0, Par(primitives=1)).stars == 0
    assert score(True, 1, 0.0, Par(primitives=1)).stars == 3
    assert score(True, 2, 0.0, Par(primitives=1)).stars == 2
    assert score(True, 1, 5.0, Par(primitives=1, makespan=3.0)).stars == 2
    assert score(True, 1, None, Par(makespan=3.0)).stars == 2
    assert score(True, 9, 9.0, Par()).stars == 3


# --- scheduler mode -----------------------------------------------------------------------


def test_stepper_lost_update_by_hand_and_undo():
    stepper = Stepper(Program.from_level(COUNTER))
    assert stepper.enabled() == ["inc#0", "inc#1"]
    for tid in ["inc#0", "inc#1", "inc#0", "inc#1", "inc#0", "inc#1"]:
        stepper.step(tid)
    assert stepper.events[-1]["snapshot"]["shared"]["counter"] == 1
    assert stepper.undo() and len(stepper.schedule) == 5
    while stepper.enabled():
        stepper.step(stepper.enabled()[0])
    assert stepper.outcome["kind"] == "finished"
    assert not outcome_ok(stepper.outcome)


def test_stepper_refuses_a_blocked_thread_and_reports_deadlock():
    stepper = Stepper(Program.from_level(ABBA))
    for tid in ["left", "right", "left", "right"]:  # start, start, left takes a, right takes b
        stepper.step(tid)
    stepper.step("left")  # left blocks on b
    with pytest.raises(ValueError, match="cannot move"):
        stepper.step("left")
    stepper.step("right")  # right blocks on a: deadlock
    assert stepper.outcome["kind"] == "deadlock"
    assert stepper.enabled() == []


# --- the stage tells the truth (issue 14) --------------------------------------------------


def crowd_snapshot(n: int = 4, name: str = "worker") -> dict:
    """`n` threads around one semaphore: one inside, the others waiting for it."""
    tids = [f"{name}#{i}" for i in range(n)]
    threads = {tids[0]: thread("running", 2, holding=["sem"], op="write n", name=name)}
    for tid in tids[1:]:
        threads[tid] = thread("blocked", 1, waiting_for="sem", op="acquire sem", name=name)
    return {
        "time": 0.0,
        "threads": threads,
        "primitives": {
            "sem": {"type": "Semaphore", "value": 0, "waiters": tids[1:]},
            "lock": {"type": "Lock", "locked": False, "holder": None, "waiters": []},
        },
        "shared": {"n": 1},
    }


@pytest.mark.parametrize("size", [(78, 9), (100, 14), (60, 9)])
def test_four_threads_at_one_object_never_overlap_their_labels(size):
    scene = Scene()
    scene.show(crowd_snapshot(4, "server"))
    canvas = scene.draw(*size, animate=False)
    rows = str(canvas).split("\n")
    ids, labels = rows[-2], rows[-1]
    words = ids.split()
    assert len(words) == 4  # four separate names, none run into another
    for word in words:
        assert word.startswith(("server#", "server", "serv")) and word.count("#") <= 1
    assert len(labels.split("◆")) - 1 + len(labels.split("■")) - 1 == 4


def test_labels_stay_apart_while_sprites_walk_past_each_other():
    scene = Scene()
    start = initial_snapshot([("server", 4)], {"sem": "Semaphore(1)"}, {"n": 0})
    scene.show(start, now=0.0)
    scene.draw(78, 9, now=0.0, animate=True)
    scene.show(crowd_snapshot(4, "server"), now=1.0)
    for moment in (1.01, 1.03, 1.05, 1.08):
        rows = str(scene.draw(78, 9, now=moment, animate=True)).split("\n")
        assert all(
            "#" not in word[word.index("#") + 1 :] for word in rows[-2].split() if "#" in word
        )


def test_objects_keep_their_places_as_their_state_changes():
    scene = Scene()
    scene.show(crowd_snapshot(4))
    before = scene._layout(100, 14)
    changed = crowd_snapshot(4)
    changed["primitives"]["lock"] = {
        "type": "Lock", "locked": True, "holder": "worker#3", "waiters": ["worker#1", "worker#2"],
    }  # fmt: skip
    changed["shared"]["n"] = 123456
    scene.show(changed)
    assert scene._layout(100, 14) == before


def test_many_primitives_wrap_into_rows_of_captions():
    snapshot = crowd_snapshot(3)
    for i in range(8):
        snapshot["primitives"][f"fork{i}"] = {"type": "Lock", "locked": False, "waiters": []}
    scene = Scene()
    scene.show(snapshot)
    layout = scene._layout(80, 14)
    assert layout.compact and len({y for _x, y, _w in layout.slots.values()}) > 1
    text = str(scene.draw(80, 14, animate=False))
    assert all(f"fork{i}" in text for i in range(8))


def test_the_thread_that_just_blocked_is_waiting_on_the_stage():
    """The step that blocks is pictured before its thread hands over: the stage shows it
    blocked and among the lock's waiters at once (the last one of a deadlock too)."""
    snapshot = lock_snapshot()
    snapshot["threads"]["inc#1"] = thread("running", 2, op=None)
    snapshot["primitives"]["lock"]["waiters"] = []
    event = {"step": 5, "thread": "inc#1", "op": "acquire", "obj": "lock", "result": "blocked",
             "snapshot": snapshot}  # fmt: skip
    playback = Playback({}, [event])
    playback.seek(0)
    shown = playback.snapshot()
    assert shown["threads"]["inc#1"]["status"] == "blocked"
    assert shown["primitives"]["lock"]["waiters"] == ["inc#1"]
    assert snapshot["primitives"]["lock"]["waiters"] == []  # the trace itself is untouched
    scene = Scene()
    scene.show(shown, event)
    text = str(scene.draw(100, 14, animate=False))
    assert "wait: inc#1" in text and "◆ wait lock" in text


def test_abba_deadlock_lists_every_waiter():
    from syncgame.runtime.scheduler import run
    from syncgame.runtime.strategies import Replay

    program = Program.from_level(ABBA)
    trace = run(program, Replay(["left", "right", "left", "right"])).to_json()
    assert trace["outcome"]["kind"] == "deadlock"
    playback = Playback.from_trace({}, trace)
    playback.seek(len(trace["events"]) - 1)
    primitives = playback.snapshot()["primitives"]
    assert sorted(w for p in primitives.values() for w in p["waiters"]) == ["left", "right"]


def test_no_cheering_after_a_failed_run():
    snapshot = lock_snapshot()
    for info in snapshot["threads"].values():
        info.update(status="done", holding=[], waiting_for=None)
    snapshot["primitives"]["lock"].update(locked=False, holder=None, waiters=[])
    scene = Scene()
    scene.show(snapshot)
    assert "\\o/" in str(scene.draw(100, 14, animate=False)) and "✓ done" in str(
        scene.draw(100, 14, animate=False)
    )
    scene.failed = True
    text = str(scene.draw(100, 14, animate=False))
    assert "\\o/" not in text and "✓" not in text and "· done" in text


def test_a_threads_locals_show_over_its_head():
    snapshot = lock_snapshot()
    snapshot["threads"]["inc#0"]["locals"] = {"tmp": "2"}
    snapshot["threads"]["inc#1"]["locals"] = {"tmp": "1", "i": "0"}
    scene = Scene()
    scene.show(snapshot)
    text = str(scene.draw(100, 14, animate=False))
    assert "tmp=2" in text and "tmp=1 i=0" in text


def test_the_runtime_snapshot_carries_each_threads_locals():
    from syncgame.runtime.scheduler import run
    from syncgame.runtime.strategies import Replay

    program = Program.from_level(COUNTER)
    # both read 0 before either writes: each carries tmp=0, one update will be lost
    trace = run(program, Replay(["inc#0", "inc#0", "inc#1", "inc#1"])).to_json()
    last = trace["events"][3]["snapshot"]["threads"]
    assert last["inc#0"]["locals"] == {"tmp": "0"} and last["inc#1"]["locals"] == {"tmp": "0"}
    end = trace["events"][-1]["snapshot"]["threads"]
    assert all(info["locals"] == {} for info in end.values() if info["status"] == "done")


def test_locals_leave_out_functions_primitives_and_level_objects():
    from syncgame.runtime.describe import thread_locals

    base = {"shared": 1}
    names = {"shared": object(), "_": 3, "f": len, "big": list(range(100)), "s": "x" * 40, "k": 2}
    shown = thread_locals(names, {k: id(v) for k, v in names.items() if k == "shared"} | base)
    assert shown == {"s": "'" + "x" * 14 + "…", "k": "2"}


def test_walks_keep_up_with_the_steps():
    scene = Scene()
    start = initial_snapshot([("inc", 2)], {"lock": "Lock()"}, {"counter": 0})
    scene.show(start, now=0.0)
    scene.draw(100, 14, now=0.0, animate=True)
    scene.show(lock_snapshot(), now=1.0)
    scene.draw(100, 14, now=1.16, animate=True)
    assert all(walk.x == walk.target for walk in scene.walks.values())


def test_a_crowd_of_waiters_is_counted_and_named_short():
    info = {
        "type": "Semaphore",
        "value": 0,
        "waiters": ["worker#1", "worker#2", "worker#5", "boss"],
    }
    assert ("obj.wait", "4 wait: worker#1,2,5 boss") in object_look(info).lines
    scene = Scene()
    scene.show(crowd_snapshot(4, "server"))
    assert "3 wait: server#1-3" in str(scene.draw(100, 14, animate=False))
    info["waiters"] = ["w#1", "w#2", "w#4", "w#5", "w#6", "w#9"]
    assert ("obj.wait", "6 wait: w#1,2,4-6,9") in object_look(info).lines


def test_a_crowd_of_threads_stands_in_two_rows_when_the_stage_has_room():
    scene = Scene()
    scene.show(crowd_snapshot(8, "worker"))
    rows = str(scene.draw(78, 14, animate=False)).split("\n")
    assert scene._layout(78, 14).sprite_rows == 2
    for label_row in (rows[-2], rows[-7]):  # each row: four whole names
        assert len([w for w in label_row.split() if w.startswith("worker#")]) == 4
    assert sorted(rows[-2].split() + rows[-7].split()) == [f"worker#{i}" for i in range(8)]
    assert "◆ wait sem" in rows[-1] and "◆ wait sem" in rows[-6]
    short = Scene()  # no room for two rows: one row, labels cut but apart
    short.show(crowd_snapshot(8, "worker"))
    assert len(str(short.draw(78, 9, animate=False)).split("\n")[-2].split()) == 8


def test_primitives_at_rest_picture_themselves_as_a_run_would():
    """The stage before any step shows each primitive as its first snapshot in a run shows
    it (the same `_sg_snapshot`); a declaration that cannot be made shows its type alone."""
    from syncgame.program.program import Program, ThreadCode
    from syncgame.runtime.scheduler import run
    from syncgame.runtime.strategies import FirstEnabled

    declarations = {"l": "Lock()", "c": "Condition(l)", "own": "Condition()", "s": "Semaphore(2)",
                    "b": "BoundedSemaphore(3)", "e": "Event()", "g": "Barrier(2)", "q": "Queue(4)",
                    "r": "RLock()"}  # fmt: skip
    program = Program(threads=[ThreadCode("t", "shared.x = 1\n")], shared={"x": 0},
                      primitives=declarations)  # fmt: skip
    first_step = run(program, FirstEnabled()).events[0]["snapshot"]["primitives"]
    at_rest = initial_snapshot([("t", 1)], declarations, {"x": 0})["primitives"]
    assert at_rest == first_step
    broken = initial_snapshot([("t", 1)], {"c": "Condition(missing)", "x": "Lock(("}, {})
    assert broken["primitives"] == {
        "c": {"type": "Condition", "waiters": []},
        "x": {"type": "Lock", "waiters": []},
    }
