"""Find the place-menu entries that turn a level's start code into its reference fix.

Used by the pilot test that plays every shipped level by keys: if no sequence of menu entries
reaches the reference, the menu cannot express that fix (a missing first-class action).
Code is compared without comments, and primitives the player adds are compared by type and
order of first use, not by name (the game names them `lock`, `sem`..., the level's author
may have written `mutex`). Entries that ask for text ("edit line…", "if …:") are typed with
the reference's own new one-line statements and `if` conditions.
"""

from __future__ import annotations

import ast
import difflib
import heapq
from dataclasses import dataclass

from syncgame.level.model import Level
from syncgame.play.actions import (
    Action,
    actions_for,
    condition_placement,
    predicate_placement,
)
from syncgame.play.placement import (
    _COMPOUND,
    Board,
    Declare,
    Draft,
    Placement,
    PlacementError,
    Rewrite,
    parse_lines,
    statement_bodies,
)


@dataclass(frozen=True)
class Step:
    thread: str
    first: int
    last: int
    label: str
    group: str
    typed: str = ""
    """What the player types into the dialog the entry opens."""


def reference_draft(level: Level) -> tuple[dict[str, str], dict[str, str]]:
    """(primitives, thread sources) of the level's reference fix."""
    solution = level.solution
    primitives = {**level.primitives, **solution.primitives}
    threads = {
        spec.name: solution.threads.get(spec.name, spec.code).strip("\n") + "\n"
        for spec in level.threads
    }
    return primitives, threads


def _typed_candidates(level: Level, threads: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """Per thread, the reference's one-line statements, `if` conditions and `wait_for`
    predicates that the start code lacks: what a player who knows the fix types into
    "edit line…", "if …:" and "wait_for(…)"."""
    found = {}
    for spec in level.threads:
        start = ast.parse(spec.code)
        had = {
            ast.unparse(node) for node in ast.walk(start) if isinstance(node, ast.stmt | ast.expr)
        }
        lines, tests, predicates = [], [], []
        for node in ast.walk(ast.parse(threads[spec.name])):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "wait_for"
                and node.args
            ):
                predicates.append(ast.unparse(node.args[0]))
            if isinstance(node, ast.If) and ast.unparse(node.test) not in had:
                tests.append(ast.unparse(node.test))
            elif (
                isinstance(node, ast.stmt)
                and not isinstance(node, _COMPOUND)
                and node.lineno == node.end_lineno
                and ast.unparse(node) not in had
            ):
                lines.append(ast.unparse(node))
        found[spec.name] = {
            "edit": sorted(set(lines)),
            "condition": sorted(set(tests)),
            "predicate": sorted(set(predicates)),
        }
    return found


def placement_for(action: Action, typed: str) -> Placement | None:
    """The entry's placement; for an entry that asks for text, the one `typed` gives."""
    if action.edit is not None:
        thread, line, _text = action.edit
        return Placement((Rewrite(thread, line, typed),), f"line {line}: {typed}")
    if action.condition is not None:
        return condition_placement(*action.condition, typed)
    if action.predicate is not None:
        return predicate_placement(*action.predicate, typed)
    return action.placement


def _choices(action: Action, candidates) -> list[tuple[str, Placement]]:
    if action.edit is not None:
        return [(text, placement_for(action, text)) for text in candidates[action.edit[0]]["edit"]]
    if action.condition is not None:
        thread = action.condition[0]
        return [(test, placement_for(action, test)) for test in candidates[thread]["condition"]]
    if action.predicate is not None:
        thread = action.predicate[0]
        return [(text, placement_for(action, text)) for text in candidates[thread]["predicate"]]
    if action.argument is not None or action.placement is None:
        return []
    return [("", action.placement)]


def _canonical(level: Level, primitives: dict[str, str], threads: dict[str, str]):
    """Thread texts without comments, added primitives renamed `Type_n` by first use, and
    the declarations under the same names."""
    kinds = {name: decl.split("(", 1)[0].strip() for name, decl in primitives.items()}
    rename: dict[str, str] = {}
    counts: dict[str, int] = {}
    trees = {}
    for spec in level.threads:
        tree = ast.parse(threads[spec.name])
        trees[spec.name] = tree
        for node in _walk_in_order(tree):
            if (
                isinstance(node, ast.Name)
                and node.id in kinds
                and node.id not in level.primitives
                and node.id not in rename
            ):
                kind = kinds[node.id]
                rename[node.id] = f"{kind}_{counts.get(kind, 0)}"
                counts[kind] = counts.get(kind, 0) + 1
    texts = {}
    for name, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in rename:
                node.id = rename[node.id]
        texts[name] = ast.unparse(tree).split("\n")
    declarations = {rename.get(n, n): _renamed(d, rename) for n, d in primitives.items()}
    return texts, declarations, rename


