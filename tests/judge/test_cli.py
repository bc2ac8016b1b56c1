"""`syncgame judge` and `syncgame replay`: exit status, the one-line JSON, solutions, replays."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from syncgame.commands.cli import main

from .conftest import CASES_DIR

JSON_KEYS = {
    "level", "verdict", "reason", "explored", "exhaustive", "bound", "seconds",
    "counterexample", "message",
}  # fmt: skip

LOST_UPDATE = str(CASES_DIR / "lost-update.toml")
STRUCTURE = str(CASES_DIR / "structure-counter.toml")


def syncgame(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "syncgame", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def one_json_line(stdout: str) -> dict:
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    data = json.loads(lines[0])
    assert JSON_KEYS <= set(data)
    return data


# --- exit status and --json -------------------------------------------------------------


def test_start_fails_with_exit_1_and_one_json_line():
    result = syncgame("judge", LOST_UPDATE, "--json")
    assert result.returncode == 1, result.stderr
    data = one_json_line(result.stdout)
    assert (data["level"], data["verdict"], data["reason"]) == ("lost-update", "fail", "assertion")
    assert data["exhaustive"] is False and data["bound"] == 1
    assert isinstance(data["explored"], int) and data["explored"] >= 1
    assert isinstance(data["seconds"], float)
    example = data["counterexample"]
    assert example["schedule"] == [step["thread"] for step in example["steps"]]
    assert [step["step"] for step in example["steps"]] == list(range(len(example["schedule"])))
    assert "counter == 2 is false" in data["message"]
    assert result.stderr == ""


def test_reference_passes_with_exit_0():
    result = syncgame("judge", "lock-counter", "--reference", "--json")
    assert result.returncode == 0, result.stderr
    data = one_json_line(result.stdout)
    assert (data["verdict"], data["reason"], data["counterexample"]) == ("pass", None, None)
    assert data["exhaustive"] is True and data["bound"] is None


def test_start_is_the_default(capsys):
    assert main(["judge", LOST_UPDATE, "--json"]) == 1
    default = json.loads(capsys.readouterr().out)
    assert main(["judge", LOST_UPDATE, "--start", "--json"]) == 1
    explicit = json.loads(capsys.readouterr().out)
    assert default["counterexample"]["schedule"] == explicit["counterexample"]["schedule"]


def test_the_readable_report_shows_the_timeline(capsys):
    assert main(["judge", LOST_UPDATE]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "lost-update: FAIL (assertion)"
    assert out[1].startswith("explored ") and "bounded (up to 1 preemption)" in out[1]
    assert "counterexample (1 preemption):" in out
    header = out[out.index("counterexample (1 preemption):") + 1]
    assert header.split() == ["step", "time", "inc#0", "inc#1"]
    rows = out[out.index(header) + 2 :]
    assert rows[-1].split() == ["5", "0", "wrote", "counter=1"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["judge", "no-such-level"], "no level with id 'no-such-level'"),
        (["judge", "missing/level.toml"], "no such file: missing/level.toml"),
        (["judge", LOST_UPDATE, "--time-limit", "0"], "--time-limit must be positive"),
        (["judge", LOST_UPDATE, "--solution", "missing.toml"], "cannot read missing.toml"),
    ],
)
def test_bad_input_exits_2_with_one_line_on_stderr(args, error, capsys):
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"syncgame {args[0]}: ") and error in captured.err
    assert len(captured.err.splitlines()) == 1


def test_usage_errors_exit_2(capsys):
    assert main(["judge", LOST_UPDATE, "--start", "--reference"]) == 2
    assert main(["judge"]) == 2
    assert main(["judge", LOST_UPDATE, "--seed", "x"]) == 2
    assert capsys.readouterr().out == ""


def test_reference_of_a_level_without_solution_is_bad_input(tmp_path, capsys):
    text = (CASES_DIR / "lost-update.toml").read_text(encoding="utf-8")
    text = text[: text.index("[solution]")].replace('id = "lost-update"', 'id = "bare"')
    (tmp_path / "bare.toml").write_text(text, encoding="utf-8")
    assert main(["judge", str(tmp_path / "bare.toml"), "--reference"]) == 2
    assert "level 'bare' has no [solution]" in capsys.readouterr().err


def test_a_broken_level_file_is_bad_input(tmp_path, capsys):
    (tmp_path / "broken.toml").write_text("format = 1\nid = [\n", encoding="utf-8")
    assert main(["judge", str(tmp_path / "broken.toml")]) == 2
    assert "TOML syntax error" in capsys.readouterr().err


# --- --solution FILE --------------------------------------------------------------------

FIX = '''[solution]
primitives = { lock = "Lock()" }
[solution.threads]
inc = """
for _ in range(3):
    with lock:
        tmp = shared.counter
        shared.counter = tmp + 1
