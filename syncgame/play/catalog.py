"""The levels the game can offer: discovered, grouped by chapter, found by id or path (with
`syncgame.level.find`, the lookup the CLI uses too)."""

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
        from syncgame.level.find import level_with_id  # it loads the loader: not before the title

        return level_with_id(self.levels, level_id)

    def find(self, name: str) -> Level:
        """A level by id (among these) or by path to a level file; raises `LevelNotFound`."""
        from syncgame.level.find import find_level

        return find_level(name, levels=self.levels)

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
