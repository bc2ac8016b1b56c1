"""Typed reads from a parsed TOML table, collecting problems with their lines."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from syncgame.level.locator import LineMap

_TYPE_NAMES = {
    bool: "boolean",
    int: "integer",
    float: "float",
    str: "string",
    list: "array",
    dict: "table",
    datetime.datetime: "date-time",
    datetime.date: "date",
    datetime.time: "time",
}


def type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def with_article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def a_type(value: object) -> str:
    """'an integer', 'a string'... for the TOML type of `value`."""
    return with_article(type_name(value))


def show(value: object) -> str:
    """A short TOML-like spelling of a scalar value, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 40 else text[:36] + '..."'
    return repr(value)


@dataclass(frozen=True)
class Kind:
    """What a field must hold: exact TOML types (a boolean is no integer) and a condition."""

    desc: str
    types: tuple[type, ...]
    ok: Callable[[object], bool] = lambda value: True

    def accepts(self, value: object) -> bool:
        return type(value) in self.types and self.ok(value)

    def refusal(self, name: str, value: object) -> str:
        got = show(value) if type(value) in self.types else with_article(type_name(value))
        return f"'{name}' must be {self.desc}, not {got}"


STRING = Kind("a string", (str,))
NONEMPTY = Kind("a non-empty string", (str,), lambda value: bool(value.strip()))
INTEGER = Kind("an integer", (int,))
BOOLEAN = Kind("a boolean", (bool,))
AT_LEAST_1 = Kind("an integer >= 1", (int,), lambda value: value >= 1)
AT_LEAST_0 = Kind("an integer >= 0", (int,), lambda value: value >= 0)
DURATION = Kind("a number >= 0", (int, float), lambda value: value >= 0)
TABLE = Kind("a table", (dict,))
ARRAY = Kind("an array", (list,))


@dataclass
class Report:
    """Problems of one file as (line, message), located through the file's LineMap."""

    lines: LineMap
    problems: list[tuple[int, str]] = field(default_factory=list)

    def add(self, path: tuple, message: str, line: int | None = None) -> None:
        self.problems.append((line if line is not None else self.lines.line(path), message))


class Table:
    """One table of the document. Reads are typed; `finish()` reports keys nobody read.

    `prefix` spells field names in messages ("goal." gives 'goal.max_steps'); an entry of an
    array of tables has no prefix and is named by `label` instead ("[[threads]]").
    """

    def __init__(self, report: Report, data: dict, path: tuple, label: str, prefix: str = ""):
        self.report = report
        self.data = data
        self.path = path
        self.label = label
        self.prefix = prefix
        self._read: set[str] = set()

    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def has(self, key: str) -> bool:
        return key in self.data

    def get(self, key: str, kind: Kind, default: object = None, required: bool = False):
        """The value of `key` if it is of `kind`, else `default` (and a problem is noted)."""
        self._read.add(key)
        if key not in self.data:
            if required:
                where = f" in {self.label}" if self.label and not self.prefix else ""
                self.report.add(self.path, f"missing required field '{self.name(key)}'{where}")
            return default
        value = self.data[key]
        if not kind.accepts(value):
            self.report.add(self.path + (key,), kind.refusal(self.name(key), value))
            return default
        return float(value) if float in kind.types else value

    def table(self, key: str, required: bool = False) -> Table | None:
        data = self.get(key, TABLE, required=required)
        if data is None:
            return None
        return Table(
            self.report, data, self.path + (key,), f"[{self.name(key)}]", f"{self.name(key)}."
        )

    def items(self):
        """Every key of a table whose keys are free names (e.g. [shared]), marked as read."""
        self._read.update(self.data)
        return self.data.items()

    def finish(self) -> None:
        where = f" in {self.label}" if self.label else ""
        for key in self.data:
            if key not in self._read:
                self.report.add(self.path + (key,), f"unknown key '{key}'{where}")
