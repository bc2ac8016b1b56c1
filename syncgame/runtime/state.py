"""Canonical, hashable pictures of program state, so the judge can tell states apart.

A picture must be equal for two runs exactly when their futures are equal: values, not
identities (thread idents and object ids differ between runs; names and serials do not).
"""

from __future__ import annotations

import dis
from collections.abc import Hashable
from functools import lru_cache
from inspect import CO_GENERATOR
from types import CodeType, FrameType, FunctionType
from typing import TYPE_CHECKING

from syncgame.primitives.classes import Primitive
from syncgame.runtime.shared import SharedContainer
from syncgame.sandbox import CALLBACK_CODE, MAX_WEIGHT, weigh

if TYPE_CHECKING:
    from syncgame.runtime.scheduler import Worker

LOOP_NAMES = ("_sg_items", "_sg_pass")
"""Variables the sandbox adds to every `for` loop: where the loop stands (see sandbox)."""


class Uncanonical(Exception):
    """A value we cannot picture faithfully: the state is then not cached."""


def canonical(value: object) -> Hashable:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if weigh(value) > MAX_WEIGHT:  # level code can build values too heavy to walk
        raise Uncanonical("a value too large to picture")
    return _canonical(value)


def _canonical(value: object) -> Hashable:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, range):
        return ("range", value.start, value.stop, value.step)
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((_canonical(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(map(repr, value))))
    if isinstance(value, Primitive):
        return ("prim", value._sg_serial)
    if isinstance(value, FunctionType) and not value.__closure__:
        return ("fn", value.__code__.co_name, value.__code__.co_firstlineno)
    if isinstance(value, SharedContainer):  # a list or dict another variable of `shared` holds
        return ("shared", value._name)
    if isinstance(value, BaseException):
        return ("exc", type(value).__name__, str(value))
    raise Uncanonical(type(value).__name__)


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


_STARTS: dict[CodeType, dict[int, int]] = {}


def instruction_starts(code: CodeType) -> dict[int, int]:
    """For each offset of `code`, where its instruction starts (cached: every scheduling
    point asks, and a plain dict answers ten times faster than `lru_cache`)."""
    starts = _STARTS.get(code)
    if starts is None:
        if len(_STARTS) > 256:
            _STARTS.clear()
        starts = _STARTS[code] = _instruction_starts(code)
    return starts


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


def capture_frames(worker: Worker, frame: FrameType | None) -> tuple[Hashable, ...] | None:
    """Where `worker` stands in level code: each level frame's position and variables."""
    pictures = []
    base = worker.base_names
    try:
        while frame is not None:
            code = frame.f_code
            if code is CALLBACK_CODE:
                raise Uncanonical("inside a function that C code calls (map, a sort key...)")
            if code.co_filename.startswith("<level:"):
                if code.co_flags & CO_GENERATOR:
                    # a generator expression (comprehensions are rewritten into them): the
                    # code consuming it holds its partial result out of sight
                    raise Uncanonical("inside a generator expression")
                at = instruction_starts(code).get(frame.f_lasti, frame.f_lasti)
                if code.co_name == "<module>":
                    names = frame.f_globals
                    live = live_names(code, worker.helpers_code).get(at)
                    variables = tuple(
                        (k, canonical(v))
                        for k, v in names.items()
                        if base.get(k) != id(v)
                        and (
                            k.startswith(LOOP_NAMES)
                            or (not k.startswith("_") and (live is None or k in live))
                        )
                    )
                else:
                    variables = tuple((k, canonical(v)) for k, v in frame.f_locals.items())
                pictures.append((code.co_name, code.co_firstlineno, at, variables, frame.f_lineno))
            frame = frame.f_back
    except Uncanonical:
        return None
    return tuple(pictures)


def primitive_state(obj: Primitive) -> tuple[object, ...]:
    """The primitive's own state key, with level values (a Queue's items) pictured here."""
    return obj._sg_state_key(canonical)
