"""The level writer: style-preserving round trips, edits that keep comments, atomic saves."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tomlkit.items import StringType

from syncgame.files import SaveError
from syncgame.level import templates
from syncgame.level.loader import LevelError, check_paths, level_files, parse_level
from syncgame.level.writer import LevelDocument, parse_value, save_text, string_item


def shipped_files(folder: Path) -> list[Path]:
    files = level_files(folder)
    assert len(files) >= 3
    return files


@contextlib.contextmanager
def read_only(folder: Path):
    """Make `folder` read-only for this process (also when running as root), or skip."""
    folder.chmod(0o555)
    immutable = False
    try:
        probe = folder / ".probe"
        try:
            probe.write_text("x")
        except OSError:
            pass
        else:  # root ignores the mode: try the immutable attribute
            probe.unlink()
            immutable = (
                subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
            )
            try:
                probe.write_text("x")
            except OSError:
                pass
            else:
                probe.unlink()
                pytest.skip("cannot make a read-only folder here")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


# --- round trip -----------------------------------------------------------------------------


def test_every_shipped_level_saved_unchanged_is_byte_identical(shipped_levels_dir, tmp_path):
    for path in shipped_files(shipped_levels_dir):
        original = path.read_bytes()
        document = LevelDocument.open(path)
        assert not document.modified
        copy = tmp_path / path.name
        document.save(copy)
        assert copy.read_bytes() == original, path.name


def test_setting_every_field_to_its_own_value_changes_nothing(shipped_levels_dir):
    """Editor widgets write back what they show: that alone must not restyle anything."""
    for path in shipped_files(shipped_levels_dir):
        document = LevelDocument.open(path)
        data = document.data()

        _set_everything(document, data, ())
        assert document.text() == path.read_text(encoding="utf-8"), path.name


def _set_everything(document: LevelDocument, value, where: tuple) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _set_everything(document, child, where + (key,))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for index, child in enumerate(value):
            _set_everything(document, child, where + (index,))
    else:
        document.set(where, value)


# --- edits keep the file's style ----------------------------------------------------------------


def test_edits_keep_comments_key_order_and_untouched_values(shipped_levels_dir):
    path = shipped_levels_dir / "lock-abba.toml"
    text = path.read_text(encoding="utf-8")
    document = LevelDocument.open(path)
    document.rename_thread(0, "payer")
    document.set(("threads", 1, "code"), "with lock_a:\n    with lock_b:\n        pass\n")
    document.set(("title", "en"), "A deadly embrace")
    document.set(("palette", "Lock"), 1)
    new = document.text()
    # the comment after the renamed thread stays, in its column
    old_line = next(line for line in text.splitlines() if line.startswith('name = "pay"'))
    new_line = next(line for line in new.splitlines() if line.startswith('name = "payer"'))
    assert new_line.index("#") == old_line.index("#")
    assert new_line.endswith("# moves 10 from a to b")
    assert "[palette]                   # nothing to add: the fix is the order\nLock = 1\n" in new
    assert "# moves 10 from b to a" in new
    # untouched parts are the same text, in the same order
    assert new.split("[[hints]]")[1] == text.split("[[hints]]")[1]
    level = parse_level(new, path)
    assert [spec.name for spec in level.threads] == ["payer", "refund"]
    assert level.threads[1].code == "with lock_a:\n    with lock_b:\n        pass\n"
    assert level.title.en == "A deadly embrace"
    assert level.palette == {"Lock": 1}


def test_renaming_a_thread_renames_its_reference_code(shipped_levels_dir):
    document = LevelDocument.open(shipped_levels_dir / "lock-abba.toml")
    document.rename_thread(1, "give_back")
    level = parse_level(document.text(), shipped_levels_dir / "lock-abba.toml")
    assert set(level.solution.threads) == {"give_back"}


def test_goal_expressions_edited_in_place_keep_their_comments(shipped_levels_dir):
    document = LevelDocument.open(shipped_levels_dir / "event-boss-cups.toml")
    document.set(
        ("goal", "final"), ["shared.boss_saw == 10", "makespan <= 6.0", "shared.cups == 10"]
    )
    text = document.text()
    assert '"shared.boss_saw == 10",   # the boss saw all ten cups' in text
    assert '"makespan <= 6.0",         # and did not wait longer than the ten cups take' in text
    assert tomllib.loads(text)["goal"]["final"][2] == "shared.cups == 10"


def test_threads_add_move_remove(shipped_levels_dir):
    path = shipped_levels_dir / "lock-abba.toml"
    document = LevelDocument.open(path)
    document.add_entry("threads", {"name": "audit", "code": "x = shared.a + shared.b\n"})
    document.move_entry("threads", 2, 0)
    assert document.thread_names() == ["audit", "pay", "refund"]
    document.remove_thread(2)  # refund: its reference code goes too
    level = parse_level(document.text(), path)
    assert [spec.name for spec in level.threads] == ["audit", "pay"]
    assert level.solution.threads == {}
    assert '\n\n[[threads]]\nname = "pay"' in document.text()


def test_new_fields_land_in_the_documented_order(tmp_path):
    document = templates.empty_level(tmp_path, "fresh")
    document.set(("learned", "en"), "You learned.")
    document.set(("learned", "zh"), "你学到了。")
    document.add_entry("hints", {"en": "Look.", "zh": "看。"})
    document.set(("goal_text", "en"), "Done.")
    document.set(("goal_text", "zh"), "完成。")
    document.set(("solution", "primitives", "lock"), "Lock()")
    document.set(("solution", "threads", "worker"), "with lock:\n    pass\n")
    text = document.text()
    assert text.index("[briefing]") < text.index("[[hints]]") < text.index("[learned]")
    assert text.index("[learned]") < text.index("[shared]")
    assert text.index("[briefing]") < text.index("[goal_text]") < text.index("[[hints]]")
    assert tomllib.loads(text)["goal_text"] == {"en": "Done.", "zh": "完成。"}
    assert 'primitives = {lock = "Lock()"}' in text
    assert "\n\n[shared]" in text and "\n\n[par]" in text
    data = tomllib.loads(text)
    assert data["solution"]["threads"]["worker"] == "with lock:\n    pass\n"


def test_code_lines_are_file_lines(tmp_path):
    """Code written by the editor starts on the line after the quotes: a problem on code line
    3 is reported at the file line of that code line."""
    document = templates.empty_level(tmp_path, "lines")
    document.set(("threads", 0, "code"), "x = 1\ny = 2\nimport os\n")
    with pytest.raises(LevelError) as error:
        parse_level(document.text(), document.path)
    lines = document.text().splitlines()
    problem = next(p for p in error.value.problems if "import" in p.message)
    assert lines[problem.line - 1] == "import os"


@settings(max_examples=300, deadline=None)
@given(
    value=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    kind=st.sampled_from(list(StringType)),
)
def test_any_string_survives_in_any_style(value, kind):
    from tomlkit.items import String, Trivia

    delimiter = kind.value
    old = String(kind, "x", "\nx" if kind.is_multiline() else "x", Trivia())
    assert old.as_string().startswith(delimiter)
    item = string_item(value, old)
    assert tomllib.loads(f"v = {item.as_string()}\n")["v"] == value


def test_parse_value_reads_toml_and_explains_python_spellings():
    assert parse_value("[1, 2]") == [1, 2]
    assert parse_value("{ tea = 2 }") == {"tea": 2}
    with pytest.raises(ValueError, match="TOML writes true"):
        parse_value("True")
    with pytest.raises(ValueError, match="a value is needed"):
        parse_value("  ")


def test_set_toml_keeps_the_spelling_typed(tmp_path):
    document = templates.empty_level(tmp_path, "prices")
    document.set_toml(("shared", "prices"), "{ tea = 2, coffee = 3 }")
    assert "prices = { tea = 2, coffee = 3 }\n" in document.text()
    with pytest.raises(ValueError):
        document.set_toml(("shared", "x"), "None")
    assert "x =" not in document.text()


# --- opening bad files -----------------------------------------------------------------------


def test_invalid_toml_reports_the_line_like_check_and_touches_nothing(tmp_path):
    path = tmp_path / "broken.toml"
    text = 'format = 1\nid = "broken"\norder = = 3\n'
    path.write_text(text)
    before = path.stat().st_mtime_ns
    with pytest.raises(LevelError) as error:
        LevelDocument.open(path)
    assert [str(p) for p in error.value.problems] == [str(p) for p in check_paths([path])]
    assert error.value.problems[0].line == 3
    assert path.read_text() == text and path.stat().st_mtime_ns == before


def test_not_utf8_is_reported_with_its_line(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(b'format = 1\nid = "caf\xe9"\n')
    with pytest.raises(LevelError) as error:
        LevelDocument.open(path)
    assert (error.value.problems[0].line, error.value.problems[0].message) == (
        2,
        "not valid UTF-8 text",
    )


# --- atomic saving ------------------------------------------------------------------------------


def test_failing_fsync_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "level.toml"
    path.write_text("old = 1\n")

    def broken_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(SaveError, match="previous version is kept"):
        save_text(path, "new = 2\n" * 1000)
    assert path.read_text() == "old = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["level.toml"]


def test_failing_replace_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "level.toml"
    path.write_text("old = 1\n")
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(SaveError, match="no space left"):
        save_text(path, "new = 2\n")
    assert path.read_text() == "old = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["level.toml"]


def test_a_save_killed_mid_write_never_leaves_half_a_file(tmp_path):
    """A process killed while it writes: the level file is the old one, whole."""
    path = tmp_path / "level.toml"
    old = 'format = 1\nid = "level"\n'
    path.write_text(old)
    child = textwrap.dedent(
        f"""
        import os, time
        from syncgame.level import writer

        real_fdopen = os.fdopen

        class HalfThenHang:  # writes half the bytes, then hangs until killed
            def __init__(self, handle):
                self.handle = handle
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                self.handle.close()
            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                print("half", flush=True)
                time.sleep(60)
            def __getattr__(self, name):
                return getattr(self.handle, name)

        os.fdopen = lambda fd, mode: HalfThenHang(real_fdopen(fd, mode))
        writer.save_text({str(path)!r}, "x = 1\\n" * 100000)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", child], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    try:
        assert process.stdout.readline().strip() == "half"
        temps = [p for p in tmp_path.iterdir() if p.name != "level.toml"]
        assert temps and temps[0].stat().st_size > 0  # half of the new text is on disk...
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert path.read_text() == old  # ...but never in the level file


