"""A runnable program: a level's start code, its reference fix, or a player's solution."""

from __future__ import annotations

import ast
import dataclasses
import functools
from dataclasses import dataclass, field
from types import CodeType

from syncgame.level.model import Goal, Level, Solution
from syncgame.primitives.declarations import Declaration, DeclarationError, parse_declaration
from syncgame.primitives.registry import LOCK_TYPES
from syncgame.sandbox import SandboxError, compile_source, parse_level_code


class ProgramError(Exception):
    """The program cannot be built: refused code or a bad declaration (message has the line)."""


@dataclass(frozen=True)
class ThreadCode:
    name: str
    source: str
    instances: int = 1
    first_line: int = 0
    """Line of the level file where the source's first line stands (0: not from a file)."""

    def thread_ids(self) -> list[str]:
        if self.instances == 1:
            return [self.name]
        return [f"{self.name}#{i}" for i in range(self.instances)]


@dataclass
class Program:
    threads: list[ThreadCode]
    shared: dict[str, object] = field(default_factory=dict)
    primitives: dict[str, str] = field(default_factory=dict)
    helpers: str = ""
    goal: Goal = field(default_factory=Goal)
    level_id: str = ""
    timing: str = "exact"
    """How a run treats time. "exact": the virtual clock orders threads (a `sleep(1)` ends
    after a `sleep(0.5)`), the runtime's plain semantics. "real": as with real threads, any
    thread may be delayed by any amount, so sleeps, work and timeouts order nothing; goals
    that read the clock are left out (the judge checks them with "exact" time)."""

    def __post_init__(self):
        self._codes: dict[str, CodeType] | None = None
        self._declarations: dict[str, Declaration] | None = None

    def __getstate__(self) -> dict:
        # Compiled code does not pickle; a worker process compiles again (cheap).
        state = dict(self.__dict__)
        state["_codes"] = None
        return state

    @classmethod
    def from_level(
        cls, level: Level, variant: str = "start", solution: Solution | None = None
    ) -> Program:
        """`variant` "start" is the code as the player first sees it, "reference" the fix."""
        if variant == "reference":
            if level.solution is None:
                raise ProgramError(f"level '{level.id}' has no [solution]")
            solution = level.solution
        primitives = dict(level.primitives)
        threads = list(level.threads)
        code_for: dict[str, tuple[str, int]] = {t.name: (t.code, t.code_line) for t in threads}
        if solution is not None:
            primitives.update(solution.primitives)
            for name, source in solution.threads.items():
                if name not in code_for:
                    raise ProgramError(
                        f"the solution names a thread '{name}' the level does not have"
                    )
                code_for[name] = (source, solution.thread_lines.get(name, 0))
        return cls(
            threads=[
                ThreadCode(t.name, code_for[t.name][0], t.instances, code_for[t.name][1])
                for t in threads
            ],
            shared=dict(level.shared),
            primitives=primitives,
            helpers=level.helpers,
            goal=level.goal,
            level_id=level.id,
        )

    def thread_ids(self) -> list[str]:
        return [tid for thread in self.threads for tid in thread.thread_ids()]

    @property
    def codes(self) -> dict[str, CodeType]:
        """Each thread's compiled code (and "<helpers>"), checked by the sandbox once."""
        if self._codes is None:
            codes = {}
            sources = [("<helpers>", self.helpers, 0)] if self.helpers.strip() else []
            sources += [(t.name, t.source, t.first_line) for t in self.threads]
            for name, source, first_line in sources:
                try:
                    helpers = name == "<helpers>"
                    codes[name] = compile_source(source, f"<level:{name}>", helpers=helpers)
                except SandboxError as error:
                    problem = error.problems[0]
                    where = f"line {problem.line + first_line - 1 if first_line else problem.line}"
                    raise ProgramError(f"{name}, {where}: {problem.message}") from None
            self._codes = codes
        return self._codes

    @functools.cached_property
    def may_loop(self) -> bool:
        """Whether any code has a `while` loop: without one, no run can come back to a state
        it has been in (a `for` loop's position is part of the state), so none can spin."""
        sources = [self.helpers, *(t.source for t in self.threads)]
        return any(
            isinstance(node, ast.While)
            for source in sources
            for node in ast.walk(parse_level_code(source))
        )

    @functools.cached_property
    def uses_clock(self) -> bool:
        """Whether time can matter: a goal reads the clock, or the code may sleep, work or
        wait with a timeout. Without any of these the two timings run alike, and the judge
        only needs "real" time. Read from the code, so it may say True for a program that
        never does (`acquire(False)`); a timeout passed through an alias (`w = ev.wait`) is
        missed, which costs only the "exact" check (makespan), never an honest verdict."""
        if any(reads_clock(expr) for expr in (*self.goal.final, *self.goal.always)):
            return True
        if self.goal.max_makespan is not None:
            return True
        if any("timeout" in text or "," in text for text in self.primitives.values()):
            return True  # a Barrier's default timeout (other arguments only over-approximate)
        sources = [self.helpers, *(t.source for t in self.threads)]
        return any(_may_use_clock(node) for s in sources for node in ast.walk(parse_level_code(s)))

    def with_timing(self, timing: str) -> Program:
        """This program run with another timing (see `timing`). Under "real" time the goals
        that read the clock are left out: nominal durations mean nothing there."""
        goal = self.goal
        if timing == "real":
            final = _timeless(goal.final, goal.final_lines)
            always = _timeless(goal.always, goal.always_lines)
            goal = dataclasses.replace(
                goal,
                final=tuple(e for e, _ in final),
                final_lines=tuple(n for _, n in final),
                always=tuple(e for e, _ in always),
                always_lines=tuple(n for _, n in always),
                max_makespan=None,
            )
        copy = dataclasses.replace(self, goal=goal, timing=timing)
        copy._codes = self._codes  # the same code: no need to check and compile it again
        copy._declarations = self._declarations
        return copy

    @property
    def declarations(self) -> dict[str, Declaration]:
        """Primitive declarations, ordered so that a Condition's lock is made before it."""
        if self._declarations is None:
            parsed = {}
            for name, text in self.primitives.items():
                try:
                    parsed[name] = parse_declaration(text)
                except DeclarationError as error:
                    raise ProgramError(f"primitive '{name}': {error}") from None
            ordered: dict[str, Declaration] = {}
            for name, declaration in parsed.items():
                for ref in declaration.references():
                    if ref not in parsed:
                        raise ProgramError(
                            f"primitive '{name}' names '{ref}', which is not declared"
                        )
                    if parsed[ref].type not in LOCK_TYPES:
                        raise ProgramError(f"primitive '{name}': '{ref}' is not a Lock or RLock")
                    ordered.setdefault(ref, parsed[ref])
                ordered.setdefault(name, declaration)
            self._declarations = ordered
        return self._declarations

    def check(self) -> None:
        """Raise ProgramError now for anything that would stop the program from running."""
        self.codes  # noqa: B018 - compiling is the check
        self.declarations  # noqa: B018


