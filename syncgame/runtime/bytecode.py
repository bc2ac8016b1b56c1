"""What the judge reads from level bytecode: liveness, instruction starts, statements and
the evaluation stack's depth.

Everything here is built from `dis` (opcode classes, `stack_effect`, exception tables) and
the statement spans the sandbox recorded when it compiled the code, so a new interpreter's
bytecode is read the way it describes itself, not through a hand-kept list.
"""

from __future__ import annotations

import dis
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType
from typing import NamedTuple, TypeVar

from syncgame.sandbox import statement_spans


def _opcode_table() -> tuple[frozenset[int], frozenset[int], frozenset[int], frozenset[int]]:
    """(reads, writes, jumps, ends) for the running interpreter, from `dis`.

    Built from `dis`'s own opcode classes, so a new interpreter's opcodes are classified
    the way it says (3.12 added LOAD_FAST_CHECK, 3.13 LOAD_FAST_LOAD_FAST...). Every error
    left is on the safe side: an unknown variable opcode counts as a read (the variable
    stays in the picture) and an unknown jump as conditional (both ways are followed).
    """
    variable_ops = set(dis.hasname) | set(dis.haslocal) | set(dis.hasfree)
    variables = {
        op
        for op in variable_ops
        if not any(word in dis.opname[op] for word in ("ATTR", "METHOD", "IMPORT"))
    }
    # A plain store kills the old value; a delete also needs the name to exist: both.
    writes = {op for op in variables if dis.opname[op] in ("STORE_NAME", "DELETE_NAME")}
    reads = variables - {dis.opmap["STORE_NAME"]}
    jumps = set(dis.hasjrel) | set(dis.hasjabs) | set(getattr(dis, "hasjump", ()))
    # Where control never falls through: unconditional jumps (no IF in the name), returns
    # and raises. A name not listed only adds a successor that cannot happen.
    ends = {op for op in jumps if dis.opname[op].startswith("JUMP") and "IF" not in dis.opname[op]}
    ends |= {
        op
        for name, op in dis.opmap.items()
        if name.removeprefix("INSTRUMENTED_")
        in ("RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS", "RERAISE")
    }
    return frozenset(reads), frozenset(writes), frozenset(jumps), frozenset(ends)


READ_OPS, WRITE_OPS, JUMP_OPS, END_OPS = _opcode_table()


def _names(instruction: dis.Instruction) -> set[str]:
    """The variables an instruction names (3.13's LOAD_FAST_LOAD_FAST names two)."""
    argval = instruction.argval
    return set(argval) if isinstance(argval, tuple) else {argval}


def _names_read_inside(code: CodeType) -> set[str]:
    """Names that functions and comprehensions nested in `code` may read (as globals)."""
    names: set[str] = set()
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            names |= set(const.co_names) | _names_read_inside(const)
    return names


@lru_cache(maxsize=256)
def live_names(code: CodeType, helpers: CodeType | None = None) -> dict[int, frozenset[str]]:
    """For each instruction of module-level `code`, the variables that may still be read.

    A variable no longer read (like `tmp` after `shared.x = tmp + 1`) cannot change what
    happens next, so two states that differ only there are the same state. A backward
    data-flow analysis over the bytecode, with exception handlers as successors of every
    instruction they cover; whatever a nested function or `helpers` may read counts as read
    everywhere.
    """
    instructions = list(dis.get_instructions(code))
    at = {ins.offset: n for n, ins in enumerate(instructions)}
    successors: list[list[int]] = []
    for n, ins in enumerate(instructions):
        following = []
        if ins.opcode in JUMP_OPS:
            following.append(at[ins.argval])
        if ins.opcode not in END_OPS and n + 1 < len(instructions):
            following.append(n + 1)
        successors.append(following)
    for entry in dis.Bytecode(code).exception_entries:  # type: ignore[attr-defined]  # 3.11+
        for n, ins in enumerate(instructions):
            if entry.start <= ins.offset < entry.end:
                successors[n].append(at[entry.target])
    always = _names_read_inside(code) | (
        set(helpers.co_names) | _names_read_inside(helpers) if helpers else set()
    )
    reads = [_names(ins) if ins.opcode in READ_OPS else set() for ins in instructions]
    writes = [_names(ins) if ins.opcode in WRITE_OPS else set() for ins in instructions]
    live_in: list[set[str]] = [set() for _ in instructions]
    changed = True
    while changed:
        changed = False
        for n in range(len(instructions) - 1, -1, -1):
            out = set().union(*(live_in[m] for m in successors[n])) if successors[n] else set()
            new = reads[n] | (out - writes[n])
            if new != live_in[n]:
                live_in[n] = new
                changed = True
    live = {}
    for n, ins in enumerate(instructions):
        out = set().union(*(live_in[m] for m in successors[n])) if successors[n] else set()
        live[ins.offset] = frozenset(live_in[n] | out | always)
    return live


