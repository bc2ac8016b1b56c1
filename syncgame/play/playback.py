"""A run as frames the stage can show: the state before any step, one frame per event, and
the outcome at the end. Moving forward and backward is just moving an index. No Textual."""

from __future__ import annotations

from syncgame.play.preview import after_step, final_snapshot


class Playback:
    def __init__(
        self, initial: dict, events: list[dict] | None = None, outcome: dict | None = None
    ):
        self.initial = initial
        self.events: list[dict] = list(events or [])
        self.outcome = outcome
        self.index = -1
        """-1: before the first step; otherwise the event last shown."""

    @classmethod
    def from_trace(cls, initial: dict, trace: dict) -> Playback:
        """A playback of a trace's JSON form (`Trace.to_json()`)."""
        return cls(initial, trace.get("events", []), trace.get("outcome"))

    # --- growing (a run stepped live) ---------------------------------------------------

    def append(self, event: dict) -> None:
        self.events.append(event)

    def truncate(self, length: int) -> None:
        del self.events[length:]
        self.index = min(self.index, len(self.events) - 1)
        self.outcome = None

    # --- moving --------------------------------------------------------------------------

    @property
    def at_start(self) -> bool:
        return self.index < 0

    @property
    def at_end(self) -> bool:
        return self.index >= len(self.events) - 1

    @property
    def finished(self) -> bool:
        """At the last frame of a run that has ended."""
        return self.at_end and self.outcome is not None

    def forward(self) -> bool:
        if self.at_end:
            return False
        self.index += 1
        return True

    def backward(self) -> bool:
        if self.at_start:
            return False
        self.index -= 1
        return True

    def seek(self, index: int) -> None:
        self.index = max(-1, min(len(self.events) - 1, index))

    def event(self) -> dict | None:
        return self.events[self.index] if self.index >= 0 else None

    def snapshot(self) -> dict:
        if self.index < 0:
            return self.initial
        event = self.events[self.index]
        snapshot = after_step(event.get("snapshot") or self.initial, event)
        if self.finished and self.outcome:
            return final_snapshot(snapshot, self.outcome)
        return snapshot

    def shown_events(self) -> list[dict]:
        return self.events[: self.index + 1]
