"""Cost of one scheduling point against a raw `_thread` lock ping-pong, and runs per second.

python bench/scheduler.py
"""

from __future__ import annotations

import _thread
import statistics
import threading
import time

from syncgame.level.model import Goal
from syncgame.program.program import Program, ThreadCode
from syncgame.runtime.scheduler import run
from syncgame.runtime.strategies import Strategy

ROUNDS = 20_000


def raw_ping_pong(rounds: int = ROUNDS) -> float:
    """Seconds per handoff: two threads pass control back and forth through raw locks."""
    ping, pong = _thread.allocate_lock(), _thread.allocate_lock()
    ping.acquire()
    pong.acquire()

    def other():
        for _ in range(rounds):
            ping.acquire()
            pong.release()

    thread = threading.Thread(target=other)
    thread.start()
    start = time.perf_counter()
    for _ in range(rounds):
        ping.release()
        pong.acquire()
    elapsed = time.perf_counter() - start
    thread.join()
    return elapsed / (2 * rounds)


class Alternate(Strategy):
    """Switch thread at every step when possible: every point is a real handoff."""

    def choose(self, choice):
        others = [t for t in choice.enabled if t != choice.current]
        return others[0] if others else choice.enabled[0]


def scheduling_point(steps: int = ROUNDS) -> float:
    """Seconds per scheduling point, with a thread switch at every point."""
    source = f"for _ in range({steps // 2}):\n    shared.x = 1\n"
    program = Program(threads=[ThreadCode("t", source, 2)], shared={"x": 0})
    program.check()
    start = time.perf_counter()
    trace = run(program, Alternate(), record=False, max_steps=10 * steps)
    elapsed = time.perf_counter() - start
    return elapsed / trace.outcome.steps


def lock_counter_runs_per_second(seconds: float = 2.0) -> float:
    source = (
        "for _ in range(3):\n"
        "    with lock:\n"
        "        tmp = shared.counter\n"
        "        shared.counter = tmp + 1\n"
    )
    program = Program(
        threads=[ThreadCode("inc", source, 2)],
        shared={"counter": 0},
        primitives={"lock": "Lock()"},
        goal=Goal(final=("shared.counter == 6",)),
    )
    program.check()
    from syncgame.runtime.strategies import RandomStrategy

    runs = 0
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        run(program, RandomStrategy(runs), record=False)
        runs += 1
    return runs / (time.perf_counter() - start)


def main() -> None:
    pings = [raw_ping_pong() for _ in range(5)]
    points = [scheduling_point() for _ in range(5)]
    ping, point = statistics.median(pings), statistics.median(points)
    print(f"raw _thread lock ping-pong handoff: {ping * 1e6:7.2f} µs (median of 5)")
    print(f"scheduling point with a switch:    {point * 1e6:7.2f} µs (median of 5)")
    print(f"ratio point / handoff:             {point / ping:7.2f}  (target <= 2)")
    print(
        f"lock-counter reference runs/s:     {lock_counter_runs_per_second():7.0f}  (2 threads x 3)"
    )


if __name__ == "__main__":
    main()