def test_saving_into_a_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    path = folder / "level.toml"
    path.write_text("old = 1\n")
    document = LevelDocument.open(path)
    document.set(("old",), 2)
    with read_only(folder):
        with pytest.raises(SaveError) as error:
            document.save()
    assert "read-only" in str(error.value) and str(folder) in str(error.value)
    assert path.read_text() == "old = 1\n"
    assert [p.name for p in folder.iterdir()] == ["level.toml"]
    assert document.modified  # the edit is still there to save elsewhere
    document.save(tmp_path / "elsewhere.toml")
    assert (tmp_path / "elsewhere.toml").read_text() == "old = 2\n"


def test_save_keeps_the_file_mode(tmp_path):
    path = tmp_path / "level.toml"
    path.write_text("a = 1\n")
    path.chmod(0o640)
    save_text(path, "a = 2\n")
    assert path.stat().st_mode & 0o777 == 0o640


# --- templates and the user's levels -------------------------------------------------------------


def test_user_levels_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNCGAME_DATA_DIR", str(tmp_path))
    assert templates.user_levels_dir() == tmp_path / "levels"
    monkeypatch.delenv("SYNCGAME_DATA_DIR")
    import platformdirs

    assert (
        templates.user_levels_dir()
        == Path(platformdirs.user_data_dir("syncgame", appauthor=False)) / "levels"
    )


