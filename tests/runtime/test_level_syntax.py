"""Level code is Python 3.11 on every interpreter, and parsing it prints nothing.

A level written on Python 3.13 must load on 3.11: syntax newer than 3.11 is refused with its
line on every interpreter (on 3.11 because it is not Python there, on 3.12+ by rule).
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from syncgame.level.loader import parse_level
from syncgame.level.problems import LevelError
from syncgame.sandbox import check_source, parse_level_code

NEWER = {
    "type statement (PEP 695)": "x = 1\ntype X = int\n",
    "generic function (PEP 695)": "x = 1\ndef first[T](items):\n    return items[0]\n",
    "f-string reusing its quote (PEP 701)": 'x = {"a": 1}\ny = f"{x["a"]}"\n',
    "backslash in an f-string's {} (PEP 701)": "x = ['a']\ny = f\"{'\\n'.join(x)}\"\n",
    "comment in an f-string's {} (PEP 701)": "x = 1\ny = f'''{x # the x\n}'''\n",
    "line break in a one-line f-string (PEP 701)": "x = 1\ny = f'{x +\n 1}'\n",
    "nested f-string with the same quote (PEP 701)": "x = 1\ny = f'{f'{x}'}'\n",
}
"""Each has its newer syntax on line 2 (the comment's f-string ends on line 3, which is
the line Python 3.11 names)."""

ELEVEN = (
    "x = {'a': 1}\n"
    "y = f'{x!r:>{3}}' + f\"{x['a'] if x else 'b'}\" + f'''{x[\"a\"]}''' + f'{f\"{1}\"}'\n"
    "z = rf'{x}\\d' + f'a\\'b{{}}'\n"
)
"""f-strings that Python 3.11 reads: other quotes inside, nesting, escapes in the text."""


@pytest.mark.parametrize("name", NEWER)
def test_syntax_newer_than_3_11_is_refused_with_its_line(name):
    problems = check_source(NEWER[name])
    assert len(problems) == 1, problems
    assert problems[0].line in ((2, 3) if "comment" in name else (2,)), problems
    assert problems[0].message.startswith("syntax error")


@pytest.mark.skipif(sys.version_info < (3, 12), reason="3.11 refuses these as plain syntax errors")
@pytest.mark.parametrize("name", NEWER)
def test_newer_syntax_says_level_code_is_python_3_11(name):
    (problem,) = check_source(NEWER[name])
    assert "3.12" in problem.message, problem.message


def test_3_11_f_strings_are_accepted():
    assert check_source(ELEVEN) == []


LEVEL = Path(__file__).resolve().parents[1] / "judge_cases" / "lost-update.toml"


def test_a_level_using_newer_syntax_is_refused_at_its_line_in_the_file():
    text = LEVEL.read_text()
    assert "tmp = shared.counter\nshared.counter = tmp + 1" in text
    text = text.replace("tmp = shared.counter\n", "tmp = shared.counter\ntype X = int\n", 1)
    line = text.splitlines().index("type X = int") + 1
    with pytest.raises(LevelError) as error:
        parse_level(text, LEVEL)
    assert f"{LEVEL.name}:{line}:" in str(error.value) or f":{line}:" in str(error.value)


def test_parsing_level_code_warns_about_nothing():
    source = "x = '\\d'\ny = x is 1\n"  # invalid escape; `is` with a literal
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parse_level_code(source)
        assert check_source(source) == []


def test_checking_a_level_prints_no_warning(tmp_path):
    """The whole path a player's level takes (load, check, judge) in a fresh interpreter,
    where Python prints each warning once: nothing may reach the terminal."""
    level = tmp_path / "lost-update.toml"
    text = LEVEL.read_text().replace(
        "tmp = shared.counter\n", "tmp = shared.counter\nlabel = '\\\\d'\n", 1
    )
    level.write_text(text)
    script = (
        "import sys; from pathlib import Path\n"
        "from syncgame.level.loader import load_level\n"
        "from syncgame.judge import judge_level\n"
        "level = load_level(Path(sys.argv[1]))\n"
        "judge_level(level, 'start', time_limit=10)\n"
        "judge_level(level, 'reference', time_limit=10)\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", script, str(level)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr


def test_level_code_is_parsed_in_one_place():
    """Every parse goes through `parse_level_code` (3.11 syntax, no warnings): a plain
    `ast.parse` elsewhere would accept newer syntax or print warnings again."""
    package = Path(__file__).resolve().parents[2] / "syncgame"
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package) != Path("sandbox/syntax.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "ast.parse(" in line
    ]
    assert offenders == []
