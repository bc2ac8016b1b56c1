"""The level file format: the issue's example, every bad-file message with its line, lines of
code blocks, discovery order, and the shipped levels."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from syncgame.level.loader import (
    LevelError,
    Problem,
    check_paths,
    discover_levels,
    level_files,
    load_level,
    parse_level,
)
from syncgame.level.locator import LineMap
from syncgame.level.model import CHAPTERS
from syncgame.primitives.registry import PRIMITIVE_TYPES

# Issue 2's example, character for character: it must load as written.
ISSUE_EXAMPLE = '''\
format = 1
id = "lock-counter"
chapter = "Lock"            # a section of the notes: Event, Lock, RLock, Condition, Barrier,
order = 10                  # Semaphore, BoundedSemaphore, Queue, GIL; or Classic for extra puzzles
notes_section = "Lock类"     # the heading in the notes it comes from

[title]
en = "Lost updates"
zh = "丢失的更新"

[briefing]
en = "Two workers each add 3 to a shared counter. It should end at 6."
zh = "两个工人各给共享计数器加3，结果应为6。"

[[hints]]
en = "Reading and writing the counter are two separate steps."
zh = "读取和写入计数器是两个独立的步骤。"

[shared]                    # shared variables and initial values: int, float, str, bool, list, dict
counter = 0

[primitives]                # primitives that exist from the start: name = "Type(args)"
                            # Types: Lock, RLock, Condition, Semaphore, BoundedSemaphore, Event, Barrier, Queue

[palette]                   # what the player may add: Type = how many
Lock = 1

[helpers]                   # optional: functions every thread may call
code = ""

[[threads]]
name = "inc"
instances = 2               # copies of this thread; each sees `me` = 0..instances-1
code = """
for _ in range(3):
    tmp = shared.counter
    shared.counter = tmp + 1
"""

[goal]
final = ["shared.counter == 6"]   # Python expressions, true when every thread has ended
always = []                       # checked after every step
no_deadlock = true
max_steps = 10000                 # more steps than this = livelock / starvation

[solution]                  # the reference fix: primitives added and the threads' code after the fix
primitives = { lock = "Lock()" }
[solution.threads]
inc = """
for _ in range(3):
    with lock:
        tmp = shared.counter
        shared.counter = tmp + 1
