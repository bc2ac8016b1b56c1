"""The tutorial's coach: the current step and its key, above the status line."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from syncgame.play.tutorial import STEPS, Tutorial
from syncgame.texts import tr


class Coach(Static):
    """Hidden unless a tutorial is on."""

    DEFAULT_CSS = """
    Coach {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
        border-left: thick $success;
        display: none;
    }
    Coach.-on {
        display: block;
    }
    """

    def show(self, tutorial: Tutorial | None, lang: str, closing: bool = False) -> None:
        """The current step; `closing`: the last words after the final step."""
        self.set_class(tutorial is not None or closing, "-on")
        text = Text()
        if closing:
            text.append(tr("tutorial.done_label", lang), style="bold green")
            text.append(tr("tutorial.done", lang))
        elif tutorial is not None and tutorial.step is not None:
            step = tutorial.step
            label = tr("tutorial.label", lang)
            text.append(f"{label} {tutorial.index + 1}/{len(STEPS)}  ", style="bold green")
            text.append(f" {step.key} ", style="bold reverse")
            text.append("  " + step.text(lang))
            text.append("   (K " + tr("tutorial.skips", lang) + ")", style="dim")
        self.update(text)
