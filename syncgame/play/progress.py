"""Save data: progress per level and the player's settings. No Textual here.

One small JSON file, `progress.json`, in platformdirs' user data folder (or in the folder named
by `SYNCGAME_DATA_DIR`, which tests and teachers use). It is versioned (`"format": 1`) and
written atomically (`syncgame.files`): a crash or a kill at any moment leaves either the old
save or the new one, never half of one.

A save that cannot be read (not JSON, wrong shape) or that a newer syncgame wrote (a higher
format) is moved aside, next to it, and the game starts with fresh progress; `Progress.notice`
says what happened and where the old file went.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from syncgame.files import SaveError, atomic_write, remove_stale_temps
from syncgame.paths import user_data_dir
from syncgame.texts import LANGS, tr

FORMAT = 1
"""The save format this code writes and reads."""
FILE_NAME = "progress.json"
"""Environment variable: a folder to use instead of the user data folder."""
HISTORY = 20
"""Attempts kept per level for the verdict screen's chart."""
SPEEDS = (1, 2, 3, 4, 5)
"""Animation speed levels (the play screen's five speeds)."""
DEFAULT_THEME = "textual-dark"
NEW_FILE_MODE = 0o600
"""A new save is readable by its owner only."""
STALE_TEMP_SECONDS = 600.0
"""A temporary save file this old was left by a write that was killed: removed on load."""


def save_path(folder: Path | None = None) -> Path:
    return (folder or user_data_dir()) / FILE_NAME


# --- the data ---------------------------------------------------------------------------------


@dataclass
class Settings:
    language: str | None = None
    """"en" or "zh"; None follows the system locale."""
    animation_speed: int = 3
    """1 (slowest) to 5: the play screen's starting speed."""
    reduced_motion: bool = False
    """No sprite movement (they jump to their place); state changes are still shown."""
    theme: str = DEFAULT_THEME
    """A Textual theme name."""
    colour_blind: bool = False
    """A colour-blind-safe palette (Okabe–Ito) over the theme."""
    unlock_all: bool = False
    tutorial_done: bool = False
    """The first level's tutorial was finished or skipped (help's T replays it)."""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Settings:
        data = _mapping(data, "settings")
        defaults = cls()
        language = data.get("language", defaults.language)
        if language not in (None, *LANGS):
            raise SaveError(f"settings.language must be one of {LANGS} or null")
        speed = data.get("animation_speed", defaults.animation_speed)
        if not _is_int(speed) or speed not in SPEEDS:
            raise SaveError("settings.animation_speed must be a whole number from 1 to 5")
        theme = data.get("theme", defaults.theme)
        if not isinstance(theme, str) or not theme:
            raise SaveError("settings.theme must be a theme name")
        flags = {}
        for name in ("reduced_motion", "colour_blind", "unlock_all", "tutorial_done"):
            value = data.get(name, getattr(defaults, name))
            if not isinstance(value, bool):
                raise SaveError(f"settings.{name} must be true or false")
            flags[name] = value
        return cls(language=language, animation_speed=speed, theme=theme, **flags)


@dataclass
class Attempt:
    """One submission, for the chart of attempts."""

    passed: bool
    stars: int
    primitives: int
    makespan: float | None
    reason: str | None = None
    at: float = 0.0
    """Unix time of the submission."""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Attempt:
        data = _mapping(data, "attempt")
        return cls(
            passed=_bool(data, "passed"),
            stars=_stars(data.get("stars")),
            primitives=_count(data.get("primitives"), "primitives"),
            makespan=_number_or_none(data.get("makespan"), "makespan"),
            reason=_str_or_none(data.get("reason"), "reason"),
            at=_number(data.get("at", 0.0), "at"),
        )


@dataclass
class Draft:
    """A solution as the player built it: the placements (the UI's undoable steps, as JSON)
    and the effective code they produce (`primitives` added or changed, every thread's code)."""

    placements: list[dict] = field(default_factory=list)
    primitives: dict[str, str] = field(default_factory=dict)
    threads: dict[str, str] = field(default_factory=dict)
    at: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Draft:
        data = _mapping(data, "solution")
        placements = data.get("placements", [])
        if not isinstance(placements, list) or not all(isinstance(p, dict) for p in placements):
            raise SaveError("placements must be a list of objects")
        return cls(
            placements=placements,
            primitives=_str_map(data.get("primitives", {}), "primitives"),
            threads=_str_map(data.get("threads", {}), "threads"),
            at=_number(data.get("at", 0.0), "at"),
        )