def test_a_copy_gets_a_free_id_and_keeps_every_comment(shipped_levels_dir, tmp_path):
    source = shipped_levels_dir / "lock-abba.toml"
    copy = templates.copy_of(source, tmp_path)
    assert copy.path == tmp_path / "lock-abba-copy.toml"
    assert copy.text() == source.read_text(encoding="utf-8").replace(
        'id = "lock-abba"', 'id = "lock-abba-copy"'
    )
    copy.save()
    again = templates.open_for_editing(source, tmp_path)  # shipped: opens as a copy
    assert again.path == tmp_path / "lock-abba-copy-2.toml"
    assert templates.open_for_editing(copy.path, tmp_path).path == copy.path  # edited in place


def test_user_levels_lists_good_files_and_reports_broken_ones(shipped_levels_dir, tmp_path):
    templates.copy_of(shipped_levels_dir / "lock-counter.toml", tmp_path).save()
    (tmp_path / "broken.toml").write_text("format = = 1\n")
    levels, problems = templates.user_levels(tmp_path)
    assert [level.id for level in levels] == ["lock-counter-copy"]
    assert len(problems) == 1 and problems[0].file.endswith("broken.toml")
    assert problems[0].line == 1


def test_ready_marks_follow_the_text(tmp_path):
    path = tmp_path / "lvl.toml"
    path.write_text("a = 1\n")
    assert not templates.is_ready(path)
    templates.mark_ready(path, "a = 1\n")
    assert templates.is_ready(path)
    path.write_text("a = 2\n")
    assert not templates.is_ready(path)


def test_free_id():
    assert templates.free_id("lock-counter", {"lock-counter"}) == "lock-counter-2"
    assert templates.free_id("My Level!", set()) == "my-level"
    assert templates.free_id("", set()) == "my-level"


