"""The control bar: buttons for everything the play screen's keys do (mouse players)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from syncgame.texts import STRINGS, tr

BUTTONS = (
    # (action, key); the labels are the table's `control.<action>`
    ("run", "space"),
    ("step", "n"),
    ("slower", "-"),
    ("faster", "+"),
    ("bug", "b"),
    ("scheduler", "m"),
    ("undo", "z"),
    ("redo", "y"),
    ("reset", "ctrl+r"),
    ("submit", "s"),
)


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
        for action, _key in BUTTONS:
            label = tr(f"control.{action}", "en")
            yield Button(label, id=f"ctl-{action}", compact=True, variant=_variant(action))

    def relabel(self, lang: str, running: bool, narrow: bool = False) -> None:
        """Labels in `lang`; `narrow` (under 100 columns) drops the key hints and long words."""
        for action, key in BUTTONS:
            label_key = "control.pause" if action == "run" and running else f"control.{action}"
            if narrow:
                short = f"{label_key}.short"
                label = tr(short if short in STRINGS else label_key, lang)
                self.query_one(f"#ctl-{action}", Button).label = label
                continue
            label = tr(label_key, lang)
            key_hint = {"space": "␣", "ctrl+r": "^R"}.get(key, key.upper())
            self.query_one(f"#ctl-{action}", Button).label = f"{label} {key_hint}"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id:
            self.post_message(self.Pressed(event.button.id.removeprefix("ctl-")))


def _variant(action: str) -> str:
    return {"submit": "success", "bug": "warning", "run": "primary"}.get(action, "default")