@dataclass
class Best(Draft):
    """The best passing solution so far, with its figures."""

    stars: int = 0
    primitives_used: int = 0
    makespan: float | None = None

    def key(self) -> tuple:
        """Smaller is better: more stars, then fewer primitives, then a shorter makespan."""
        makespan = math.inf if self.makespan is None else self.makespan
        return (-self.stars, self.primitives_used, makespan)

    @classmethod
    def from_json(cls, data: Any) -> Best:
        draft = Draft.from_json(data)
        return cls(
            **asdict(draft),
            stars=_stars(data.get("stars")),
            primitives_used=_count(data.get("primitives_used", 0), "primitives_used"),
            makespan=_number_or_none(data.get("makespan"), "makespan"),
        )


@dataclass
class LevelProgress:
    solved: bool = False
    stars: int = 0
    """Best stars so far."""
    attempts: int = 0
    """Submissions to the judge."""
    seconds: float = 0.0
    """Time played on the level's screen."""
    best: Best | None = None
    last: Draft | None = None
    """The last attempt (what Continue restores)."""
    history: list[Attempt] = field(default_factory=list)
    """The last HISTORY attempts, oldest first."""

    def to_json(self) -> dict:
        return {
            "solved": self.solved,
            "stars": self.stars,
            "attempts": self.attempts,
            "seconds": round(self.seconds, 3),
            "best": self.best.to_json() if self.best else None,
            "last": self.last.to_json() if self.last else None,
            "history": [attempt.to_json() for attempt in self.history],
        }

    @classmethod
    def from_json(cls, data: Any) -> LevelProgress:
        data = _mapping(data, "level")
        history = data.get("history", [])
        if not isinstance(history, list):
            raise SaveError("history must be a list")
        best, last = data.get("best"), data.get("last")
        return cls(
            solved=_bool(data, "solved"),
            stars=_stars(data.get("stars", 0)),
            attempts=_count(data.get("attempts", 0), "attempts"),
            seconds=_number(data.get("seconds", 0.0), "seconds"),
            best=Best.from_json(best) if best is not None else None,
            last=Draft.from_json(last) if last is not None else None,
            history=[Attempt.from_json(item) for item in history][-HISTORY:],
        )


@dataclass
class ChallengeRecord:
    """A level's break-it challenge (`syncgame.play.breakit`): the best win so far."""

    won: bool = False
    stars: int = 0
    switches: int | None = None
    """Fewest preemptions of a win (None before the first win)."""
    limit: int = 0
    """The most switches allowed when last played."""
    tries: int = 0
    """Runs that ended (won or not)."""
    at: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> ChallengeRecord:
        data = _mapping(data, "challenge")
        switches = data.get("switches")
        return cls(
            won=_bool(data, "won"),
            stars=_stars(data.get("stars", 0)),
            switches=None if switches is None else _count(switches, "switches"),
            limit=_count(data.get("limit", 0), "limit"),
            tries=_count(data.get("tries", 0), "tries"),
            at=_number(data.get("at", 0.0), "at"),
        )


@dataclass(frozen=True)
class Recorded:
    """What one submission changed: was it the best yet, and what was the best before."""

    attempt: Attempt
    new_best: bool
    previous: Best | None
    first_solve: bool


# --- the save ---------------------------------------------------------------------------------


