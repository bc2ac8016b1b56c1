"""The measured level's decision (pass, fail, busy) from made-up timings: no real timing here."""

from __future__ import annotations

import pytest

from syncgame.judge.measure import NOISE_LIMIT, decide

GOAL = 1.3
IDLE = {
    "serial": [1.00, 1.02, 0.98],
    "threads": [1.01, 1.00, 0.99],
    "processes": [0.52, 0.50, 0.51],
}
BUSY = {  # the other mode fails to speed up too: both cores are taken by other work
    "serial": [1.00, 1.10, 0.95],
    "threads": [1.00, 1.05, 1.00],
    "processes": [0.90, 0.95, 0.85],
}


def test_idle_machine_passes_processes():
    decision = decide(IDLE, "processes", GOAL, cores=2)
    assert decision.outcome == "pass"
    assert decision.speedups["processes"] == pytest.approx(
        1.923, abs=0.001
    )  # the median of 1.923, 2.04, 1.922
    assert decision.speedups["serial"] == 1.0


def test_idle_machine_fails_threads_because_processes_speed_up():
    decision = decide(IDLE, "threads", GOAL, cores=2)
    assert decision.outcome == "fail"
    assert "processes reached the goal" in decision.why


@pytest.mark.parametrize("chosen", ["processes", "threads"])
def test_busy_machine_judges_no_choice(chosen):
    decision = decide(BUSY, chosen, GOAL, cores=2)
    assert decision.outcome == "busy"
    assert "no mode reached the goal on 2 cores" in decision.why


def test_a_lucky_median_on_an_unsteady_baseline_is_not_a_pass():
    # the baseline was slowed in two rounds: threads' median says 1.32x, one round says 1.0x
    rounds = {
        "serial": [1.00, 1.50, 1.45],
        "threads": [1.00, 1.10, 1.10],
        "processes": [0.90, 0.90, 0.90],
    }
    threads = decide(rounds, "threads", GOAL, cores=2)
    assert threads.speedups["threads"] >= GOAL and threads.noise > NOISE_LIMIT
    assert threads.outcome == "busy"
    assert "varied by 50%" in threads.why
    processes = decide(rounds, "processes", GOAL, cores=2)
    assert processes.outcome == "busy" and "varied by 50%" in processes.why


def test_a_choice_below_the_goal_is_not_failed_while_the_other_only_looked_fast():
    # processes' median reaches 1.3x but one round says 1.0x: nothing proves threads slow
    rounds = {
        "serial": [1.0, 1.6, 1.5],
        "threads": [1.0, 1.6, 1.5],
        "processes": [1.0, 0.9, 0.8],
    }
    decision = decide(rounds, "threads", GOAL, cores=2)
    assert decision.speedups["processes"] >= GOAL and decision.outcome == "busy"
    assert "varied by 60%" in decision.why


def test_an_unsteady_baseline_still_passes_when_every_round_agrees():
    rounds = {"serial": [1.0, 1.6, 1.0], "threads": [1.0, 1.6, 1.0], "processes": [0.6, 0.9, 0.55]}
    assert decide(rounds, "processes", GOAL, cores=2).outcome == "pass"
    assert decide(rounds, "threads", GOAL, cores=2).outcome == "fail"


def test_a_median_below_the_goal_never_passes_even_on_a_steady_baseline():
    rounds = {"serial": [1.0, 1.0, 1.0], "processes": [0.8, 0.8, 0.7]}
    assert decide(rounds, "processes", GOAL, cores=2).outcome == "busy"


def test_one_core_is_a_fail_with_the_reason_not_busy():
    rounds = {"serial": [1.0, 1.0, 1.0], "threads": [1.0, 1.0, 1.0], "processes": [1.05] * 3}
    decision = decide(rounds, "processes", GOAL, cores=1)
    assert decision.outcome == "fail"
    assert "one core" in decision.why


def test_threads_pass_where_they_do_speed_up_free_threaded_python():
    rounds = {"serial": [1.0, 1.0, 1.0], "threads": [0.55, 0.5, 0.52], "processes": [0.5] * 3}
    assert decide(rounds, "threads", GOAL, cores=2).outcome == "pass"


# --- the wiring: `syncgame judge` on the measured level, with the timings injected -------------


@pytest.mark.parametrize(
    ("rounds", "mode", "status", "reason"),
    [
        (IDLE, "processes", 0, None),
        (IDLE, "threads", 1, "speedup"),
        (BUSY, "processes", 3, "busy"),
        (BUSY, "threads", 3, "busy"),
    ],
)
def test_judge_command_exit_status_and_json(monkeypatch, capsys, rounds, mode, status, reason):
    import json

    from syncgame.commands.cli import main
    from syncgame.judge import measure

    asked = []

    def fake_rounds(source, modes, jobs, count, **options):
        asked.append(modes)
        return {m: rounds[m][:count] for m in modes}

    monkeypatch.setattr(measure, "measure_rounds", fake_rounds)
    assert main(["judge", "gil-cpu-bound", "--mode", mode, "--json"]) == status
    data = json.loads(capsys.readouterr().out)
    assert asked == [["serial", "threads", "processes"]]  # every choice, whatever is chosen
    assert data["reason"] == reason
    assert data["verdict"] == ("pass" if status == 0 else "fail")
    assert data["measured"]["chosen"] == mode and data["measured"]["cores"] >= 1
    assert set(data["measured"]["seconds"]) == {"serial", "threads", "processes"}
    if reason == "busy":
        assert data["message"].startswith("machine too busy to measure — try again")
