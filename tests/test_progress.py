"""Save data: it survives a restart, a bad save is moved aside and reported, and a write that is
interrupted or killed midway never leaves half a file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from syncgame.files import atomic_write
from syncgame.paths import user_data_dir
from syncgame.play import progress as progress_module
from syncgame.play.progress import (
    FILE_NAME,
    HISTORY,
    Draft,
    Progress,
    Settings,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SYNCGAME_DATA_DIR", str(folder))
    return folder


def lock_draft(n: int = 1) -> Draft:
    return Draft(
        placements=[{"label": "wrap", "edits": [{"kind": "Declare", "name": "lock"}]}] * n,
        primitives={"lock": "Lock()"},
        threads={"inc": "for _ in range(3):\n    with lock:\n        shared.counter += 1\n"},
    )


def played(folder: Path) -> Progress:
    progress = Progress.load()
    progress.record(
        "lock-counter", passed=False, stars=0, primitives=0, makespan=None, reason="assertion"
    )
    progress.record(
        "lock-counter", passed=True, stars=3, primitives=1, makespan=0.0, draft=lock_draft()
    )
    progress.add_time("lock-counter", 42.5)
    progress.settings = Settings(
        language="zh", animation_speed=5, reduced_motion=True, theme="nord", colour_blind=True
    )
    progress.save()
    return progress


def test_the_folder_comes_from_the_environment(folder):
    assert user_data_dir() == folder
    assert Progress.load().path == folder / FILE_NAME


def test_without_the_variable_it_is_the_user_data_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv("SYNCGAME_DATA_DIR")
    assert user_data_dir() == Path(platformdirs.user_data_dir("syncgame", appauthor=False))


def test_no_save_yet_is_fresh_progress_and_writes_nothing(folder):
    progress = Progress.load()
    assert progress.levels == {} and progress.settings == Settings() and progress.notice is None
    assert not folder.exists()


def test_progress_survives_a_restart(folder):
    before = played(folder)
    after = Progress.load()
    assert after.notice is None
    assert after.to_json() == before.to_json()
    entry = after.get("lock-counter")
    assert (entry.solved, entry.stars, entry.attempts, entry.seconds) == (True, 3, 2, 42.5)
    assert entry.best.threads == lock_draft().threads and entry.best.primitives_used == 1
    assert [a.passed for a in entry.history] == [False, True]
    assert after.settings.language == "zh" and after.settings.theme == "nord"


def test_progress_survives_a_restart_of_the_process(folder):
    played(folder)
    env = {**os.environ, "SYNCGAME_DATA_DIR": str(folder)}
    out = subprocess.run(
        [sys.executable, "-m", "syncgame", "progress", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["levels"]["lock-counter"]["stars"] == 3
    assert data["settings"]["animation_speed"] == 5


def test_the_file_is_small_versioned_json(folder):
    played(folder)
    data = json.loads((folder / FILE_NAME).read_text("utf-8"))
    assert data["format"] == progress_module.FORMAT
    assert set(data) == {"format", "game", "settings", "levels", "challenges"}


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"format": 1, "levels": {', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "must be an object"),
        (b'{"levels": {}}', "no valid format"),
        (b'{"format": 1, "levels": {"x": {"solved": true, "stars": 7}}}', "stars must be 0 to 3"),
        (b'{"format": 1, "settings": {"language": "fr"}}', "settings.language"),
        (b'{"format": 1, "settings": {"animation_speed": 9}}', "animation_speed"),
        (b'{"format": 1, "challenges": {"x": {"won": true, "stars": 4}}}', "stars must be 0"),
        (b'{"format": 1, "challenges": []}', "challenges must be an object"),
    ],
)
def test_a_corrupt_save_is_moved_aside_and_reported(folder, content, why):
    folder.mkdir(parents=True)
    (folder / FILE_NAME).write_bytes(content)
    progress = Progress.load()
    assert progress.levels == {} and progress.settings == Settings()
    asides = list(folder.glob(f"{FILE_NAME}.bad-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == content
    assert not (folder / FILE_NAME).exists()
    assert why in progress.notice
    assert str(asides[0]) in progress.notice and "starts fresh" in progress.notice
    # the game goes on: the next save is a good one, and the bad file stays aside
    progress.record("lock-counter", passed=True, stars=1, primitives=2, makespan=1.0)
    progress.save()
    again = Progress.load()
    assert again.notice is None and again.stars("lock-counter") == 1
    assert asides[0].exists()


def test_a_save_from_a_newer_version_is_kept_aside(folder):
    folder.mkdir(parents=True)
    future = {"format": progress_module.FORMAT + 1, "levels": {}, "fancy": True}
    (folder / FILE_NAME).write_text(json.dumps(future))
    progress = Progress.load()
    assert "newer syncgame" in progress.notice and f"format {future['format']}" in progress.notice
    (aside,) = folder.glob(f"{FILE_NAME}.bad-*")
    assert json.loads(aside.read_text()) == future


def test_two_bad_saves_in_one_second_do_not_overwrite_each_other(folder):
    folder.mkdir(parents=True)
    for content in (b"one", b"two"):
        (folder / FILE_NAME).write_bytes(content)
        Progress.load()
    assert sorted(p.read_bytes() for p in folder.glob(f"{FILE_NAME}.bad-*")) == [b"one", b"two"]


def test_an_interrupted_write_leaves_the_old_save_and_no_temporary_file(folder, monkeypatch):
    played(folder)
    before = (folder / FILE_NAME).read_bytes()
    progress = Progress.load()
    progress.record("lock-brief", passed=True, stars=3, primitives=1, makespan=2.0)

    def interrupted(_fd):
        raise KeyboardInterrupt  # Ctrl+C between writing the data and making it durable

    monkeypatch.setattr(progress_module.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        progress.save()
    monkeypatch.undo()
    assert (folder / FILE_NAME).read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [FILE_NAME]

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_module.os, "replace", disk_full)
    with pytest.raises(OSError):
        progress.save()
    monkeypatch.undo()
    assert (folder / FILE_NAME).read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [FILE_NAME]


WRITER = """
import os, sys, time
from syncgame.play import progress as module
from syncgame.play.progress import Draft, Progress