class Progress:
    """Everything saved: per-level progress and the settings. `save()` writes it atomically."""

    def __init__(
        self,
        path: Path,
        levels: dict[str, LevelProgress] | None = None,
        settings: Settings | None = None,
        challenges: dict[str, ChallengeRecord] | None = None,
    ) -> None:
        self.path = Path(path)
        self.challenges: dict[str, ChallengeRecord] = challenges if challenges is not None else {}
        """Break-it challenges per level (absent in saves from before them: none played)."""
        self.levels: dict[str, LevelProgress] = levels if levels is not None else {}
        self.settings = settings if settings is not None else Settings()
        self.notice: str | None = None
        """Set by `load` when the old save was moved aside: tell the player."""

    # --- loading and saving --------------------------------------------------------------

    @classmethod
    def load(cls, folder: Path | None = None) -> Progress:
        """The saved progress, or fresh progress when there is none or it cannot be used
        (then the bad file is moved aside and `notice` says so). Never raises for a bad file."""
        path = save_path(folder)
        remove_stale_temps(path, STALE_TEMP_SECONDS)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path)
        except OSError as error:  # unreadable (permissions, a folder in the way...)
            progress = cls(path)
            progress.notice = f"Could not read the save file {path}: {error.strerror or error}."
            return progress
        try:
            return cls.from_json(path, _parse(raw))
        except SaveError as error:
            progress = cls(path)
            progress.notice = _move_aside(path, str(error))
            return progress

    @classmethod
    def from_json(cls, path: Path, data: Any) -> Progress:
        data = _mapping(data, "save")
        version = data.get("format")
        if not _is_int(version) or version < 1:
            raise SaveError("it has no valid format number")
        if version > FORMAT:
            raise SaveError(
                f"a newer syncgame wrote it (format {version}; this one reads format {FORMAT})"
            )
        levels = _mapping(data.get("levels", {}), "levels")
        challenges = _mapping(data.get("challenges", {}), "challenges")
        return cls(
            path,
            levels={str(key): LevelProgress.from_json(value) for key, value in levels.items()},
            settings=Settings.from_json(data.get("settings", {})),
            challenges={str(k): ChallengeRecord.from_json(v) for k, v in challenges.items()},
        )

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "game": "syncgame",
            "settings": self.settings.to_json(),
            "levels": {key: value.to_json() for key, value in sorted(self.levels.items())},
            "challenges": {key: value.to_json() for key, value in sorted(self.challenges.items())},
        }

    def save(self) -> None:
        """Write atomically (raises OSError when the folder cannot be written)."""
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"
        atomic_write(self.path, text.encode("utf-8"), new_file_mode=NEW_FILE_MODE)

    # --- per level -----------------------------------------------------------------------

    def get(self, level_id: str) -> LevelProgress | None:
        return self.levels.get(level_id)

    def level(self, level_id: str) -> LevelProgress:
        """The level's progress, created empty when there is none yet."""
        return self.levels.setdefault(level_id, LevelProgress())

    def stars(self, level_id: str) -> int:
        entry = self.levels.get(level_id)
        return entry.stars if entry else 0

    def solved(self, level_id: str) -> bool:
        entry = self.levels.get(level_id)
        return bool(entry and entry.solved)

    def record(
        self,
        level_id: str,
        *,
        passed: bool,
        stars: int,
        primitives: int,
        makespan: float | None,
        reason: str | None = None,
        draft: Draft | None = None,
        now: float | None = None,
    ) -> Recorded:
        """Count a submission; a pass that beats the best so far becomes the best solution."""
        now = time.time() if now is None else now
        entry = self.level(level_id)
        attempt = Attempt(passed, stars if passed else 0, primitives, makespan, reason, now)
        entry.attempts += 1
        entry.history = [*entry.history, attempt][-HISTORY:]
        if draft is not None:
            entry.last = Draft(
                list(draft.placements), dict(draft.primitives), dict(draft.threads), now
            )
        previous = entry.best
        first_solve = passed and not entry.solved
        new_best = False
        if passed:
            entry.solved = True
            entry.stars = max(entry.stars, attempt.stars)
            candidate = Best(
                placements=list(draft.placements) if draft else [],
                primitives=dict(draft.primitives) if draft else {},
                threads=dict(draft.threads) if draft else {},
                at=now,
                stars=attempt.stars,
                primitives_used=primitives,
                makespan=makespan,
            )
            if previous is None or candidate.key() < previous.key():
                entry.best = candidate
                new_best = True
        return Recorded(attempt, new_best, previous, first_solve)

    def remember(self, level_id: str, draft: Draft, now: float | None = None) -> None:
        """Keep the player's current placements (restored by Continue)."""
        now = time.time() if now is None else now
        self.level(level_id).last = Draft(
            list(draft.placements), dict(draft.primitives), dict(draft.threads), now
        )

    def add_time(self, level_id: str, seconds: float) -> None:
        if seconds > 0 and math.isfinite(seconds):
            self.level(level_id).seconds += seconds

    def first_unsolved(self, level_ids: list[str]) -> str | None:
        """The first of `level_ids` (in play order) not solved yet."""
        for level_id in level_ids:
            if not self.solved(level_id):
                return level_id
        return None

    def unlocked_chapters(self, chapters: list[tuple[str, list[str]]]) -> set[str]:
        """Chapters the player may enter: the first always, then each one whose previous
        chapter has at least one solved level (or all of them with "unlock all")."""
        names = [name for name, _ids in chapters]
        if self.settings.unlock_all:
            return set(names)
        opened: set[str] = set()
        previous_solved = True
        for name, ids in chapters:
            if previous_solved:
                opened.add(name)
            previous_solved = any(self.solved(level_id) for level_id in ids)
        return opened

    def totals(self) -> tuple[int, int, float]:
        """(levels solved, stars, seconds played) over every level saved."""
        solved = sum(1 for entry in self.levels.values() if entry.solved)
        stars = sum(entry.stars for entry in self.levels.values())
        seconds = sum(entry.seconds for entry in self.levels.values())
        return solved, stars, seconds

    def record_challenge(
        self,
        level_id: str,
        *,
        won: bool,
        stars: int,
        switches: int,
        limit: int,
        now: float | None = None,
    ) -> ChallengeRecord:
        """Count an ended break-it run; a win keeps the most stars and the fewest switches."""
        entry = self.challenges.setdefault(level_id, ChallengeRecord())
        entry.tries += 1
        entry.limit = limit
        if won:
            entry.won = True
            entry.stars = max(entry.stars, stars)
            entry.switches = switches if entry.switches is None else min(entry.switches, switches)
            entry.at = time.time() if now is None else now
        return entry

    def reset(self) -> None:
        """Forget every level's progress and challenges (the settings stay)."""
        self.levels = {}
        self.challenges = {}


