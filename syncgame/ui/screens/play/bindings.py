"""The play screen's keys. Which of them work in which mode: `modes.Mode.enables`."""

from __future__ import annotations

from textual.binding import Binding

PLAY_BINDINGS = [
    Binding("escape", "back", "Back"),
    Binding("space", "run", "Run/Pause"),
    Binding("n", "step", "Step"),
    Binding("plus,equals_sign", "speed(1)", "Faster", show=False),
    Binding("minus", "speed(-1)", "Slower", show=False),
    Binding("b", "bug", "Show bug"),
    Binding("m", "scheduler", "Scheduler", show=False),
    Binding("x", "challenge", "Break it", show=False),
    Binding("k", "skip_tutorial", "Skip tutorial", show=False),
    Binding("s", "submit", "Submit"),
    Binding("z,ctrl+z", "undo", "Undo", show=False),
    Binding("y,ctrl+y", "redo", "Redo", show=False),
    Binding("ctrl+r", "reset", "Reset", show=False),
    Binding("t", "retype", "Change", show=False),
    Binding("h", "hint", "Hint"),
    Binding("i", "briefing", "Briefing"),
    Binding("left", "frame(-1)", "Back a step", show=False),
    Binding("right", "frame(1)", "Forward a step", show=False),
    Binding("home", "frame_edge(0)", "First step", show=False),
    Binding("end", "frame_edge(1)", "Last step", show=False),
    Binding("u,backspace", "unstep", "Undo step", show=False),
    *[Binding(str(n), f"pick({n})", f"Thread {n}", show=False) for n in range(1, 10)],
]