"""

[par]                       # what a three-star solution reaches
primitives = 1
'''

CHAPTER_LIST = ", ".join(CHAPTERS)

# file stem -> (line, message): the only problem `check` must report for that file.
BAD_LEVELS = {
    "toml-syntax": (4, "TOML syntax error: Invalid value (column 9)"),
    "not-utf8": (11, "not valid UTF-8 text"),
    "format-2": (1, "unsupported format 2 (this version reads format 1)"),
    "unknown-key-top": (5, "unknown key 'dificulty'"),
    "unknown-key-goal": (31, "unknown key 'colour' in [goal]"),
    "unknown-key-thread": (22, "unknown key 'instance' in [[threads]]"),
    "unknown-key-hints": (17, "unknown key 'fr' in [[hints]]"),
    "missing-id": (1, "missing required field 'id'"),
    "missing-title-zh": (6, "missing required field 'title.zh'"),
    "missing-threads": (1, "missing required field 'threads'"),
    "missing-thread-code": (20, "missing required field 'code' in [[threads]]"),
    "missing-goal": (1, "missing required field 'goal'"),
    "empty-threads": (5, "a level needs at least one [[threads]] entry"),
    "order-not-integer": (4, "'order' must be an integer, not a string"),
    "title-not-table": (6, "'title' must be a table, not a string"),
    "goal-text-missing-zh": (14, "missing required field 'goal_text.zh'"),
    "goal-text-empty": (16, "'goal_text.zh' must be a non-empty string, not \"\""),
    "no-deadlock-string": (31, "'goal.no_deadlock' must be a boolean, not a string"),
    "max-steps-zero": (31, "'goal.max_steps' must be an integer >= 1, not 0"),
    "instances-zero": (22, "'instances' must be an integer >= 1, not 0"),
    "instances-bool": (22, "'instances' must be an integer >= 1, not a boolean"),
    "id-mismatch": (2, "id 'foo' does not match the file name 'id-mismatch'"),
    "unknown-chapter": (3, f"unknown chapter 'Mutex' (expected one of: {CHAPTER_LIST})"),
    "unknown-primitive-type": (
        18,
        f"Mutex(): unknown primitive type 'Mutex'; known: {', '.join(PRIMITIVE_TYPES)}",
    ),
    "semaphore-negative": (18, "Semaphore(-1): semaphore initial value must be >= 0"),
    "barrier-zero": (18, "Barrier(0): parties must be an integer >= 1"),
    "barrier-action": (
        18,
        "Barrier(2, action=print): a barrier action is not supported in levels",
    ),
    "lock-with-args": (18, "Lock(1): too many positional arguments"),
    "condition-unknown-lock": (18, "Condition(lk): 'lk' is not a declared Lock or RLock"),
    "primitive-name-reserved": (18, "primitive name 'log' is reserved for worker code"),
    "palette-unknown-type": (19, "unknown primitive type 'Mutex' in [palette]"),
    "palette-negative": (18, "'palette.Lock' must be an integer >= 0, not -1"),
    "duplicate-thread-name": (30, "duplicate thread name 'inc'"),
    "thread-name-not-identifier": (21, "thread name 'inc-1' must be a Python identifier"),
    "shared-date": (
        16,
        "shared variable 'when' holds a date; allowed: int, float, str, bool, list, dict",
    ),
    "shared-bad-name": (16, "shared variable name 'my counter' must be a Python identifier"),
    # code blocks: the line is the file's line, not the line inside the code string
    "code-syntax-error": (26, "syntax error: invalid syntax"),
    "code-import": (25, "import is not allowed in level code"),
    "code-dunder": (
        25,
        "attribute '.__class__' is not allowed: names starting with '_' are private",
    ),
    "code-same-line": (25, "'exec' is not available in level code"),
    "code-literal-string": (
        26,
        "name '__import__' is not allowed: names starting with '__' are reserved",
    ),
    "helpers-forbidden": (23, "'eval' is not available in level code"),
    "goal-syntax": (32, "syntax error: invalid syntax"),
    "goal-forbidden": (31, "'open' is not available in level code"),
    "goal-not-string": (30, "'goal.final[1]' must be a string, not an integer"),
    "solution-unknown-thread": (42, "[solution.threads] names unknown thread 'dec'"),
    "solution-primitive-clash": (33, "primitive name 'counter' is already a shared variable"),
    "solution-bad-args": (33, "Semaphore(-1): semaphore initial value must be >= 0"),
    "solution-code-forbidden": (39, "'getattr' is not available in level code"),
    "challenge-negative": (45, "'challenge.max_switches' must be an integer >= 0, not -1"),
    "challenge-unknown-key": (45, "unknown key 'max_switch' in [challenge]"),
    "challenge-without-failure": (
        43,
        "[challenge] needs goal.start_fails to name the failure to reach "
        "(one of: assertion, invariant, deadlock, exception, livelock)",
    ),
}


def write_level(folder: Path, text: str, name: str = "lock-counter") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the issue's example ----------------------------------------------------------------


def test_issue_example_loads_as_written(tmp_path):
    level = load_level(write_level(tmp_path, ISSUE_EXAMPLE))
    assert (level.id, level.chapter, level.order, level.format) == ("lock-counter", "Lock", 10, 1)
    assert level.notes_section == "Lock类"
    assert level.title.en == "Lost updates" and level.title.zh == "丢失的更新"
    assert level.briefing.get("zh") == "两个工人各给共享计数器加3，结果应为6。"
    assert [hint.en for hint in level.hints] == [
        "Reading and writing the counter are two separate steps."
    ]
    assert level.shared == {"counter": 0}
    assert level.primitives == {}
    assert level.palette == {"Lock": 1}
    assert (level.helpers, level.helpers_line) == ("", 0)
    (inc,) = level.threads
    assert (inc.name, inc.instances, inc.code_line) == ("inc", 2, 35)
    assert inc.code.startswith("for _ in range(3):\n    tmp = shared.counter\n")
    assert level.goal.final == ("shared.counter == 6",)
    assert level.goal.final_lines == (41,)
    assert (level.goal.always, level.goal.no_deadlock, level.goal.max_steps) == ((), True, 10000)
    assert level.solution.primitives == {"lock": "Lock()"}
    assert level.solution.threads["inc"].splitlines()[1] == "    with lock:"
    assert level.solution.thread_lines == {"inc": 50}
    assert level.par.primitives == 1 and level.par.makespan is None
    assert level.learned is None and level.goal_text is None
    assert level.path == tmp_path / "lock-counter.toml"


def test_code_lines_point_at_the_code_in_the_file(tmp_path):
    path = write_level(tmp_path, ISSUE_EXAMPLE)
    lines = path.read_text(encoding="utf-8").splitlines()
    level = load_level(path)
    assert lines[level.threads[0].code_line - 1] == "for _ in range(3):"
    assert lines[level.solution.thread_lines["inc"] - 1] == "for _ in range(3):"
    assert lines[level.goal.final_lines[0] - 1].startswith('final = ["shared.counter == 6"]')


def test_optional_fields(tmp_path):
    text = ISSUE_EXAMPLE.replace(
        "[par]                       # what a three-star solution reaches\nprimitives = 1\n",
        '[par]\nprimitives = 1\nmakespan = 2\n\n[learned]\nen = "Locks."\nzh = "锁。"\n'
        '\n[goal_text]\nen = "The counter ends at 6."\nzh = "计数器最后是 6。"\n',
    ).replace("max_steps = 10000", "max_steps = 500\nmax_makespan = 1.5")
    level = load_level(write_level(tmp_path, text))
    assert level.par.makespan == 2.0 and isinstance(level.par.makespan, float)
    assert level.goal.max_makespan == 1.5 and level.goal.max_steps == 500
    assert level.learned.zh == "锁。"
    assert level.goal_text.en == "The counter ends at 6." and level.goal_text.zh.endswith("6。")


def test_challenge_table(tmp_path):
    assert load_level(write_level(tmp_path, ISSUE_EXAMPLE)).challenge is None
    text = (
        ISSUE_EXAMPLE.replace("max_steps = 10000", 'max_steps = 10000\nstart_fails = "assertion"')
        + "\n[challenge]\nmax_switches = 3\n"
    )
    level = load_level(write_level(tmp_path, text))
    assert level.challenge is not None and level.challenge.max_switches == 3
    derived = load_level(write_level(tmp_path, text.replace("max_switches = 3\n", "")))
    assert derived.challenge is not None and derived.challenge.max_switches is None


def test_parse_level_checks_text_in_memory():
    level = parse_level(ISSUE_EXAMPLE, "anywhere/lock-counter.toml")
    assert level.id == "lock-counter"
    with pytest.raises(LevelError) as raised:
        parse_level(ISSUE_EXAMPLE, "anywhere/other.toml")
    assert [str(p) for p in raised.value.problems] == [
        "anywhere/other.toml:2: id 'lock-counter' does not match the file name 'other'"
    ]


# --- bad files: exact message and line ------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD_LEVELS))
def test_bad_level(bad_levels_dir, name):
    path = bad_levels_dir / f"{name}.toml"
    line, message = BAD_LEVELS[name]
    assert check_paths([path]) == [Problem(str(path), line, message)]
    with pytest.raises(LevelError) as raised:
        load_level(path)
    assert raised.value.problems == [Problem(str(path), line, message)]
    assert str(raised.value) == f"{path}:{line}: {message}"


def test_every_bad_file_is_listed(bad_levels_dir):
    assert {path.stem for path in bad_levels_dir.glob("*.toml")} == set(BAD_LEVELS)
    assert len(BAD_LEVELS) >= 20


def test_duplicate_ids_in_a_folder(bad_levels_dir):
    folder = bad_levels_dir / "duplicate-ids"
    first, second = folder / "one" / "dup.toml", folder / "two" / "dup.toml"
    assert check_paths([first]) == [] and check_paths([second]) == []
    assert check_paths([folder]) == [
        Problem(str(second), 2, f"duplicate id 'dup' (also in {first})")
    ]
    with pytest.raises(LevelError):
        discover_levels(folder)


def test_check_paths_recurses_and_reports_every_file(bad_levels_dir):
    problems = check_paths([bad_levels_dir])
    files = {Path(problem.file).stem for problem in problems}
    assert files == set(BAD_LEVELS) | {"dup"}


def test_check_paths_refuses_a_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError):
        check_paths([tmp_path / "nope.toml"])


def test_several_problems_are_all_reported_in_line_order(tmp_path):
    text = (
        ISSUE_EXAMPLE.replace('chapter = "Lock"', 'chapter = "Locks"')
        .replace("instances = 2", "instances = -1")
        .replace("no_deadlock = true", "no_deadlock = true\ncolour = 1")
    )
    path = write_level(tmp_path, text)
    assert [(p.line, p.message.split(" (")[0]) for p in check_paths([path])] == [
        (3, "unknown chapter 'Locks'"),
        (33, "'instances' must be an integer >= 1, not -1"),
        (44, "unknown key 'colour' in [goal]"),
    ]


def test_problem_prints_like_a_compiler():
    assert str(Problem("levels/x.toml", 7, "unknown key 'a'")) == "levels/x.toml:7: unknown key 'a'"


def test_toml_error_at_end_of_document_names_the_last_line(tmp_path):
    path = write_level(tmp_path, 'format = 1\ncode = """\nx = 1\n')
    assert check_paths([path]) == [Problem(str(path), 3, "TOML syntax error: Unterminated string")]