# --- shown to the player ---------------------------------------------------------------------


def duration_text(seconds: float, lang: str = "en") -> str:
    """`1m26s`, or in Chinese `1 分 26 秒`."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return tr("duration.hours", lang, hours=hours, minutes=minutes)
    if minutes:
        return tr("duration.minutes", lang, minutes=minutes, secs=secs)
    return tr("duration.seconds", lang, secs=secs)


# --- a save that cannot be used --------------------------------------------------------------


def _move_aside(path: Path, why: str) -> str:
    """Rename a save that cannot be used to `progress.json.bad-<time>[-n]`; the notice."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.bad-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.bad-{stamp}-{number}")
    try:
        os.replace(path, aside)
    except OSError as error:
        return (
            f"The save file {path} could not be used ({why}) nor moved aside "
            f"({error.strerror or error}); progress starts fresh and will overwrite it."
        )
    return (
        f"The save file {path} could not be used ({why}). It was moved to {aside}; "
        "progress starts fresh."
    )


# --- checking what was read -------------------------------------------------------------------


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError("it is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise SaveError(f"it is not valid JSON: {error.msg} at line {error.lineno}") from None


def _mapping(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise SaveError(f"{what} must be an object")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bool(data: dict, name: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise SaveError(f"{name} must be true or false")
    return value


def _count(value: Any, name: str) -> int:
    if not _is_int(value) or value < 0:
        raise SaveError(f"{name} must be a whole number, 0 or more")
    return value


def _stars(value: Any) -> int:
    if not _is_int(value) or not 0 <= value <= 3:
        raise SaveError("stars must be 0 to 3")
    return value


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SaveError(f"{name} must be a number")
    return float(value)


def _number_or_none(value: Any, name: str) -> float | None:
    return None if value is None else _number(value, name)


def _str_or_none(value: Any, name: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise SaveError(f"{name} must be text")
    return value


def _str_map(value: Any, name: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SaveError(f"{name} must map names to text")
    return {str(k): v for k, v in value.items()}


__all__ = [
    "Attempt",
    "Best",
    "ChallengeRecord",
    "Draft",
    "LevelProgress",
    "Progress",
    "Recorded",
    "Settings",
    "duration_text",
    "save_path",
    "FORMAT",
]