def _walk_in_order(tree):
    """Nodes in source order (line, column)."""
    nodes = [n for n in ast.walk(tree) if hasattr(n, "lineno")]
    return sorted(nodes, key=lambda n: (n.lineno, n.col_offset))


def _renamed(declaration: str, rename: dict[str, str]) -> str:
    tree = ast.parse(declaration, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in rename:
            node.id = rename[node.id]
    return ast.unparse(tree)


def _distance(level: Level, draft: Draft, target) -> tuple[int, int]:
    """(lines and declarations that differ, lines that differ besides their indentation):
    the second breaks ties, so a statement placed before the block that will hold it counts."""
    texts, declarations, _ = _canonical(
        level, draft.primitives, {t: draft.source(t) for t in draft.threads}
    )
    goal_texts, goal_declarations, _ = target
    total = unindented = 0
    for name, goal in goal_texts.items():
        total += _differing(texts[name], goal)
        unindented += _differing([s.strip() for s in texts[name]], [s.strip() for s in goal])
    kinds = {n: d.split("(")[0] for n, d in declarations.items()}
    goal_kinds = {n: d.split("(")[0] for n, d in goal_declarations.items()}
    total += len(set(kinds.items()) ^ set(goal_kinds.items()))
    return total, unindented


def _differing(mine: list[str], goal: list[str]) -> int:
    matcher = difflib.SequenceMatcher(a=mine, b=goal, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return len(mine) + len(goal) - 2 * same


def _ranges(draft: Draft, thread: str) -> list[tuple[int, int]]:
    """Every run of sibling statements (what a selection snaps to)."""
    found = set()
    for body in statement_bodies(parse_lines(draft.threads[thread])):
        for i, start in enumerate(body):
            for end in body[i:]:
                found.add((start.lineno, end.end_lineno))
    return sorted(found)


def plan(level: Level, budget: int = 40) -> tuple[list[Step], list[Declare]] | None:
    """Menu entries (and then declaration changes) from the start code to the reference."""
    primitives, threads = reference_draft(level)
    target = _canonical(level, primitives, threads)
    candidates = _typed_candidates(level, threads)
    start = Board(level)
    queue = [(_distance(level, start.draft, target), 0, 0, [])]
    seen = set()
    counter = 0
    while queue and budget > 0:
        distance, depth, _, steps = heapq.heappop(queue)
        board = _replayed(level, steps)
        code_key = tuple(board.draft.source(t) for t in sorted(board.draft.threads))
        if code_key in seen:
            continue
        seen.add(code_key)
        budget -= 1
        declares = _declarations_left(level, board, target)
        if declares is not None:
            return steps, declares
        for thread in board.draft.threads:
            for first, last in _ranges(board.draft, thread):
                for action in actions_for(board, thread, first, last):
                    for typed, placement in _choices(action, candidates):
                        try:
                            after = board.try_place(placement)
                        except PlacementError:
                            continue
                        counter += 1
                        step = Step(thread, first, last, action.label, action.group, typed)
                        heapq.heappush(
                            queue,
                            (_distance(level, after, target), depth + 1, counter, [*steps, step]),
                        )
    return None


def _replayed(level: Level, steps: list[Step]) -> Board:
    board = Board(level)
    for step in steps:
        board.place(placement_for(find_action(board, step), step.typed))
    return board


def find_action(board: Board, step: Step) -> Action:
    for action in actions_for(board, step.thread, step.first, step.last):
        if action.label == step.label and action.group == step.group:
            return action
    raise LookupError(f"no entry {step.label!r} on {step.thread} {step.first}-{step.last}")


def _declarations_left(level: Level, board: Board, target) -> list[Declare] | None:
    """The declaration changes that finish the fix, or None while the code still differs."""
    draft = board.draft
    texts, declarations, rename = _canonical(
        level, draft.primitives, {t: draft.source(t) for t in draft.threads}
    )
    goal_texts, goal_declarations, _ = target
    if texts != goal_texts or set(declarations) != set(goal_declarations):
        return None
    back = {canonical: name for name, canonical in rename.items()}
    changes = []
    for canonical, wanted in goal_declarations.items():
        if declarations[canonical] != wanted:
            name = back.get(canonical, canonical)
            changes.append(Declare(name, _renamed(wanted, back)))
    return changes
