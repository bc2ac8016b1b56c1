"""What the play screen says about a measured level (`[measure]`, the GIL chapter): it is
judged by timing the real jobs, so runs under the game's scheduler would show nothing true."""

from __future__ import annotations

from syncgame.level.model import BUSY_REASON


def is_measured(level) -> bool:
    return level.measure is not None


def measured_note(lang: str) -> str:
    """Said instead of a live run, a scheduler run or "show the bug" on a measured level."""
    if lang == "zh":
        return (
            "这一关靠计时评判，不看交错：在右侧选择运行方式（↑↓ 回车），按 S 提交，"
            "裁判会在这台机器上分别计时：一个接一个、多线程、多进程"
        )
    return (
        "this level is judged by timing, not by interleavings: choose how to run the jobs "
        "(right, arrows + Enter), then S submits; the judge times one-after-another, "
        "threads and processes on this machine"
    )


def counts_as_attempt(result: dict) -> bool:
    """A "machine too busy" verdict judged nothing: it is not the player's failed attempt."""
    return result.get("reason") != BUSY_REASON
