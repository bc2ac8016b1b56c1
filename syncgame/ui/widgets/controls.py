"""The control bar: buttons for everything the play screen's keys do (mouse players)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

BUTTONS = (
    # (action, en, zh, key)
    ("run", "Run", "运行", "space"),
    ("step", "Step", "单步", "n"),
    ("slower", "−", "−", "-"),
    ("faster", "+", "+", "+"),
    ("bug", "Show me the bug", "展示 bug", "b"),
    ("scheduler", "Scheduler", "调度", "m"),
    ("undo", "Undo", "撤销", "z"),
    ("redo", "Redo", "重做", "y"),
    ("reset", "Reset", "重置", "ctrl+r"),
    ("submit", "Submit", "提交", "s"),
)

SHORT = {"Show me the bug": "Bug", "Scheduler": "Sched", "展示 bug": "bug"}


class ControlBar(Horizontal):
    DEFAULT_CSS = """
    ControlBar {
        height: 1;
        width: 1fr;
    }
    ControlBar Button {
        margin: 0 1 0 0;
        min-width: 3;
    }
    ControlBar #ctl-submit {
        text-style: bold;
    }
    """

    class Pressed(Message):
        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def compose(self) -> ComposeResult:
        for action, en, _zh, _key in BUTTONS:
            yield Button(en, id=f"ctl-{action}", compact=True, variant=_variant(action))

    def relabel(self, lang: str, running: bool, narrow: bool = False) -> None:
        """Labels in `lang`; `narrow` (under 100 columns) drops the key hints and long words."""
        for action, en, zh, key in BUTTONS:
            label = zh if lang == "zh" else en
            if action == "run" and running:
                label = "暂停" if lang == "zh" else "Pause"
            if narrow:
                label = SHORT.get(label, label)
                self.query_one(f"#ctl-{action}", Button).label = label
                continue
            key_hint = {"space": "␣", "ctrl+r": "^R"}.get(key, key.upper())
            self.query_one(f"#ctl-{action}", Button).label = f"{label} {key_hint}"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id:
            self.post_message(self.Pressed(event.button.id.removeprefix("ctl-")))


def _variant(action: str) -> str:
    return {"submit": "success", "bug": "warning", "run": "primary"}.get(action, "default")
