"""Validate a parsed level document (format 1) and build a `Level` from it."""

from __future__ import annotations

import ast
import keyword
import re
from pathlib import Path

from syncgame.level.constructors import DeclarationError, parse_declaration
from syncgame.level.fields import (
    ARRAY,
    AT_LEAST_0,
    BOOLEAN,
    DURATION,
    INTEGER,
    NONEMPTY,
    STRING,
    TABLE,
    Kind,
    Report,
    Table,
    a_type,
    show,
)
from syncgame.level.locator import LineMap
from syncgame.level.model import (
    CHAPTERS,
    FAILURE_REASONS,
    LAZY_EXPECTATIONS,
    MEASURE_MODES,
    MEASURE_REASON,
    TIMINGS,
    Challenge,
    Goal,
    Lazy,
    Level,
    Measure,
    Par,
    Solution,
    Text,
    ThreadSpec,
)
from syncgame.primitives import declarations
from syncgame.primitives.registry import PRIMITIVE_TYPES
from syncgame.sandbox import check_source, parse_level_code, safe_builtins

FORMAT = 1
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
WORKER_NAMES = frozenset({"shared", "me", "log", "sleep", "work", "logs", "makespan"})
"""Names the runtime gives worker code and goal expressions; declarations may not take them."""
SHARED_TYPES = (int, float, str, bool, list, dict)

# Bounds a level file may ask for: a file from a stranger must not start a thousand
# processes, more threads than the system allows, or runs that never end.
MAX_THREADS = 64
MAX_STEPS = 1_000_000
MAX_JOBS = 16
MAX_REPEAT = 10
MAX_NESTING = 32
"""Deepest nesting of lists and tables in a shared value."""


class _Bounded(Kind):
    """An integer >= low that is also at most `high` (said so when it is too big)."""

    def refusal(self, name: str, value: object) -> str:
        high = self.ok.__defaults__[0]
        if type(value) is int and value > high:
            return f"'{name}' must be at most {high:,}, not {value:,}"
        return super().refusal(name, value)


def _bounded(low: int, high: int) -> Kind:
    return _Bounded(f"an integer >= {low}", (int,), lambda v, high=high: low <= v <= high)


THREAD_COUNT = _bounded(1, MAX_THREADS)
STEP_COUNT = _bounded(1, MAX_STEPS)
JOB_COUNT = _bounded(1, MAX_JOBS)
REPEAT_COUNT = _bounded(1, MAX_REPEAT)


def build_level(
    doc: dict, lines: LineMap, path: Path
) -> tuple[Level | None, list[tuple[int, str]]]:
    """The level described by `doc`, or None, and every problem found as (line, message)."""
    report = Report(lines)
    level = _Builder(report, path).level(doc)
    problems = sorted(report.problems, key=lambda problem: problem[0])
    return (None if problems else level), problems


