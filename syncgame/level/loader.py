"""Load and check level files.

`load_level(path)` gives a `Level` or raises `LevelError`; `check_paths(paths)` gives every
problem of many files and folders; `discover_levels(folder)` loads a folder's levels in play
order. Problems name the file and the line, as `FILE:LINE: message`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from syncgame.level.locator import LineMap
from syncgame.level.model import CHAPTERS, Level
from syncgame.level.problems import LevelError, Problem
from syncgame.level.schema import build_level

__all__ = [
    "LevelError",
    "Problem",
    "check_paths",
    "discover_levels",
    "level_files",
    "load_level",
    "parse_level",
]

MAX_FILE_BYTES = 1 << 20
"""Largest level file read: shipped levels are a few kilobytes."""

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


def _syntax_problem(file: str, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    message = str(error)
    if match := _TOML_POSITION.search(message):
        line, column = int(match[1]), int(match[2])
        return Problem(
            file, line, f"TOML syntax error: {message[: match.start()]} (column {column})"
        )
    line = max(len(text.splitlines()), 1)  # "at end of document": the last line
    return Problem(file, line, f"TOML syntax error: {_TOML_AT_END.sub('', message)}")


def _check_text(text: str, path: Path) -> tuple[Level | None, list[Problem], dict]:
    """The level in `text` (None if it has problems), its problems, and the raw document."""
    file = str(path)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [_syntax_problem(file, text, error)], {}
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        return None, [Problem(file, 1, "TOML syntax error: values nested too deeply")], {}
    try:
        level, problems = build_level(doc, LineMap(text), path)
    except RecursionError:
        return None, [Problem(file, 1, "values nested too deeply")], doc
    return level, [Problem(file, line, message) for line, message in problems], doc


def _read(path: Path) -> tuple[str | None, list[Problem]]:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, [Problem(str(path), 1, f"cannot read: {error.strerror or error}")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(str(path), 1, f"file larger than {MAX_FILE_BYTES >> 20} MiB")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem(str(path), line, "not valid UTF-8 text")]


def parse_level(text: str, path: Path | str) -> Level:
    """The level in `text`, as if read from `path` (whose stem must be its id)."""
    level, problems, _ = _check_text(text, Path(path))
    if level is None:
        raise LevelError(problems)
    return level


def load_level(path: Path | str) -> Level:
    """Read, check and return the level at `path`; raise LevelError listing every problem."""
    path = Path(path)
    text, problems = _read(path)
    if text is None:
        raise LevelError(problems)
    return parse_level(text, path)


def level_files(folder: Path | str) -> list[Path]:
    """Every *.toml file under `folder`, in a stable order."""
    return sorted(path for path in Path(folder).rglob("*.toml") if path.is_file())


def _check_files(files: Iterable[Path]) -> tuple[list[Level], list[Problem]]:
    """Check files that belong together: each alone, then for ids used twice."""
    levels: list[Level] = []
    problems: list[Problem] = []
    first_with_id: dict[str, Path] = {}
    for path in files:
        text, read_problems = _read(path)
        if text is None:
            problems += read_problems
            continue
        level, found, doc = _check_text(text, path)
        problems += found
        if level is not None:
            levels.append(level)
        level_id = doc.get("id")
        if not isinstance(level_id, str):
            continue
        if level_id in first_with_id:
            line = LineMap(text).line(("id",))
            problems.append(
                Problem(
                    str(path),
                    line,
                    f"duplicate id '{level_id}' (also in {first_with_id[level_id]})",
                )
            )
        else:
            first_with_id[level_id] = path
    return levels, problems


def check_paths(paths: Iterable[Path | str]) -> list[Problem]:
    """Every problem of the given level files and folders (searched for *.toml files).

    Ids must be unique among the files found under one folder. Raises FileNotFoundError for
    a path that does not exist.
    """
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            problems += _check_files(level_files(path))[1]
        elif path.exists():
            problems += _check_files([path])[1]
        else:
            raise FileNotFoundError(str(path))
    return problems


def play_order(level: Level) -> tuple[int, int, str]:
    chapter = CHAPTERS.index(level.chapter) if level.chapter in CHAPTERS else len(CHAPTERS)
    return chapter, level.order, level.id


def discover_levels(folder: Path | str) -> list[Level]:
    """Every level under `folder`, sorted by chapter (the notes' order), order, then id.

    Raises LevelError if any file there has a problem: a broken level is never hidden.
    """
    levels, problems = _check_files(level_files(folder))
    if problems:
        raise LevelError(problems)
    return sorted(levels, key=play_order)