def test_rename_keeps_position_spacing_and_comment(shipped_levels_dir):
    document = LevelDocument.open(shipped_levels_dir / "event-boss-cups.toml")
    document.rename(("shared", "boss_saw"), "seen")
    document.rename(("shared", "seen"), "boss_seen")  # twice: tomlkit's own index stays right
    text = document.text()
    assert "cups = 0\nboss_seen = -1               # how many cups" in text
    assert document.keys(("shared",)) == ["cups", "boss_seen"]
    assert tomllib.loads(text)["shared"] == {"cups": 0, "boss_seen": -1}
    with pytest.raises(KeyError):
        document.rename(("shared", "cups"), "boss_seen")


def test_inline_tables_grow_in_their_own_spacing(shipped_levels_dir):
    document = LevelDocument.open(shipped_levels_dir / "event-boss-cups.toml")
    document.set(("solution", "primitives", "done"), "Event()")
    document.rename(("solution", "primitives", "ev"), "start")
    assert 'primitives = { start = "Event()", done = "Event()" }' in document.text()
    fresh = LevelDocument.parse("p = {}\n")
    fresh.set(("p", "a"), "Lock()")
    fresh.set(("p", "b"), "Lock()")
    assert fresh.text() == 'p = {a = "Lock()", b = "Lock()"}\n'


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_NAME = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
_OPS = st.one_of(
    st.tuples(st.just("set"), st.sampled_from([("title", "en"), ("briefing", "zh")]), _TEXT),
    st.tuples(st.just("code"), st.integers(0, 3), _TEXT),
    st.tuples(st.just("shared"), _NAME, st.integers(-5, 5)),
    st.tuples(st.just("rename-shared"), st.integers(0, 3), _NAME),
    st.tuples(st.just("hint"), _TEXT, _TEXT),
    st.tuples(st.just("drop-hint"), st.integers(0, 3)),
    st.tuples(st.just("thread"), _NAME, st.integers(0, 3)),
    st.tuples(st.just("move-thread"), st.integers(0, 3), st.integers(0, 3)),
    st.tuples(st.just("fix-primitive"), _NAME),
    st.tuples(st.just("goal"), st.lists(_TEXT, max_size=3)),
)


def _apply(document: LevelDocument, model: dict, op: tuple) -> None:
    """Apply `op` to the document and the same change to the plain `model`."""
    kind = op[0]
    threads = model["threads"]
    if kind == "set":
        document.set(op[1], op[2])
        model[op[1][0]][op[1][1]] = op[2]
    elif kind == "code" and op[1] < len(threads):
        document.set(("threads", op[1], "code"), op[2])
        threads[op[1]]["code"] = op[2]
    elif kind == "shared":
        document.set(("shared", op[1]), op[2])
        model.setdefault("shared", {})[op[1]] = op[2]
    elif kind == "rename-shared":
        names = document.keys(("shared",))
        if op[1] < len(names) and op[2] not in names:
            document.rename(("shared", names[op[1]]), op[2])
            model["shared"][op[2]] = model["shared"].pop(names[op[1]])
    elif kind == "hint":
        document.add_entry("hints", {"en": op[1], "zh": op[2]})
        model.setdefault("hints", []).append({"en": op[1], "zh": op[2]})
    elif kind == "drop-hint" and op[1] < len(model.get("hints", [])):
        document.remove(("hints", op[1]))
        del model["hints"][op[1]]
        if not model["hints"]:
            del model["hints"]
    elif kind == "thread":
        index = document.add_entry("threads", {"name": op[1], "code": "pass\n"}, op[2])
        threads.insert(index, {"name": op[1], "code": "pass\n"})
    elif kind == "move-thread" and op[1] < len(threads):
        document.move_entry("threads", op[1], op[2])
        target = max(0, min(op[2], len(threads) - 1))
        threads.insert(target, threads.pop(op[1]))
    elif kind == "fix-primitive":
        document.set(("solution", "primitives", op[1]), "Lock()")
        model.setdefault("solution", {}).setdefault("primitives", {})[op[1]] = "Lock()"
    elif kind == "goal":
        document.set(("goal", "final"), op[1])
        model["goal"]["final"] = op[1]


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["lock-abba", "event-boss-cups", "lock-counter"]),
    ops=st.lists(_OPS, max_size=12),
)
def test_any_sequence_of_edits_writes_the_toml_it_means(shipped_levels_dir, name, ops):
    """Whatever the edits, the text stays TOML and says exactly what was edited."""
    path = shipped_levels_dir / f"{name}.toml"
    document = LevelDocument.open(path)
    model = tomllib.loads(path.read_text(encoding="utf-8"))
    for op in ops:
        _apply(document, model, op)
        assert tomllib.loads(document.text()) == model, op
    # and what was not edited keeps its comments
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            assert line in document.text()
