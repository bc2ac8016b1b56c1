"""The levels the game can offer: discovered, grouped by chapter, found by id or path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from syncgame.level.model import CHAPTERS, Level
from syncgame.paths import levels_dir


@dataclass
class Catalog:
    levels: list[Level] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    folder: Path | None = None

    def chapters(self) -> list[tuple[str, list[Level]]]:
        """(chapter, levels by order) in the notes' order; unknown chapters last."""
        groups: dict[str, list[Level]] = {}
        for level in self.levels:
            groups.setdefault(level.chapter, []).append(level)
        order = list(CHAPTERS) + sorted(set(groups) - set(CHAPTERS))
        return [
            (chapter, sorted(groups[chapter], key=lambda lv: (lv.order, lv.id)))
            for chapter in order
            if chapter in groups
        ]

    def ordered(self) -> list[Level]:
        return [level for _, levels in self.chapters() for level in levels]

    def by_id(self, level_id: str) -> Level | None:
        for level in self.levels:
            if level.id == level_id:
                return level
        return None

    def next_after(self, level: Level) -> Level | None:
        ordered = self.ordered()
        ids = [lv.id for lv in ordered]
        if level.id not in ids:
            return None
        index = ids.index(level.id)
        return ordered[index + 1] if index + 1 < len(ordered) else None


def load_catalog(folder: Path | None = None) -> Catalog:
    """Every level in `folder` (the shipped levels by default)."""
    from syncgame.level.loader import discover_levels

    folder = folder or levels_dir()
    catalog = Catalog(folder=folder)
    if not folder.is_dir():
        return catalog
    try:
        catalog.levels = list(discover_levels(folder))
    except Exception as error:  # a broken pack must not stop the game from starting
        catalog.errors.append(str(error))
    return catalog


class LevelNotFound(Exception):
    pass


def resolve_level(name: str, catalog: Catalog | None = None) -> Level:
    """A level by id (in the catalog) or by path to a level file."""
    from syncgame.level.loader import load_level

    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise LevelNotFound(f"no such file: {name}")
        return load_level(path)
    catalog = catalog or load_catalog()
    level = catalog.by_id(name)
    if level is None:
        raise LevelNotFound(f"no level with id {name!r}")
    return level
