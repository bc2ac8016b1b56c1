"""A runnable program: a level's start code, its reference fix, or a player's solution."""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from types import CodeType

from syncgame.level.model import Goal, Level, Solution
from syncgame.program.declarations import Declaration, DeclarationError, parse_declaration
from syncgame.program.sandbox import SandboxError, compile_source
from syncgame.program.syntax import parse_level_code


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
                    if parsed[ref].type not in ("Lock", "RLock"):
                        raise ProgramError(f"primitive '{name}': '{ref}' is not a Lock or RLock")
                    ordered.setdefault(ref, parsed[ref])
                ordered.setdefault(name, declaration)
            self._declarations = ordered
        return self._declarations

    def check(self) -> None:
        """Raise ProgramError now for anything that would stop the program from running."""
        self.codes  # noqa: B018 - compiling is the check
        self.declarations  # noqa: B018
