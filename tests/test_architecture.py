"""The stack as built: layers from bottom to top, each importing only layers below it.

docs/architecture.md draws the same stack. The imports are read from the source (every
`import`, at module level or inside a function; only `if TYPE_CHECKING:` blocks are left out,
since they never run), so a lazy import cannot hide a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "syncgame"

# bottom first; a module belongs to the first entry that is its name or a prefix of it
LAYERS: list[tuple[str, ...]] = [
    ("syncgame", "syncgame.paths", "syncgame.files", "syncgame.texts"),
    ("syncgame.sandbox",),
    ("syncgame.primitives",),
    ("syncgame.level",),
    ("syncgame.program",),
    ("syncgame.runtime",),
    ("syncgame.judge",),
    ("syncgame.play",),
    ("syncgame.ui",),
    ("syncgame.commands", "syncgame.__main__"),
]
CORE = ("syncgame.sandbox", "syncgame.primitives", "syncgame.level", "syncgame.program",
        "syncgame.runtime", "syncgame.judge", "syncgame.play")  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _under_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _under_type_checking(node):
            yield from (n for child in node.orelse for n in _import_nodes(child))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _import_nodes(node)


def imports_of(name: str) -> set[str]:
    """Every module of the game, and every outside top-level package, that `name` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from pkg import name` imports the module pkg.name when there is one, else pkg
            targets = [
                f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in MODULES else origin
                for alias in node.names
            ]
        for target in targets:
            if target.partition(".")[0] != "syncgame":
                found.add(target.partition(".")[0])
                continue
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def layer_of(name: str) -> int | None:
    best: tuple[int, int] | None = None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or (name.startswith(prefix + ".") and prefix != "syncgame"):
                if best is None or len(prefix) > best[1]:
                    best = (index, len(prefix))
    return best[0] if best else None


def test_every_module_has_a_layer():
    assert [name for name in MODULES if layer_of(name) is None] == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_stack(name):
    here = layer_of(name)
    upward = sorted(
        target
        for target in GRAPH[name]
        if target in MODULES and (layer_of(target) or 0) > (here or 0)
    )
    assert upward == [], f"{name} (layer {here}) imports higher layers"


@pytest.mark.parametrize("name", [n for n in sorted(MODULES) if n.startswith(CORE)])
def test_the_core_never_imports_textual_or_the_ui(name):
    assert not {"textual", "rich", "syncgame.ui", "syncgame.commands"} & GRAPH[name]


def _circles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    circles: list[list[str]] = []
    for root in MODULES:
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root] & MODULES.keys())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(GRAPH[child] & MODULES.keys()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    circles.append(sorted(component))
    return circles


def test_no_import_circle():
    assert _circles() == []


def test_the_checker_sees_a_circle_and_an_upward_import(tmp_path):
    """The checks above can fail: a made-up pair of modules importing each other is caught."""
    GRAPH["syncgame.level.x_fake"] = {"syncgame.runtime.x_fake"}
    GRAPH["syncgame.runtime.x_fake"] = {"syncgame.level.x_fake"}
    MODULES["syncgame.level.x_fake"] = MODULES["syncgame.runtime.x_fake"] = tmp_path
    try:
        assert ["syncgame.level.x_fake", "syncgame.runtime.x_fake"] in _circles()
        assert layer_of("syncgame.level.x_fake") < layer_of("syncgame.runtime.x_fake")
    finally:
        for fake in ("syncgame.level.x_fake", "syncgame.runtime.x_fake"):
            del GRAPH[fake], MODULES[fake]


def test_imports_are_read_from_functions_too():
    tree = ast.parse("def f():\n    from syncgame.ui.app import run_app\n")
    assert [node.module for node in _import_nodes(tree)] == ["syncgame.ui.app"]
    guarded = ast.parse("if TYPE_CHECKING:\n    from syncgame.ui import app\n")
    assert list(_import_nodes(guarded)) == []