# --- declarations that refer to each other ---------------------------------------------


def with_primitives(declarations: str, solution: str = '{ lock = "Lock()" }') -> str:
    return ISSUE_EXAMPLE.replace(
        "[primitives]                # primitives that exist from the start",
        f"[primitives]\n{declarations}\n#",
    ).replace('primitives = { lock = "Lock()" }', f"primitives = {solution}")


def test_condition_may_name_a_declared_lock():
    text = with_primitives('cond = "Condition(rl)"\nrl = "RLock()"\nq = "Queue(maxsize=2)"')
    level = parse_level(text, "lock-counter.toml")
    assert level.primitives == {"cond": "Condition(rl)", "rl": "RLock()", "q": "Queue(maxsize=2)"}


def test_condition_may_not_name_an_event():
    text = with_primitives('ev = "Event()"\ncond = "Condition(lock=ev)"')
    with pytest.raises(LevelError) as raised:
        parse_level(text, "lock-counter.toml")
    assert [p.message for p in raised.value.problems] == [
        "Condition(lock=ev): 'ev' is not a declared Lock or RLock"
    ]


def test_solution_condition_may_use_a_level_lock_but_not_reuse_its_name():
    ok = with_primitives('mutex = "Lock()"', '{ lock = "Lock()", cond = "Condition(mutex)" }')
    assert parse_level(ok, "lock-counter.toml").solution.primitives["cond"] == "Condition(mutex)"
    clash = with_primitives('lock = "Lock()"')
    with pytest.raises(LevelError) as raised:
        parse_level(clash, "lock-counter.toml")
    assert [p.message for p in raised.value.problems] == [
        "primitive name 'lock' is already declared in [primitives]"
    ]