"""
'''


def test_a_correct_solution_file_passes(tmp_path):
    (tmp_path / "fix.toml").write_text(FIX, encoding="utf-8")
    result = syncgame("judge", STRUCTURE, "--solution", str(tmp_path / "fix.toml"), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = one_json_line(result.stdout)
    assert (data["verdict"], data["exhaustive"]) == ("pass", True)


def test_a_solution_file_may_leave_out_the_solution_header(tmp_path, capsys):
    (tmp_path / "fix.toml").write_text(FIX.replace("[solution]\n", "").replace("solution.", ""))
    assert main(["judge", STRUCTURE, "--solution", str(tmp_path / "fix.toml"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "pass"


def test_a_solution_that_writes_the_answer_is_a_structure_failure(tmp_path, capsys):
    cheat = FIX.replace("shared.counter = tmp + 1", "shared.counter = 6")
    (tmp_path / "cheat.toml").write_text(cheat, encoding="utf-8")
    assert main(["judge", STRUCTURE, "--solution", str(tmp_path / "cheat.toml"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["verdict"], data["reason"], data["explored"]) == ("fail", "structure", 0)
    assert data["line"] == 4 and "line 4" in data["message"]
    assert data["counterexample"] is None


def test_a_wrong_solution_fails_with_its_counterexample(tmp_path, capsys):
    half = FIX.replace("    with lock:\n        tmp = shared.counter\n        shared",
                       "    tmp = shared.counter\n    with lock:\n        shared")  # fmt: skip
    (tmp_path / "half.toml").write_text(half, encoding="utf-8")
    assert main(["judge", STRUCTURE, "--solution", str(tmp_path / "half.toml"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["reason"], data["counterexample"] is not None) == ("assertion", True)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[solution]\nprimitve = 1\n", "unknown key 'primitve' in [solution]"),
        ("threds = {}\n", "unknown key 'threds' in the file"),
        ("[solution]\nprimitives = 3\n", "'primitives' and 'threads' must be tables"),
        ("[solution]\nthreads = { inc = 3 }\n", "'inc' must be a string"),
        ("[solution\n", "Expected ']'"),
    ],
)
def test_a_malformed_solution_file_is_bad_input(tmp_path, capsys, text, error):
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    assert main(["judge", STRUCTURE, "--solution", str(tmp_path / "bad.toml")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and error in captured.err


# --- --save and replay ------------------------------------------------------------------


def test_saved_counterexample_replays_as_the_same_timeline(tmp_path, capsys):
    saved = tmp_path / "bug.json"
    assert main(["judge", "lock-abba", "--save", str(saved)]) == 1
    report = capsys.readouterr().out
    assert main(["replay", str(saved)]) == 0
    replay = capsys.readouterr().out.splitlines()
    assert replay[0] == "lock-abba: fail (deadlock)"
    timeline = report[report.index("step  time") :].rstrip("\n").splitlines()
    assert replay[2:] == timeline
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert replay[1] == data["message"]


def test_the_json_output_replays_too(tmp_path):
    result = syncgame("judge", LOST_UPDATE, "--json")
    (tmp_path / "out.json").write_text(result.stdout, encoding="utf-8")
    replay = syncgame("replay", str(tmp_path / "out.json"))
    assert replay.returncode == 0, replay.stderr
    assert replay.stdout.splitlines()[0] == "lost-update: fail (assertion)"


def test_nothing_is_saved_for_a_pass(tmp_path, capsys):
    saved = tmp_path / "none.json"
    assert main(["judge", LOST_UPDATE, "--reference", "--save", str(saved)]) == 0
    assert not saved.exists()


def test_replay_of_something_else_is_bad_input(tmp_path, capsys):
    (tmp_path / "pass.json").write_text(json.dumps({"verdict": "pass", "counterexample": None}))
    assert main(["replay", str(tmp_path / "pass.json")]) == 2
    assert "not a saved counterexample" in capsys.readouterr().err
    assert main(["replay", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
