"""The break-it challenge's two lines on the play screen: the goal, and the switches used so far
(then whether the run that ended won)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from syncgame.play.breakit import BreakIt, Result
from syncgame.play.stars import stars_text
from syncgame.texts import STRINGS, tr


def failure_words(reason: str | None, lang: str) -> str:
    key = f"breakit.failure.{reason}"
    return tr(key, lang) if key in STRINGS else reason or "?"


def goal_text(challenge: BreakIt, lang: str) -> Text:
    failure = failure_words(challenge.failure, lang)
    text = Text()
    text.append(tr("breakit.goal_label", lang), style="bold magenta")
    text.append(
        tr(
            "breakit.goal",
            lang,
            failure=failure,
            limit=challenge.limit,
            fewest=challenge.fewest,
        )
    )
    return text


def progress_text(challenge: BreakIt, switches: int, result: Result | None, lang: str) -> Text:
    over = switches > challenge.limit
    text = Text()
    used = tr("breakit.switches_used", lang, switches=switches, limit=challenge.limit)
    text.append(used, style="bold red" if over else "bold")
    if result is None:
        if over:
            text.append(tr("breakit.over_limit", lang), style="red")
        else:
            text.append(tr("breakit.switch_means", lang), style="dim")
        return text
    text.append("  ·  ")
    again = tr("breakit.again", lang)
    failure = failure_words(result.reason, lang)
    if result.won:
        text.append(
            tr(
                "breakit.won_one" if switches == 1 else "breakit.won",
                lang,
                failure=failure.capitalize(),  # a sentence's start (Chinese has no capitals)
                switches=switches,
                stars=stars_text(result.stars),
            ),
            style="bold green",
        )
    elif result.why == "too_many":
        text.append(
            tr(
                "breakit.too_many",
                lang,
                failure=failure,
                switches=switches,
                limit=challenge.limit,
            )
            + again,
            style="bold yellow",
        )
    elif result.why == "other":
        wanted = failure_words(challenge.failure, lang)
        text.append(
            tr("breakit.other_failure", lang, failure=failure, wanted=wanted) + again,
            style="bold yellow",
        )
    else:
        text.append(tr("breakit.no_failure", lang) + again, style="bold yellow")
    return text


class ChallengeBar(Static):
    """Hidden until a challenge starts."""

    DEFAULT_CSS = """
    ChallengeBar {
        height: auto;
        max-height: 4;
        padding: 0 1;
        border-left: thick $accent;
        display: none;
    }
    ChallengeBar.-on {
        display: block;
    }
    """

    def show(
        self, challenge: BreakIt | None, switches: int, result: Result | None, lang: str
    ) -> None:
        self.set_class(challenge is not None, "-on")
        if challenge is None:
            self.update("")
            return
        text = goal_text(challenge, lang)
        text.append("\n")
        text.append_text(progress_text(challenge, switches, result, lang))
        self.update(text)