if sys.argv[1] == "slow-disk":  # every fsync takes a while: a kill can land inside a save
    real_fsync = module.os.fsync

    def slow_fsync(fd):
        print("fsync", flush=True)
        time.sleep(0.5)
        real_fsync(fd)

    module.os.fsync = slow_fsync
progress = Progress.load()
big = "x" * 400_000
while True:
    n = progress.level("big").attempts + 1
    progress.record("big", passed=True, stars=3, primitives=1, makespan=float(n),
                    draft=Draft(threads={"t": big + str(n)}))
    progress.save()
    print(n, flush=True)
"""


def run_writer(folder: Path, disk: str, kill_when, pause: float = 0.0) -> list[str]:
    """Start WRITER, read its lines until `kill_when(lines)` says so, wait `pause` seconds
    while it goes on saving, SIGKILL it."""
    env = {**os.environ, "SYNCGAME_DATA_DIR": str(folder)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, disk], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    lines: list[str] = []
    try:
        while not kill_when(lines):
            line = writer.stdout.readline()
            assert line, "the writer stopped by itself"
            lines.append(line.strip())
        time.sleep(pause)
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
        writer.stdout.close()
    return lines


def assert_whole_save(folder: Path) -> int:
    """The save parses and its parts agree: it was written by one save, entirely."""
    saved = json.loads((folder / FILE_NAME).read_text("utf-8"))  # half a file fails here
    progress = Progress.load()
    assert progress.notice is None
    entry = progress.get("big")
    assert entry.last.threads["t"] == "x" * 400_000 + str(entry.attempts)
    assert saved["levels"]["big"]["attempts"] == entry.attempts
    return entry.attempts


def test_a_save_killed_midway_never_leaves_half_a_file(folder):
    """The writer is killed (SIGKILL) while a save is half done: its new data is written to
    the temporary file, not yet renamed. The save file is the previous one, whole."""

    def inside_third_save(lines):
        return lines[-2:] == ["2", "fsync"]

    run_writer(folder, "slow-disk", inside_third_save)
    assert assert_whole_save(folder) == 2
    (temp,) = folder.glob(".progress-*.tmp")  # the interrupted save, never seen as the save
    assert json.loads(temp.read_text("utf-8"))["levels"]["big"]["attempts"] == 3


def test_saves_killed_at_random_moments_are_always_whole(folder):
    for pause in (0.0, 0.013, 0.031, 0.057):
        run_writer(folder, "fast-disk", lambda lines: bool(lines), pause)
        assert assert_whole_save(folder) >= 1


def test_temporary_files_of_killed_writes_are_cleared_later(folder):
    folder.mkdir(parents=True)
    old = folder / ".progress-abc.tmp"
    new = folder / ".progress-def.tmp"
    old.write_text('{"format": 1, "lev')
    new.write_text('{"format": 1, "lev')
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    Progress.load()
    assert not old.exists() and new.exists()  # a fresh one may be another game's write


def test_atomic_write_creates_the_folder(tmp_path):
    target = tmp_path / "a" / "b" / "file.json"
    atomic_write(target, b"{}")
    assert target.read_bytes() == b"{}"
    atomic_write(target, b"[]")
    assert target.read_bytes() == b"[]" and len(list(target.parent.iterdir())) == 1


# --- what is recorded --------------------------------------------------------------------------


def test_the_best_solution_is_kept_until_a_better_one(folder):
    progress = Progress.load()
    first = progress.record(
        "lv", passed=True, stars=2, primitives=2, makespan=3.0, draft=lock_draft(2)
    )
    assert first.new_best and first.first_solve and first.previous is None
    worse = progress.record("lv", passed=True, stars=2, primitives=3, makespan=3.0)
    assert not worse.new_best and worse.previous.primitives_used == 2
    better = progress.record(
        "lv", passed=True, stars=3, primitives=1, makespan=3.0, draft=lock_draft(1)
    )
    assert better.new_best and better.previous.stars == 2 and not better.first_solve
    failed = progress.record("lv", passed=False, stars=3, primitives=0, makespan=None)
    assert failed.attempt.stars == 0  # a failure never earns stars
    entry = progress.get("lv")
    assert (entry.solved, entry.stars, entry.attempts) == (True, 3, 4)
    assert entry.best.stars == 3 and len(entry.best.placements) == 1
    assert entry.last.placements == lock_draft(1).placements  # the last attempt with a draft


def test_history_keeps_the_last_attempts(folder):
    progress = Progress.load()
    for n in range(HISTORY + 5):
        progress.record("lv", passed=False, stars=0, primitives=n, makespan=None)
    entry = progress.get("lv")
    assert entry.attempts == HISTORY + 5
    assert [a.primitives for a in entry.history] == list(range(5, HISTORY + 5))


def test_remember_keeps_the_last_draft_for_continue(folder):
    progress = Progress.load()
    progress.remember("lv", lock_draft())
    progress.save()
    assert Progress.load().get("lv").last.threads == lock_draft().threads


def test_first_unsolved_and_chapters_that_open(folder):
    progress = Progress.load()
    chapters = [("Event", ["e1", "e2"]), ("Lock", ["l1"]), ("RLock", ["r1"])]
    assert progress.first_unsolved(["e1", "e2", "l1"]) == "e1"
    assert progress.unlocked_chapters(chapters) == {"Event"}
    progress.record("e2", passed=True, stars=1, primitives=0, makespan=None)
    assert progress.first_unsolved(["e1", "e2", "l1"]) == "e1"
    assert progress.unlocked_chapters(chapters) == {"Event", "Lock"}
    progress.settings.unlock_all = True
    assert progress.unlocked_chapters(chapters) == {"Event", "Lock", "RLock"}
    for level_id in ("e1", "l1"):
        progress.record(level_id, passed=True, stars=3, primitives=0, makespan=None)
    assert progress.first_unsolved(["e1", "e2", "l1"]) is None


def test_reset_forgets_levels_and_keeps_settings(folder):
    progress = played(folder)
    progress.reset()
    progress.save()
    again = Progress.load()
    assert again.levels == {} and again.settings.language == "zh"


def test_time_played_ignores_nonsense(folder):
    progress = Progress.load()
    progress.add_time("lv", 3.0)
    progress.add_time("lv", -1.0)
    progress.add_time("lv", float("inf"))
    assert progress.get("lv").seconds == 3.0
    assert progress.totals() == (0, 0, 3.0)


# --- syncgame progress --------------------------------------------------------------------------


def run_cli(*argv: str) -> int:
    from syncgame.commands.cli import main

    return main(["progress", *argv])


def test_progress_command_prints_each_level_and_the_totals(folder, capsys):
    played(folder)
    assert run_cli() == 0
    out = capsys.readouterr().out
    assert str(folder / FILE_NAME) in out
    row = next(line for line in out.splitlines() if line.strip().startswith("lock-counter"))
    assert "Lost updates" in row and "✓" in row and "★★★" in row and "42s" in row
    assert "best: 1 primitive(s), makespan 0" in row
    assert "lock-brief" in out  # unplayed shipped levels are listed too
    assert "Solved 1 of" in out and "3 star(s)" in out and "language zh" in out


def test_progress_reset_asks_first(folder, capsys, monkeypatch):
    played(folder)
    monkeypatch.setattr("builtins.input", lambda _question: "n")
    assert run_cli("--reset") == 1
    assert "Nothing cleared" in capsys.readouterr().out
    assert Progress.load().solved("lock-counter")

    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "y")
    assert run_cli("--reset") == 0
    assert "Forget the progress of 1 level(s)" in questions[0]
    again = Progress.load()
    assert again.levels == {} and again.settings.language == "zh"


def test_progress_reset_without_an_answer_clears_nothing(folder, monkeypatch):
    played(folder)

    def no_terminal(_question):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    assert run_cli("--reset") == 1
    assert Progress.load().solved("lock-counter")


def test_progress_reset_yes_skips_the_question(folder, monkeypatch):
    played(folder)

    def must_not_ask(_question):
        raise AssertionError("asked")

    monkeypatch.setattr("builtins.input", must_not_ask)
    assert run_cli("--reset", "--yes") == 0
    assert Progress.load().levels == {}


def test_progress_command_reports_a_save_moved_aside(folder, capsys):
    folder.mkdir(parents=True)
    (folder / FILE_NAME).write_text("{ not json")
    assert run_cli() == 0
    err = capsys.readouterr().err
    assert "could not be used" in err and ".bad-" in err
