"""The guided tutorial on the first level: run, see the bug, place, submit. Each step names
the key to press and advances when the player did it. No Textual here (the coach widget draws
it; the play screen reports what the player did)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    event: str
    """What the player must do to advance: run | bug | place | submit."""
    key: str
    en: str
    zh: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


STEPS = (
    Step(
        "run",
        "Space",
        "Press Space to run the program live: real threads, one step at a time.",
        "按 Space 运行程序：真正的线程，一次走一步。",
    ),
    Step(
        "bug",
        "B",
        "A run may go right by luck. Press B: the judge finds a schedule that fails and replays it "
        "(← → step through it).",
        "一次运行可能碰巧没出错。按 B：裁判找出一个会出错的调度并重放（← → 逐步查看）。",
    ),
    Step(
        "place",
        "Enter",
        "Fix it: move to a line in a code pane (↑ ↓, Shift+↓ for several lines, Tab for the next "
        "pane) and press Enter to place a primitive. Stuck? H gives a hint.",
        "修复它：在代码面板里移到一行（↑ ↓，Shift+↓ 选多行，Tab 换面板），按 Enter 放置同步原语。"
        "卡住了？按 H 看提示。",
    ),
    Step(
        "submit",
        "S",
        "Press S to submit: the judge tries every schedule that matters, not just one.",
        "按 S 提交：裁判会检查所有要紧的调度，而不只是一次。",
    ),
)

DONE = (
    "That is the whole loop: run, see the bug, fix, submit. Also try X: break the start code "
    "yourself, as the scheduler. ? shows every key.",
    "这就是完整的流程：运行、看 bug、修复、提交。也试试 X：自己当调度器，亲手弄坏初始代码。按 ? 查看所有按键。",
)


class Tutorial:
    """Where the player is in the steps."""

    def __init__(self) -> None:
        self.index = 0

    @property
    def finished(self) -> bool:
        return self.index >= len(STEPS)

    @property
    def step(self) -> Step | None:
        return None if self.finished else STEPS[self.index]

    def did(self, event: str) -> bool:
        """The player did `event`: True when that was the current step (it advanced)."""
        if self.finished or STEPS[self.index].event != event:
            return False
        self.index += 1
        return True
