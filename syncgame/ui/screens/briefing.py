"""The whole briefing of a level in a scrollable window: the story, the goal, what earns each
star and the words used for scoring (makespan, par), and where in the notes it comes from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from syncgame.level.model import Level
from syncgame.play.goal import checks, explanations, goal_sentence, star_rules
from syncgame.play.notes import notes_label
from syncgame.texts import tr
from syncgame.ui.widgets.wrapped import WrappedText


def briefing_text(level: Level, lang: str) -> Text:
    text = Text()
    text.append(level.title.get(lang) + "\n", style="bold")
    if level.notes_section:
        text.append(notes_label(level.notes_section, lang) + "\n", style="dim")
    text.append("\n" + level.briefing.get(lang).strip() + "\n\n")
    text.append(tr("goal.label", lang), style="bold")
    text.append(goal_sentence(level, lang) + "\n")
    for check in checks(level, lang):
        text.append("  · " + check + "\n", style="dim")
    text.append("\n")
    text.append(tr("briefing.stars", lang), style="bold underline")
    text.append("\n")
    for rule in star_rules(level, lang):
        text.append("  " + rule + "\n")
    text.append("\n")
    for line in explanations(level, lang):
        text.append(line + "\n", style="dim")
    return text


class BriefingScreen(ModalScreen):
    DEFAULT_CSS = """
    BriefingScreen {
        align: center middle;
    }
    #briefing-box {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: round $accent;
        background: $surface;
    }
    #briefing-scroll {
        height: 1fr;
        padding: 0 1;
    }
    #briefing-keys {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape,i,enter,q", "close", "Close")]

    def __init__(self, level: Level, lang: str) -> None:
        super().__init__()
        self.level = level
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="briefing-box") as box:
            box.border_title = tr("briefing.title", self.lang)
            with VerticalScroll(id="briefing-scroll"):
                yield WrappedText(briefing_text(self.level, self.lang), id="briefing-text")
            yield Static(tr("briefing.keys", self.lang), id="briefing-keys")

    def on_mount(self) -> None:
        self.query_one("#briefing-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
