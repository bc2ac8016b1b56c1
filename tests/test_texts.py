"""One string table: every word the game shows comes from `syncgame.texts`.

A string picked inline by comparing the language with "zh" bypasses the table (and the next
language); the scan below fails on any such comparison outside the table."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from syncgame.texts import STRINGS, next_language, tr

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "syncgame"
TABLE = PACKAGE / "texts.py"

DATA_PICKS = {
    # Where a level's own texts (data in the level files, not UI words) are read in a language.
    ("syncgame/level/model.py", "Text.get"),
}


def _language_comparisons(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, enclosing function) of every comparison with the literal "zh"."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, scope: list[str]) -> None:
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for operand in [*operands]:  # `lang in ("zh", ...)` too
                if isinstance(operand, (ast.Tuple, ast.List, ast.Set)):
                    operands += operand.elts
            if any(isinstance(o, ast.Constant) and o.value == "zh" for o in operands):
                found.append((node.lineno, ".".join(scope)))
        inner = (
            [*scope, node.name]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            else scope
        )
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, [])
    return found


def test_no_string_is_picked_by_language_outside_the_table():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if path == TABLE:
            continue
        for line, scope in _language_comparisons(ast.parse(path.read_text(encoding="utf-8"))):
            if (relative, scope) not in DATA_PICKS:
                offenders.append(f"{relative}:{line} ({scope or 'module'})")
    assert not offenders, (
        'Words chosen by `lang == "zh"` outside syncgame/texts.py; put them in its STRINGS '
        "table and read them with tr(key, lang):\n" + "\n".join(offenders)
    )


def test_the_scan_finds_an_inline_pick():
    source = 'def label(lang):\n    return "暂停" if lang == "zh" else "Pause"\n'
    assert _language_comparisons(ast.parse(source)) == [(2, "label")]
    source = 'class A:\n    def b(self):\n        zh = self.lang in ("zh", "zh-TW")\n'
    assert _language_comparisons(ast.parse(source)) == [(3, "A.b")]
    assert _language_comparisons(ast.parse('x = lang == "en"\n')) == []


def test_every_key_is_written_once():
    """A key written twice in the dict literal would silently keep only the last pair."""
    tree = ast.parse(TABLE.read_text(encoding="utf-8"))
    keys = [
        key.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant)
    ]
    assert sorted(keys) == sorted(set(keys)), [k for k in set(keys) if keys.count(k) > 1]
    assert len(keys) == len(STRINGS)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_fill_the_same_fields():
    mismatched = [key for key, (en, zh) in STRINGS.items() if _fields(en) != _fields(zh)]
    assert not mismatched


def test_tr_picks_the_language_and_fills_fields():
    assert tr("select.empty", "en", path="/x") == "No levels found in /x"
    assert tr("select.empty", "zh", path="/x") == "在 /x 中没有找到关卡"
    assert tr("title.play", "fr") == "Play"  # any other language: English


def test_l_switches_through_every_language_and_back():
    assert next_language("en") == "zh" and next_language("zh") == "en"
    assert next_language("fr") == "en"  # an unknown language: the first
