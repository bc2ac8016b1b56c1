"""Find a level by id or by the path of its file: the one lookup of the CLI and the game."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from syncgame.level.loader import discover_levels, load_level
from syncgame.level.model import Level
from syncgame.paths import levels_dir


class LevelNotFound(Exception):
    pass


def level_with_id(levels: Iterable[Level], level_id: str) -> Level | None:
    """The level of `levels` whose id is `level_id`, or None."""
    return next((level for level in levels if level.id == level_id), None)


def find_level(
    name: str, folder: Path | None = None, *, levels: Iterable[Level] | None = None
) -> Level:
    """`name` is a level id or a path to a level file; raises LevelError for a broken file.

    An id is looked up among `levels` when given (levels already loaded, such as the game's
    catalog); otherwise it names `<id>.toml` in `folder` (the shipped levels by default), and
    the error lists the ids there.
    """
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise LevelNotFound(f"no such file: {name}")
        return load_level(path)
    if levels is not None:
        level = level_with_id(levels, name)
        if level is None:
            raise LevelNotFound(f"no level with id {name!r}")
        return level
    candidate = (folder or levels_dir()) / f"{name}.toml"
    if candidate.is_file():
        return load_level(candidate)
    known = ", ".join(level.id for level in discover_levels(folder or levels_dir()))
    raise LevelNotFound(f"no level with id '{name}' (known: {known})")
