"""The in-memory shape of a level (format 1). Loading and validation live in `loader`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CHAPTERS = (
    "Event",
    "Lock",
    "RLock",
    "Condition",
    "Barrier",
    "Semaphore",
    "BoundedSemaphore",
    "Queue",
    "GIL",
    "Classic",
)
"""Chapters in the order of the notes' sections (Classic last: extra puzzles)."""

PRIMITIVE_TYPES = (
    "Lock",
    "RLock",
    "Condition",
    "Semaphore",
    "BoundedSemaphore",
    "Event",
    "Barrier",
    "Queue",
)


@dataclass(frozen=True)
class Text:
    """A text in both languages."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class ThreadSpec:
    name: str
    code: str
    instances: int = 1
    code_line: int = 0
    """Line in the level file where the first line of `code` stands (0 = unknown)."""


@dataclass(frozen=True)
class Goal:
    final: tuple[str, ...] = ()
    always: tuple[str, ...] = ()
    no_deadlock: bool = True
    max_steps: int = 10000
    max_makespan: float | None = None
    """Optional: the virtual time every thread must have ended by (an efficiency goal)."""
    final_lines: tuple[int, ...] = ()
    always_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Solution:
    primitives: dict[str, str] = field(default_factory=dict)
    threads: dict[str, str] = field(default_factory=dict)
    thread_lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Par:
    primitives: int | None = None
    makespan: float | None = None


@dataclass(frozen=True)
class Level:
    id: str
    chapter: str
    order: int
    title: Text
    briefing: Text
    threads: tuple[ThreadSpec, ...]
    goal: Goal
    format: int = 1
    notes_section: str = ""
    hints: tuple[Text, ...] = ()
    learned: Text | None = None
    shared: dict[str, object] = field(default_factory=dict)
    primitives: dict[str, str] = field(default_factory=dict)
    palette: dict[str, int] = field(default_factory=dict)
    helpers: str = ""
    helpers_line: int = 0
    solution: Solution | None = None
    par: Par = field(default_factory=Par)
    path: Path | None = None

    def thread(self, name: str) -> ThreadSpec:
        for spec in self.threads:
            if spec.name == name:
                return spec
        raise KeyError(name)
