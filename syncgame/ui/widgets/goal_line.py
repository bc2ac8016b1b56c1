"""The play screen's goal line: the level's goal, always visible, with what earns the stars
and the key that opens the whole briefing."""

from __future__ import annotations

from rich.text import Text

from syncgame.level.model import Level
from syncgame.play.goal import goal_sentence, stars_brief
from syncgame.texts import tr
from syncgame.ui.widgets.wrapped import WrappedText

BRIEFING_KEY = "i"


def goal_line_text(level: Level, lang: str) -> Text:
    text = Text()
    text.append(tr("goal.label", lang), style="bold")
    text.append(goal_sentence(level, lang), style="bold")
    extra = stars_brief(level, lang)
    if extra:
        text.append("  ·  " + extra, style="dim")
    text.append("  ·  " + tr("goal.briefing_key", lang), style="dim italic")
    return text


class GoalLine(WrappedText):
    DEFAULT_CSS = """
    GoalLine {
        height: auto;
        padding: 0 1;
        color: $text;
        background: $boost;
    }
    """

    def show(self, level: Level, lang: str) -> None:
        self.update(goal_line_text(level, lang))