# --- the line locator ------------------------------------------------------------------

TRICKY = """\
# a "comment" with [brackets] and = signs
title.en = "dotted # not a comment"
"quoted key" = 'literal \\ string'

[[threads]]
name = "a"
code = '''
x = 1
'''

[[threads]]
name = "b"
code = \"\"\"y = 2
z = \\"\\"\\" \"\"\"

[threads.extra]
note = "belongs to the second thread"

[goal]
final = [
  "one",  # first
  [1, 2], "three",
]
inline = { a = 1, b = { c = "deep" } }
"""


def test_locator_finds_keys_headers_and_string_starts():
    lines = LineMap(TRICKY)
    assert lines.line(("title", "en")) == 2
    assert lines.line(("quoted key",)) == 3
    assert lines.line(("threads", 0)) == 5 and lines.line(("threads", 1)) == 11
    assert lines.string(("threads", 0, "code")).line == 8  # after the opening quotes
    assert lines.string(("threads", 1, "code")).line == 13  # on the opening line
    assert lines.line(("threads", 1, "extra", "note")) == 17
    assert lines.line(("goal", "final", 0)) == 21
    assert lines.line(("goal", "final", 2)) == 22
    assert lines.line(("goal", "inline", "b", "c")) == 24
    assert lines.line(("goal", "missing", "key")) == 19  # falls back to the nearest parent
    assert lines.line(("nowhere",)) == 1


def test_single_line_code_maps_every_line_to_its_own_line():
    spot = LineMap('code = "x = 1\\ny = 2"\n').string(("code",))
    assert not spot.multiline and spot.file_line(2) == 1


def _paths(value, prefix=()):
    """Every key path of a parsed TOML document, with its value."""
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        yield prefix + (key,), child
        yield from _paths(child, prefix + (key,))


