"""New levels for the editor: an empty template, a copy of a level, and the user's levels
folder ("My levels"). No Textual here.

The user's levels live in `user_levels_dir()`: `levels/` under platformdirs' user data folder,
or under `$SYNCGAME_DATA_DIR` when it is set (the same folder `syncgame.play.progress` saves in).
`user_levels()` lists them for level select; a broken file is reported, never hidden.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from syncgame.level.loader import level_files, load_level, play_order
from syncgame.level.model import Level
from syncgame.level.problems import LevelError, Problem
from syncgame.level.schema import ID_PATTERN
from syncgame.level.writer import LevelDocument, save_text
from syncgame.paths import levels_dir, user_data_dir

READY_FILE = "ready.json"
"""In the user's levels folder: the files whose current text passed the editor's Test."""


def user_levels_dir() -> Path:
    """Where new and copied levels are saved ("My levels"); it may not exist yet."""
    return user_data_dir() / "levels"


def user_levels(folder: Path | None = None) -> tuple[list[Level], list[Problem]]:
    """Every level in the user's levels folder, in play order, and the problems of the files
    that do not load (each file on its own: one broken level hides no other)."""
    folder = folder or user_levels_dir()
    if not folder.is_dir():
        return [], []
    levels: list[Level] = []
    problems: list[Problem] = []
    for path in level_files(folder):
        try:
            levels.append(load_level(path))
        except LevelError as error:
            problems += error.problems
    return sorted(levels, key=play_order), problems


def is_shipped(path: Path) -> bool:
    """Whether `path` is one of the game's own level files (those open as a copy)."""
    try:
        return Path(path).resolve().is_relative_to(levels_dir().resolve())
    except OSError:
        return False


# --- ids ----------------------------------------------------------------------------------


def taken_ids(folder: Path | None = None) -> set[str]:
    """Ids in use: the file names of the shipped levels and of the user's levels."""
    ids = {path.stem for path in level_files(levels_dir())} if levels_dir().is_dir() else set()
    folder = folder or user_levels_dir()
    if folder.is_dir():
        ids |= {path.stem for path in level_files(folder)}
    return ids


def free_id(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`... : the first that is not taken (and is a valid id)."""
    base = re.sub(r"[^a-z0-9_-]+", "-", base.lower()).strip("-_") or "my-level"
    if not ID_PATTERN.fullmatch(base):
        base = f"level-{base}"
    taken = set(taken)
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


# --- templates ----------------------------------------------------------------------------

EMPTY_TEMPLATE = '''\
# A syncgame level (format 1): docs/level-format.md describes every field.
format = 1
id = "{id}"
chapter = "Classic"
order = 10
notes_section = ""

[title]
en = ""
zh = ""

[briefing]
en = ""
zh = ""

[shared]

[primitives]

[palette]

[[threads]]
name = "worker"
instances = 1
code = """
pass
"""

[goal]
final = []
always = []
no_deadlock = true
max_steps = 10000

[solution]
primitives = {{}}

[solution.threads]

[par]
'''


def empty_level(folder: Path | None = None, level_id: str | None = None) -> LevelDocument:
    """A new level from the empty template, to be saved in `folder` (the user's levels)."""
    folder = folder or user_levels_dir()
    level_id = level_id or free_id("my-level", taken_ids(folder))
    document = LevelDocument.parse(EMPTY_TEMPLATE.format(id=level_id), folder / f"{level_id}.toml")
    return document


def copy_of(source: Path | str, folder: Path | None = None) -> LevelDocument:
    """A copy of the level file `source` with a new id (`<id>-copy`, made unique), every
    comment kept, to be saved in `folder` (the user's levels). Raises LevelError if `source`
    cannot be read or is not TOML."""
    folder = folder or user_levels_dir()
    original = LevelDocument.open(source)
    old_id = original.get(("id",))
    base = f"{old_id}-copy" if isinstance(old_id, str) and old_id else f"{Path(source).stem}-copy"
    level_id = free_id(base, taken_ids(folder))
    document = LevelDocument.parse(original.text(), folder / f"{level_id}.toml")
    document.set(("id",), level_id)
    return document


def open_for_editing(path: Path | str, folder: Path | None = None) -> LevelDocument:
    """The level file at `path` to edit: a shipped level opens as a copy in the user's levels
    folder; any other file is edited in place. Raises LevelError (with the line) if the file
    cannot be read or is not TOML; the file is never touched."""
    path = Path(path)
    if is_shipped(path):
        return copy_of(path, folder)
    return LevelDocument.open(path)


def path_for_id(document: LevelDocument, level_id: object) -> Path | None:
    """Where `document` saves when its id is `level_id`: `<id>.toml` in its folder."""
    if document.path is None:
        return None
    if isinstance(level_id, str) and ID_PATTERN.fullmatch(level_id):
        return document.path.with_name(f"{level_id}.toml")
    return document.path


# --- "ready": the text that passed the editor's Test --------------------------------------


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ready_file(folder: Path) -> Path:
    return folder / READY_FILE


def ready_marks(folder: Path | None = None) -> dict[str, str]:
    """File name -> hash of the text that passed the Test (start fails, reference passes)."""
    path = _ready_file(folder or user_levels_dir())
    try:
        marks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in marks.items() if isinstance(k, str) and isinstance(v, str)}


def mark_ready(path: Path, text: str) -> None:
    """Remember that the level file `path` with this `text` passed the Test. Raises SaveError."""
    folder = path.parent
    marks = ready_marks(folder)
    marks[path.name] = text_hash(text)
    save_text(_ready_file(folder), json.dumps(marks, indent=2, sort_keys=True) + "\n")


def is_ready(path: Path) -> bool:
    """Whether the file at `path`, as it is on disk now, passed the Test."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return ready_marks(path.parent).get(path.name) == text_hash(text)


__all__ = [
    "EMPTY_TEMPLATE",
    "copy_of",
    "empty_level",
    "free_id",
    "is_ready",
    "is_shipped",
    "mark_ready",
    "open_for_editing",
    "path_for_id",
    "ready_marks",
    "taken_ids",
    "user_levels",
    "user_levels_dir",
]
