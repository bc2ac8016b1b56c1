"""Free runs: the same programs on real, uncontrolled threads; stuck ones are stopped."""

import threading
import time

from syncgame.level.find import find_level
from syncgame.program.program import Program, ThreadCode
from syncgame.runtime.free import free_run


def _settled(baseline: set[threading.Thread]) -> bool:
    """Every thread started since `baseline` was taken has ended (threads of earlier tests
    that end meanwhile do not count either way)."""
    deadline = time.monotonic() + 1.0
    while set(threading.enumerate()) - baseline and time.monotonic() < deadline:
        time.sleep(0.01)
    return not set(threading.enumerate()) - baseline


def test_reference_solutions_run_free_and_meet_their_untimed_goals():
    for level_id in ("lock-counter", "lock-abba"):
        program = Program.from_level(find_level(level_id), "reference")
        result = free_run(program, seed=1)
        assert result.kind == "finished"
        assert result.goals and all(goal["ok"] for goal in result.goals)


def test_a_real_deadlock_is_reported_stuck_and_its_threads_are_stopped():
    baseline = set(threading.enumerate())
    program = Program(
        threads=[
            ThreadCode("a", "with la:\n    sleep(1)\n    with lb:\n        shared.x += 1\n"),
            ThreadCode("b", "with lb:\n    sleep(1)\n    with la:\n        shared.x += 1\n"),
        ],
        shared={"x": 0},
        primitives={"la": "Lock()", "lb": "Lock()"},
    )
    result = free_run(program, timeout=0.5, time_scale=0.05)
    assert result.kind == "stuck"
    assert _settled(baseline)


def test_spinning_and_waiting_forever_are_stopped_too():
    baseline = set(threading.enumerate())
    spin = Program(threads=[ThreadCode("a", "while True:\n    pass\n")])
    wait = Program(
        threads=[ThreadCode("c", "with cond:\n    cond.wait()\n")],
        primitives={"cond": "Condition()"},
    )
    assert free_run(spin, timeout=0.2).kind == "stuck"
    assert free_run(wait, timeout=0.2).kind == "stuck"
    assert _settled(baseline)


def test_an_exception_in_a_free_thread_is_recorded():
    program = Program(threads=[ThreadCode("r", "lock.release()\n")], primitives={"lock": "Lock()"})
    result = free_run(program)
    assert result.kind == "exception"
    assert result.exceptions == [
        {"thread": "r", "type": "RuntimeError", "message": "release unlocked lock"}
    ]
