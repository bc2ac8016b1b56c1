"""Break-it challenges: the rules, the judge's fewest switches against a hand-played schedule,
the save (old saves still load), and `syncgame progress`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from syncgame.judge import judge_level
from syncgame.level.loader import load_level
from syncgame.level.model import Challenge
from syncgame.play.breakit import SLACK, BreakIt, challenge_for, has_challenge
from syncgame.play.progress import FILE_NAME, ChallengeRecord, Progress
from syncgame.play.stepper import Stepper
from syncgame.program.program import Program

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ROOT / "levels"

# Keys a player presses (thread ids, in order) to break each start with one preemption.
LOST_UPDATE = ["inc#0", "inc#0"] + ["inc#1"] * 7 + ["inc#0"] * 5
ABBA = ["pay", "pay", "refund", "refund", "refund", "pay"]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SYNCGAME_DATA_DIR", str(folder))
    return folder


def play(level_id: str, schedule: list[str]) -> Stepper:
    stepper = Stepper(Program.from_level(load_level(LEVELS / f"{level_id}.toml"), "start"))
    for thread in schedule:
        stepper.step(thread)
    return stepper


# --- the rules --------------------------------------------------------------------------------


def test_stars_fall_with_each_switch_beyond_the_fewest():
    challenge = BreakIt("x", "deadlock", fewest=1, limit=3)
    assert [challenge.stars(n) for n in range(5)] == [3, 3, 2, 1, 0]


def test_only_the_named_failure_within_the_limit_wins():
    challenge = BreakIt("x", "deadlock", fewest=1, limit=2)
    assert challenge.result("deadlock", 1).won and challenge.result("deadlock", 1).stars == 3
    too_many = challenge.result("deadlock", 3)
    assert not too_many.won and too_many.why == "too_many" and too_many.stars == 0
    other = challenge.result("assertion", 1)
    assert not other.won and other.why == "other"
    assert challenge.result(None, 0).why == "none"


def test_the_limit_is_derived_from_the_judge_or_read_from_the_level():
    level = load_level(LEVELS / "lock-abba.toml")
    assert has_challenge(level)
    assert challenge_for(level, 1) == BreakIt("lock-abba", "deadlock", 1, 1 + SLACK)
    assert challenge_for(level, None) is None  # nothing to aim at
    declared = replace(level, challenge=Challenge(max_switches=4))
    assert challenge_for(declared, 1) == BreakIt("lock-abba", "deadlock", 1, 4)
    assert challenge_for(declared, None).limit == 4
    too_tight = replace(level, challenge=Challenge(max_switches=0))
    assert challenge_for(too_tight, 1) == BreakIt("lock-abba", "deadlock", 1, 1)


def test_a_level_measured_on_cpython_has_no_challenge():
    level = load_level(LEVELS / "gil-cpu-bound.toml")
    assert not has_challenge(level) and challenge_for(level, 0) is None


# --- the stepper counts switches as the judge does ---------------------------------------------


@pytest.mark.parametrize(
    ("level_id", "schedule"), [("lock-counter", LOST_UPDATE), ("lock-abba", ABBA)]
)
def test_a_hand_played_failure_uses_the_judges_fewest_switches(level_id, schedule):
    level = load_level(LEVELS / f"{level_id}.toml")
    verdict = judge_level(level, "start")
    stepper = play(level_id, schedule)
    assert stepper.outcome is not None
    assert stepper.reason == level.goal.start_fails == verdict.reason
    assert stepper.preemptions == verdict.preemptions == 1


def test_switches_count_only_preemptions():
    # pay runs until it holds both locks and ends; refund then runs alone: no preemption
    stepper = play("lock-abba", [])
    for thread in ("pay", "refund"):
        while thread in stepper.enabled():
            stepper.step(thread)
    assert stepper.outcome is not None and stepper.outcome["kind"] == "finished"
    assert stepper.preemptions == 0 and stepper.reason is None
    # a switch away from pay while it could go on is one; back to pay is another
    stepper = play("lock-abba", ["pay", "refund", "pay"])
    assert stepper.preemptions == 2
    stepper.undo()
    assert stepper.preemptions == 1


# --- the save ----------------------------------------------------------------------------------


def test_a_save_from_before_challenges_loads_and_keeps_its_levels(folder):
    folder.mkdir(parents=True)
    old = {
        "format": 1,
        "game": "syncgame",
        "settings": {"language": "en"},
        "levels": {"lock-counter": {"solved": True, "stars": 2, "attempts": 3}},
    }
    (folder / FILE_NAME).write_text(json.dumps(old), encoding="utf-8")
    progress = Progress.load()
    assert progress.notice is None
    assert progress.challenges == {}
    assert progress.stars("lock-counter") == 2
    progress.record_challenge("lock-abba", won=True, stars=3, switches=1, limit=3, now=5.0)
    progress.save()
    again = json.loads((folder / FILE_NAME).read_text("utf-8"))
    assert again["levels"]["lock-counter"]["stars"] == 2  # untouched
    assert again["challenges"]["lock-abba"] == {
        "won": True,
        "stars": 3,
        "switches": 1,
        "limit": 3,
        "tries": 1,
        "at": 5.0,
    }


def test_a_loss_counts_a_try_and_never_a_win(folder):
    progress = Progress.load()
    progress.record_challenge("lock-abba", won=False, stars=0, switches=4, limit=3)
    assert progress.challenges["lock-abba"] == ChallengeRecord(
        won=False, stars=0, switches=None, limit=3, tries=1
    )
    progress.record_challenge("lock-abba", won=True, stars=2, switches=2, limit=3, now=1.0)
    progress.record_challenge("lock-abba", won=True, stars=1, switches=3, limit=3, now=2.0)
    entry = progress.challenges["lock-abba"]
    assert (entry.won, entry.stars, entry.switches, entry.tries) == (True, 2, 2, 3)
    progress.save()
    assert Progress.load().challenges == progress.challenges
    progress.reset()
    assert progress.challenges == {} and progress.levels == {}


def test_progress_command_lists_challenges(folder, capsys):
    from syncgame.commands.cli import main

    progress = Progress.load()
    progress.record_challenge("lock-abba", won=True, stars=3, switches=1, limit=3)
    progress.record_challenge("lock-counter", won=False, stars=0, switches=5, limit=3)
    progress.save()
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    challenges = out.split("break it", 1)[1]  # the section after the levels' table
    row = next(line for line in challenges.splitlines() if line.strip().startswith("lock-abba"))
    assert "Deadly embrace" in row and "✓" in row and "★★★" in row and "1 of 3 switches" in row
    assert "Broke 1 of 2 challenge(s) tried, 3 star(s)." in out
    assert main(["progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["challenges"]["lock-counter"]["won"] is False
    assert {"format", "game", "settings", "levels"} <= set(data)  # old keys kept


def test_every_shipped_level_that_fails_at_the_start_has_a_challenge():
    from syncgame.level.loader import discover_levels

    levels = discover_levels(LEVELS)
    without = sorted(level.id for level in levels if not has_challenge(level))
    assert without == ["gil-cpu-bound"]  # judged by timing CPython, not by a schedule
