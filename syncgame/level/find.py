"""Find a level by id (among the shipped levels) or by the path of its file."""

from __future__ import annotations

from pathlib import Path

from syncgame.level.loader import discover_levels, load_level
from syncgame.level.model import Level
from syncgame.paths import levels_dir


class LevelNotFound(Exception):
    pass


def find_level(name: str, folder: Path | None = None) -> Level:
    """`name` is a level id or a path to a level file; raises LevelError for a broken file."""
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise LevelNotFound(f"no such file: {name}")
        return load_level(path)
    candidate = (folder or levels_dir()) / f"{name}.toml"
    if candidate.is_file():
        return load_level(candidate)
    known = ", ".join(level.id for level in discover_levels(folder or levels_dir()))
    raise LevelNotFound(f"no level with id '{name}' (known: {known})")