class _Builder:
    def __init__(self, report: Report, path: Path):
        self.report = report
        self.lines = report.lines
        self.path = path

    def level(self, doc: dict) -> Level:
        root = Table(self.report, doc, (), "")
        self._format(root)
        level_id = self._id(root)
        chapter = self._chapter(root)
        order = root.get("order", INTEGER, 0, required=True)
        notes_section = root.get("notes_section", STRING, "")
        title = self._text(root, "title", required=True)
        briefing = self._text(root, "briefing", required=True)
        learned = self._text(root, "learned")
        goal_text = self._text(root, "goal_text")
        hints = self._hints(root)
        shared = self._shared(root)
        primitives = self._declarations(root.table("primitives"), shared, {})
        palette = self._palette(root)
        helpers, helpers_line = self._helpers(root)
        threads = self._threads(root)
        goal = self._goal(root)
        solution = self._solution(root, shared, primitives, threads)
        par = self._par(root)
        lazy = self._lazy(root, shared, primitives, threads)
        measure = self._measure(root, threads)
        challenge = self._challenge(root, goal)
        root.finish()
        return Level(
            id=level_id,
            chapter=chapter,
            order=order,
            title=title,
            briefing=briefing,
            threads=threads,
            goal=goal,
            format=FORMAT,
            notes_section=notes_section,
            hints=hints,
            learned=learned,
            goal_text=goal_text,
            shared=shared,
            primitives=primitives,
            palette=palette,
            helpers=helpers,
            helpers_line=helpers_line,
            solution=solution,
            par=par,
            lazy=lazy,
            measure=measure,
            challenge=challenge,
            path=self.path,
        )

    # --- header fields ------------------------------------------------------------------

    def _format(self, root: Table) -> None:
        value = root.get("format", INTEGER, required=True)
        if value is not None and value != FORMAT:
            self.report.add(
                ("format",), f"unsupported format {value} (this version reads format {FORMAT})"
            )

    def _id(self, root: Table) -> str:
        level_id = root.get("id", STRING, "", required=True)
        if not root.has("id") or not isinstance(root.data["id"], str):
            return level_id
        if not ID_PATTERN.fullmatch(level_id):
            self.report.add(
                ("id",),
                f"id '{level_id}' must use only lowercase letters, digits, '-' and '_'",
            )
        elif level_id != self.path.stem:
            self.report.add(
                ("id",), f"id '{level_id}' does not match the file name '{self.path.stem}'"
            )
        return level_id

    def _chapter(self, root: Table) -> str:
        chapter = root.get("chapter", STRING, "", required=True)
        if isinstance(root.data.get("chapter"), str) and chapter not in CHAPTERS:
            self.report.add(
                ("chapter",),
                f"unknown chapter '{chapter}' (expected one of: {', '.join(CHAPTERS)})",
            )
        return chapter

    def _text(self, parent: Table, key: str, required: bool = False) -> Text | None:
        table = parent.table(key, required=required)
        if table is None:
            return None
        text = Text(
            en=table.get("en", NONEMPTY, "", required=True),
            zh=table.get("zh", NONEMPTY, "", required=True),
        )
        table.finish()
        return text

    def _entries(self, parent: Table, key: str, label: str, required: bool = False):
        """The tables of an array of tables, each as a Table; other entries are reported."""
        entries = parent.get(key, ARRAY, [], required=required)
        tables = []
        for index, entry in enumerate(entries):
            where = (key, index)
            if not isinstance(entry, dict):
                self.report.add(where, f"'{key}[{index}]' must be a table, not {a_type(entry)}")
                continue
            tables.append(Table(self.report, entry, where, label))
        return tables

    def _hints(self, root: Table) -> tuple[Text, ...]:
        hints = []
        for table in self._entries(root, "hints", "[[hints]]"):
            hints.append(
                Text(
                    en=table.get("en", NONEMPTY, "", required=True),
                    zh=table.get("zh", NONEMPTY, "", required=True),
                )
            )
            table.finish()
        return tuple(hints)

    # --- shared state and primitives ----------------------------------------------------

    def _name_problem(self, name: str, what: str) -> str | None:
        if not name.isidentifier() or keyword.iskeyword(name):
            return f"{what} name '{name}' must be a Python identifier"
        if name.startswith("_"):
            return f"{what} name '{name}' must not start with '_'"
        return None

    def _shared(self, root: Table) -> dict[str, object]:
        table = root.table("shared")
        shared: dict[str, object] = {}
        for name, value in table.items() if table else ():
            where = ("shared", name)
            if problem := self._name_problem(name, "shared variable"):
                self.report.add(where, problem)
            elif _depth(value) > MAX_NESTING:
                self.report.add(
                    where, f"shared variable '{name}' is nested more than {MAX_NESTING} deep"
                )
            elif bad := _unshareable(value):
                self.report.add(
                    where,
                    f"shared variable '{name}' holds {a_type(bad)}; "
                    "allowed: int, float, str, bool, list, dict",
                )
            else:
                shared[name] = value
        return shared

    def _declarations(
        self, table: Table | None, shared: dict, existing: dict[str, str], may_change: bool = False
    ) -> dict[str, str]:
        """Primitive declarations `name = "Type(args)"` of `table`, checked against the names
        already taken (shared variables and the `existing` declarations). With `may_change`
        (a fix), a name of `existing` may be declared again with another type or arguments:
        the fix changes that primitive (Lock -> RLock, Barrier(2) -> Barrier(3))."""
        if table is None:
            return {}
        texts: dict[str, str] = {}
        for name, text in table.items():
            where = table.path + (name,)
            if not isinstance(text, str):
                self.report.add(
                    where,
                    f"'{table.name(name)}' must be a string such as \"Lock()\", not {a_type(text)}",
                )
            elif problem := self._name_problem(name, "primitive"):
                self.report.add(where, problem)
            elif name in WORKER_NAMES or name in safe_builtins():
                self.report.add(where, f"primitive name '{name}' is reserved for worker code")
            elif name in shared:
                self.report.add(where, f"primitive name '{name}' is already a shared variable")
            elif name in existing and not (may_change and _changes(existing[name], text)):
                self.report.add(
                    where, f"primitive name '{name}' is already declared in [primitives]"
                )
            else:
                texts[name] = text
        kinds = {name: _kind(text) for name, text in {**existing, **texts}.items()}
        declared = {}
        for name, text in texts.items():
            try:
                parse_declaration(text, kinds)
            except DeclarationError as error:
                self.report.add(table.path + (name,), f"{text.strip()}: {error}")
            else:
                declared[name] = text
        return declared

    def _palette(self, root: Table) -> dict[str, int]:
        table = root.table("palette")
        palette: dict[str, int] = {}
        for type_, count in table.items() if table else ():
            where = ("palette", type_)
            if type_ not in PRIMITIVE_TYPES:
                self.report.add(where, f"unknown primitive type '{type_}' in [palette]")
            elif not AT_LEAST_0.accepts(count):
                self.report.add(where, AT_LEAST_0.refusal(f"palette.{type_}", count))
            else:
                palette[type_] = count
        return palette

    # --- code ---------------------------------------------------------------------------

    def _code(self, where: tuple, source: str, mode: str = "exec", helpers: bool = False) -> int:
        """Check `source` with the sandbox; return the file line of its first line."""
        spot = self.lines.string(where)
        for problem in check_source(source, mode=mode, helpers=helpers):
            self.report.add(where, problem.message, line=spot.file_line(problem.line))
        return spot.line

    def _helpers(self, root: Table) -> tuple[str, int]:
        table = root.table("helpers")
        if table is None:
            return "", 0
        code = table.get("code", STRING, "")
        table.finish()
        if not code.strip():
            return code, 0
        return code, self._code(("helpers", "code"), code, helpers=True)

    def _threads(self, root: Table) -> tuple[ThreadSpec, ...]:
        entries = self._entries(root, "threads", "[[threads]]", required=True)
        if root.data.get("threads") == []:
            self.report.add(("threads",), "a level needs at least one [[threads]] entry")
        threads: list[ThreadSpec] = []
        total = 0
        for table in entries:
            name = table.get("name", NONEMPTY, "", required=True)
            instances = table.get("instances", THREAD_COUNT, 1)
            total += instances
            if total > MAX_THREADS and total - instances <= MAX_THREADS:
                self.report.add(
                    table.path + ("instances",) if "instances" in table.data else table.path,
                    f"a level runs at most {MAX_THREADS} threads in all (this one: {total} so far)",
                )
            code = table.get("code", NONEMPTY, "", required=True)
            table.finish()
            name_at = table.path + ("name",)
            if name and (problem := self._name_problem(name, "thread")):
                self.report.add(name_at, problem)
            elif name and any(spec.name == name for spec in threads):
                self.report.add(name_at, f"duplicate thread name '{name}'")
            code_line = self._code(table.path + ("code",), code) if code else 0
            threads.append(ThreadSpec(name, code, instances, code_line))
        return tuple(threads)

    # --- goal, solution, par ------------------------------------------------------------

    def _expressions(self, goal: Table, key: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        exprs, lines = [], []
        for index, expr in enumerate(goal.get(key, ARRAY, [])):
            where = ("goal", key, index)
            if not isinstance(expr, str):
                self.report.add(
                    where, f"'goal.{key}[{index}]' must be a string, not {a_type(expr)}"
                )
                continue
            exprs.append(expr)
            lines.append(self._code(where, expr, mode="eval"))
        return tuple(exprs), tuple(lines)

    def _start_fails(self, table: Table) -> str | None:
        reason = table.get("start_fails", STRING)
        allowed = FAILURE_REASONS + (MEASURE_REASON,)
        if reason is not None and reason not in allowed:
            self.report.add(
                ("goal", "start_fails"),
                f"unknown reason '{reason}' in goal.start_fails "
                f"(expected one of: {', '.join(allowed)})",
            )
            return None
        return reason

    def _timing(self, table: Table) -> str:
        timing = table.get("timing", STRING, "real")
        if timing not in TIMINGS:
            self.report.add(
                ("goal", "timing"),
                f"unknown timing '{timing}' in goal.timing (expected one of: {', '.join(TIMINGS)})",
            )
            return "real"
        return timing

    def _goal(self, root: Table) -> Goal:
        table = root.table("goal", required=True)
        if table is None:
            return Goal()
        final, final_lines = self._expressions(table, "final")
        always, always_lines = self._expressions(table, "always")
        goal = Goal(
            final=final,
            always=always,
            no_deadlock=table.get("no_deadlock", BOOLEAN, True),
            max_steps=table.get("max_steps", STEP_COUNT, 10000),
            max_makespan=table.get("max_makespan", DURATION),
            start_fails=self._start_fails(table),
            final_lines=final_lines,
            always_lines=always_lines,
            timing=self._timing(table),
        )
        table.finish()
        return goal

    def _solution(
        self, root: Table, shared: dict, primitives: dict[str, str], threads: tuple[ThreadSpec, ...]
    ) -> Solution | None:
        table = root.table("solution")
        if table is None:
            return None
        added = self._declarations(table.table("primitives"), shared, primitives, may_change=True)
        fixed, fixed_lines = self._fixed_threads(table.table("threads"), threads, "solution")
        table.finish()
        return Solution(primitives=added, threads=fixed, thread_lines=fixed_lines)

    def _fixed_threads(
        self, codes: Table | None, threads: tuple[ThreadSpec, ...], label: str
    ) -> tuple[dict[str, str], dict[str, int]]:
        """The `[label.threads]` table of a fix: thread name -> code, and their lines."""
        known = {spec.name for spec in threads}
        fixed: dict[str, str] = {}
        fixed_lines: dict[str, int] = {}
        for name, code in codes.items() if codes else ():
            where = codes.path + (name,)
            if name not in known:
                self.report.add(where, f"[{label}.threads] names unknown thread '{name}'")
            elif not NONEMPTY.accepts(code):
                self.report.add(where, NONEMPTY.refusal(f"{label}.threads.{name}", code))
            else:
                fixed[name] = code
                fixed_lines[name] = self._code(where, code)
        return fixed, fixed_lines

    def _lazy(
        self, root: Table, shared: dict, primitives: dict[str, str], threads: tuple[ThreadSpec, ...]
    ) -> tuple[Lazy, ...]:
        """`[[lazy]]`: tempting wrong fixes, each with what the judge must say about it."""
        lazies = []
        for table in self._entries(root, "lazy", "[[lazy]]"):
            name = table.get("name", NONEMPTY, "", required=True)
            expect = table.get("expect", STRING, "", required=True)
            if isinstance(table.data.get("expect"), str) and expect not in LAZY_EXPECTATIONS:
                self.report.add(
                    table.path + ("expect",),
                    f"unknown expectation '{expect}' in [[lazy]] "
                    f"(expected one of: {', '.join(LAZY_EXPECTATIONS)})",
                )
            added = self._declarations(
                table.table("primitives"), shared, primitives, may_change=True
            )
            codes = table.get("threads", TABLE)
            fixed, fixed_lines = self._fixed_threads(
                Table(self.report, codes, table.path + ("threads",), "[[lazy]] threads", "threads.")
                if codes is not None
                else None,
                threads,
                "lazy",
            )
            measure = table.get("measure", STRING)
            if measure is not None and measure not in MEASURE_MODES:
                self.report.add(
                    table.path + ("measure",),
                    f"unknown mode '{measure}' (expected one of: {', '.join(MEASURE_MODES)})",
                )
            table.finish()
            lazies.append(Lazy(name, expect, added, fixed, fixed_lines, measure))
        return tuple(lazies)

    def _measure(self, root: Table, threads: tuple[ThreadSpec, ...]) -> Measure | None:
        """`[measure]`: a level judged by timing real CPython (the GIL chapter)."""
        table = root.table("measure")
        if table is None:
            return None
        task = table.get("task", NONEMPTY, "", required=True)
        if task and task not in {spec.name for spec in threads}:
            self.report.add(("measure", "task"), f"measure.task names unknown thread '{task}'")
        modes = {}
        for key, default in (("start", "threads"), ("reference", "processes")):
            mode = table.get(key, STRING, default)
            if mode not in MEASURE_MODES:
                self.report.add(
                    ("measure", key),
                    f"unknown mode '{mode}' (expected one of: {', '.join(MEASURE_MODES)})",
                )
                mode = default
            modes[key] = mode
        choices = table.get("choices", ARRAY, ["threads", "processes"])
        for index, choice in enumerate(choices):
            if choice not in MEASURE_MODES:
                self.report.add(
                    ("measure", "choices", index),
                    f"unknown mode {show(choice)} (expected one of: {', '.join(MEASURE_MODES)})",
                )
        measure = Measure(
            task=task,
            jobs=table.get("jobs", JOB_COUNT, 2),
            start=modes["start"],
            reference=modes["reference"],
            choices=tuple(c for c in choices if c in MEASURE_MODES),
            min_speedup=table.get("min_speedup", DURATION, 1.4),
            repeat=table.get("repeat", REPEAT_COUNT, 3),
        )
        table.finish()
        return measure

    def _par(self, root: Table) -> Par:
        table = root.table("par")
        if table is None:
            return Par()
        par = Par(
            primitives=table.get("primitives", AT_LEAST_0),
            makespan=table.get("makespan", DURATION),
        )
        table.finish()
        return par

    def _challenge(self, root: Table, goal: Goal) -> Challenge | None:
        """`[challenge]`: the break-it challenge's limit; it needs a failure to aim at."""
        table = root.table("challenge")
        if table is None:
            return None
        challenge = Challenge(max_switches=table.get("max_switches", AT_LEAST_0))
        table.finish()
        if goal.start_fails is None or goal.start_fails not in FAILURE_REASONS:
            self.report.add(
                ("challenge",),
                "[challenge] needs goal.start_fails to name the failure to reach "
                f"(one of: {', '.join(FAILURE_REASONS)})",
            )
        return challenge


def _changes(before: str, after: str) -> bool:
    """Whether declaration `after` differs from `before` in type or arguments."""
    try:
        return declarations.parse_declaration(before) != declarations.parse_declaration(after)
    except DeclarationError:
        return before.strip() != after.strip()


def _kind(text: str) -> str | None:
    """The type a declaration names, if it is a well-formed call."""
    try:
        node = parse_level_code(text.strip(), "eval").body
    except SyntaxError:
        return None
    return node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None


def _depth(value: object) -> int:
    """How deeply lists and tables nest in `value` (a scalar: 0), counted without recursion."""
    depth, level = 0, [value]
    while depth <= MAX_NESTING:
        containers = [item for item in level if isinstance(item, list | dict)]
        if not containers:
            break
        depth += 1
        level = [
            child
            for container in containers
            for child in (container.values() if isinstance(container, dict) else container)
        ]
    return depth


def _unshareable(value: object) -> object | None:
    """The first value inside `value` that shared state cannot hold (e.g. a date), or None."""
    if type(value) not in SHARED_TYPES:
        return value
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    for child in children:
        if (bad := _unshareable(child)) is not None:
            return bad
    return None