T = TypeVar("T")


def _cached(table: dict[CodeType, T], code: CodeType, build: Callable[[CodeType], T]) -> T:
    """`build(code)`, kept in `table`: every scheduling point asks, and a plain dict answers
    ten times faster than `lru_cache`. A table past 256 codes starts again."""
    value = table.get(code)
    if value is None:
        if len(table) > 256:
            table.clear()
        value = table[code] = build(code)
    return value


_STARTS: dict[CodeType, dict[int, int]] = {}


def instruction_starts(code: CodeType) -> dict[int, int]:
    """For each offset of `code`, where its instruction starts (cached)."""
    return _cached(_STARTS, code, _instruction_starts)


def _instruction_starts(code: CodeType) -> dict[int, int]:
    """For each offset of `code`, where its instruction starts.

    A frame stopped inside a call reports an offset among the CALL's inline caches, and
    which one (or the PRECALL before it) depends on whether the interpreter has specialised
    the call yet (it does after a few runs): the same place must give the same picture.
    """
    instructions = list(dis.get_instructions(code))
    ends = [ins.offset for ins in instructions[1:]] + [len(code.co_code)]
    starts = {}
    for n, (ins, end) in enumerate(zip(instructions, ends, strict=True)):
        start = ins.offset
        if ins.opname == "PRECALL":  # 3.11 specialises `len(x)` to run in PRECALL: one place
            start = ends[n]
        for offset in range(ins.offset, end, 2):
            starts[offset] = start
    return starts


@dataclass(frozen=True, slots=True)
class Statements:
    """Where each instruction of one code object stands among its statements.

    A frame shows its variables but not its evaluation stack: in `shared.y = f() + g()`
    the result of `f()` waits on the stack while `g()` runs. What a statement holds there
    was computed since the statement began, so the judge pictures that instead: the
    results of the steps taken since then, and the variables the statement has read.
    """

    statement: dict[int, int]
    """Instruction start -> the statement it belongs to (an index; -1 where unknown)."""
    depth: dict[int, int]
    """Instruction start -> values on the stack before it runs."""
    floor: dict[int, int]
    """Statement -> the stack depth it starts at (a `with` or a `for` keeps values below)."""
    after_call: dict[int, int]
    """Call instruction start -> values on the stack once the call has returned."""
    read_before: dict[int, frozenset[str]]
    """Instruction start -> the variables its statement reads at earlier offsets."""
    stored_after_read: dict[int, bool]
    """Instruction start -> whether its statement already stored a variable it had read
    before (`x + (x := shared.a)`): the stack then holds a value no variable shows."""

    def held(self, offset: int, *, calling: bool) -> int | None:
        """How many values the statement holds on the stack below the operation at `offset`.

        Exact for a frame waiting on a call (`calling`): what is left once the call returns,
        less its result. Otherwise an upper bound (the operation's own operands count too).
        None when the depth is unknown: treat as holding something.
        """
        statement = self.statement.get(offset, -1)
        floor = self.floor.get(statement)
        if floor is None or statement < 0:
            return None
        after = self.after_call.get(offset) if calling else None
        if after is not None:
            return after - 1 - floor
        depth = self.depth.get(offset)
        return None if depth is None else depth - floor


class Spot(NamedTuple):
    """What the judge asks of a frame stopped at one offset, answered once per code."""

    start: int
    """Where the instruction starts."""
    statement: int
    """The statement it belongs to (-1 where unknown)."""
    holds_below_call: bool
    """Its statement may hold values below a call waiting here (`f() + g()` at `g()`)."""
    holds_below_operation: bool
    """... below the operation here, whatever it is (an upper bound)."""
    overwrote_what_it_read: bool
    """Its statement stored a variable it had read before (`x + (x := shared.a)`)."""
    read_before: frozenset[str]
    """The variables its statement read at earlier offsets."""


UNKNOWN_SPOT = Spot(0, -1, True, True, False, frozenset())
"""An offset outside the tables: assume the statement holds something."""

_SPOTS: dict[CodeType, dict[int, Spot]] = {}


def spots(code: CodeType) -> dict[int, Spot]:
    """For each offset of `code`, its `Spot` (cached: every scheduling point asks this of
    each level frame, and every state picture again)."""
    return _cached(_SPOTS, code, _spots)


def _spots(code: CodeType) -> dict[int, Spot]:
    layout = _statements(code)

    def holds(start: int, *, calling: bool) -> bool:
        held = layout.held(start, calling=calling)
        return held is None or held > 0

    return {
        offset: Spot(
            start,
            layout.statement.get(start, -1),
            holds(start, calling=True),
            holds(start, calling=False),
            layout.stored_after_read.get(start, False),
            layout.read_before.get(start, frozenset()),
        )
        for offset, start in instruction_starts(code).items()
    }


