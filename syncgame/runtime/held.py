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

The stack also holds the exception a thread is handling, or carrying through a `finally`
or out of a `with` block: no variable need show it, yet a bare `raise` (or the end of the
`finally`) throws it again. The thread itself sees it (`sys.exception()`), with the ones
it interrupted as its `__context__`, so those are pictured too.
"""

from __future__ import annotations

from collections.abc import Hashable
from types import FrameType
from typing import NamedTuple

from syncgame.runtime.bytecode import UNKNOWN_SPOT, Spot, spots
from syncgame.runtime.state import Uncanonical, canonical

MAX_HANDLED = 16
"""Exceptions handled one inside another, at most, that a picture shows."""

NO_RESULT = object()
"""The step before did not complete (it blocked): it left nothing on any stack."""


class Place(NamedTuple):  # a tuple: one is made per level frame at every scheduling point
    """Where one level frame stands: its statement, its instruction, and the index of the
    first step result taken since the statement began."""

    frame: FrameType
    spot: Spot
    start: int


class HeldValues:
    """One thread's level frames, outermost first, and the step results their statements
    may still hold."""

    __slots__ = ("places", "results", "base", "handling")

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.results: list[object] = []
        self.base = 0
        """The index (counting every result ever noted) of `results[0]`."""
        self.handling: BaseException | None = None
        """The exception the thread is handling or carrying (`sys.exception()`)."""

    def track(
        self, frame: FrameType | None, last_result: object, handling: BaseException | None
    ) -> FrameType | None:
        """At a scheduling point reached through `frame`: note the previous step's result,
        where each level frame now stands and the exception the thread is handling (read
        in the thread itself: no other thread can). Returns the innermost level frame."""
        self.handling = handling
        frames = []
        while frame is not None:
            code = frame.f_code
            if code.co_filename.startswith("<level:"):
                frames.append(frame)
                if code.co_name == "<module>":
                    break  # the thread's body: no level frame is below it
            frame = frame.f_back
        before = self.places
        if before and last_result is not NO_RESULT:
            self.results.append(last_result)
        end = self.base + len(self.results)
        frames.reverse()
        self.places = [
            self._place(
                current,
                before[depth] if depth < len(before) else None,
                end,
                # still in the same call only if the frame it called is the same one
                depth + 1 < len(frames)
                and depth + 1 < len(before)
                and before[depth + 1].frame is frames[depth + 1],
            )
            for depth, current in enumerate(frames)
        ]
        first = min((place.start for place in self.places), default=end)
        if first > self.base:
            del self.results[: first - self.base]
            self.base = first
        return frames[-1] if frames else None

    @staticmethod
    def _place(frame: FrameType, was: Place | None, end: int, same_call: bool) -> Place:
        """Where `frame` stands now; its statement goes on from `was` (the same frame at
        the previous point) if it is the same statement and the frame has moved forward,
        or waits on the same call. Otherwise it began since: its results start at `end`."""
        spot = spots(frame.f_code).get(frame.f_lasti, UNKNOWN_SPOT)
        if was is not None and was.frame is frame and was.spot.statement == spot.statement:
            offset, earlier = spot.start, was.spot.start
            if offset > earlier or (offset == earlier and same_call):
                return Place(frame, spot, was.start)
        return Place(frame, spot, end)

    def forget(self) -> None:
        """The thread has left level code."""
        self.places, self.results, self.base, self.handling = [], [], 0, None

    def picture(self) -> tuple[Hashable, ...]:
        """The exceptions the thread is handling, innermost first; then, for each frame
        that may hold values below its current operation, the results its statement has
        seen. Raises Uncanonical when no picture is faithful."""
        return (self._exceptions(), *self._results())

    def _exceptions(self) -> tuple[Hashable, ...]:
        chain: list[Hashable] = []
        seen: set[int] = set()
        error = self.handling
        while error is not None and id(error) not in seen:
            if len(chain) == MAX_HANDLED:
                raise Uncanonical("exceptions handled too deep to picture")
            seen.add(id(error))
            chain.append(canonical(error))
            error = error.__context__
        return tuple(chain)

    def _results(self) -> list[Hashable]:
        innermost = len(self.places) - 1
        pictures: list[Hashable] = []
        for depth, place in enumerate(self.places):
            spot = place.spot
            if not (spot.holds_below_call if depth < innermost else spot.holds_below_operation):
                continue
            if spot.overwrote_what_it_read:
                # `x + (x := shared.a)`: the old x is on the stack and in no variable
                raise Uncanonical("a statement that overwrote a variable it had read")
            seen = self.results[place.start - self.base :]
            pictures.append((depth, tuple(canonical(value) for value in seen)))
        return pictures
