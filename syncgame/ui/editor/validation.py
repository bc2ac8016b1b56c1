"""Live validation for the editor: `syncgame check`'s problems, each tied to the field it is
about (and to the line inside code). No Textual here: the editor runs this in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from syncgame.level.loader import LevelError, parse_level
from syncgame.level.locator import LineMap
from syncgame.level.model import Level
from syncgame.level.problems import Problem
from syncgame.sandbox import check_source

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class FieldProblem:
    problem: Problem
    """As `syncgame check` prints it: file, line, message."""
    path: FieldPath
    """The key the problem's line belongs to: ("threads", 0, "code"), ("title",)..."""
    code_line: int | None = None
    """For a problem inside a multi-line string (code): its line there, 1-based."""

    @property
    def message(self) -> str:
        return self.problem.message


@dataclass(frozen=True)
class Validation:
    text: str
    level: Level | None
    """The level, when the text has no problem at all."""
    problems: tuple[FieldProblem, ...]

    @property
    def ok(self) -> bool:
        return self.level is not None and not self.problems


def locate(text: str, line: int) -> tuple[FieldPath, int | None]:
    """The key path whose value holds `line` of `text`, and the line inside its string."""
    try:
        lines = LineMap(text)
    except Exception:  # not TOML at all: the whole file
        return (), None
    best: FieldPath = ()
    best_line = 0
    for path, key_line in lines.keys.items():
        if key_line <= line and (key_line, len(path)) > (best_line, len(best)):
            best, best_line = path, key_line
    spot = lines.strings.get(best)
    if spot is not None and spot.multiline and line >= spot.line:
        return best, line - spot.line + 1
    return best, None


def validate(text: str, path: Path, *, own: Path | None = None) -> Validation:
    """Check `text` as the level file `path` would be checked, and tie each problem to its
    field. `own` is the file the text was read from or saved to: any other existing file at
    `path` is another level, which saving must not overwrite."""
    try:
        level = parse_level(text, path)
        problems: list[Problem] = []
    except LevelError as error:
        level, problems = None, list(error.problems)
    if path != own and path.exists():
        line = locate_key(text, ("id",))
        problems.append(
            Problem(str(path), line, f"another level file has this id: {path}; choose another id")
        )
    located = []
    for problem in sorted(problems, key=lambda p: p.line):
        field, code_line = locate(text, problem.line)
        located.append(FieldProblem(problem, field, code_line))
    return Validation(text, level if not problems else None, tuple(located))


def locate_key(text: str, path: FieldPath) -> int:
    """The line of the key `path` in `text` (1 when it cannot be found)."""
    try:
        return LineMap(text).line(path)
    except Exception:
        return 1


def expression_problems(expressions: list[str]) -> dict[int, str]:
    """For a list of goal expressions: index -> the first problem the checker finds (the
    same words `syncgame check` uses)."""
    found: dict[int, str] = {}
    for index, expression in enumerate(expressions):
        problems = check_source(expression, mode="eval")
        if problems:
            found[index] = problems[0].message
    return found
