"""The `syncgame` command line: run in-process through `main()` and as `python -m syncgame`."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from syncgame.commands.cli import main
from syncgame.level.loader import level_files

PROBLEM_LINE = re.compile(r"^(?P<file>.+\.toml):(?P<line>\d+): (?P<message>.+)$")
SHIPPED = {"lock-counter", "event-boss-cups", "lock-abba"}


def syncgame(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "syncgame", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=cwd,
    )


# --- levels ---------------------------------------------------------------------------


def test_levels_json_lists_shipped_levels():
    result = syncgame("levels", "--json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert SHIPPED <= {entry["id"] for entry in entries}
    for entry in entries:
        assert {"id", "chapter", "order", "title", "path", "notes_section"} <= set(entry)
        assert set(entry["title"]) == {"en", "zh"}
        assert entry["path"].endswith(f"{entry['id']}.toml")
    by_id = {entry["id"]: entry for entry in entries}
    assert by_id["lock-counter"]["title"] == {"en": "Lost updates", "zh": "丢失的更新"}
    assert by_id["lock-counter"]["chapter"] == "Lock" and by_id["lock-counter"]["order"] == 10


def test_levels_json_in_process_matches(capsys, shipped_levels_dir):
    assert main(["levels", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == len(level_files(shipped_levels_dir))
    ids = [entry["id"] for entry in entries]
    assert ids.index("event-boss-cups") < ids.index("lock-counter") < ids.index("lock-abba")


def test_levels_table_groups_by_chapter(capsys):
    assert main(["levels"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out.index("Event") < out.index("Lock")
    lock_rows = out[out.index("Lock") + 1 :]
    assert lock_rows[0].split()[:3] == ["lock-counter", "Lost", "updates"]
    assert "丢失的更新" in lock_rows[0]
    lock_ids = [row.split()[0] for row in lock_rows if row.startswith("  ")]
    assert "lock-abba" in lock_ids[: lock_ids.index("lock-counter") + 10]


def test_levels_from_another_folder(capsys, bad_levels_dir, tmp_path):
    assert main(["levels", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("no levels in")
    assert main(["levels", "--dir", str(bad_levels_dir / "duplicate-ids")]) == 1
    assert "duplicate id 'dup'" in capsys.readouterr().out
    assert main(["levels", "--dir", str(tmp_path / "missing")]) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"syncgame levels: no such folder: {tmp_path / 'missing'}"
    )


# --- check ----------------------------------------------------------------------------


def test_check_shipped_levels_prints_only_a_summary(shipped_levels_dir):
    result = syncgame("check", str(shipped_levels_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"{len(level_files(shipped_levels_dir))} level files OK\n"
    assert result.stderr == ""


def test_check_levels_from_the_checkout(shipped_levels_dir):
    # the README's way: run in the repository, `syncgame check levels`
    result = syncgame("check", "levels", cwd=shipped_levels_dir.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("level files OK\n")


def test_check_one_valid_file(capsys, shipped_levels_dir):
    assert main(["check", str(shipped_levels_dir / "lock-abba.toml")]) == 0
    assert capsys.readouterr().out == "1 level file OK\n"


def test_check_each_bad_file_in_process(capsys, bad_levels_dir):
    for path in sorted(bad_levels_dir.glob("*.toml")):
        assert main(["check", str(path)]) == 1, path
        captured = capsys.readouterr()
        (line,) = captured.out.splitlines()
        match = PROBLEM_LINE.match(line)
        assert match and match["file"] == str(path), line
        assert captured.err == "1 problem in 1 of 1 level file\n"


def test_check_bad_files_as_a_command(bad_levels_dir):
    paths = sorted(bad_levels_dir.glob("*.toml"))
    result = syncgame("check", *map(str, paths))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(paths)
    assert [PROBLEM_LINE.match(line)["file"] for line in lines] == [str(p) for p in paths]
    assert "Traceback" not in result.stderr
    assert result.stderr == f"{len(paths)} problems in {len(paths)} of {len(paths)} level files\n"


def test_check_a_folder_reports_duplicate_ids(bad_levels_dir):
    folder = bad_levels_dir / "duplicate-ids"
    result = syncgame("check", str(folder))
    assert result.returncode == 1
    assert result.stdout == (
        f"{folder / 'two' / 'dup.toml'}:2: duplicate id 'dup' (also in {folder / 'one' / 'dup.toml'})\n"
    )


# --- usage errors and bad input: status 2, one line, no traceback ---------------------


@pytest.mark.parametrize(
    "argv",
    [[], ["frobnicate"], ["levels", "--bogus"], ["check"], ["play", "a", "b"]],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: syncgame" in err and "error:" in err and "Traceback" not in err


def test_usage_error_as_a_command():
    result = syncgame("check")
    assert result.returncode == 2
    assert "the following arguments are required: PATH" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_one_line_on_stderr(tmp_path):
    missing = tmp_path / "nope.toml"
    result = syncgame("check", str(missing))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"syncgame check: no such file or folder: {missing}\n"


def test_folder_without_levels_is_bad_input(capsys, tmp_path):
    assert main(["check", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "syncgame check: no level files (*.toml) found\n"


@pytest.mark.parametrize(
    "argv", [["--help"], ["play", "--help"], ["levels", "--help"], ["check", "--help"]]
)
def test_help(argv, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: syncgame")
    if argv == ["--help"]:
        for command in ("play", "levels", "check"):
            assert command in out


def test_version(capsys):
    from syncgame import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"syncgame {__version__}"