CLOCK_NAMES = frozenset({"makespan"})
"""What a goal reads of the clock."""

TIMEOUT_METHODS = {"wait": 1, "wait_for": 2, "acquire": 2, "get": 2, "put": 3, "join": 1}
"""Methods that take a timeout, and its position (counting from 1) when passed unnamed."""


def reads_clock(expr: str) -> bool:
    """Whether a goal expression reads the virtual clock (`makespan`)."""
    try:
        tree = parse_level_code(expr, "eval")
    except SyntaxError:
        return False
    return any(isinstance(n, ast.Name) and n.id in CLOCK_NAMES for n in ast.walk(tree))


def _may_use_clock(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Name) and node.func.id in ("sleep", "work"):
        return True
    if any(k.arg == "timeout" or k.arg is None for k in node.keywords):
        return True
    if isinstance(node.func, ast.Attribute) and node.func.attr in TIMEOUT_METHODS:
        position = TIMEOUT_METHODS[node.func.attr]
        return len(node.args) >= position or any(isinstance(a, ast.Starred) for a in node.args)
    return False


def _timeless(exprs: tuple[str, ...], lines: tuple[int, ...]) -> list[tuple[str, int]]:
    """The goals that do not read the clock, each with its line (0 when unknown)."""
    if len(lines) != len(exprs):
        lines = (0,) * len(exprs)
    return [(e, n) for e, n in zip(exprs, lines, strict=True) if not reads_clock(e)]