def _statements(code: CodeType) -> Statements:
    instructions = list(dis.get_instructions(code))
    starts = instruction_starts(code)
    owner = _owning_statements(code, instructions)
    depth = stack_depths(code, instructions)
    floor: dict[int, int] = {}
    for ins in instructions:
        if ins.offset in depth:
            s = owner[ins.offset]
            floor[s] = min(floor.get(s, depth[ins.offset]), depth[ins.offset])
    after_call = {
        starts.get(ins.offset, ins.offset): depth[ins.offset] + _effect(ins, jump=False)
        for ins in instructions
        if ins.opname.removeprefix("INSTRUMENTED_").startswith("CALL") and ins.offset in depth
    }
    read_before: dict[int, frozenset[str]] = {}
    stored_after_read: dict[int, bool] = {}
    seen: dict[int, tuple[frozenset[str], bool]] = {}  # statement -> (read, stored)
    for ins in instructions:
        s = owner[ins.offset]
        read, stored = seen.get(s, (frozenset(), False))
        read_before[ins.offset] = read
        stored_after_read[ins.offset] = stored
        if ins.opcode in READ_OPS and ins.opname.startswith("LOAD"):
            read = read | _names(ins)
        elif ins.opname.startswith("STORE") and ins.opcode in READ_OPS | WRITE_OPS:
            stored = stored or bool(read & _names(ins))
        seen[s] = (read, stored)
    return Statements(
        statement=owner,
        depth=depth,
        floor=floor,
        after_call=after_call,
        read_before=read_before,
        stored_after_read=stored_after_read,
    )


def _owning_statements(code: CodeType, instructions: list[dis.Instruction]) -> dict[int, int]:
    """Instruction offset -> the innermost statement whose source span holds it.

    Without the sandbox's spans (code it did not compile) each line counts as a statement.
    An instruction with no position belongs to the statement before it.
    """
    spans = statement_spans(code)
    owner: dict[int, int] = {}
    current = -1
    for ins in instructions:
        p = ins.positions
        if p is not None and p.lineno is not None:
            if spans is None:
                current = p.lineno
            else:
                current = _innermost(spans, p.lineno, p.col_offset, p.end_lineno, p.end_col_offset)
        owner[ins.offset] = current
    return owner


def _innermost(
    spans: tuple[tuple[int, int, int, int], ...],
    line: int,
    col: int | None,
    end_line: int | None,
    end_col: int | None,
) -> int:
    start = (line, col if col is not None else 0)
    end = (end_line if end_line is not None else line, end_col if end_col is not None else 0)
    best, best_size = -1, None
    for index, (s_line, s_col, e_line, e_col) in enumerate(spans):
        if (s_line, s_col) <= start and end <= (e_line, e_col):
            size = (e_line - s_line, e_col - s_col)
            if best_size is None or size < best_size:
                best, best_size = index, size
    return best


def _effect(ins: dis.Instruction, *, jump: bool) -> int:
    arg = ins.arg if ins.opcode >= dis.HAVE_ARGUMENT else None
    return dis.stack_effect(ins.opcode, arg, jump=jump)


def stack_depths(
    code: CodeType, instructions: list[dis.Instruction] | None = None
) -> dict[int, int]:
    """Instruction offset -> values on the evaluation stack before it runs.

    The compiler's own walk: along every edge with `dis.stack_effect`, into each exception
    handler at the depth its table entry gives. An instruction reached at two different
    depths (never, for code CPython compiled) is left out: the caller then assumes the worst.
    """
    if instructions is None:
        instructions = list(dis.get_instructions(code))
    at = {ins.offset: n for n, ins in enumerate(instructions)}
    known: dict[int, int] = {0: 0} if instructions else {}
    broken: set[int] = set()
    work = [0] if instructions else []
    for entry in dis.Bytecode(code).exception_entries:  # type: ignore[attr-defined]  # 3.11+
        target = at[entry.target]
        handler = entry.depth + (1 if entry.lasti else 0) + 1  # (+ lasti) + the exception
        if known.setdefault(target, handler) != handler:
            broken.add(target)
        work.append(target)
    while work:
        n = work.pop()
        ins, depth = instructions[n], known[n]
        following = []
        if ins.opcode in JUMP_OPS:
            following.append((at[ins.argval], depth + _effect(ins, jump=True)))
        if ins.opcode not in END_OPS and n + 1 < len(instructions):
            following.append((n + 1, depth + _effect(ins, jump=False)))
        for m, new in following:
            if m not in known:
                known[m] = new
                work.append(m)
            elif known[m] != new:
                broken.add(m)
    return {instructions[n].offset: d for n, d in known.items() if n not in broken}
