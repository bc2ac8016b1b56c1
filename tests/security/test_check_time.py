"""Escape attempts refused before anything runs: each one is a level file, and
`syncgame check` names the file and the line, whether the code is a thread's, the helpers',
a goal's or the reference solution's.

(tests/runtime/test_sandbox.py checks `check_source` on snippets; these go through the
level loader and the command line, the way a shared level reaches a player or a teacher.)
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from syncgame.commands.cli import main

from .levelfile import hostile_level, line_of

# (file id, where the code goes, code, line of the refusal within the code, message)
CASES = [
    # --- imports
    ("import-plain", "thread", "import os\n", 1, "import is not allowed in level code"),
    (
        "import-dotted-as",
        "helpers",
        "def f():\n    import os.path as p, sys\n    return p\n",
        2,
        "import is not allowed in level code",
    ),
    (
        "import-from",
        "solution",
        "from subprocess import run\nrun(['sh'])\n",
        1,
        "import is not allowed in level code",
    ),
    (
        "import-relative",
        "thread",
        "x = 1\nfrom . import sandbox\n",
        2,
        "import is not allowed in level code",
    ),
    (
        "import-star-in-try",
        "helpers",
        "try:\n    from os import *\nexcept Exception:\n    pass\n",
        2,
        "import is not allowed in level code",
    ),
    (
        "dunder-import-call",
        "final",
        "__import__('os').system('true') == 0",
        1,
        "name '__import__' is not allowed: names starting with '__' are reserved",
    ),
    (
        "builtins-dict-import",
        "always",
        "__builtins__['__import__']('os') is None",
        1,
        "name '__builtins__' is not allowed: names starting with '__' are reserved",
    ),
    (
        "import-in-lambda-default",
        "thread",
        "f = lambda m=__import__('os'): m\n",
        1,
        "name '__import__' is not allowed: names starting with '__' are reserved",
    ),
    # --- dunder chains
    (
        "subclasses-chain",
        "thread",
        "x = ().__class__.__bases__[0].__subclasses__()\n",
        1,
        "attribute '.__subclasses__' is not allowed: names starting with '_' are private",
    ),
    (
        "mro-in-goal",
        "final",
        "[].__class__.__mro__[-1] is not None",
        1,
        "attribute '.__mro__' is not allowed: names starting with '_' are private",
    ),
    (
        "mro-method",
        "helpers",
        "def base():\n    return str.mro()[-1]\n",
        2,
        "attribute '.mro' is not allowed in level code",
    ),
    (
        "function-globals",
        "helpers",
        "def f():\n    pass\nb = f.__globals__['__builtins__']\n",
        3,
        "attribute '.__globals__' is not allowed: names starting with '_' are private",
    ),
    (
        "lambda-globals-in-goal",
        "always",
        "(lambda: 0).__globals__ is not None",
        1,
        "attribute '.__globals__' is not allowed: names starting with '_' are private",
    ),
    (
        "function-code",
        "thread",
        "def f():\n    pass\nc = f.__code__.co_consts\n",
        3,
        "attribute '.__code__' is not allowed: names starting with '_' are private",
    ),
    (
        "function-defaults",
        "solution",
        "def f(a=1):\n    return a\nd = f.__defaults__\n",
        3,
        "attribute '.__defaults__' is not allowed: names starting with '_' are private",
    ),
    (
        "bound-method-self",
        "thread",
        "run = log.__self__\nrun.workers\n",
        1,
        "attribute '.__self__' is not allowed: names starting with '_' are private",
    ),
    (
        "builtin-self-module",
        "helpers",
        "m = len.__self__\n",
        1,
        "attribute '.__self__' is not allowed: names starting with '_' are private",
    ),
    # --- str.format
    (
        "format-attribute",
        "thread",
        "s = '{0.__class__.__mro__}'.format(1)\n",
        1,
        "attribute '.format' is not allowed in level code",
    ),
    (
        "format-map-attribute",
        "final",
        "'{x.__globals__}'.format_map({'x': len}) != ''",
        1,
        "attribute '.format_map' is not allowed in level code",
    ),
    (
        "format-index",
        "helpers",
        "s = '{0[0]}'.format(['a'])\n",
        1,
        "attribute '.format' is not allowed in level code",
    ),
    (
        "format-builtin",
        "thread",
        "s = format(shared, '')\n",
        1,
        "'format' is not available in level code",
    ),
    (
        "f-string-dunder",
        "always",
        "f'{shared.__class__}' != ''",
        1,
        "attribute '.__class__' is not allowed: names starting with '_' are private",
    ),
    # --- getattr and friends
    (
        "getattr-private",
        "thread",
        "s = getattr(shared, '_state')\n",
        1,
        "'getattr' is not available in level code",
    ),
    (
        "setattr",
        "helpers",
        "setattr(lock, '_held', True)\n",
        1,
        "'setattr' is not available in level code",
    ),
    (
        "hasattr-delattr",
        "solution",
        "if hasattr(lock, 'x'):\n    delattr(lock, 'x')\n",
        1,
        "'hasattr' is not available in level code",
    ),
    ("vars", "final", "vars(shared) != {}", 1, "'vars' is not available in level code"),
    ("dir", "thread", "names = dir(lock)\n", 1, "'dir' is not available in level code"),
    ("globals", "helpers", "g = globals()\n", 1, "'globals' is not available in level code"),
    (
        "locals-in-function",
        "thread",
        "def f():\n    return locals()\nf()\n",
        2,
        "'locals' is not available in level code",
    ),
    (
        "type-three-args",
        "thread",
        "T = type('T', (), {})\n",
        1,
        "'type' is not available in level code",
    ),
    (
        "object-super",
        "helpers",
        "o = object()\ns = super()\n",
        1,
        "'object' is not available in level code",
    ),
    (
        "eval-exec-compile",
        "thread",
        "eval('1')\nexec('x = 1')\ncompile('1', 'f', 'eval')\n",
        1,
        "'eval' is not available in level code",
    ),
    (
        "open-file",
        "final",
        "open('/etc/passwd').read() != ''",
        1,
        "'open' is not available in level code",
    ),
    (
        "input-exit-quit",
        "solution",
        "input()\nexit()\nquit()\n",
        1,
        "'input' is not available in level code",
    ),
    (
        "id-iter-next",
        "thread",
        "i = iter([1])\nv = next(i)\nn = id(i)\n",
        1,
        "'iter' is not available in level code",
    ),
    (
        "bytes-bytearray-memoryview",
        "helpers",
        "b = bytes(3)\nba = bytearray(3)\nm = memoryview(b)\n",
        1,
        "'bytes' is not available in level code",
    ),
    # --- generators, frames, tracebacks
    (
        "generator-frame-globals",
        "thread",
        "g = (i for i in [1])\nf = g.gi_frame.f_globals\n",
        2,
        "attribute '.f_globals' is not allowed in level code",
    ),
    (
        "generator-code",
        "helpers",
        "g = (i for i in [1])\nc = g.gi_code\n",
        2,
        "attribute '.gi_code' is not allowed in level code",
    ),
    (
        "frame-back-builtins",
        "thread",
        "g = (i for i in [1])\nb = g.gi_frame.f_back.f_builtins\n",
        2,
        "attribute '.f_builtins' is not allowed in level code",
    ),
    (
        "traceback-frame",
        "thread",
        "try:\n    1 / 0\nexcept Exception as e:\n    t = e.__traceback__.tb_frame\n",
        4,
        "attribute '.tb_frame' is not allowed in level code",
    ),
    (
        "traceback-attributes",
        "solution",
        "try:\n    1 / 0\nexcept Exception as e:\n    tb = e.tb_next\n    e.with_traceback(None)\n",
        4,
        "attribute '.tb_next' is not allowed in level code",
    ),
    (
        "exception-context",
        "helpers",
        "try:\n    1 / 0\nexcept Exception as e:\n    c = e.__context__\n",
        4,
        "attribute '.__context__' is not allowed: names starting with '_' are private",
    ),
    ("breakpoint", "thread", "breakpoint()\n", 1, "'breakpoint' is not available in level code"),
    ("help", "final", "help(shared) is None", 1, "'help' is not available in level code"),
    # --- our own objects
    (
        "primitive-internals",
        "thread",
        "with lock:\n    lock._held = False\n",
        2,
        "attribute '._held' is not allowed: names starting with '_' are private",
    ),
    (
        "primitive-run",
        "helpers",
        "def peek():\n    return q._run\n",
        2,
        "attribute '._run' is not allowed: names starting with '_' are private",
    ),
    (
        "shared-state",
        "thread",
        "s = shared._state\n",
        1,
        "attribute '._state' is not allowed: names starting with '_' are private",
    ),
    (
        "shared-list-data",
        "always",
        "shared.l._data is not None",
        1,
        "attribute '._data' is not allowed: names starting with '_' are private",
    ),
    (
        "shared-dict-state",
        "thread",
        "r = shared.d._state.run\n",
        1,
        "attribute '._state' is not allowed: names starting with '_' are private",
    ),
    (
        "exception-args-dunder",
        "thread",
        "try:\n    q.get_nowait()\nexcept Empty as e:\n    k = e.__class__.__subclasses__()\n",
        4,
        "attribute '.__subclasses__' is not allowed: names starting with '_' are private",
    ),
    # --- the sandbox's own hooks
    (
        "rebind-tick-in-helpers",
        "helpers",
        "_sg_tick = len\n",
        1,
        "name '_sg_tick' is not allowed: names starting with '_sg' are reserved for the sandbox",
    ),
    (
        "rebind-memory-budget",
        "thread",
        "_sg_memory = None\n",
        1,
        "name '_sg_memory' is not allowed: names starting with '_sg' are reserved for the sandbox",
    ),
    (
        "rebind-weight-check",
        "solution",
        "def _sg_w(v):\n    return v\n",
        1,
        "name '_sg_w' is not allowed: names starting with '_sg' are reserved for the sandbox",
    ),
    # --- amplifiers refused by name
    (
        "translate",
        "thread",
        "t = 'a'.translate({97: 'b' * 1000000})\n",
        1,
        "attribute '.translate' is not allowed in level code",
    ),
    (
        "maketrans",
        "helpers",
        "m = str.maketrans('a', 'b')\n",
        1,
        "attribute '.maketrans' is not allowed in level code",
    ),
    (
        "to-bytes",
        "thread",
        "b = (0).to_bytes(10 ** 9, 'big')\n",
        1,
        "attribute '.to_bytes' is not allowed in level code",
    ),
    (
        "fromkeys",
        "final",
        "len(dict.fromkeys(range(10))) == 10",
        1,
        "attribute '.fromkeys' is not allowed in level code",
    ),
    (
        "padding",
        "thread",
        "s = 'a'.ljust(10 ** 9)\n",
        1,
        "attribute '.ljust' is not allowed in level code",
    ),
    (
        "slice-assignment-doubles",
        "thread",
        "y = [0]\ny[:0] = y\n",
        2,
        "assigning to a slice is not allowed in level code; use list methods",
    ),
    (
        "slice-augmented",
        "solution",
        "y = [0]\ny[:] += y\n",
        2,
        "assigning to a slice is not allowed in level code; use list methods",
    ),
    # --- helpers run while a run is being built, outside every thread: definitions only
    (
        "helpers-top-level-loop",
        "helpers",
        "def f():\n    pass\nwhile True:\n    pass\n",
        3,
        "[helpers] may only define functions and constants",
    ),
    (
        "helpers-default-runs-code",
        "helpers",
        "def f(a=log('built')):\n    return a\n",
        1,
        "a default value in [helpers] must be a constant",
    ),
    # --- found by fuzzing: what only the compiler sees used to pass the check, then crash
    ("break-outside-a-loop", "thread", "x = 1\nbreak\n", 2, "syntax error: 'break' outside loop"),
    (
        "duplicate-argument",
        "helpers",
        "def f(a, a):\n    return a\n",
        1,
        "syntax error: duplicate argument 'a' in function definition",
    ),
    # --- language forms
    (
        "class",
        "helpers",
        "class Evil:\n    pass\n",
        1,
        "class definitions is not allowed in level code",
    ),
    ("global", "thread", "def f():\n    global shared\n", 2, "global is not allowed in level code"),
    (
        "decorator",
        "helpers",
        "@log\ndef f():\n    pass\n",
        2,
        "decorators are not allowed in level code",
    ),
    ("yield", "thread", "def g():\n    yield 1\n", 2, "yield is not allowed in level code"),
    (
        "async",
        "helpers",
        "async def f():\n    await f()\n",
        1,
        "async functions is not allowed in level code",
    ),
    (
        "bare-except",
        "thread",
        "try:\n    pass\nexcept:\n    pass\n",
        3,
        "a bare 'except:' is not allowed; write 'except Exception:'",
    ),
    (
        "match",
        "thread",
        "match shared.x:\n    case 1:\n        pass\n",
        1,
        "match is not allowed in level code",
    ),
    ("bytes-literal", "always", "b'x' != b'y'", 1, "bytes literals are not allowed in level code"),
    ("statement-in-goal", "final", "import os", 1, "syntax error: invalid syntax"),
    (
        "nul-byte",
        "thread",
        "x = 1\x00\n",
        1,
        "TOML syntax error: Found invalid character '\\x00' (column 6)",
    ),
]


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[Path, int, dict[str, list[tuple[int, str]]]]:
    """Every case as a file in one folder, checked by one `syncgame check FOLDER`."""
    folder = tmp_path_factory.mktemp("hostile")
    for name, where, code, _, _ in CASES:
        (folder / f"{name}.toml").write_text(hostile_level(name, code, where), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["check", str(folder)])
    problems: dict[str, list[tuple[int, str]]] = {}
    for row in out.getvalue().splitlines():
        file, line, message = row.split(":", 2)
        problems.setdefault(Path(file).stem, []).append((int(line), message.strip()))
    assert "Traceback" not in err.getvalue()
    return folder, status, problems


def test_the_harmless_level_is_valid(tmp_path):
    """The template itself passes: every problem below comes from the code under test."""
    for where in ("thread", "helpers", "final", "always", "solution"):
        code = "shared.x >= 0" if where in ("final", "always") else "y = 1\n"
        path = tmp_path / f"harmless-{where}.toml"
        path.write_text(hostile_level(path.stem, code, where), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", str(tmp_path)]) == 0, out.getvalue()


def test_check_fails_for_the_folder(checked):
    _, status, problems = checked
    assert status == 1
    assert sorted(problems) == sorted(name for name, *_ in CASES)


@pytest.mark.parametrize(
    ("name", "where", "code", "line", "message"), CASES, ids=[case[0] for case in CASES]
)
def test_refused_with_file_and_line(checked, name, where, code, line, message):
    _, _, problems = checked
    start = line_of(hostile_level(name, code, where), where)
    found = problems[name]
    assert (start + line - 1, message) in found
    code_lines = range(start, start + max(1, code.count("\n")))
    assert all(number in code_lines for number, _ in found), found  # nothing else is wrong


def test_every_form_the_issue_lists_is_covered():
    names = {name for name, *_ in CASES}
    places = {where for _, where, *_ in CASES}
    assert len(CASES) >= 40
    assert places == {"thread", "helpers", "final", "always", "solution"}
    for needed in ("import-plain", "import-from", "dunder-import-call", "subclasses-chain",
                   "mro-in-goal", "function-globals", "format-attribute", "getattr-private",
                   "vars", "dir", "globals", "locals-in-function", "generator-frame-globals",
                   "traceback-frame", "breakpoint", "help"):  # fmt: skip
        assert needed in names


def test_the_real_command_prints_no_traceback(checked):
    folder, _, _ = checked
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-m", "syncgame", "check", str(folder / "import-plain.toml"),
         str(folder / "subclasses-chain.toml")],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{folder / 'import-plain.toml'}:38: import is not allowed in level code" in done.stdout
