"""What a thread's level frames hold on their evaluation stacks, pictured for the judge.

A frame shows its variables but not its evaluation stack. In `shared.y = f() * 10 + f()`
the first call's result waits on the stack while the second call reads `shared.x`; two
states that differ only there have different futures. Every such value was computed,
by deterministic code, from what the statement started with (its variables, pictured
with the frame) and from the results of the steps taken since the statement began
(reads of shared state, primitives' answers). So those results stand in for the stack:
each frame that holds something below its current operation is pictured with the
results of every step taken since its statement began, its callees' steps included.

A statement instance begins when a frame moves to another statement, or goes back to an
earlier offset of the same one (a loop came round). Results no frame still needs are
dropped, so a long run keeps only the current statements' results.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from types import FrameType

from syncgame.runtime.bytecode import instruction_starts, statements
from syncgame.runtime.state import Uncanonical, canonical

NO_RESULT = object()
"""The step before did not complete (it blocked): it left nothing on any stack."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where one level frame stands: its statement, its instruction, and the index of the
    first step result taken since the statement began."""

    frame: FrameType
    statement: int
    offset: int
    start: int


def is_level_code(frame: FrameType) -> bool:
    return frame.f_code.co_filename.startswith("<level:")


class HeldValues:
    """One thread's level frames, outermost first, and the step results their statements
    may still hold."""

    __slots__ = ("places", "results", "base")

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.results: list[object] = []
        self.base = 0
        """The index (counting every result ever noted) of `results[0]`."""

    def track(self, frame: FrameType | None, last_result: object) -> FrameType | None:
        """At a scheduling point reached through `frame`: note the previous step's result
        and where each level frame now stands. Returns the innermost level frame."""
        frames = []
        while frame is not None:
            if is_level_code(frame):
                frames.append(frame)
            frame = frame.f_back
        frames.reverse()
        before = self.places
        if before and last_result is not NO_RESULT:
            self.results.append(last_result)
        end = self.base + len(self.results)
        places = []
        for depth, current in enumerate(frames):
            code = current.f_code
            offset = instruction_starts(code).get(current.f_lasti, 0)
            statement = statements(code).statement.get(offset, -1)
            start = end
            if depth < len(before):
                was = before[depth]
                if was.frame is current and was.statement == statement:
                    # Still in the same call only if the frame it called is the same one.
                    same_call = (
                        depth + 1 < len(frames)
                        and depth + 1 < len(before)
                        and before[depth + 1].frame is frames[depth + 1]
                    )
                    if offset > was.offset or (offset == was.offset and same_call):
                        start = was.start
            places.append(Place(current, statement, offset, start))
        self.places = places
        first = min((place.start for place in places), default=end)
        if first > self.base:
            del self.results[: first - self.base]
            self.base = first
        return frames[-1] if frames else None

    def forget(self) -> None:
        """The thread has left level code."""
        self.places, self.results, self.base = [], [], 0

    def picture(self) -> tuple[Hashable, ...]:
        """For each frame that may hold values below its current operation, the results
        its statement has seen. Raises Uncanonical when no picture is faithful."""
        innermost = len(self.places) - 1
        pictures: list[Hashable] = []
        for depth, place in enumerate(self.places):
            layout = statements(place.frame.f_code)
            held = layout.held(place.offset, calling=depth < innermost)
            if held is not None and held <= 0:
                continue
            if layout.stored_after_read.get(place.offset, False):
                # `x + (x := shared.a)`: the old x is on the stack and in no variable
                raise Uncanonical("a statement that overwrote a variable it had read")
            seen = self.results[place.start - self.base :]
            pictures.append((depth, tuple(canonical(value) for value in seen)))
        return tuple(pictures)