def test_locator_finds_every_key_of_every_level_file(shipped_levels_dir, bad_levels_dir):
    files = [*level_files(shipped_levels_dir), *level_files(bad_levels_dir)]
    checked = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue
        lines = LineMap(text)
        for key_path, value in _paths(doc):
            assert key_path in lines.keys, (path, key_path)
            assert not isinstance(value, str) or key_path in lines.strings, (path, key_path)
            checked += 1
        windows = LineMap(text.replace("\n", "\r\n"))  # CRLF files map to the same lines
        assert (windows.keys, windows.strings) == (lines.keys, lines.strings), path
    assert checked > 1000


# --- discovery and the shipped levels --------------------------------------------------


def test_discover_orders_by_chapter_then_order_then_id(tmp_path):
    def level(level_id: str, chapter: str, order: int) -> None:
        text = ISSUE_EXAMPLE.replace('"lock-counter"', f'"{level_id}"')
        text = text.replace('chapter = "Lock"', f'chapter = "{chapter}"')
        text = text.replace("order = 10", f"order = {order}")
        sub = tmp_path / chapter.lower()
        sub.mkdir(exist_ok=True)
        write_level(sub, text, level_id)

    level("q-b", "Queue", 1)
    level("q-a", "Queue", 1)
    level("e-late", "Event", 30)
    level("c-first", "Classic", 0)
    level("e-early", "Event", 5)
    assert [lv.id for lv in discover_levels(tmp_path)] == [
        "e-early",
        "e-late",
        "q-a",
        "q-b",
        "c-first",
    ]


def test_shipped_levels_load_in_play_order(shipped_levels_dir):
    ids = [level.id for level in discover_levels(shipped_levels_dir)]
    for first, second in [("event-boss-cups", "lock-counter"), ("lock-counter", "lock-abba")]:
        assert ids.index(first) < ids.index(second)
    assert check_paths([shipped_levels_dir]) == []


@pytest.mark.parametrize("name", ["lock-counter", "event-boss-cups", "lock-abba"])
def test_shipped_level_is_complete(shipped_levels_dir, name):
    level = load_level(shipped_levels_dir / f"{name}.toml")
    for text in (level.title, level.briefing, level.learned, *level.hints):
        assert text.en.strip() and text.zh.strip()
    assert len(level.hints) >= 2
    assert level.notes_section and level.goal.final and level.par.primitives is not None
    assert level.solution is not None and level.solution.threads
    for name_, fixed in level.solution.threads.items():
        assert fixed != level.thread(name_).code
    added = len(level.solution.primitives)
    assert added <= sum(level.palette.values()) and added == level.par.primitives


def test_shipped_lock_counter_is_the_issue_example_plus_extras(shipped_levels_dir):
    shipped = load_level(shipped_levels_dir / "lock-counter.toml")
    example = parse_level(ISSUE_EXAMPLE, "lock-counter.toml")

    def content(level):  # everything but lines, paths and the added texts
        threads = [(spec.name, spec.code, spec.instances) for spec in level.threads]
        goal = (level.goal.final, level.goal.always, level.goal.no_deadlock, level.goal.max_steps)
        solution = (level.solution.primitives, level.solution.threads)
        return threads, goal, solution, level.par, level.shared, level.palette, level.title

    assert content(shipped) == content(example)
    assert shipped.hints[0] == example.hints[0] and shipped.learned is not None


def test_level_files_lists_toml_files_only(tmp_path):
    (tmp_path / "a.toml").write_text("")
    (tmp_path / "notes.md").write_text("")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.toml").write_text("")
    assert level_files(tmp_path) == [tmp_path / "a.toml", tmp_path / "sub" / "b.toml"]


def test_declaration_reasons_do_not_repeat_the_declaration():
    from syncgame.level.constructors import DeclarationError, parse_declaration

    assert parse_declaration("Condition(m)", {"m": "RLock"}).type == "Condition"
    with pytest.raises(DeclarationError, match=r"^semaphore initial value must be >= 0$"):
        parse_declaration("Semaphore(-1)")
    with pytest.raises(DeclarationError, match=r"^'e' is not a declared Lock or RLock$"):
        parse_declaration("Condition(e)", {"e": "Event"})


def test_the_documented_example_loads():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "level-format.md").read_text("utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    level = parse_level(example, "lock-counter.toml")
    assert level.learned is not None and level.solution.primitives == {"lock": "Lock()"}
